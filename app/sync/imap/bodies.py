"""Whole messages: fetched when one is opened, and ahead of time for recent mail.

Header sync stores only the header block (body_state 0). Opening such a message fetches the
rest; after each sync of INBOX and Sent the newest bodies within a window (account setting
`body_days`, 14 by default) are fetched too, so recent mail can be read offline.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import imapclient

from app.errors import NotFound
from app.mail.parse import parse_metadata
from app.mail.search import index_messages
from app.mail.store import insert_attachments
from app.models.base import database_proxy
from app.models.mail import Account, Folder, Message
from app.sync.imap.fetch import fetch_bodies, uid_ranges
from app.sync.progress import ProgressCallback, SyncProgress, ignore_progress

DEFAULT_BODY_DAYS = 14
PREFETCH_ROLES = ("inbox", "sent")
PREFETCH_CHUNK = 50
PREFETCH_PER_PASS = 500  # per folder: a first sync of a busy inbox stays short
PREFETCH_MAX_SIZE = 5 * 1024 * 1024  # large mail waits until it is opened


@dataclass(frozen=True)
class BodyLocation:
    """Where one message's body is on the server; plain data, safe to hand to a worker."""

    message_id: int
    folder: str
    uidvalidity: int
    uid: int


def body_days(account: Account) -> int:
    try:
        value = json.loads(account.settings or "{}").get("body_days", DEFAULT_BODY_DAYS)
        return max(0, int(value))
    except (ValueError, TypeError, AttributeError):
        return DEFAULT_BODY_DAYS


def locate_body(message_id: int) -> BodyLocation | None:
    """None when the body is stored already or the server copy is not known yet."""
    row = Message.get_or_none(Message.id == message_id)
    if row is None:
        raise NotFound(f"No message with id {message_id}",
                       f"ID {message_id} のメッセージはありません")
    if row.body_state == 1 or row.uid is None or row.uidvalidity is None:
        return None
    return BodyLocation(message_id, row.folder.name, row.uidvalidity, row.uid)


def download_body(client: imapclient.IMAPClient, where: BodyLocation) -> bytes | None:
    """The full message from the server (no database access); None if it is gone."""
    info = client.select_folder(where.folder, readonly=True)
    if int(info[b"UIDVALIDITY"]) != where.uidvalidity:
        return None  # the next sync reconciles the folder first
    return fetch_bodies(client, [where.uid]).get(where.uid) or None


_UPDATE_BODY = (
    "UPDATE message SET snippet = ?, has_attachments = ?, body_state = 1, parse_error = NULL, "
    "indexed = 0 WHERE id = ?"
)


def store_body(message_id: int, raw: bytes) -> None:
    """Replace the stored header block by the whole message and reparse what the body tells.

    As with new mail, the bytes are written before parsing: a body the parser rejects is
    still kept and viewable raw.
    """
    execute = database_proxy.execute_sql
    with database_proxy.atomic():
        execute("INSERT OR REPLACE INTO message_raw (message_id, data, complete) VALUES (?, ?, 1)",
                (message_id, raw))
        try:
            meta = parse_metadata(raw)
        except Exception as error:
            execute("UPDATE message SET body_state = 1, parse_error = ? WHERE id = ?",
                    (repr(error)[:500], message_id))
            return
        execute(_UPDATE_BODY, (meta.snippet, meta.has_attachments, message_id))
        execute("DELETE FROM attachment WHERE message_id = ?", (message_id,))
        insert_attachments(database_proxy.cursor(), message_id, meta.attachments)


def fetch_body(client: imapclient.IMAPClient, message_id: int) -> bool:
    """Store a message's whole body now, using a logged-in client; False if unavailable."""
    where = locate_body(message_id)
    if where is None:
        return Message.get_by_id(message_id).body_state == 1
    raw = download_body(client, where)
    if raw is None:
        return False
    store_body(message_id, raw)
    index_messages([message_id])
    return True


def prefetch_bodies(
    client: imapclient.IMAPClient,
    folder: Folder,
    account: Account,
    progress: ProgressCallback = ignore_progress,
) -> int:
    """Fetch the bodies of recent mail in INBOX and Sent; returns how many were stored.

    Does nothing (not even a SELECT) when every recent message already has its body, so a
    sync with nothing new stays cheap.
    """
    days = body_days(account)
    if folder.role not in PREFETCH_ROLES or days == 0 or folder.uidvalidity is None:
        return 0
    rows = database_proxy.execute_sql(
        "SELECT uid, id FROM message WHERE folder_id = ? AND uidvalidity = ? AND body_state = 0 "
        "AND uid IS NOT NULL AND date >= ? AND size <= ? ORDER BY date DESC LIMIT ?",
        (folder.id, folder.uidvalidity, int(time.time()) - days * 86400, PREFETCH_MAX_SIZE,
         PREFETCH_PER_PASS),
    ).fetchall()
    if not rows:
        return 0
    ids = dict(rows)
    info = client.select_folder(folder.name, readonly=True)
    if int(info[b"UIDVALIDITY"]) != folder.uidvalidity:
        return 0
    stored = 0
    for chunk in uid_ranges(list(ids), PREFETCH_CHUNK):
        bodies = fetch_bodies(client, chunk)
        done = [ids[uid] for uid, raw in bodies.items() if raw and uid in ids]
        with database_proxy.atomic():
            for uid, raw in bodies.items():
                if raw and uid in ids:
                    store_body(ids[uid], raw)
        index_messages(done)
        stored += len(done)
        progress(SyncProgress(account.name, folder.name, "bodies", stored, len(ids)))
    return stored
