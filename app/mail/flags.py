"""Message flags as a bit set in the store, and their names in the CLI and IMAP."""

from __future__ import annotations

SEEN = 1
FLAGGED = 2
ANSWERED = 4
DRAFT = 8
DELETED = 16

_NAMES = {
    SEEN: "seen",
    FLAGGED: "flagged",
    ANSWERED: "answered",
    DRAFT: "draft",
    DELETED: "deleted",
}
_IMAP = {
    SEEN: b"\\Seen",
    FLAGGED: b"\\Flagged",
    ANSWERED: b"\\Answered",
    DRAFT: b"\\Draft",
    DELETED: b"\\Deleted",
}
_FROM_IMAP = {value.lower(): bit for bit, value in _IMAP.items()}


def names(bits: int) -> list[str]:
    return [name for bit, name in _NAMES.items() if bits & bit]


def from_names(values: list[str]) -> int:
    lookup = {name: bit for bit, name in _NAMES.items()}
    return sum(lookup[v] for v in set(values))


def from_imap(values: tuple[bytes | str, ...] | list[bytes | str]) -> int:
    bits = 0
    for value in values:
        raw = value.encode() if isinstance(value, str) else value
        bits |= _FROM_IMAP.get(raw.lower(), 0)
    return bits


def to_imap(bits: int) -> list[bytes]:
    return [name for bit, name in _IMAP.items() if bits & bit]
