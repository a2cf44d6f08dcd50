"""What an account has taken from its POP3 server (table pop_uidl), and storing new mail.

A message row and its pop_uidl record are committed in one transaction, synced to disk,
before the server may be told to delete anything: after a kill either both exist or
neither, and the server still holds whatever is not safely stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from app.mail.store import IncomingMessage, store_messages
from app.models.base import database_proxy
from app.models.db import durable
from app.models.mail import Folder
from app.sync.pop3.listing import header_digest


@dataclass(frozen=True)
class Record:
    uidl: str  # the local key (message.pop_uidl)
    server_uidl: str
    digest: str
    stored_at: int


@dataclass
class Download:
    key: str
    server_key: str
    digest: str
    raw: bytes


class History:
    """The records of one account, indexed the ways the listing and retention ask."""

    def __init__(self, account_id: int) -> None:
        self.account_id = account_id
        self.reload()

    def reload(self) -> None:
        self.by_key: dict[str, Record] = {}
        self.by_pair: dict[tuple[str, str], str] = {}
        self.by_digest: dict[str, Record] = {}
        self.split_bases: set[str] = set()
        rows = database_proxy.execute_sql(
            "SELECT uidl, server_uidl, digest, stored_at FROM pop_uidl WHERE account_id = ? "
            "ORDER BY stored_at, id", (self.account_id,),
        ).fetchall()
        for row in rows:
            self.add(Record(*row))

    def add(self, record: Record) -> None:
        self.by_key[record.uidl] = record
        self.by_pair[(record.server_uidl, record.digest)] = record.uidl
        self.by_digest.setdefault(record.digest, record)  # the first stored copy
        if record.uidl != record.server_uidl:
            self.split_bases.add(record.server_uidl)

    def known(self, server_key: str, digest: str) -> str | None:
        return self.by_pair.get((server_key, digest))



def _stored_digests(account_id: int, keys: list[str]) -> dict[str, str]:
    """Header digests of message rows holding these keys (kept locally after the server
    dropped them, so their records are gone)."""
    found: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        rows = database_proxy.execute_sql(
            "SELECT m.pop_uidl, r.data FROM message m JOIN message_raw r ON r.message_id = m.id "
            f"WHERE m.account_id = ? AND m.pop_uidl IN ({','.join('?' * len(chunk))})",
            [account_id, *chunk],
        )
        found.update((key, header_digest(bytes(data).split(b"\r\n"))) for key, data in rows)
    return found


def record_downloads(folder: Folder, history: History, downloads: list[Download]) -> int:
    """Store new mail and its records in one durable transaction; returns messages stored.

    A message whose header digest is already known is the same message under another UIDL
    (a server that renumbered, or holds two copies): it gets a record, not a second row.
    """
    now = int(time.time())
    fresh, records = [], []
    with durable():
        stored = _stored_digests(history.account_id, [
            k for d in downloads for k in (d.key, f"{d.server_key} {d.digest}")])
        for download in downloads:
            key = download.key
            if key in stored and stored[key] != download.digest:
                key = f"{download.server_key} {download.digest}"  # a reused UIDL: new mail
            same = history.by_digest.get(download.digest)
            if same is None and stored.get(key) != download.digest:
                fresh.append(IncomingMessage(raw=download.raw, pop_uidl=key, complete=True))
            record = Record(key, download.server_key, download.digest,
                            same.stored_at if same else now)
            records.append(record)
            history.add(record)
        store_messages(folder, fresh)
        database_proxy.cursor().executemany(
            "INSERT OR IGNORE INTO pop_uidl (account_id, uidl, server_uidl, digest, stored_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(history.account_id, r.uidl, r.server_uidl, r.digest, r.stored_at)
             for r in records],
        )
    return len(fresh)


def absent_locally(account_id: int) -> set[str]:
    """Records whose message the user deleted (or moved to Trash): no live copy remains."""
    rows = database_proxy.execute_sql(
        "SELECT p.uidl FROM pop_uidl p WHERE p.account_id = ? AND NOT EXISTS ("
        " SELECT 1 FROM pop_uidl q"
        " JOIN message m ON m.account_id = q.account_id AND m.pop_uidl = q.uidl"
        " JOIN folder f ON f.id = m.folder_id"
        " WHERE q.account_id = p.account_id AND q.digest = p.digest"
        " AND COALESCE(f.role, '') != 'trash')",
        (account_id,),
    ).fetchall()
    return {row[0] for row in rows}


def forget_except(account_id: int, keep: set[str]) -> None:
    """Drop the records of mail the server no longer holds."""
    rows = database_proxy.execute_sql(
        "SELECT id, uidl FROM pop_uidl WHERE account_id = ?", (account_id,)
    ).fetchall()
    gone = [row_id for row_id, uidl in rows if uidl not in keep]
    with database_proxy.atomic():
        for start in range(0, len(gone), 500):
            chunk = gone[start:start + 500]
            database_proxy.execute_sql(
                f"DELETE FROM pop_uidl WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
