"""Where Kizuna keeps its data: `$KIZUNA_HOME`, else the platform data directory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATABASE_NAME = "kizuna.sqlite3"


def platform_data_dir() -> Path:
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
        return base / "Kizuna"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Kizuna"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kizuna"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory, created with owner-only permissions."""
    chosen = override or os.environ.get("KIZUNA_HOME")
    path = Path(chosen).expanduser() if chosen else platform_data_dir()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def database_path(home: Path) -> Path:
    return home / DATABASE_NAME
