"""Full-text search over subject, people and body (SQLite FTS5, trigram tokens).

Trigrams find substrings in any script, so `見積` matches `お見積もり` without a Japanese
word splitter. Terms of three or more characters are phrase queries. Shorter terms cannot
be trigram-matched directly; because every indexed value ends with two spaces, any occurrence
of a one- or two-character term is the start of some indexed trigram, so the term becomes an
OR over the index's own terms with that prefix (read from the fts5vocab table). When that
list is too long (one common Latin letter), a date-ordered scan with a limit answers instead.

The index's rowid is the message date with the message id in its low bits (`index_key`), so
FTS5 hands back matches newest first and a LIMIT stops the walk early: a common word at 100k
messages costs the first page of its matches, not a sort of all of them.
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.mail.parse import MessageMeta, parse_metadata
from app.models.base import database_proxy
from app.models.mail import Message, MessageRaw

SENTINEL = "  "
ID_BITS = 24  # message ids below 16.7M; beyond that two mails of the same second could clash
ID_MASK = (1 << ID_BITS) - 1
MAX_PREFIX_TERMS = 400
INDEX_BATCH = 500

# Fields a user can name; "from" searches the sender column, "to" the recipients.
FIELD_COLUMNS = {"from": "sender", "subject": "subject", "to": "recipients", "body": "body"}
_INSERT_FTS = (
    "INSERT INTO message_fts (rowid, subject, sender, recipients, body) VALUES (?, ?, ?, ?, ?)"
)
_TOKEN = re.compile(r'(?:(\w+):)?(?:"([^"]*)"|(\S+))')


def normalize(text: str) -> str:
    """Fold full-width ASCII and half-width kana, so ＡＢＣ finds ABC and ｶﾀｶﾅ finds カタカナ."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True)
class Term:
    text: str
    column: str | None  # None: any column


def parse_query(query: str) -> list[Term]:
    terms = []
    for match in _TOKEN.finditer(query):
        field, quoted, bare = match.groups()
        text = quoted if quoted is not None else bare
        column = FIELD_COLUMNS.get(field.lower()) if field else None
        if field and column is None:  # not a field we know: search the text as typed
            text = f"{field}:{text}"
        text = normalize(text).strip()
        if text:
            terms.append(Term(text, column))
    return terms


def index_key(date: int, message_id: int) -> int:
    return (max(date, 0) << ID_BITS) | (message_id & ID_MASK)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _prefix_terms(prefix: str) -> list[str] | None:
    rows = database_proxy.execute_sql(
        "SELECT term FROM message_fts_terms WHERE term >= ? AND term < ? LIMIT ?",
        (prefix, prefix + "\U0010ffff", MAX_PREFIX_TERMS + 1),
    ).fetchall()
    if len(rows) > MAX_PREFIX_TERMS:
        return None
    return [r[0] for r in rows]


def _match_expression(term: Term) -> str | None:
    """FTS5 expression for one term; None when it must be answered by a scan."""
    if len(term.text) >= 3:
        body = _quote(term.text)
    else:
        options = _prefix_terms(term.text)
        if options is None:
            return None
        # No indexed trigram starts with the term: match nothing rather than everything.
        body = "(" + " OR ".join(_quote(t) for t in options) + ")" if options else '"\x01\x01\x01"'
    return f"{term.column} : {body}" if term.column else body


def _scan_condition(term: Term) -> tuple[str, str]:
    everything = "(subject || sender || recipients || body)"
    column = term.column or everything
    return f"instr(lower({column}), ?) > 0", term.text


def search_ids(query: str, limit: int = 50) -> list[int]:
    """Message ids matching every term, newest first."""
    terms = parse_query(query)
    if not terms:
        return []
    expressions, scans = [], []
    for term in terms:
        expression = _match_expression(term)
        if expression is None:
            scans.append(_scan_condition(term))
        else:
            expressions.append(expression)
    where, params = [], []
    if expressions:
        where.append("message_fts MATCH ?")
        params.append(" AND ".join(expressions))
    for condition, value in scans:
        where.append(condition)
        params.append(value)
    sql = (
        f"SELECT rowid FROM message_fts WHERE {' AND '.join(where)} "
        "ORDER BY rowid DESC LIMIT ?"
    )
    rows = database_proxy.execute_sql(sql, (*params, limit)).fetchall()
    return [r[0] & ID_MASK for r in rows]


