"""When mail is synced, and what the status bar says about it.

Sync runs on start, every `interval` minutes, on "Sync Now" (F5), soon after the user
changes messages (so the change reaches the server), and when an IDLE watcher on an IMAP
inbox hears of new mail. One sync per account at a time; a request during a sync runs once
more after it. While the servers cannot be reached the window says "Offline" and retries
with growing pauses; changes keep waiting in the replay queue meanwhile.

F5 rather than Ctrl+R: Ctrl+R is Reply in Thunderbird and Outlook.
"""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QProgressBar

from app.errors import KizunaError
from app.sync.accounts import get_account, list_accounts
from app.sync.errors import ServerUnavailable
from app.sync.imap.idle import InboxWatcher
from app.sync.progress import SyncProgress
from app.ui.bridge import EngineBridge, SyncCancelled, spawn
from app.ui.main_window import MainWindow
from app.ui.palette import set_text_tone

INTERVAL_KEY = "sync/interval_minutes"
INTERVAL_MINUTES = 10  # IDLE brings inbox mail at once; this catches the other folders
PUSH_DELAY_MS = 1500  # a burst of key presses goes out in one sync
RETRY_FIRST_S = 15
IDLE_CHECK_S = 1.0  # how soon a stopped watcher notices; also bounds the wait at quit
STOP_WAIT_S = 10.0
SYNCED_PROTOCOLS = ("imap", "pop3")
log = logging.getLogger(__name__)


