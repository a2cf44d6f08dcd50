"""Writing incoming mail into the store: the raw bytes, the list metadata and the thread.

The raw bytes are committed with the row whatever the parser makes of them: a message the
parser rejects is still listed (subject "(unreadable message)", its parse error kept) and
viewable raw. Row and bytes share one transaction, so neither exists without the other.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass

from app.mail.headers import normalize_subject
from app.mail.parse import MessageMeta, parse_metadata
from app.mail.search import add_documents, document_of, index_key, remove_from_index
from app.mail.sort_keys import sender_key, subject_key
from app.mail.threading import ThreadAssigner
from app.models.base import database_proxy
from app.models.mail import Account, Folder

UNREADABLE_SUBJECT = "(unreadable message)"


@dataclass
class IncomingMessage:
    raw: bytes
    uid: int | None = None
    uidvalidity: int | None = None
    flags: int = 0
    pop_uidl: str | None = None
    complete: bool = True  # False when `raw` holds only the header block
    received: int | None = None  # server's arrival time: the date when the header has none
    size: int | None = None  # full size when only headers were fetched
    meta: MessageMeta | None = None  # parsed already (by the header fetch worker)
    derived: Derived | None = None  # and derive(meta) done there too


@dataclass(frozen=True)
class Derived:
    """What a row and its index entry take from the metadata besides the plain fields."""

    to_json: str
    cc_json: str
    sort_sender: str
    sort_subject: str
    thread_subject: str  # normalize_subject(subject), as threads compare subjects
    document: tuple[str, str, str, str] | None  # search columns; None when not indexing


def derive(meta: MessageMeta, *, document: bool) -> Derived:
    """Done where the metadata is parsed: in the header fetch worker that is another core."""
    return Derived(
        _addresses_json(meta.to), _addresses_json(meta.cc),
        sender_key(meta.from_name, meta.from_addr), subject_key(meta.subject),
        normalize_subject(meta.subject), document_of(meta) if document else None,
    )


def ensure_account(name: str, email: str, protocol: str = "local", **fields: object) -> Account:
    account = Account.get_or_none(Account.name == name)
    if account is None:
        account = Account.create(
            name=name, email=email, protocol=protocol, created_at=int(time.time()), **fields
        )
    return account


def ensure_folder(account: Account, name: str, role: str | None = None) -> Folder:
    folder = Folder.get_or_none((Folder.account == account) & (Folder.name == name))
    if folder is None:
        folder = Folder.create(account=account, name=name, display_name=name, role=role)
    return folder


def _addresses_json(addresses: list) -> str:
    if not addresses:  # most mail has no Cc
        return "[]"
    return json.dumps([[a.name, a.addr] for a in addresses], ensure_ascii=False)


# The hot path uses plain SQL on the connection's cursor: building peewee queries costs
# more than running them.
_INSERT_ROW = (
    'INSERT INTO message (account_id, folder_id, uid, uidvalidity, pop_uidl, flags, size, '
    'body_state, created_at, keywords, indexed, message_id, in_reply_to, "references", '
    "subject, from_name, from_addr, to_addrs, cc_addrs, date, has_attachments, snippet, "
    "thread_id, parse_error, sort_sender, sort_subject) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_RAW = "INSERT INTO message_raw (message_id, data, complete) VALUES (?, ?, ?)"
_INSERT_ATTACHMENT = (
    "INSERT INTO attachment (message_id, part, filename, content_type, size, content_id, inline) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def insert_attachments(cursor: sqlite3.Cursor, message_id: int, attachments: list) -> None:
    cursor.executemany(
        _INSERT_ATTACHMENT,
        [(message_id, a.part, a.filename, a.content_type, a.size, a.content_id, a.inline)
         for a in attachments],
    )


def _parse(item: IncomingMessage) -> MessageMeta | Exception:
    if item.meta is not None:
        return item.meta
    try:
        return parse_metadata(item.raw, headers_only=not item.complete)
    except Exception as error:  # any parser failure leaves the raw message listed
        return error


def _store_one(
    cursor: sqlite3.Cursor,
    folder: Folder,
    item: IncomingMessage,
    now: int,
    meta: MessageMeta | Exception,
    threads: ThreadAssigner,
    documents: list[tuple] | None,
) -> int:
    """Insert one message; with `documents`, its search index entry is added there and the
    row is marked indexed (an unreadable message is left to index_messages)."""
    arrival = item.received or now
    indexed = documents is not None and not isinstance(meta, Exception)
    envelope = (
        folder.account_id, folder.id, item.uid, item.uidvalidity, item.pop_uidl, item.flags,
        item.size if item.size is not None else len(item.raw), 1 if item.complete else 0, now,
        indexed,
    )
    if isinstance(meta, Exception):
        cursor.execute(_INSERT_ROW, (*envelope, None, None, "", UNREADABLE_SUBJECT, "", "",
                                     "[]", "[]", arrival, False, "", None, repr(meta)[:500],
                                     "", subject_key(UNREADABLE_SUBJECT)))
        message_id = cursor.lastrowid
        cursor.execute(_INSERT_RAW, (message_id, item.raw, item.complete))
        return message_id
    date = meta.date or arrival
    derived = item.derived
    if derived is None or (documents is not None and derived.document is None):
        derived = derive(meta, document=documents is not None)
    thread_id = threads.assign(meta.message_id, meta.references, meta.subject, date,
                               derived.thread_subject)
    cursor.execute(
        _INSERT_ROW,
        (*envelope, meta.message_id, meta.in_reply_to, " ".join(meta.references), meta.subject,
         meta.from_name, meta.from_addr, derived.to_json, derived.cc_json,
         date, meta.has_attachments, meta.snippet, thread_id, None,
         derived.sort_sender, derived.sort_subject),
    )
    message_id = cursor.lastrowid
    cursor.execute(_INSERT_RAW, (message_id, item.raw, item.complete))
    if documents is not None and derived.document is not None:
        documents.append((index_key(date, message_id), *derived.document))
    if meta.attachments:
        insert_attachments(cursor, message_id, meta.attachments)
    return message_id


def store_messages(
    folder: Folder, items: Iterable[IncomingMessage], *, index: bool = False
) -> list[int]:
    """Store a batch in one transaction; returns the new message ids in order.

    With index=True the batch is also made searchable in that transaction, from the
    metadata in hand, instead of read back by index_messages afterwards.
    """
    now = int(time.time())
    items = list(items)
    parsed = [_parse(item) for item in items]
    with database_proxy.atomic():
        cursor = database_proxy.cursor()
        # One lookup of every Message-ID and Reference of the batch, not one per message.
        threads = ThreadAssigner(folder.account_id, [
            mid for meta in parsed if not isinstance(meta, Exception)
            for mid in (meta.message_id or "", *meta.references)
        ])
        documents: list[tuple] | None = [] if index else None
        ids = [_store_one(cursor, folder, item, now, meta, threads, documents)
               for item, meta in zip(items, parsed, strict=True)]
        threads.flush()
        if documents:
            add_documents(cursor, documents)
        return ids


def delete_messages(ids: list[int]) -> None:
    """Remove messages, keeping thread counts and the search index in step."""
    if not ids:
        return
    execute = database_proxy.execute_sql
    with database_proxy.atomic():
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            execute(
                "UPDATE thread SET message_count = message_count - (SELECT COUNT(*) FROM message "
                f"WHERE thread_id = thread.id AND id IN ({marks})) WHERE id IN "
                f"(SELECT thread_id FROM message WHERE id IN ({marks}))",
                [*chunk, *chunk],
            )
            remove_from_index(chunk)
            execute(f"DELETE FROM message WHERE id IN ({marks})", chunk)
        execute("DELETE FROM thread WHERE message_count <= 0")
