import gc

import pytest

from app.models.base import database_proxy
from app.sync.imap.mailbox_sync import (
    BULK_CHECKPOINT_PAGES,
    _no_cycle_collection,
    _rare_checkpoints,
    _store_batches,
)


def _autocheckpoint() -> int:
    return database_proxy.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0]


def test_bulk_settings_hold_only_while_headers_stream_in(db):
    before = _autocheckpoint()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _no_cycle_collection(), _rare_checkpoints():
        assert _autocheckpoint() == BULK_CHECKPOINT_PAGES
        assert not gc.isenabled()
        raise RuntimeError("a failed chunk")
    assert _autocheckpoint() == before
    assert gc.isenabled()


def test_collection_left_off_if_it_was_off():
    gc.disable()
    try:
        with _no_cycle_collection():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_store_batches_start_small_and_grow_to_the_cap():
    chunks = [[object()] * 1000 for _ in range(9)]
    assert [len(b) for b in _store_batches(chunks)] == [1000, 2000, 2000, 2000, 2000]
    assert [len(b) for b in _store_batches([[1] * 300, [2] * 300])] == [600]
