"""One thread with its own asyncio loop, where all outbox work runs: sending and reading.

flush_async is asyncio code, but not only network waits: each state change is a durable
SQLite commit (an fsync), the password comes from the keyring, the TLS context reads the CA
bundle, and a write waits up to SQLite's busy timeout while a sync holds the write lock.
Listing the outbox reads every entry's bytes. On the window's loop any of these would
freeze the window; here only this thread waits. The window's loop awaits the results.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import Future
from typing import TypeVar

from app.models.base import database_proxy

_T = TypeVar("_T")
JOIN_S = 5.0


class OutboxLane:
    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._pending: set[Future] = set()
        self._closed = False

    def running(self) -> bool:
        return self._thread is not None

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:  # started on first use
            self._loop = asyncio.new_event_loop()
            # A daemon: a server that never answers must not keep the process alive at exit.
            self._thread = threading.Thread(target=self._loop.run_forever,
                                            name="kizuna-outbox", daemon=True)
            self._thread.start()
        return self._loop

    async def run(self, coroutine: Coroutine[object, object, _T]) -> _T:
        """Await `coroutine` run on the lane; cancelling the caller cancels it there too."""
        if self._closed:  # quitting: whoever asks now is cancelled, quietly
            coroutine.close()
            raise asyncio.CancelledError
        future = asyncio.run_coroutine_threadsafe(coroutine, self._running_loop())
        self._pending.add(future)  # only touched on the caller's thread
        try:
            return await asyncio.wrap_future(future)
        finally:
            self._pending.discard(future)

    async def call(self, function: Callable[..., _T], *args: object) -> _T:
        async def call() -> _T:
            return function(*args)

        return await self.run(call())

    async def stop(self, timeout: float) -> None:
        """Let running work finish for up to `timeout` seconds, cancel the rest, end the
        thread. A message cancelled mid-send stays `sending` and goes again next time."""
        self._closed = True
        if self._loop is None:
            return
        pending = [asyncio.wrap_future(f) for f in self._pending]
        if pending:
            await asyncio.wait(pending, timeout=timeout)
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(_wind_down(), loop))
        loop.call_soon_threadsafe(loop.stop)
        await asyncio.to_thread(thread.join, JOIN_S)
        if not thread.is_alive():
            loop.close()


async def _wind_down() -> None:
    """On the lane: cancel what is still running and let it close its connections."""
    late = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in late:
        task.cancel()
    if late:
        await asyncio.wait(late, timeout=JOIN_S)
    # The thread's SQLite connection is its own (peewee keeps one per thread).
    if database_proxy.obj is not None and not database_proxy.is_closed():
        database_proxy.close()
