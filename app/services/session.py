"""Opening the user's data directory: the one place that binds the models to a database."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from app.models.db import open_database
from app.paths import data_dir
from app.sync import credentials


@dataclass
class Session:
    home: Path
    database: pw.SqliteDatabase

    def close(self) -> None:
        if not self.database.is_closed():
            self.database.close()


def open_session(home: str | os.PathLike[str] | None = None) -> Session:
    directory = data_dir(home)
    session = Session(directory, open_database(directory))
    credentials.use_data_dir(directory)
    return session
