"""Watching INBOX with IDLE, from an asyncio loop.

imapclient blocks and is not thread-safe, so the watcher owns one connection and one worker
thread: every call on that connection runs in the watcher's single-thread executor, never on
the loop's thread. The loop only waits, and calls `on_new_mail` when the server reports new
messages; the caller decides what to do then (usually start a sync).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import imapclient
from imapclient.exceptions import IMAPClientError

from app.errors import KizunaError
from app.models.mail import Account
from app.sync.imap.account_sync import open_client

# RFC 2177: servers may drop an IDLE after 30 minutes, so it is renewed well before.
REIDLE_SECONDS = 25 * 60
# How long one wait for the server may block the worker; also how quickly stop() is noticed.
CHECK_SECONDS = 5.0
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 300.0
_NEW_MAIL = (b"EXISTS", b"RECENT")
_T = TypeVar("_T")


class ConnectionDropped(Exception):
    """The server closed the connection while we were idling."""


class InboxWatcher:
    def __init__(
        self,
        account: Account,
        on_new_mail: Callable[[], None],
        *,
        on_error: Callable[[Exception], None] | None = None,
        reidle_seconds: float = REIDLE_SECONDS,
        check_seconds: float = CHECK_SECONDS,
    ) -> None:
        self.account = account
        self.on_new_mail = on_new_mail
        self.on_error = on_error  # e.g. for a status line; the watcher retries by itself
        self.reidle_seconds = reidle_seconds
        self.check_seconds = check_seconds
        self.idling = asyncio.Event()  # set while an IDLE is in progress (tests wait on it)
        self.idle_count = 0  # IDLE commands issued, renewals included
        self.last_error: Exception | None = None
        self._stopping = asyncio.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kizuna-idle")
        self._client: imapclient.IMAPClient | None = None

    async def run(self) -> None:
        """Watch until stop(); connection problems are retried with growing pauses."""
        backoff = BACKOFF_FIRST
        connected_before = False
        try:
            while not self._stopping.is_set():
                try:
                    await self._call(self._connect)
                    backoff = BACKOFF_FIRST
                    if connected_before:  # mail may have come while we were away
                        self.on_new_mail()
                    connected_before = True
                    await self._watch()
                except (OSError, IMAPClientError, KizunaError, ConnectionDropped) as error:
                    self.last_error = error
                    self.idling.clear()
                    if self.on_error is not None:
                        self.on_error(error)
                    await self._call(self._close)
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._stopping.wait(), backoff)
                    backoff = min(backoff * 2, BACKOFF_MAX)
        finally:
            self.idling.clear()
            await self._call(self._close)
            self._executor.shutdown(wait=False)

    def stop(self) -> None:
        """Ask run() to end; it returns within about `check_seconds`."""
        self._stopping.set()

    async def _call(self, function: Callable[[], _T]) -> _T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, function)

    async def _watch(self) -> None:
        while not self._stopping.is_set():
            await self._call(self._start_idle)
            self.idle_count += 1
            self.idling.set()
            renew_at = time.monotonic() + self.reidle_seconds
            while not self._stopping.is_set() and time.monotonic() < renew_at:
                wait = min(self.check_seconds, max(0.0, renew_at - time.monotonic()))
                responses = await self._call(lambda w=wait: self._check(w))
                if any(_is_new_mail(r) for r in responses):
                    self.on_new_mail()
            self.idling.clear()
            responses = await self._call(self._end_idle)
            if any(_is_new_mail(r) for r in responses):
                self.on_new_mail()

    # --- on the worker thread only -----------------------------------------------------------

    def _connect(self) -> None:
        self._client = open_client(self.account)
        self._client.select_folder("INBOX", readonly=True)

    def _start_idle(self) -> None:
        assert self._client is not None
        self._client.idle()

    def _check(self, timeout: float) -> list[tuple]:
        assert self._client is not None
        started = time.monotonic()
        responses = self._client.idle_check(timeout=timeout)
        # imapclient swallows EOF and returns nothing at once: an empty answer well before
        # the timeout means the socket was closed.
        early = time.monotonic() - started < timeout / 2
        if any(r[:1] == (b"BYE",) for r in responses) or (not responses and early):
            raise ConnectionDropped("the server closed the IDLE connection")
        return responses

    def _end_idle(self) -> list[tuple]:
        assert self._client is not None
        _, responses = self._client.idle_done()
        return responses

    def _close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.shutdown()


def _is_new_mail(response: tuple) -> bool:
    return len(response) >= 2 and response[1] in _NEW_MAIL
