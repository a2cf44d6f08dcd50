"""Caps on what a message from a stranger may cost, and the time budgets that enforce them.

Two mechanisms, one for each path:
- `Deadline` is a cooperative budget for the store and index path (parse_metadata): the
  parser checks it between parts, delimiters and header lines, so a normal message pays a
  handful of clock reads. Every step between two checks is linear in an input already
  capped here, so no single step can run long.
- `ParseWorker` is a child process for rendering a message to read it (full parse, HTML
  to text, sanitizing). Those steps run third-party code that is superlinear on hostile
  input (deeply nested HTML takes html5ever minutes), which no cooperative check can stop;
  the child is killed when it overruns and a fresh one serves the next message.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

MAX_HEADER_BYTES = 256 * 1024  # a header block past this is read only this far
MAX_PARTS = 500  # MIME entities per message
MAX_DEPTH = 30  # multipart nesting
MAX_DECODED_TEXT = 16 * 1024 * 1024  # decoded text bytes across all parts, for the reader
MAX_HTML_NESTING = 1000  # open block elements before HTML is shown as plain text

METADATA_SECONDS = 2.0  # listing one message: normal mail needs well under a millisecond
RENDER_SECONDS = 10.0  # rendering one message to read it
WORKER_MEMORY = 2 * 1024**3  # address space of the render worker, bytes
STARTUP_SECONDS = 60.0  # a cold interpreter on a busy machine
READY = "ready"

T = TypeVar("T")


class ParseTimeout(Exception):
    """Parsing or rendering a message ran past its time budget."""


class WorkerFailed(Exception):
    """The render worker raised, or died, on a message."""


class Deadline:
    """A cooperative time budget; `check()` raises ParseTimeout once it has run out."""

    __slots__ = ("clock", "end", "seconds")

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.clock = clock
        self.end = clock() + seconds

    def check(self) -> None:
        if self.clock() > self.end:
            raise ParseTimeout(f"parsing took longer than {self.seconds:g} s")


def _limit_memory() -> None:
    try:
        import resource
    except ImportError:  # not on Windows
        return
    with contextlib.suppress(ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft > WORKER_MEMORY:
            resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, hard))


def _serve(connection: Connection) -> None:
    """The child's loop: run each (function, args) it receives, send back the outcome."""
    _limit_memory()
    connection.send(READY)
    while True:
        try:
            function, args = connection.recv()
        except (EOFError, OSError):
            return
        try:
            outcome: tuple[bool, Any] = (True, function(*args))
        except Exception as error:  # reported to the parent, which decides
            outcome = (False, f"{type(error).__name__}: {error}"[:500])
        try:
            connection.send(outcome)
        except Exception as error:  # an unpicklable result: still answer
            connection.send((False, f"{type(error).__name__}: {error}"[:500]))


class ParseWorker:
    """One child process, started on first use, replaced after a timeout or a crash.

    Calls are serialised: the reader renders one message at a time. Where no child can be
    started at all (a host program whose main module a fresh interpreter cannot load),
    calls run in this process under the cooperative deadlines only, rather than never.
    """

    def __init__(self) -> None:
        # spawn: a fork of a process with Qt threads could inherit a held lock.
        self._context = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._process: Any = None
        self._connection: Connection | None = None
        self.in_process = False  # set once a child failed to start

    def call(self, function: Callable[..., T], *args: Any, timeout: float) -> T:
        with self._lock:
            connection = None if self.in_process else self._ensure()
            if connection is None:
                return _run_here(function, args)
            try:
                connection.send((function, args))
                ready = connection.poll(timeout)
            except (OSError, EOFError) as error:
                self._stop()
                raise WorkerFailed(f"the render worker stopped: {error}") from error
            if not ready:
                self._stop()
                raise ParseTimeout(f"rendering took longer than {timeout:g} s")
            try:
                ok, value = connection.recv()
            except (EOFError, OSError) as error:
                self._stop()
                raise WorkerFailed("the render worker stopped on this message") from error
        if not ok:
            raise WorkerFailed(value)
        return value

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _ensure(self) -> Connection | None:
        if self._process is not None and self._process.is_alive() and self._connection:
            return self._connection
        self._stop()
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child,), daemon=True,
                                        name="kizuna-render")
        process.start()
        child.close()
        self._process, self._connection = process, parent
        try:
            started = parent.poll(STARTUP_SECONDS) and parent.recv() == READY
        except (EOFError, OSError):
            started = False
        if not started:
            self._stop()
            self.in_process = True
            return None
        return parent

    def _stop(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._process is not None:
            self._process.kill()
            self._process.join()
        self._process = self._connection = None

    def close(self) -> None:
        with self._lock:
            self._stop()


def _run_here(function: Callable[..., T], args: tuple[Any, ...]) -> T:
    try:
        return function(*args)
    except ParseTimeout:
        raise
    except Exception as error:  # the same report a child would have sent
        raise WorkerFailed(f"{type(error).__name__}: {error}"[:500]) from error


_shared: ParseWorker | None = None
_shared_lock = threading.Lock()


def render_worker() -> ParseWorker:
    """The process-wide worker that renders messages for reading."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ParseWorker()
        return _shared
