"""FETCH requests for header sync, flag changes and bodies, in UID chunks.

imapclient 4.1 takes only explicit UID lists (it rejects range strings such as "1:*").
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import imapclient

from app.mail import flags as mail_flags
from app.mail.store import IncomingMessage
from app.sync.imap.fetch_worker import HeaderWorker, WorkerFailed
from app.sync.imap.lean_fetch import HEADER_ITEMS, stream_header_records

CHUNK = 1000
FLAG_CHUNK = 5000
# Fewer new messages than this are fetched in-process: the child costs a start and a login.
WORKER_MIN = 1500


def uid_ranges(uids: Sequence[int], size: int) -> Iterator[list[int]]:
    """Sorted descending chunks: newest mail first so the inbox fills from the top."""
    ordered = sorted(uids, reverse=True)
    for start in range(0, len(ordered), size):
        yield ordered[start:start + size]


def header_chunks(
    client: imapclient.IMAPClient,
    uids: Sequence[int],
    uidvalidity: int,
    folder: str,
    worker: HeaderWorker | None = None,
) -> Iterator[list[IncomingMessage]]:
    """New messages chunk by chunk, newest chunk first, each newest first.

    Large batches are fetched and parsed by a child process (app.sync.imap.fetch_worker)
    while this process stores; the newest chunk is fetched here while the child starts.
    If the child fails, the rest is fetched here.
    """
    chunks = list(uid_ranges(uids, CHUNK))
    if worker is not None and len(uids) >= WORKER_MIN:
        first, rest = chunks[:1], chunks[1:]
        try:
            incoming = worker.chunks(folder, uidvalidity, rest)
        except WorkerFailed:
            incoming = iter(())
        yield from _fetch_here(client, first, uidvalidity)
        delivered = 0
        with contextlib.suppress(WorkerFailed):
            for items in incoming:
                delivered += 1
                yield items
        chunks = rest[delivered:]
    yield from _fetch_here(client, chunks, uidvalidity)


def _fetch_here(
    client: imapclient.IMAPClient, chunks: Sequence[Sequence[int]], uidvalidity: int
) -> Iterator[list[IncomingMessage]]:
    for chunk, records in stream_header_records(client._imap, chunks, HEADER_ITEMS):
        wanted = set(chunk)
        yield sorted(
            (
                IncomingMessage(
                    raw=r.header, uid=r.uid, uidvalidity=uidvalidity,
                    flags=mail_flags.from_imap(r.flags), complete=False, received=r.received,
                    size=r.size,
                )
                for r in records
                if r.uid in wanted  # a range may name UIDs that were not asked for
            ),
            key=lambda i: -(i.uid or 0),
        )


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
