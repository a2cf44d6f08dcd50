"""Opening the SQLite database: pragmas, the model proxy, migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee as pw

from app.models.base import database_proxy
from app.models.migrations import migrate
from app.paths import database_path

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",  # durable at checkpoints; commits that must survive use FULL
    "cache_size": -32 * 1024,  # KiB
    "temp_store": "memory",
    "busy_timeout": 5000,
}


@contextmanager
def durable() -> Iterator[None]:
    """One transaction synced to disk at commit, for writes that must survive a power cut
    (a queued change, mail the server deletes next, an outbox entry).

    SQLite sets the sync level only outside a transaction, so inside a caller's
    transaction this joins it and the caller's level applies.
    """
    if database_proxy.in_transaction():
        with database_proxy.atomic():
            yield
        return
    level = database_proxy.execute_sql("PRAGMA synchronous").fetchone()[0]
    database_proxy.execute_sql("PRAGMA synchronous = FULL")
    try:
        with database_proxy.atomic():
            yield
    finally:
        database_proxy.execute_sql(f"PRAGMA synchronous = {int(level)}")


def open_database(home: Path) -> pw.SqliteDatabase:
    """Open (creating and migrating) the store in `home`, bind the models to it."""
    path = database_path(home)
    created = not path.exists()
    db = pw.SqliteDatabase(str(path), pragmas=PRAGMAS)
    db.connect(reuse_if_open=True)
    if created:
        os.chmod(path, 0o600)
    database_proxy.initialize(db)
    migrate(db, path)
    return db


def open_memory_database() -> pw.SqliteDatabase:
    """A private in-memory store, for tests and benchmarks."""
    db = pw.SqliteDatabase(":memory:", pragmas={"foreign_keys": 1})
    db.connect()
    database_proxy.initialize(db)
    migrate(db)
    return db
