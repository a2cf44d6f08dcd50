"""New Message, Reply, Reply All, Forward and Drafts… in the main window, the compose
windows they open, and Undo after Send.

Sending only queues: the outbox sends after the account's delay (another part of the
window flushes it; `messageQueued` tells it). During that delay the status bar offers
Undo (also Ctrl+Z), which takes the message back out of the outbox and reopens it.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import threading
import time
from collections.abc import Awaitable, Callable

import peewee as pw
from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from app.errors import KizunaError
from app.services import addressbook, compose, drafts, outbox
from app.services.compose import ComposeData
from app.services.outbox import CancelledMessage
from app.services.types import MessageDetail
from app.ui.bridge import LOCAL_LANE, EngineBridge, SyncCancelled, spawn
from app.ui.compose.bars import RecoveryBar, UndoBar
from app.ui.compose.drafts_dialog import DraftsDialog
from app.ui.compose.window import ComposeWindow
from app.ui.main_window import MainWindow


def _warm() -> None:
    with contextlib.suppress(KizunaError, pw.PeeweeException):
        addressbook.warm()


def _seconds_until(iso: str) -> float:
    """Seconds from now until an ISO 8601 UTC time ("...Z")."""
    parsed = time.strptime(iso.removesuffix("Z")[:19], "%Y-%m-%dT%H:%M:%S")
    return calendar.timegm(parsed) - time.time()


class ComposeController(QObject):
    messageQueued = Signal(int)  # outbox entry id, emitted after queueing
    messageCancelled = Signal(int)  # outbox entry id, taken back out by Undo

    def __init__(self, window: MainWindow, bridge: EngineBridge) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.windows: list[ComposeWindow] = []
        self.new_action = self._action(self.tr("&New Message"), "Ctrl+N", self.new_message)
        self.reply_action = self._action(self.tr("&Reply"), "Ctrl+R",
                                         lambda: self.reply("reply"))
        self.reply_all_action = self._action(self.tr("Reply &All"), "Ctrl+Shift+R",
                                             lambda: self.reply("all"))
        self.forward_action = self._action(self.tr("&Forward"), "Ctrl+L",
                                           lambda: self.reply("forward"))
        self.drafts_action = self._action(self.tr("&Drafts…"), "", self.show_drafts)
        self.undo_action = self._action(self.tr("&Undo Send"), "Ctrl+Z", self.undo)
        self.undo_action.setEnabled(False)
        self.menu = QMenu(self.tr("&Compose"), window)
        for action in (self.new_action, self.reply_action, self.reply_all_action,
                       self.forward_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.drafts_action)
        self.menu.addAction(self.undo_action)
        window.menuBar().insertMenu(window.go_menu.menuAction(), self.menu)
        window.file_menu.insertAction(window.quit_action, self.new_action)
        window.file_menu.insertSeparator(window.quit_action)

        self.undo_bar = UndoBar()
        self.undo_bar.undoRequested.connect(self._undo_entry)
        self.undo_bar.stopped.connect(lambda: self.undo_action.setEnabled(False))
        self.recovery_bar = RecoveryBar()
        self.recovery_bar.actionTriggered.connect(self.reopen_left_open)
        self.recovery_bar.dismissed.connect(self._forget_left_open)
        status = window.statusBar()
        status.addPermanentWidget(self.recovery_bar)
        status.addPermanentWidget(self.undo_bar)

        self._opened: MessageDetail | None = None
        window.messageOpened.connect(self._message_opened)
        window.message_model.modelReset.connect(self._update_enabled)
        self._update_enabled()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.save_all)
        QTimer.singleShot(0, self, self.offer_recovery)  # once the window is up
        self._warming: threading.Thread | None = None

    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work with the menu closed
        return action

    def _message_opened(self, detail: MessageDetail) -> None:
        self._opened = detail
        self._update_enabled()

    def _update_enabled(self) -> None:
        opened = self.window.reader.message_id is not None
        for action in (self.reply_action, self.reply_all_action, self.forward_action):
            action.setEnabled(opened)

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text)

    def _warm_addressbook(self) -> None:
        """Completion's first build reads all mail (about a second at 100k messages): start
        it when the first compose window opens, off the window's thread. A plain thread,
        not the event loop: nothing waits for it, and a keystroke that comes first simply
        waits for the build to finish."""
        if self._warming is None:
            self._warming = threading.Thread(target=_warm, name="kizuna-addressbook",
                                             daemon=True)
            self._warming.start()

    def _run_local(self, function: Callable[..., object], *args: object) -> Awaitable[object]:
        return self.bridge.call(LOCAL_LANE, function, *args)

    # --- opening compose windows -------------------------------------------------------------
    def open_compose(self, data: ComposeData) -> ComposeWindow:
        self._warm_addressbook()
        compose_window = ComposeWindow(data, self.window, runner=self._run_local)
        compose_window.queued.connect(self._queued)
        compose_window.closed.connect(lambda: self._forget(compose_window))
        self.windows.append(compose_window)
        compose_window.show()
        compose_window.raise_()
        compose_window.activateWindow()
        return compose_window

    def _forget(self, compose_window: ComposeWindow) -> None:
        if compose_window in self.windows:
            self.windows.remove(compose_window)

    def new_message(self) -> ComposeWindow | None:
        try:
            return self.open_compose(compose.start_new())
        except KizunaError as error:
            self._say(error.message())
            return None

    def reply(self, mode: str) -> asyncio.Task | None:
        detail = self._opened
        if detail is None or self.window.reader.message_id != detail.id:
            return None
        return spawn(self._reply(detail, mode))

    async def _reply(self, detail: MessageDetail, mode: str) -> ComposeWindow | None:
        try:
            if not detail.body_available and not await self._fetch_body(detail):
                self._say(self.tr("Only the headers of this message are on this computer: "
                                  "the reply quotes nothing and a forward has no attachments."))
            # The original is parsed (HTML converted) in the render worker: off this thread.
            data = await self.bridge.call(LOCAL_LANE, compose.start_reply, detail.id, mode)
        except SyncCancelled:
            return None
        except KizunaError as error:
            self._say(error.message())
            return None
        return self.open_compose(data)

    async def _fetch_body(self, detail: MessageDetail) -> bool:
        """The whole message, to quote or forward it; False offline or without a copy."""
        try:
            return await self.bridge.fetch_body(detail.account, detail.id)
        except KizunaError:
            return False

    @Slot(object)
    def open_cancelled(self, message: CancelledMessage) -> ComposeWindow:
        """A message taken back out of the outbox, in a compose window again."""
        return self.open_compose(compose.from_cancelled(message))

    def open_draft(self, draft_id: int) -> ComposeWindow | None:
        for compose_window in self.windows:
            if compose_window.base.draft_id == draft_id:
                compose_window.raise_()
                compose_window.activateWindow()
                return compose_window
        try:
            return self.open_compose(drafts.load_draft(draft_id))
        except KizunaError as error:
            self._say(error.message())
            return None

    def show_drafts(self) -> DraftsDialog:
        dialog = DraftsDialog(self.window)
        dialog.openRequested.connect(self.open_draft)
        dialog.open()
        return dialog

    # --- after Send: undo ----------------------------------------------------------------------
    def _queued(self, entry_id: int) -> None:
        self.messageQueued.emit(entry_id)
        try:
            seconds = _seconds_until(outbox.get_entry(entry_id).send_after)
        except KizunaError:
            return
        self.undo_bar.start(entry_id, seconds)
        self.undo_action.setEnabled(self.undo_bar.entry_id is not None)
        self._say(self.tr("Message queued in the outbox."))

    def undo(self) -> None:
        if self.undo_bar.entry_id is not None:
            self.undo_bar.undoRequested.emit(self.undo_bar.entry_id)

    def _undo_entry(self, entry_id: int) -> None:
        self.undo_bar.stop()
        try:
            cancelled = outbox.cancel(entry_id)
        except KizunaError as error:
            self._say(self.tr("Too late to undo: {reason}").format(reason=error.message()))
            return
        self.messageCancelled.emit(entry_id)
        self.open_cancelled(cancelled)
        self._say(self.tr("Sending undone. The message is open again."))

    # --- crash recovery ------------------------------------------------------------------------
    def _left_open(self) -> list[int]:
        held = {w.base.draft_id for w in self.windows}
        return [d.id for d in drafts.list_drafts(open_only=True) if d.id not in held]

    def offer_recovery(self) -> None:
        try:
            count = len(self._left_open())
        except KizunaError:
            return
        if count:
            self.recovery_bar.show_text(self.tr(
                "{count} unsent messages were open when Kizuna last stopped."
            ).format(count=count))

    def reopen_left_open(self) -> None:
        self.recovery_bar.hide()
        for draft_id in self._left_open():
            self.open_draft(draft_id)

    def _forget_left_open(self) -> None:
        for draft_id in self._left_open():
            drafts.close_draft(draft_id)

    def save_all(self) -> None:
        """The app is quitting: unsaved typing is kept, offered again at the next start."""
        for compose_window in list(self.windows):
            compose_window.save_for_quit()
