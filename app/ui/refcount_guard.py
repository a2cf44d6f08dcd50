"""A guard against a reference-count bug in PySide6 6.12.0.

`SignalInstance.emit()` returns True without owning a reference to it, so every emit() made
from Python takes one reference away from True. On Python 3.11, where True is an ordinary
object, the process aborts ("Fatal Python error: bool_dealloc") once a few thousand signals
have been emitted: about a day of use, or one long test run. Python 3.12 made True immortal
and a fixed PySide leaves it alone, so the guard acts only when a probe emit is seen to take
a reference, and then raises True's count far out of reach.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

RESERVE = 1 << 40  # references: more emits than any process will ever make


class _Probe(QObject):
    ping = Signal()


def emit_takes_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.ping.emit()
    return sys.getrefcount(True) < before


def guard_true() -> bool:
    """Apply the guard if this PySide needs it; True when it was applied."""
    if hasattr(sys, "gettotalrefcount") or not emit_takes_a_reference():
        return False  # a debug build lays objects out differently; or nothing to fix
    ctypes.c_ssize_t.from_address(id(True)).value += RESERVE  # ob_refcnt comes first
    return True
