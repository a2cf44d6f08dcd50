"""What the server lists, keyed so that the same message is always recognised.

RFC 1939 says a UIDL is 1-70 characters in 0x21-0x7E, unique in the maildrop and stable
across sessions. Servers break all three, and a broken UIDL must never make Kizuna download
a message again and again:
- an unusable UIDL (too long, empty, spaces or bytes outside that range) is keyed by its
  SHA-256, which is stable as long as the server repeats itself;
- a UIDL listed for several messages is split by the digest of each message's header block
  (TOP n 0); messages with byte-identical headers count as one message;
- a server without UIDL is keyed by header digests alone.
Digest keys contain a space, which no valid UIDL does, so they never collide with one.
"""

from __future__ import annotations

import hashlib
import poplib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

MAX_UIDL = 70
NO_UIDL = "no-uidl"


@dataclass
class Listed:
    number: int  # message number, valid for this session only
    server_key: str  # the UIDL, or its digest when unusable
    key: str  # the local key (message.pop_uidl): server_key, or server_key + " " + digest
    digest: str = ""  # of the header block, when it was needed to tell messages apart


def usable(uidl: bytes) -> bool:
    return 0 < len(uidl) <= MAX_UIDL and all(0x21 <= b <= 0x7E for b in uidl)


def server_key(uidl: bytes) -> str:
    if usable(uidl):
        return uidl.decode("ascii")
    return "uidl-sha256 " + hashlib.sha256(uidl).hexdigest()


def header_digest(lines: list[bytes]) -> str:
    """SHA-256 of the header block of a message given as lines (RETR or TOP n 0)."""
    digest = hashlib.sha256()
    for line in lines:
        if not line:
            break
        digest.update(line + b"\r\n")
    return digest.hexdigest()


def _fetch_digest(client: poplib.POP3, number: int) -> str:
    try:
        _, lines, _ = client.top(number, 0)
    except poplib.error_proto:  # TOP is optional in RFC 1939
        _, lines, _ = client.retr(number)
    return header_digest(lines)


def uidl_pairs(client: poplib.POP3) -> list[tuple[int, bytes | None]]:
    """(message number, raw UIDL) for every message; UIDL None when the server has none."""
    try:
        _, lines, _ = client.uidl()
    except poplib.error_proto:
        count, _ = client.stat()
        return [(number, None) for number in range(1, count + 1)]
    pairs: list[tuple[int, bytes | None]] = []
    for line in lines:
        number, _, uidl = line.strip(b" ").partition(b" ")
        if not number.isdigit():
            raise poplib.error_proto(b"-ERR unreadable UIDL line: " + line[:80])
        pairs.append((int(number), uidl))
    return pairs


def list_messages(
    client: poplib.POP3,
    known: Callable[[str, str], str | None],
    split_bases: set[str],
) -> list[Listed]:
    """Every message on the server with its local key.

    `known(server_key, digest)` gives the local key a message was stored under;
    `split_bases` are server keys already stored split by digest, so a message listed alone
    under one of them is looked up by digest too.
    """
    pairs = uidl_pairs(client)
    repeats = Counter(uidl for _, uidl in pairs)
    listed = []
    for number, uidl in pairs:
        base = NO_UIDL if uidl is None else server_key(uidl)
        if uidl is not None and repeats[uidl] == 1 and base not in split_bases:
            listed.append(Listed(number, base, base))
            continue
        digest = _fetch_digest(client, number)
        alone = uidl is not None and repeats[uidl] == 1
        key = known(base, digest) or (base if alone else f"{base} {digest}")
        listed.append(Listed(number, base, key, digest))
    return listed
