"""One sender at a time per data directory.

The GUI and `kizuna outbox flush` may run together. While a process holds this lock, any
message still marked `sending` belongs to a sender that died (the kernel drops the lock of a
killed process), so it can safely be sent again.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import peewee as pw

_memory_lock = threading.Lock()  # in-memory stores (tests) live in one process


@contextmanager
def sender_lock(database: pw.Database) -> Iterator[bool]:
    """Yields True when this caller is the sender, False when another one is running."""
    path = database.database
    if not path or path == ":memory:":
        acquired = _memory_lock.acquire(blocking=False)
        try:
            yield acquired
        finally:
            if acquired:
                _memory_lock.release()
        return
    fd = os.open(f"{path}.outbox-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock
