"""The ordered schema migration chain.

Each step is a SQL file applied in its own transaction; the database file is copied aside
before the first step so a failed upgrade never leaves the user without their mail.
"""

from __future__ import annotations

import shutil
import time
from importlib import resources
from pathlib import Path

import peewee as pw

STEPS: list[tuple[int, str]] = [
    (1, "v001_initial.sql"),
    (2, "v002_search.sql"),
    (3, "v003_lean_indexes.sql"),
    (4, "v004_pop3.sql"),
    (6, "v006_crm.sql"),
    (7, "v007_drafts.sql"),
    (8, "v008_list_sort.sql"),
]
LATEST_VERSION = STEPS[-1][0]


class MigrationError(RuntimeError):
    pass


def current_version(db: pw.SqliteDatabase) -> int:
    db.execute_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = db.execute_sql("SELECT MAX(version) FROM schema_version").fetchone()
    return row[0] or 0


def _step_sql(filename: str) -> list[str]:
    text = resources.files("app.models.sql").joinpath(filename).read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    return [stmt.strip() for stmt in "\n".join(lines).split(";") if stmt.strip()]


def backup_before_upgrade(db_file: Path, version: int) -> Path:
    backup = db_file.with_name(f"{db_file.name}.v{version}-{int(time.time())}.bak")
    shutil.copy2(db_file, backup)
    return backup


def migrate(db: pw.SqliteDatabase, db_file: Path | None = None) -> int:
    """Bring the schema up to LATEST_VERSION; returns the version found before."""
    found = current_version(db)
    if found > LATEST_VERSION:
        raise MigrationError(
            f"database schema {found} is newer than this Kizuna ({LATEST_VERSION})"
        )
    if 0 < found < LATEST_VERSION and db_file is not None and db_file.exists():
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        backup_before_upgrade(db_file, found)
    for version, filename in STEPS:
        if version <= found:
            continue
        with db.atomic():
            for statement in _step_sql(filename):
                db.execute_sql(statement)
            db.execute_sql("INSERT INTO schema_version (version) VALUES (?)", (version,))
    return found
