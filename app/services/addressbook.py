"""Address completion for the To/Cc/Bcc fields: people the user has mail with and the
CRM's leads and contacts, best first.

Ranking: addresses the user wrote to count most, then senders, then people only seen in
Cc/To of others' mail; recent correspondence beats old, and CRM people get a lift. A
match is the start of the address, of a word of it (t.yamada@), of its domain, of the
name or of any word of it (furigana too); Japanese names also match anywhere inside
("太郎" finds 山田 太郎).

Every keystroke must answer in a few milliseconds at 100k messages, so the counts are
aggregated once into memory (SQLite does the JSON work), then only mail stored since is
added; a sorted token list answers prefixes by bisection.
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
import time
import unicodedata
from dataclasses import dataclass

from app.crm.records import person_name
from app.models.base import database_proxy

SENT_WEIGHT = 4.0
RECEIVED_WEIGHT = 1.0
SEEN_WEIGHT = 0.3
CRM_BONUS = 3.0
HALF_LIFE_DAYS = 90.0  # a correspondent of three months ago counts half as much
MANY_MATCHES = 400  # past this many keys, scanning the ranking finds the best sooner
_WORD = re.compile(r"[\s,.\"'()<>@・_-]+")
_LOCAL_WORD = re.compile(r"[._+-]+")
_NEEDS_QUOTES = re.compile(r"[,;:<>@\"()\[\]\\]")


@dataclass
class AddressSuggestion:
    name: str
    addr: str
    text: str  # what goes into the field: "Name <addr>", the name quoted when it must be
    kind: str  # mail | lead | contact


class _Entry:
    __slots__ = ("addr", "kana", "kind", "last", "name", "name_date", "received", "score",
                 "seen", "sent")

    def __init__(self, addr: str) -> None:
        self.addr = addr
        self.name = ""
        self.name_date = -1
        self.sent = self.received = self.seen = 0
        self.last = 0
        self.kind = "mail"
        self.kana = ""
        self.score = 0.0

    def named(self, name: str, date: int) -> None:
        if name and date >= self.name_date and name.strip().lower() != self.addr:
            self.name, self.name_date = " ".join(name.split()), date


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def field_text(name: str, addr: str) -> str:
    if not name:
        return addr
    if _NEEDS_QUOTES.search(name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{addr}>"


# Per-address counts over a range of message ids: the user's sent mail gives "sent", the
# From of other mail "received", and the To/Cc of other mail "seen". {own} and {column}
# are placeholders and a column name, never values.
_RECEIVED = """
SELECT lower(from_addr), from_name, COUNT(*), MAX(date) FROM message
WHERE id > ? AND id <= ? AND from_addr != '' AND lower(from_addr) NOT IN ({own})
GROUP BY lower(from_addr)"""
_RECIPIENTS = """
SELECT lower(json_extract(j.value, '$[1]')), json_extract(j.value, '$[0]'), COUNT(*),
       MAX(m.date)
