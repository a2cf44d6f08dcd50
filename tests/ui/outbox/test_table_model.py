"""What each outbox state reads like in the table."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from app.services.outbox import OutboxEntry
from app.ui.outbox.entries import clock
from app.ui.outbox.table_model import COL_ATTEMPTS, COL_STATE, COL_SUBJECT, COL_TO, OutboxModel

BASE = OutboxEntry(id=1, account="Work", message_id="m@x", subject="見積の件",
                   recipients=["sato@example.com", "boss@example.jp"], state="queued",
                   send_after="2026-11-23T05:06:07Z", attempts=0, last_error="",
                   created_at="2026-11-23T05:06:00Z")


def shown(qapp, sending: frozenset[int] = frozenset(), **changes) -> str:
    model = OutboxModel()
    model.set_entries([dataclasses.replace(BASE, **changes)], set(sending))
    return model.index(0, COL_STATE).data()


def test_each_state_in_plain_words(qapp):
    at = clock(BASE.send_after)
    assert shown(qapp) == f"Queued, sends at {at}"
    assert shown(qapp, sending={1}) == "Sending…"
    assert shown(qapp, state="sending") == "Sending…"
    assert shown(qapp, attempts=2, last_error="Cannot reach smtp:465") == (
        f"Waiting: Cannot reach smtp:465 — next try at {at}")
    assert shown(qapp, state="sent") == "Sent; saving a copy in Sent…"
    assert shown(qapp, state="sent", last_error="Sent folder not writable") == (
        "Sent; the copy to the Sent folder waits: Sent folder not writable")
    assert shown(qapp, state="copied") == "Sent"
    assert shown(qapp, state="failed", last_error="refused") == "Failed: refused"


def test_columns(qapp):
    model = OutboxModel()
    model.set_entries([dataclasses.replace(BASE, subject="", state="failed", attempts=3)], set())
    assert model.index(0, COL_TO).data() == "sato@example.com, boss@example.jp"
    assert model.index(0, COL_SUBJECT).data() == "(no subject)"
    assert model.index(0, COL_ATTEMPTS).data() == "3"
    assert model.index(0, COL_STATE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, COL_STATE).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.row_of(1) == 0 and model.row_of(2) is None
