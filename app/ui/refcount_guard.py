"""A guard against a reference-count bug in PySide6 6.12.0.

`SignalInstance.emit()` returns True without owning a reference to it, so every emit() made
from Python takes one reference away from True. On Python 3.11, where True is an ordinary
object, the process aborts ("Fatal Python error: bool_dealloc") once a few thousand signals
have been emitted: about a day of use, or one long test run. Python 3.12 made True immortal
and a fixed PySide leaves it alone, so the guard acts only when a probe emit is seen to take
a reference, and then raises True's count far out of reach.

The same build returns None from every void method (setText, setPalette, resize …) without a
reference of its own, so None is drained too ("none_dealloc", a few thousand calls in a small
process); it gets the same treatment when a probe call is seen to take a reference.
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


def void_call_takes_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(None)
    probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def guard_true() -> bool:
    """Apply the guards (True, then None) this PySide needs; True when one was applied."""
    if hasattr(sys, "gettotalrefcount"):
        return False  # a debug build lays objects out differently
    drained = [obj for obj, leaks in ((True, emit_takes_a_reference()),
                                      (None, void_call_takes_a_reference())) if leaks]
    for obj in drained:
        ctypes.c_ssize_t.from_address(id(obj)).value += RESERVE  # ob_refcnt comes first
    return bool(drained)
