"""A fast path for the one FETCH shape the header sync asks for.

imapclient's general response parser is pure Python and was the largest single cost of an
initial sync (about 6 of 39 s at 50k messages). The header sync always asks for the same
items, so the answer is read straight from imaplib's tuples with a few regular expressions.
Anything unexpected (a missing item, an unsolicited response in between) returns None and
the caller falls back to imapclient, so correctness never depends on this shortcut.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass

import imapclient

_UID = re.compile(rb"\bUID (\d+)")
_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)")
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")
_DATE = re.compile(
    rb'\bINTERNALDATE "\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)"'
)
_MONTHS = {m.encode(): i for i, m in enumerate(calendar.month_abbr) if m}
_UNSOLICITED = re.compile(rb"^\d+ \((?!.*\bUID \d)")


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


def _record(prefix: bytes, header: bytes, suffix: bytes) -> HeaderRecord | None:
    text = prefix + b" " + suffix
    uid, flags, size = _UID.search(text), _FLAGS.search(text), _SIZE.search(text)
    if uid is None or flags is None or size is None:
        return None
    return HeaderRecord(
        uid=int(uid.group(1)),
        flags=tuple(flags.group(1).split()),
        size=int(size.group(1)),
        received=_internaldate(text),
        header=header,
    )


def fetch_header_records(
    client: imapclient.IMAPClient, uids: Sequence[int], items: bytes
) -> list[HeaderRecord] | None:
    """The records for `uids`, or None when the answer is not in the expected shape."""
    # imapclient keeps the imaplib connection it wraps; the command goes through it directly.
    typ, data = client._imap.uid("FETCH", message_set(uids), items)
    if typ != "OK":
        return None
    records: list[HeaderRecord] = []
    index = 0
    while index < len(data):
        element = data[index]
        if not isinstance(element, tuple) or len(element) != 2:
            return None
        prefix, header = element
        suffix = b""
        if index + 1 < len(data) and isinstance(data[index + 1], bytes):
            suffix = data[index + 1]
            if _UNSOLICITED.match(suffix):
                return None
            index += 1
        record = _record(prefix, header, suffix)
        if record is None:
            return None
        records.append(record)
        index += 1
    return records