class SyncController(QObject):
    activityChanged = Signal()  # syncing, online/offline or the last error changed
    accountSynced = Signal(str)  # a sync of this account stored what the server had

    def __init__(self, window: MainWindow, bridge: EngineBridge, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.online: bool | None = None  # None until a server has answered or failed
        self.errors: dict[str, KizunaError] = {}  # per account, cleared by a good sync
        self.last_error: KizunaError | None = None
        self.watchers: dict[str, tuple[InboxWatcher, asyncio.Task]] = {}
        self._tasks: dict[str, asyncio.Task] = {}
        self._again: set[str] = set()
        self._unreachable: set[str] = set()
        self._pushing: set[str] = set()
        self._retry_s = RETRY_FIRST_S

        self.sync_action = QAction(self.tr("&Sync Now"), window)
        self.sync_action.setShortcut(QKeySequence("F5"))
        self.sync_action.triggered.connect(lambda _checked=False: self.sync_now())
        window.file_menu.insertAction(window.quit_action, self.sync_action)
        window.file_menu.insertSeparator(window.quit_action)
        window.addAction(self.sync_action)

        self.activity = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.network = QLabel()
        self.error_label = QLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        set_text_tone(self.error_label, "error")
        self.error_label.setMaximumWidth(460)
        status = window.statusBar()
        for widget in (self.error_label, self.activity, self.progress, self.network):
            status.addPermanentWidget(widget)

        self.interval_minutes = settings.value(INTERVAL_KEY, INTERVAL_MINUTES, type=int)
        self.timer = QTimer(self)  # 0 minutes: only on request and on new mail
        self.timer.setInterval(max(1, self.interval_minutes) * 60_000)
        self.timer.timeout.connect(self.sync_now)
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self._retry)
        self.push_timer = QTimer(self)
        self.push_timer.setSingleShot(True)
        self.push_timer.setInterval(PUSH_DELAY_MS)
        self.push_timer.timeout.connect(self._push)
        bridge.syncProgress.connect(self._progress)
        self._show_state()

    # --- starting and stopping --------------------------------------------------------------
    def start(self) -> None:
        self.sync_now()
        self.watch_inboxes()
        if self.interval_minutes > 0:
            self.timer.start()

    def set_interval(self, minutes: int) -> None:
        self.interval_minutes = minutes
        self.timer.setInterval(max(1, minutes) * 60_000)
        if minutes > 0:
            self.timer.start()
        else:
            self.timer.stop()

    def accounts(self) -> list[str]:
        return [a.name for a in list_accounts() if a.protocol in SYNCED_PROTOCOLS]

    def watch_inboxes(self) -> None:
        """An IDLE watcher per IMAP account (new accounts included), none for removed ones."""
        imap = {a.name for a in list_accounts() if a.protocol == "imap"}
        for name in set(self.watchers) - imap:
            self._unwatch(name)
        for name in imap - set(self.watchers):
            watcher = InboxWatcher(get_account(name), lambda n=name: self.sync_now(n),
                                   check_seconds=IDLE_CHECK_S)
            self.watchers[name] = (watcher, spawn(watcher.run()))

    def _unwatch(self, name: str) -> None:
        watcher, _task = self.watchers.pop(name)
        watcher.stop()

    async def stop(self) -> None:
        """Stop timers and watchers; waits for the watchers' connections to close."""
        for timer in (self.timer, self.retry_timer, self.push_timer):
            timer.stop()
        tasks = [task for _watcher, task in self.watchers.values()]
        for name in list(self.watchers):
            self._unwatch(name)
        if tasks:  # each notices stop() within its check interval
            await asyncio.wait(tasks, timeout=STOP_WAIT_S)

    # --- syncing ----------------------------------------------------------------------------
    def sync_now(self, account: str | None = None) -> None:
        for name in [account] if account else self.accounts():
            if name in self._tasks:
                self._again.add(name)
            else:
                self._tasks[name] = spawn(self._sync(name))
        self._show_state()

    def push_changes(self, accounts: set[str]) -> None:
        """Local changes wait in the replay queue; send them with a sync shortly."""
        self._pushing |= accounts
        self.push_timer.start()

    def _push(self) -> None:
        accounts, self._pushing = self._pushing, set()
        for name in accounts:
            self.sync_now(name)

    def _retry(self) -> None:
        for name in list(self._unreachable):
            self.sync_now(name)

    def syncing(self) -> bool:
        return bool(self._tasks)

    async def _sync(self, name: str) -> None:
        try:
            while True:
                self._again.discard(name)
                try:
                    await self.bridge.sync(name)
                except SyncCancelled:
                    return
                except KizunaError as error:
                    self._failed(name, error)
                else:
                    self._succeeded(name)
                if name not in self._again:
                    return
        finally:
            del self._tasks[name]
            self._show_state()

    def _succeeded(self, name: str) -> None:
        self.errors.pop(name, None)
        self._unreachable.discard(name)
        if not self.errors:
            self.last_error = None
        self.online = True
        self._retry_s = RETRY_FIRST_S
        self.accountSynced.emit(name)

    def _failed(self, name: str, error: KizunaError) -> None:
        self.errors[name] = self.last_error = error
        if not isinstance(error, ServerUnavailable):
            self.online = True  # the server answered: the settings or the password are wrong
        else:
            self._unreachable.add(name)
            if self._unreachable >= set(self.accounts()):
                self.online = False
            if not self.retry_timer.isActive():
                self.retry_timer.start(self._retry_s * 1000)
                self._retry_s = min(self._retry_s * 2, self.timer.interval() // 1000)
        log.info("sync of %s failed: %s", name, error.english)

    # --- the status bar ---------------------------------------------------------------------
    def _progress(self, event: SyncProgress) -> None:
        if event.account not in self._tasks:
            return  # a late event from a sync that has just ended
        where = f"{event.account} · {event.folder}" if event.folder else event.account
        if event.phase in ("headers", "bodies") and event.total > 0:
            text = (self.tr("Downloading {where}") if event.phase == "headers"
                    else self.tr("Downloading messages in {where}")).format(where=where)
            self.progress.setRange(0, event.total)
            self.progress.setValue(event.done)
            self.progress.setFormat(self.tr("{done} of {total}").format(
                done=f"{event.done:,}", total=f"{event.total:,}"))
            self.progress.show()
        else:
            text = self.tr("Checking {where}").format(where=where)
            self.progress.hide()
        self.activity.setText(text)

    def _show_state(self) -> None:
        if not self._tasks:
            self.activity.setText("")
            self.progress.hide()
        elif not self.activity.text():
            self.activity.setText(self.tr("Checking for mail…"))
        if self.online is None:
            self.network.setText("")
        elif self.online:
            self.network.setText(self.tr("Online"))
        else:
            self.network.setText(self.tr("Offline"))
        self.network.setToolTip(
            self.tr("Changes you make are kept and sent when the server can be reached.")
            if self.online is False else ""
        )
        error = self.last_error
        text = error.message() if error is not None else ""
        self.error_label.setToolTip(text)
        metrics = self.error_label.fontMetrics()
        self.error_label.setText(
            metrics.elidedText(text, Qt.TextElideMode.ElideRight, self.error_label.maximumWidth())
        )
        self.error_label.setVisible(bool(text))
        self.activityChanged.emit()
