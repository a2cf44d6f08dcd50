"""Running the real `kizuna` command line as a separate process, for kill tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def sync_process(home: Path) -> subprocess.Popen:
    """`python -m app --home HOME sync --json`, started and not waited for."""
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--home", str(home), "sync", "--json"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy(),
    )
