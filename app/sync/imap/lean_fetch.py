"""A fast reader for the one FETCH shape the header sync asks for.

imapclient's response parser, and then imaplib's line machinery under it (a regex match,
a dict append and a debug check per line), were the largest costs of an initial sync after
the header parse. The header sync always asks for the same items, so the commands are
written here and the answers read straight off the connection's buffered file with the
same line and literal caps as the rest of the client, a few regular expressions picking
out the items. Chunks are pipelined: the next FETCH is on the wire while the current
answer is read and stored, so the server never waits for us between chunks.

Untagged responses that are not a full record (an unsolicited FLAGS update, EXISTS,
EXPUNGE) are skipped: a UID with no record is simply not stored, and the next sync finds
it again.
"""

from __future__ import annotations

import calendar
import imaplib
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

# Only the headers the list, threads and search need, and the envelope items beside them.
HEADER_ITEMS = (
    b"(UID FLAGS RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (FROM TO CC SUBJECT DATE "
    b"MESSAGE-ID IN-REPLY-TO REFERENCES CONTENT-TYPE)])"
)
_UID = re.compile(rb"\bUID (\d+)")
_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_DATE = re.compile(
    rb'\bINTERNALDATE "\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"'
)
# A header section sent as a quoted string instead of a literal (allowed, rare).
_QUOTED_HEADER = re.compile(rb'\bBODY\[[^\]]*\](?:<\d+>)? "((?:[^"\\]|\\.)*)"')
_QUOTED_PAIR = re.compile(rb"\\(.)")
_LITERAL_TAIL = re.compile(rb"\{(\d+)\}\r?\n$")
_MONTHS = {m.encode(): i for i, m in enumerate(calendar.month_abbr) if m}


@dataclass(frozen=True)
class HeaderRecord:
    uid: int
    flags: tuple[bytes, ...]
    size: int
    received: int | None
    header: bytes


def message_set(uids: Sequence[int]) -> str:
    """Sorted UIDs as IMAP ranges ("1:5,9"): a short command line for a chunk of 1000."""
    ordered = sorted(set(uids))
    parts: list[str] = []
    start = prev = ordered[0] if ordered else 0
    for uid in ordered[1:]:
        if uid != prev + 1:
            parts.append(f"{start}:{prev}" if start != prev else str(start))
            start = uid
        prev = uid
    if ordered:
        parts.append(f"{start}:{prev}" if start != prev else str(start))
    return ",".join(parts)


def _internaldate(text: bytes) -> int | None:
    match = _DATE.search(text)
    if match is None:
        return None
    day, month, year, hh, mm, ss, sign, oh, om = match.groups()
    if month.title() not in _MONTHS:
        return None
    stamp = calendar.timegm(
        (int(year), _MONTHS[month.title()], int(day), int(hh), int(mm), int(ss), 0, 0, 0)
    )
    offset = int(oh) * 3600 + int(om) * 60
    return stamp - offset if sign == b"+" else stamp + offset


def record_from(text: bytes, literals: list[bytes]) -> HeaderRecord | None:
    """The record in one untagged response (its text with literals cut out), if it is one."""
    uid, flags, size = _UID.search(text), _FLAGS.search(text), _SIZE.search(text)
    if uid is None or flags is None or size is None or not text.startswith(b"* "):
        return None
    if literals:
        header = literals[0]
    elif quoted := _QUOTED_HEADER.search(text):
        header = _QUOTED_PAIR.sub(rb"\1", quoted.group(1))
    else:
        header = b""  # NIL: listed as unreadable rather than fetched again forever
    return HeaderRecord(
        uid=int(uid.group(1)),
        flags=tuple(flags.group(1).split()),
        size=int(size.group(1)),
        received=_internaldate(text),
        header=header,
    )


def _line(imap: imaplib.IMAP4) -> bytes:
    line = imap.readline()  # the connection's bounded reader (app.sync.imap.connect)
    if not line:
        raise imaplib.IMAP4.abort("the server closed the connection during FETCH")
    return line


def _read_response(imap: imaplib.IMAP4, line: bytes) -> tuple[bytes, list[bytes]]:
    """One response starting with `line`: its text (literal markers kept) and literals."""
    texts, literals = [line], []
    while line.endswith(b"}\r\n") and (match := _LITERAL_TAIL.search(line, max(0, len(line) - 24))):
        literals.append(imap.read(int(match.group(1))))  # capped like every literal
        line = _line(imap)
        texts.append(line)
    return b" ".join(texts), literals


class _Pipeline:
    """FETCH commands in flight. Dovecot runs pipelined FETCHes side by side, so answers
    interleave: a record belongs to the command that asked for its UID, and a command is
    done at its tagged line, before which the server has sent all of its records."""

    def __init__(self, imap: imaplib.IMAP4, items: bytes) -> None:
        self.imap = imap
        self.items = items
        self.owner: dict[int, bytes] = {}  # UID -> tag of the command that asked for it
        self.found: dict[bytes, list[HeaderRecord]] = {}
        self.done: set[bytes] = set()

    def send(self, chunk: Sequence[int]) -> bytes:
        tag = self.imap._new_tag()
        self.imap.tagged_commands.pop(tag, None)  # answered here, never through imaplib
        self.found[tag] = []
        self.owner.update(dict.fromkeys(chunk, tag))
        command = b"%s UID FETCH %s %s\r\n" % (tag, message_set(chunk).encode(), self.items)
        self.imap.send(command)
        return tag

    def collect(self, tag: bytes, chunk: Sequence[int]) -> list[HeaderRecord]:
        while tag not in self.done:
            self._read_one()
        for uid in chunk:
            self.owner.pop(uid, None)
        self.done.discard(tag)
        return self.found.pop(tag)

    def _read_one(self) -> None:
        line = _line(self.imap)
        if not line.startswith(b"* ") and not line.startswith(b"+"):
            tag, _, rest = line.partition(b" ")
            if tag not in self.found:
                raise imaplib.IMAP4.abort(f"unexpected answer: {line[:200]!r}")
            status = rest.split(None, 1)
            if not status or status[0].upper() != b"OK":
                raise imaplib.IMAP4.error(f"UID FETCH failed: {line.decode(errors='replace')}")
            self.done.add(tag)
            return
        text, literals = _read_response(self.imap, line)
        if text.startswith(b"* BYE"):
            raise imaplib.IMAP4.abort(text.decode(errors="replace").strip())
        record = record_from(text, literals)
        if record is not None and (owner := self.owner.get(record.uid)) is not None:
            self.found[owner].append(record)


def stream_header_records(
    imap: imaplib.IMAP4, chunks: Iterable[Sequence[int]], items: bytes, ahead: int = 2
) -> Iterator[tuple[Sequence[int], list[HeaderRecord]]]:
    """(chunk, its records) in the order of `chunks`, with `ahead` FETCHes in flight.

    Stopping early leaves answers unread on the connection: the caller then drops it.
    """
    pipeline = _Pipeline(imap, items)
    pending: deque[tuple[bytes, Sequence[int]]] = deque()
    queue = iter(chunks)
    for chunk in queue:
        pending.append((pipeline.send(chunk), chunk))
        if len(pending) >= ahead:
            break
    while pending:
        tag, chunk = pending.popleft()
        records = pipeline.collect(tag, chunk)
        following = next(queue, None)
        if following is not None:
            pending.append((pipeline.send(following), following))
        yield chunk, records
