"""Opening the SQLite database: pragmas, the model proxy, migrations."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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


STORE_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def _owner_only(path: Path) -> None:
    """The store and SQLite's side files readable and writable by the user only."""
    for suffix in STORE_FILE_SUFFIXES:
        with suppress(FileNotFoundError):
            os.chmod(path.with_name(path.name + suffix), 0o600)


def open_database(home: Path) -> pw.SqliteDatabase:
    """Open (creating and migrating) the store in `home`, bind the models to it."""
    path = database_path(home)
    # Created empty before SQLite opens it: SQLite gives the -wal and -shm files the mode
    # of the database file, so they are private from their first byte.
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    _owner_only(path)  # a store from an older version may have been made world-readable
    db = pw.SqliteDatabase(str(path), pragmas=PRAGMAS)
    db.connect(reuse_if_open=True)
    _owner_only(path)
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
