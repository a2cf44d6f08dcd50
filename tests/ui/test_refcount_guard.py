"""The guard against PySide6 6.12.0's emit() taking references from True."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from app.ui.refcount_guard import guard_true
class Chatty(QObject):
    said = Signal()
emits = sys.getrefcount(True) + 1000  # more than True has references
if sys.argv[1] == "guarded":
    guard_true()
chatty = Chatty()
for _ in range(emits):
    chatty.said.emit()
print("alive")
"""


def _run(mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", SCRIPT, mode], capture_output=True, text=True,
                          timeout=60, check=False)


def test_many_emits_survive_with_the_guard() -> None:
    done = _run("guarded")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "alive"


def test_the_guard_is_needed_only_where_emit_takes_a_reference() -> None:
    from app.ui.refcount_guard import emit_takes_a_reference

    done = _run("bare")
    if emit_takes_a_reference():
        assert done.returncode != 0 and "bool_dealloc" in done.stderr
    else:
        assert done.returncode == 0


VOIDS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject
from app.ui.refcount_guard import guard_true
calls = sys.getrefcount(None) + 1000  # more than None has references
if sys.argv[1] == "guarded":
    guard_true()
probe = QObject()
for _ in range(calls):
    probe.setObjectName("x")
print("alive")
"""


def test_many_void_calls_survive_with_the_guard() -> None:
    done = subprocess.run([sys.executable, "-c", VOIDS, "guarded"], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "alive"
