"""Downloading the messages the account does not have yet, in durable batches.

RETR runs in the calling thread (poplib blocks). A batch is stored when it reaches a count
or a size: a kill costs at most one batch of downloads, which the next run fetches again
and stores once.
"""

from __future__ import annotations

import poplib
import sqlite3
from dataclasses import dataclass

import peewee as pw

from app.models.mail import Folder
from app.sync.pop3.history import Download, History, record_downloads
from app.sync.pop3.listing import Listed, header_digest
from app.sync.pop3.session import pipelining, retrieve
from app.sync.progress import ProgressCallback, SyncProgress

BATCH_MESSAGES = 50
BATCH_BYTES = 4 << 20
PIPELINE = 16  # RETRs in flight when the server offers PIPELINING


@dataclass
class DownloadResult:
    stored: int = 0
    failed: int = 0  # refused by the server (RETR -ERR); left there, tried again next time


def wanted(listed: list[Listed], history: History) -> list[Listed]:
    """Listed messages not stored yet, each key once."""
    seen: set[str] = set()
    new = []
    for item in listed:
        if item.key not in history.by_key and item.key not in seen:
            seen.add(item.key)
            new.append(item)
    return new


def _store(folder: Folder, history: History, batch: list[Download]) -> int:
    try:
        return record_downloads(folder, history, batch)
    except (pw.IntegrityError, sqlite3.IntegrityError):
        # Another sync of this account stored some of these meanwhile: keep the rest.
        history.reload()
        return record_downloads(folder, history,
                                [d for d in batch if d.key not in history.by_key])


def download_new(client: poplib.POP3, folder: Folder, items: list[Listed], history: History,
                 account_name: str, progress: ProgressCallback) -> DownloadResult:
    result = DownloadResult()
    batch: list[Download] = []
    size = 0
    progress(SyncProgress(account_name, folder.name, "bodies", 0, len(items)))
    by_number = {item.number: item for item in items}
    window = PIPELINE if items and pipelining(client) else 1
    replies = retrieve(client, list(by_number), window)
    for done, (number, lines) in enumerate(replies, 1):
        item = by_number[number]
        if lines is None:
            result.failed += 1
            continue
        raw = b"\r\n".join(lines) + b"\r\n"
        batch.append(Download(item.key, item.server_key, item.digest or header_digest(lines),
                              raw))
        size += len(raw)
        if len(batch) >= BATCH_MESSAGES or size >= BATCH_BYTES:
            result.stored += _store(folder, history, batch)
            batch, size = [], 0
            progress(SyncProgress(account_name, folder.name, "bodies", done, len(items)))
    if batch:
        result.stored += _store(folder, history, batch)
    progress(SyncProgress(account_name, folder.name, "bodies", len(items), len(items)))
    return result
