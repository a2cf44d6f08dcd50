"""Test-wide isolation, applied before any test module is imported.

- Qt draws offscreen unless the caller chose a platform (``QT_QPA_PLATFORM=xcb`` to watch).
- No test can reach the developer's real keyring, settings or mail data: ``HOME`` and the
  XDG directories point into one temporary directory per session, the keyring backend is
  a plaintext file inside it, and ``KIZUNA_HOME`` is unset so a test that wants a data
  directory asks for the ``kizuna_home`` fixture.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Must happen before PySide6 is imported anywhere, hence at conftest import time.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_SESSION_DIR = Path(tempfile.mkdtemp(prefix="kizuna-tests-"))
for _var, _sub in {
    "HOME": "home",
    "XDG_DATA_HOME": "home/.local/share",
    "XDG_CONFIG_HOME": "home/.config",
    "XDG_CACHE_HOME": "home/.cache",
    "XDG_STATE_HOME": "home/.local/state",
}.items():
    (_SESSION_DIR / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_var] = str(_SESSION_DIR / _sub)
# keyrings.alt would otherwise be picked silently and write into the real home directory.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
os.environ.pop("KIZUNA_HOME", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_SESSION_DIR, ignore_errors=True)


@pytest.fixture
def kizuna_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty Kizuna data directory, also exported as ``$KIZUNA_HOME``."""
    home = tmp_path / "kizuna-home"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("KIZUNA_HOME", str(home))
    return home


# --- Database fixtures (``db``) go below this line. ---------------------------------------


@pytest.fixture
def db():
    """A fresh in-memory store with the full schema, bound to the models for one test."""
    from app.models.db import open_memory_database

    database = open_memory_database()
    yield database
    database.close()
