"""Caps on what one message may cost, and the time budgets: a message past them is still
listed and viewable raw, and a render that runs too long is stopped for good."""

from __future__ import annotations

import base64
import os
import sys
import time

import pytest

from app.mail import limits, parse
from app.mail.limits import (
    MAX_DECODED_TEXT,
    MAX_HEADER_BYTES,
    Deadline,
    ParseTimeout,
    ParseWorker,
    WorkerFailed,
)
from app.mail.parse import FULL_TEXT_BYTES, parse_full, parse_metadata
from app.mail.store import (
    UNREADABLE_SUBJECT,
    IncomingMessage,
    ensure_account,
    ensure_folder,
    store_messages,
)
from app.services import mailbox
from tests.mail.builders import CRLF, entity, message, multipart


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_deadline_counts_down_on_its_clock() -> None:
    clock = FakeClock()
    deadline = Deadline(2.0, clock)
    deadline.check()
    clock.now += 2.0
    deadline.check()
    clock.now += 0.1
    with pytest.raises(ParseTimeout, match="longer than 2 s"):
        deadline.check()


def test_parser_checks_the_deadline_while_splitting_parts() -> None:
    """A body of near-delimiters is the parser's longest loop; it stops at the deadline."""
    clock = FakeClock()
    deadline = Deadline(1.0, clock)
    checks = 0

    def tick() -> float:
        nonlocal checks
        checks += 1
        return clock.now + (5.0 if checks > 50 else 0.0)

    deadline.clock = tick
    junk = CRLF.join([b"--b"] * 20_000)
    raw = message(entity('multipart/mixed; boundary="b"', junk))
    with pytest.raises(ParseTimeout):
        parse_metadata(raw, deadline=deadline)
    assert checks > 50


def test_header_block_is_read_only_to_its_cap() -> None:
    junk = tuple(f"X-Junk-{i}: {'j' * 70}" for i in range(MAX_HEADER_BYTES // 80 + 10))
    raw = message(None, *junk, "Subject: beyond the cap")
    meta = parse_metadata(raw)
    assert meta.subject == ""  # the only Subject lies past the cap
    assert meta.from_addr == "taro@example.jp"


def test_header_without_end_and_without_fields_in_reach_is_unreadable() -> None:
    raw = b"X" * (MAX_HEADER_BYTES + 10) + b": value\r\n\r\nbody"
    with pytest.raises(parse.ParseError):
        parse_metadata(raw)


def test_huge_text_part_is_decoded_only_to_the_cap() -> None:
    text = ("あいうえお" * 400 + "\n") * 2500  # 15 MB of UTF-8
    part = entity("text/plain; charset=utf-8", text, encoding="base64")
    parsed = parse_full(message(part))
    assert 0 < len(parsed.text.encode("utf-8")) <= FULL_TEXT_BYTES


def test_total_decoded_text_is_capped_across_parts() -> None:
    chunk = "x" * (FULL_TEXT_BYTES - 10)
    parts = [entity("text/plain", chunk) for _ in range(4)]
    parsed = parse_full(message(multipart("mixed", *parts)))
    assert len(parsed.text) <= MAX_DECODED_TEXT + 200


def _store(db, raw: bytes) -> int:
    folder = ensure_folder(ensure_account("Work", "ken@example.jp"), "INBOX", "inbox")
    [message_id] = store_messages(folder, [IncomingMessage(raw)])
    return message_id


def test_message_past_its_parse_budget_is_listed_and_viewable_raw(db, monkeypatch) -> None:
    raw = message(entity("text/plain", "slow to parse"))
    monkeypatch.setattr(parse, "METADATA_SECONDS", -1.0)  # every budget already spent
    message_id = _store(db, raw)
    [listed] = mailbox.list_messages("inbox")
    assert listed.id == message_id and listed.subject == UNREADABLE_SUBJECT
    assert "ParseTimeout" in mailbox.show_message(message_id).parse_error
    assert mailbox.raw_source(message_id) == raw


@pytest.fixture
def worker():
    worker = ParseWorker()
    yield worker
    worker.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_worker_answers_and_is_reused(worker: ParseWorker) -> None:
    assert worker.call(len, b"abc", timeout=60) == 3
    pid = worker.pid
    assert worker.call(parse_metadata, message(), timeout=60).subject == "Hello"
    assert worker.pid == pid


def test_worker_past_its_budget_is_killed_and_replaced(worker: ParseWorker) -> None:
    worker.call(len, b"", timeout=60)
    stuck = worker.pid
    with pytest.raises(ParseTimeout):
        worker.call(time.sleep, 3600, timeout=0.5)
    assert worker.pid is None and not _alive(stuck)
    assert worker.call(len, b"ab", timeout=60) == 2
    assert worker.pid != stuck


def test_worker_errors_and_crashes_are_reported(worker: ParseWorker) -> None:
    with pytest.raises(WorkerFailed, match="ValueError"):
        worker.call(int, "not a number", timeout=60)
    with pytest.raises(WorkerFailed, match="stopped"):
        worker.call(os._exit, 3, timeout=60)
    assert worker.call(len, b"still here", timeout=60) == 10


def test_worker_memory_is_bounded(worker: ParseWorker) -> None:
    with pytest.raises(WorkerFailed, match="MemoryError"):
        worker.call(bytearray, limits.WORKER_MEMORY + 1, timeout=60)


def test_render_too_slow_to_finish_is_stopped_and_still_viewable_raw(db, monkeypatch) -> None:
    # html2text needs tens of seconds for two million '<'; the budget here is a second.
    raw = message(entity("text/html", "<" * 2_000_000))
    message_id = _store(db, raw)
    monkeypatch.setattr(mailbox, "RENDER_SECONDS", 1.0)
    detail = mailbox.show_message(message_id)
    assert "longer than 1 s" in detail.parse_error
    assert detail.text == "" and detail.html is None
    assert [m.id for m in mailbox.list_messages("inbox")] == [message_id]
    assert mailbox.raw_source(message_id) == raw
    monkeypatch.setattr(mailbox, "RENDER_SECONDS", 60.0)
    other = _store(db, message(entity("text/plain", "next one reads fine")))
    assert "next one reads fine" in mailbox.show_message(other).text


def test_base64_text_with_garbage_is_still_bounded() -> None:
    payload = base64.b64encode(b"z" * (3 * FULL_TEXT_BYTES)) + b"!!!@@@" * 1000
    raw = message(entity("text/plain", payload, headers=("Content-Transfer-Encoding: base64",)))
    assert len(parse_full(raw).text) <= FULL_TEXT_BYTES


def test_worker_that_cannot_start_renders_in_process(monkeypatch) -> None:
    """A host whose main module a fresh interpreter cannot load (code fed on stdin)."""
    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__spec__", None, raising=False)
    monkeypatch.setattr(main, "__file__", "<stdin>", raising=False)
    worker = ParseWorker()
    try:
        assert worker.call(len, b"ab", timeout=60) == 2
        assert worker.in_process and worker.pid is None
        with pytest.raises(WorkerFailed, match="ValueError"):
            worker.call(int, "x", timeout=60)
    finally:
        worker.close()
