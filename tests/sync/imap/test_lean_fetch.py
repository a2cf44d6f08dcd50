from types import SimpleNamespace

from app.sync.imap.lean_fetch import fetch_header_records, message_set

HEADER = b"Subject: hi\r\nMessage-ID: <a@x>\r\n\r\n"


def _client(typ: str, data: list) -> SimpleNamespace:
    """imaplib's answer as it arrives, for shapes Dovecot does not produce on demand."""
    return SimpleNamespace(_imap=SimpleNamespace(uid=lambda *args: (typ, data)))


def test_message_set_compresses_ranges():
    assert message_set([9, 1, 2, 3, 5, 6]) == "1:3,5:6,9"
    assert message_set([4]) == "4"
    assert message_set([]) == ""


def test_parses_items_before_and_after_the_literal():
    data = [
        (b'1 (UID 7 FLAGS (\\Seen \\Flagged) RFC822.SIZE 1234 '
         b'INTERNALDATE "23-Nov-2026 18:20:00 +0900" BODY[HEADER.FIELDS (SUBJECT)] {35}', HEADER),
        b")",
        (b"2 (BODY[HEADER.FIELDS (SUBJECT)] {35}", HEADER),
        b' UID 8 FLAGS () RFC822.SIZE 99 INTERNALDATE " 3-Jan-2025 00:00:00 -0500")',
    ]
    first, second = fetch_header_records(_client("OK", data), [7, 8], b"(...)")
    assert (first.uid, first.flags, first.size) == (7, (b"\\Seen", b"\\Flagged"), 1234)
    assert first.received == 1795425600  # 2026-11-23T09:20:00Z
    assert first.header == HEADER
    assert (second.uid, second.flags, second.size) == (8, (), 99)
    assert second.received == 1735880400  # 2025-01-03T05:00:00Z


def test_unexpected_shapes_ask_for_the_fallback():
    unsolicited = [
        (b'1 (UID 7 FLAGS () RFC822.SIZE 1 BODY[HEADER.FIELDS (SUBJECT)] {35}', HEADER),
        b"3 (FLAGS (\\Seen))",
    ]
    assert fetch_header_records(_client("OK", unsolicited), [7], b"") is None
    missing_uid = [(b"1 (FLAGS () RFC822.SIZE 1 BODY[HEADER.FIELDS (SUBJECT)] {35}", HEADER)]
    assert fetch_header_records(_client("OK", missing_uid), [7], b"") is None
    assert fetch_header_records(_client("NO", []), [7], b"") is None
