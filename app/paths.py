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


def _private_dir(path: Path) -> Path:
    """Create `path` if needed and make it the user's alone, also when it already existed."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        os.chmod(path, mode & 0o700)
    return path


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data directory, with owner-only permissions."""
    chosen = override or os.environ.get("KIZUNA_HOME")
    return _private_dir(Path(chosen).expanduser() if chosen else platform_data_dir())


def attachment_cache(home: Path) -> Path:
    """Where attachments are written to be opened with another program (owner-only)."""
    return _private_dir(home / "attachments")


def database_path(home: Path) -> Path:
    return home / DATABASE_NAME
