"""FETCH requests for header sync, flag changes and bodies, in UID chunks.

imapclient 4.1 takes only explicit UID lists (it rejects range strings such as "1:*").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import imapclient

from app.mail import flags as mail_flags
from app.mail.store import IncomingMessage
from app.sync.imap.lean_fetch import HeaderRecord, fetch_header_records

# Only the headers the list, threads and search need: fewer bytes for imapclient to parse.
HEADER_FIELDS = (
    b"BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE MESSAGE-ID IN-REPLY-TO REFERENCES "
    b"CONTENT-TYPE)]"
)
HEADER_KEY = HEADER_FIELDS.replace(b".PEEK", b"")  # how the server names it in the answer
HEADER_ITEMS = [b"FLAGS", b"RFC822.SIZE", b"INTERNALDATE", HEADER_FIELDS]
LEAN_ITEMS = [b"UID", *HEADER_ITEMS]
CHUNK = 1000
FLAG_CHUNK = 5000


def uid_ranges(uids: Sequence[int], size: int) -> Iterator[list[int]]:
    """Sorted descending chunks: newest mail first so the inbox fills from the top."""
    ordered = sorted(uids, reverse=True)
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def fetch_headers(
    client: imapclient.IMAPClient, uids: Sequence[int], uidvalidity: int
) -> list[IncomingMessage]:
    records = fetch_header_records(client, uids, b"(" + b" ".join(LEAN_ITEMS) + b")")
    if records is None:
        records = _records_via_imapclient(client, uids)
    wanted = set(uids)
    items = [
        IncomingMessage(
            raw=r.header, uid=r.uid, uidvalidity=uidvalidity,
            flags=mail_flags.from_imap(r.flags), complete=False, received=r.received,
            size=r.size,
        )
        for r in records
        if r.uid in wanted  # a range may name UIDs that were not asked for
    ]
    return sorted(items, key=lambda i: -(i.uid or 0))


def _records_via_imapclient(
    client: imapclient.IMAPClient, uids: Sequence[int]
) -> list[HeaderRecord]:
    records = []
    for uid, data in client.fetch(list(uids), HEADER_ITEMS).items():
        header = data.get(HEADER_KEY) or next(
            (v for k, v in data.items() if k.startswith(b"BODY[HEADER")), b""
        )
        received = data.get(b"INTERNALDATE")
        records.append(HeaderRecord(
            uid=uid, flags=tuple(data.get(b"FLAGS", ())), size=data.get(b"RFC822.SIZE", 0),
            received=int(received.timestamp()) if received else None, header=header or b"",
        ))
    return records


def fetch_flags(
    client: imapclient.IMAPClient, uids: Sequence[int], changed_since: int | None = None
) -> dict[int, int]:
    """Current flags of the given UIDs (only those changed since a modseq, with CONDSTORE)."""
    result: dict[int, int] = {}
    modifiers = [f"CHANGEDSINCE {changed_since}"] if changed_since else None
    for chunk in uid_ranges(uids, FLAG_CHUNK):
        response = client.fetch(chunk, [b"FLAGS"], modifiers=modifiers)
        for uid, data in response.items():
            result[uid] = mail_flags.from_imap(data.get(b"FLAGS", ()))
    return result


def fetch_bodies(client: imapclient.IMAPClient, uids: Sequence[int]) -> dict[int, bytes]:
    response = client.fetch(list(uids), [b"BODY.PEEK[]"])
    return {uid: data.get(b"BODY[]", b"") for uid, data in response.items()}
