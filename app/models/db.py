"""Opening the SQLite database: pragmas, the model proxy, migrations."""

from __future__ import annotations

import os
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
