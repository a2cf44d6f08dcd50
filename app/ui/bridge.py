"""Engine calls off the UI thread, and the engine's plain events as Qt signals.

The services block (imapclient, poplib, SQLite), so every call runs in an executor and the
window only awaits it. Executors are single-thread "lanes":
- one sync lane per account: imapclient is not thread-safe and a sync must never overlap
  with another sync of the same account;
- one body lane per account: opening a message whose body is still on the server must not
  wait behind a long initial sync (each lane opens its own connection);
- one local lane for mark/move/delete: they only write the database, and doing it here
  keeps the window responsive while a sync thread holds SQLite's write lock.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from app.errors import KizunaError
from app.services import actions, mailbox
from app.services.sync import AccountSyncResult, sync_accounts
from app.services.types import FolderSummary
from app.sync.progress import SyncProgress

_T = TypeVar("_T")
LOCAL_LANE = ("local", "")
log = logging.getLogger(__name__)


def spawn(coroutine: Coroutine[object, object, _T]) -> asyncio.Task[_T]:
    """Run a coroutine on the window's loop; a bug inside it is logged, not lost."""
    task = asyncio.ensure_future(coroutine)
    task.add_done_callback(_log_failure)
    return task


def _log_failure(task: asyncio.Task) -> None:
    if task.cancelled() or isinstance(task.exception(), SyncCancelled | None):
        return
    log.error("background task failed", exc_info=task.exception())


class SyncCancelled(Exception):
    """Raised inside a sync's progress callback to stop it when the app quits.

    The engine commits chunk by chunk and writes folder state last, so stopping between two
    progress events loses nothing; the next sync resumes.
    """


class EngineBridge(QObject):
    syncStarted = Signal(str)  # account name
    syncProgress = Signal(object)  # SyncProgress, delivered on the UI thread
    syncFinished = Signal(str, object)  # account name, list[AccountSyncResult]
    syncFailed = Signal(str, object)  # account name, KizunaError
    messagesChanged = Signal(object)  # ids of messages a local action changed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lanes: dict[tuple[str, str], ThreadPoolExecutor] = {}
        self._closing = threading.Event()

    def _lane(self, key: tuple[str, str]) -> ThreadPoolExecutor:
        executor = self._lanes.get(key)
        if executor is None:
            executor = self._lanes[key] = ThreadPoolExecutor(
                max_workers=1, thread_name_prefix=f"kizuna-{key[0]}-{key[1]}"
            )
        return executor

    async def call(self, key: tuple[str, str], function: Callable[..., _T], *args: object) -> _T:
        if self._closing.is_set():
            raise SyncCancelled("the application is closing")
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._lane(key), partial(function, *args))

    async def sync(self, account: str) -> list[AccountSyncResult]:
        """One sync pass of `account`; failures are announced and re-raised typed."""
        loop = asyncio.get_running_loop()

        def progress(event: SyncProgress) -> None:  # on the sync thread
            if self._closing.is_set():
                raise SyncCancelled("the application is closing")
            loop.call_soon_threadsafe(self.syncProgress.emit, event)

        self.syncStarted.emit(account)
        try:
            results = await self.call(("sync", account), sync_accounts, account, progress)
        except KizunaError as error:
            self.syncFailed.emit(account, error)
            raise
        self.syncFinished.emit(account, results)
        return results

    async def fetch_body(self, account: str, message_id: int) -> bool:
        return await self.call(("body", account), actions.ensure_body, message_id)

    async def folders(self) -> list[FolderSummary]:
        """Folder counts scan every message: read them off the UI thread."""
        return await self.call(LOCAL_LANE, mailbox.list_folders)

    async def change(self, function: Callable[..., actions.ActionResult], ids: list[int],
                     *args: object) -> actions.ActionResult:
        """A local action (mark, move, delete, archive) on `ids`, then announce the change."""
        result = await self.call(LOCAL_LANE, function, ids, *args)
        self.messagesChanged.emit(ids)
        return result

    def shutdown(self) -> None:
        """Stop taking work; a running sync stops at its next progress event."""
        self._closing.set()
        for executor in self._lanes.values():
            executor.shutdown(wait=False, cancel_futures=True)
        self._lanes.clear()
