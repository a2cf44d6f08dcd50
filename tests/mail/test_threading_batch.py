"""Threads assigned a chunk at a time equal threads assigned one message at a time."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.base import database_proxy
from app.models.db import open_memory_database
from tests.mailfactory import make_message

DAY = 86400


def _snapshot(raws: list[bytes], batch: int) -> tuple:
    """Store `raws` in batches of `batch` into a fresh store; every thread fact after it."""
    database = open_memory_database()
    try:
        folder = ensure_folder(ensure_account("Test", "ken@example.jp"), "INBOX", "inbox")
        for start in range(0, len(raws), batch):
            store_messages(folder, [IncomingMessage(raw) for raw in raws[start:start + batch]])
        sql = database_proxy.execute_sql
        return (
            sql("SELECT id, thread_id FROM message ORDER BY id").fetchall(),
            sql("SELECT id, subject, last_date, message_count FROM thread ORDER BY id").fetchall(),
            sql("SELECT message_id, thread_id FROM thread_ref ORDER BY message_id").fetchall(),
        )
    finally:
        database.close()


def _same_in_every_batch_size(raws: list[bytes]) -> None:
    one_by_one = _snapshot(raws, 1)
    for batch in (2, 3, len(raws)):
        assert _snapshot(raws, batch) == one_by_one, f"batch of {batch} differs"


def _mail(subject: str, mid: str | None, refs=(), reply_to=None, day: int = 0) -> bytes:
    return make_message(subject, "x", message_id=mid, references=list(refs),
                        in_reply_to=reply_to, date=1_700_000_000 + day * DAY)


def test_tricky_threads_are_the_same_chunked_or_one_by_one():
    raws = [
        _mail("Re: Plan", "r1@x", reply_to="p@x", day=1),  # reply before its parent
        _mail("Plan", "p@x", day=0),
        _mail("Deal", "d1@x", day=2),
        _mail("Re: Deal", "d3@x", refs=["d1@x", "d2@x"], day=4),  # d2 never arrives
        _mail("Re: Deal", "d4@x", reply_to="d2@x", day=5),
        _mail("Loop", "x@x", refs=["y@x"], day=6),  # a reference cycle
        _mail("Re: Loop", "y@x", refs=["x@x"], day=7),
        _mail("Meeting", "m1@x", day=8),  # same subject, unrelated: apart
        _mail("Meeting", "m2@x", day=9),
        _mail("Re: Meeting", "m3@x", day=10),  # reply by subject only
        _mail("RE: meeting", None, day=11),  # no Message-ID at all
        _mail("A", "a@x", day=12),
        _mail("Re: A", "b@x", reply_to="gap@x", day=13),
        _mail("Re: A", "c@x", refs=["a@x", "gap@x"], day=14),  # bridges two threads
        _mail("Plan", "p@x", day=15),  # the same mail again (another copy)
        _mail("Re: Old", "o2@x", day=200),  # subject match outside the window: new thread
        _mail("Old", "o1@x", day=20),
        _mail("Re: Old", "o3@x", day=21),
    ]
    _same_in_every_batch_size(raws)
    messages, threads, _ = _snapshot(raws, len(raws))
    thread_of = dict(messages)
    assert thread_of[1] == thread_of[2]  # the early reply found its parent
    assert thread_of[3] == thread_of[4] == thread_of[5]
    assert thread_of[6] == thread_of[7]
    assert thread_of[8] != thread_of[9]
    assert thread_of[12] == thread_of[13] == thread_of[14]
    assert sum(count for *_, count in threads) == len(raws)


_IDS = [f"{n}@x" for n in range(8)]


@st.composite
def _mailbox(draw) -> list[bytes]:
    raws = []
    for day in range(draw(st.integers(1, 12))):
        mid = draw(st.sampled_from([*_IDS, None]))
        refs = draw(st.lists(st.sampled_from(_IDS), max_size=3))
        subject = draw(st.sampled_from(["Plan", "Re: Plan", "Deal", "Re: Deal", "Fwd: Deal"]))
        raws.append(_mail(subject, mid, refs=refs, day=draw(st.integers(0, 90)) + day))
    return raws


@settings(max_examples=40, deadline=None)
@given(_mailbox())
def test_random_reference_graphs_thread_the_same_chunked(raws):
    _same_in_every_batch_size(raws)