FROM message m, json_each(m.{column}) j
WHERE m.id > ? AND m.id <= ? AND lower(m.from_addr) %s ({own})
GROUP BY 1"""
_SENT_TO = _RECIPIENTS % "IN"
_SEEN_IN = _RECIPIENTS % "NOT IN"
_PEOPLE = {
    kind: "SELECT lower(email), last_name, first_name, last_name_kana, first_name_kana "
          f"FROM {kind} WHERE email != ''"
    for kind in ("lead", "contact")
}


def _score(entry: _Entry, now: float) -> float:
    age_days = max(0.0, (now - entry.last) / 86400) if entry.last else 3650.0
    weight = (SENT_WEIGHT * entry.sent + RECEIVED_WEIGHT * entry.received
              + SEEN_WEIGHT * entry.seen + (CRM_BONUS if entry.kind != "mail" else 0))
    score = weight * 0.5 ** (age_days / HALF_LIFE_DAYS)
    return score + (CRM_BONUS * 0.01 if entry.kind != "mail" else 0)  # CRM without mail


def _keys(entry: _Entry) -> tuple[set[str], list[str]]:
    """Prefix keys, and the haystacks for substring search in non-ASCII names."""
    local, _at, domain = entry.addr.partition("@")
    keys = {entry.addr, domain, *_LOCAL_WORD.split(local)}  # "yamada" finds t.yamada@
    wide = []
    for text in (entry.name, entry.kana):
        folded = _fold(text)
        if folded:
            keys.add(folded)
            keys.update(w for w in _WORD.split(folded) if w)
            if not folded.isascii():
                wide.append(folded + "\0" + folded.replace(" ", ""))
    keys.discard("")
    return keys, wide


class _Book:
    def __init__(self, database: object, own: tuple[str, ...]) -> None:
        self.database = database
        self.own = own
        self.entries: dict[str, _Entry] = {}
        self.last_id = 0
        self.crm_key: tuple = ()
        self.crm_addrs: set[str] = set()
        self.tokens: list[tuple[str, str]] = []  # (folded key, addr), sorted
        self.wide: dict[str, list[str]] = {}  # addr -> its folded non-ASCII names
        self.ranked: list[str] = []  # best first, for prefixes that match very many
        self.indexed: dict[str, set[str]] = {}  # addr -> its keys already in tokens
        self.changed: set[str] = set()
        self.full = True  # everything to index again (first build, CRM changes)

    def _entry(self, addr: str) -> _Entry:
        entry = self.entries.get(addr)
        if entry is None:
            entry = self.entries[addr] = _Entry(addr)
        self.changed.add(addr)
        return entry

    def add_mail(self, up_to: int) -> None:
        marks = ",".join("?" * len(self.own)) or "''"
        params = (self.last_id, up_to, *self.own)
        received = database_proxy.execute_sql(_RECEIVED.format(own=marks), params)
        for addr, name, count, last in received:
            entry = self._entry(addr)
            entry.received += count
            entry.last = max(entry.last, last or 0)
            entry.named(name, last or 0)
        for column in ("to_addrs", "cc_addrs"):
            sent = database_proxy.execute_sql(_SENT_TO.format(column=column, own=marks),
                                              params) if self.own else []
            for addr, name, count, last in sent:
                if addr:
                    entry = self._entry(addr)
                    entry.sent += count
                    entry.last = max(entry.last, last or 0)
                    entry.named(name or "", last or 0)
            seen = database_proxy.execute_sql(_SEEN_IN.format(column=column, own=marks), params)
            for addr, name, count, last in seen:
                if addr:
                    entry = self._entry(addr)
                    entry.seen += count
                    entry.last = max(entry.last, last or 0)
                    entry.named(name or "", -1)  # a sender's own name is better
        self.last_id = up_to

    def add_crm(self, key: tuple) -> None:
        for addr in self.crm_addrs:  # a record may have changed address or been removed
            entry = self.entries.get(addr)
            if entry is not None:
                entry.kind, entry.kana = "mail", ""
        self.crm_addrs = set()
        for kind, query in _PEOPLE.items():
            for addr, last, first, last_kana, first_kana in database_proxy.execute_sql(query):
                entry = self._entry(addr)
                entry.kind = kind
                entry.kana = " ".join(p for p in (last_kana, first_kana) if p)
                full = person_name(last, first)
                if full:
                    entry.name, entry.name_date = full, 2**62  # the user's own spelling
                self.crm_addrs.add(addr)
        self.crm_key = key
        self.full = True

    def reindex(self, now: float) -> None:
        """Scores and keys of what changed; new mail only inserts its few new keys, so it
        costs little however large the book is."""
        if self.full:
            self.tokens, self.wide, self.indexed = [], {}, {}
            todo: set[str] | dict[str, _Entry] = self.entries
        else:
            todo = self.changed
        own = set(self.own)
        fresh: list[tuple[str, str]] = []
        for addr in todo:
            if addr in own:
                continue
            entry = self.entries[addr]
            entry.score = _score(entry, now)
            keys, wide = _keys(entry)
            known = self.indexed.setdefault(addr, set())
            new = keys - known
            if new:
                fresh.extend((key, addr) for key in new)
                if wide:
                    self.wide[addr] = wide
                known |= new
        if self.full:
            fresh.sort()
            self.tokens = fresh
        else:
            for token in fresh:
                bisect.insort(self.tokens, token)
        self.ranked = sorted(self.indexed, key=lambda a: (self.entries[a].score, a),
                             reverse=True)
        self.changed = set()
        self.full = False

    def find(self, prefix: str, limit: int) -> list[AddressSuggestion]:
        tokens = self.tokens
        low = bisect.bisect_left(tokens, (prefix,))
        high = bisect.bisect_left(tokens, (prefix + "\U0010ffff",), low)
        wide = not prefix.isascii()
        if high - low > MANY_MATCHES:
            best = self._best_first(prefix, wide, limit)
        else:
            found = {addr for _key, addr in tokens[low:high]}
            if wide:
                found.update(addr for addr, texts in self.wide.items()
                             if any(prefix in text for text in texts))
            best = heapq.nlargest(limit, found, key=lambda a: (self.entries[a].score, a))
        return [self._suggestion(self.entries[addr]) for addr in best]

    def _best_first(self, prefix: str, wide: bool, limit: int) -> list[str]:
        """A short prefix ("s") matches thousands: walk the ranking until `limit` match."""
        chosen = []
        for addr in self.ranked:
            if any(key.startswith(prefix) for key in self.indexed[addr]) or (
                    wide and any(prefix in text for text in self.wide.get(addr, ()))):
                chosen.append(addr)
                if len(chosen) == limit:
                    break
        return chosen

    @staticmethod
    def _suggestion(entry: _Entry) -> AddressSuggestion:
        return AddressSuggestion(entry.name, entry.addr, field_text(entry.name, entry.addr),
                                 entry.kind)


_lock = threading.Lock()
_book: _Book | None = None


def _own() -> tuple[str, ...]:
    rows = database_proxy.execute_sql("SELECT DISTINCT lower(email) FROM account")
    return tuple(sorted(email for (email,) in rows))


def _crm_key() -> tuple:
    return tuple(database_proxy.execute_sql(
        "SELECT (SELECT COUNT(*) FROM lead), (SELECT MAX(updated_at) FROM lead), "
        "(SELECT COUNT(*) FROM contact), (SELECT MAX(updated_at) FROM contact)").fetchone())


def _current() -> _Book:
    """The book for the bound database, caught up with mail and CRM changes."""
    global _book
    database = database_proxy.obj
    own = _own()
    newest = database_proxy.execute_sql("SELECT MAX(id) FROM message").fetchone()[0] or 0
    book = _book
    if book is None or book.database is not database or book.own != own \
            or newest < book.last_id:
        book = _book = _Book(database, own)
    if newest > book.last_id:
        book.add_mail(newest)
    key = _crm_key()
    if key != book.crm_key:
        book.add_crm(key)
    if book.full or book.changed:
        book.reindex(time.time())
    return book


def complete(prefix: str, limit: int = 10) -> list[AddressSuggestion]:
    """The best `limit` people for what the user has typed so far."""
    folded = _fold(prefix.strip())
    if not folded:
        return []
    with _lock:
        return _current().find(folded, limit)


def warm() -> None:
    """Build (or catch up) now, e.g. off the UI thread when a compose window opens."""
    with _lock:
        _current()


def invalidate() -> None:
    """Forget everything; the next call rebuilds (after mail was deleted, say)."""
    global _book
    with _lock:
        _book = None