def _people(addresses_json: str) -> str:
    return " ".join(f"{name} {addr}" for name, addr in json.loads(addresses_json or "[]"))


def _columns(subject: str, sender: str, recipients: str, body: str) -> tuple[str, str, str, str]:
    return (
        normalize(subject) + SENTINEL,
        normalize(sender) + SENTINEL,
        normalize(recipients) + SENTINEL,
        normalize(body) + SENTINEL,
    )


def _document(row: tuple, raw: bytes | None) -> tuple[str, str, str, str]:
    """The indexed columns; `raw` is the whole message when stored, else None."""
    _, _, subject, from_name, from_addr, to_addrs, cc_addrs, snippet = row
    body = snippet
    if raw is not None:
        try:
            body = parse_metadata(raw).body_text
        except Exception:
            body = snippet
    return _columns(subject, f"{from_name} {from_addr}",
                    f"{_people(to_addrs)} {_people(cc_addrs)}", body)


def document_of(meta: MessageMeta) -> tuple[str, str, str, str]:
    """The indexed columns from metadata in hand: what index_messages would read back.

    body_text is "" for a header-only message, as its stored snippet is.
    """
    people = " ".join(f"{a.name} {a.addr}" for a in meta.to)
    copied = " ".join(f"{a.name} {a.addr}" for a in meta.cc)
    return _columns(meta.subject, f"{meta.from_name} {meta.from_addr}", f"{people} {copied}",
                    meta.body_text or meta.snippet)


def add_documents(cursor: sqlite3.Cursor, documents: list[tuple]) -> None:
    """Index new messages, (key, subject, sender, recipients, body) each, inside the
    caller's transaction (the store's, so rows and their index entries commit together)."""
    # Ascending key order: FTS5 appends to its current segment instead of starting new ones,
    # which made indexing a newest-first sync four times slower.
    documents.sort()
    cursor.executemany(_INSERT_FTS, documents)


def index_messages(ids: Iterable[int]) -> int:
    """(Re)index the given messages in one transaction."""
    ids = list(ids)
    if not ids:
        return 0
    # Ascending key order: FTS5 appends to its current segment instead of starting new ones,
    # which made indexing a newest-first sync four times slower.
    rows = (
        Message.select(
            Message.id, Message.date, Message.subject, Message.from_name, Message.from_addr,
            Message.to_addrs, Message.cc_addrs, Message.snippet,
        )
        .where(Message.id.in_(ids))
        .order_by(Message.date, Message.id)
        .tuples()
    )
    bodies = {
        message: bytes(data)
        for message, data in MessageRaw.select(MessageRaw.message, MessageRaw.data)
        .where(MessageRaw.message.in_(ids) & MessageRaw.complete)
        .tuples()
    }
    documents = [
        (index_key(row[1], row[0]), *_document(row, bodies.get(row[0]))) for row in rows
    ]
    with database_proxy.atomic():
        remove_from_index(ids)
        database_proxy.cursor().executemany(_INSERT_FTS, documents)
        Message.update(indexed=True).where(Message.id.in_(ids)).execute()
    return len(ids)


def index_pending(batch: int = INDEX_BATCH, max_batches: int | None = None) -> int:
    """Index messages stored since the last call; returns how many were indexed."""
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        ids = [
            r[0]
            for r in Message.select(Message.id)
            .where(Message.indexed == False)  # noqa: E712 - peewee expression
            .limit(batch)
            .tuples()
        ]
        if not ids:
            break
        done += index_messages(ids)
        batches += 1
    return done


def remove_from_index(ids: list[int]) -> None:
    """Drop messages from the index (call before their rows change date or go away)."""
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        keys = [
            index_key(date, mid)
            for mid, date in database_proxy.execute_sql(
                f"SELECT id, date FROM message WHERE id IN ({marks})", chunk
            ).fetchall()
        ]
        if keys:
            database_proxy.execute_sql(
                f"DELETE FROM message_fts WHERE rowid IN ({','.join('?' * len(keys))})", keys
            )
