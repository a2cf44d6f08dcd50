import imaplib
import io

import pytest

from app.sync.imap.lean_fetch import message_set, stream_header_records

HEADER = b"Subject: hi\r\nMessage-ID: <a@x>\r\n\r\n"


class _Wire:
    """A connection replaying a scripted answer, for shapes Dovecot does not produce on
    demand; it records the commands written to it."""

    def __init__(self, answer: bytes) -> None:
        self.stream = io.BytesIO(answer)
        self.sent: list[bytes] = []
        self.tagged_commands: dict[bytes, None] = {}
        self.tagnum = 0

    def _new_tag(self) -> bytes:
        self.tagnum += 1
        tag = b"T%d" % self.tagnum
        self.tagged_commands[tag] = None
        return tag

    def send(self, data: bytes) -> None:
        self.sent.append(data)

    def readline(self) -> bytes:
        return self.stream.readline()

    def read(self, size: int) -> bytes:
        return self.stream.read(size)


def _literal(data: bytes) -> bytes:
    return b"{%d}\r\n" % len(data) + data


def test_message_set_compresses_ranges():
    assert message_set([9, 1, 2, 3, 5, 6]) == "1:3,5:6,9"
    assert message_set([4]) == "4"
    assert message_set([]) == ""


def test_parses_items_before_and_after_the_literal():
    wire = _Wire(
        b'* 1 FETCH (UID 7 FLAGS (\\Seen \\Flagged) RFC822.SIZE 1234 '
        b'INTERNALDATE "23-Nov-2026 18:20:00 +0900" BODY[HEADER.FIELDS (SUBJECT)] '
        + _literal(HEADER) + b")\r\n"
        + b"* 2 FETCH (BODY[HEADER.FIELDS (SUBJECT)] " + _literal(HEADER)
        + b' UID 8 FLAGS () RFC822.SIZE 99 INTERNALDATE " 3-Jan-2025 00:00:00 -0500")\r\n'
        + b"T1 OK Fetch completed.\r\n"
    )
    [(chunk, (first, second))] = list(stream_header_records(wire, [[8, 7]], b"(...)"))
    assert chunk == [8, 7]
    assert wire.sent == [b"T1 UID FETCH 7:8 (...)\r\n"]
    assert not wire.tagged_commands  # imaplib must not wait for these tags
    assert (first.uid, first.flags, first.size) == (7, (b"\\Seen", b"\\Flagged"), 1234)
    assert first.received == 1795425600  # 2026-11-23T09:20:00Z
    assert first.header == HEADER
    assert (second.uid, second.flags, second.size) == (8, (), 99)
    assert second.received == 1735880400  # 2025-01-03T05:00:00Z


def test_unsolicited_responses_are_skipped_and_odd_headers_kept():
    wire = _Wire(
        b"* 3 EXISTS\r\n"
        b"* 1 FETCH (UID 7 FLAGS () RFC822.SIZE 1 BODY[HEADER.FIELDS (SUBJECT)] "
        + _literal(HEADER) + b")\r\n"
        b"* 3 FETCH (FLAGS (\\Seen) UID 9)\r\n"
        b'* 2 FETCH (UID 8 FLAGS () RFC822.SIZE 5 BODY[HEADER.FIELDS (SUBJECT)] "S: \\"q\\"")\r\n'
        b"* 4 FETCH (UID 10 FLAGS () RFC822.SIZE 5 BODY[HEADER.FIELDS (SUBJECT)] NIL)\r\n"
        b"* 2 EXPUNGE\r\n"
        b"T1 OK done\r\n"
    )
    [(_, records)] = list(stream_header_records(wire, [[7, 8, 10]], b"(...)"))
    assert [(r.uid, r.header) for r in records] == [(7, HEADER), (8, b'S: "q"'), (10, b"")]
    assert records[0].received is None


def test_chunks_are_pipelined_and_answered_in_order():
    answers = b"".join(
        b"* %d FETCH (UID %d FLAGS () RFC822.SIZE 3 BODY[HEADER] " % (uid, uid)
        + _literal(HEADER) + b")\r\nT%d OK\r\n" % tag
        for tag, uid in enumerate([9, 5, 2], 1)
    )
    wire = _Wire(answers)
    stream = stream_header_records(wire, [[9], [5], [2]], b"(X)", ahead=2)
    first = next(stream)
    assert len(wire.sent) == 3  # the third command left before the first chunk was handed on
    rest = list(stream)
    assert [(chunk, [r.uid for r in records]) for chunk, records in [first, *rest]] == [
        ([9], [9]), ([5], [5]), ([2], [2])
    ]
    assert [line.split(b" ")[0] for line in wire.sent] == [b"T1", b"T2", b"T3"]


def test_failures_raise_imap_errors():
    with pytest.raises(imaplib.IMAP4.error, match="UID FETCH failed"):
        list(stream_header_records(_Wire(b"T1 NO [SERVERBUG] oops\r\n"), [[1]], b"(X)"))
    with pytest.raises(imaplib.IMAP4.abort):
        list(stream_header_records(_Wire(b"* BYE shutting down\r\n"), [[1]], b"(X)"))
    with pytest.raises(imaplib.IMAP4.abort, match="closed"):
        list(stream_header_records(_Wire(b"* 1 FETCH (UID 1"), [[1]], b"(X)"))


def test_interleaved_answers_of_pipelined_commands_go_to_the_command_that_asked():
    # Dovecot runs pipelined FETCHes side by side: records of T2 come before T1 is done.
    def record(uid: int) -> bytes:
        return b"* %d FETCH (UID %d FLAGS () RFC822.SIZE 3 BODY[HEADER] " % (uid, uid) + (
            _literal(HEADER) + b")\r\n"
        )

    wire = _Wire(record(9) + record(5) + record(4) + b"T2 OK\r\n" + record(8) + b"T1 OK\r\n")
    result = [(chunk, sorted(r.uid for r in records))
              for chunk, records in stream_header_records(wire, [[9, 8], [5, 4]], b"(X)")]
    assert result == [([9, 8], [8, 9]), ([5, 4], [4, 5])]
