"""What the user does to the selected messages, as menu actions with keyboard shortcuts.

Shortcuts follow the common web and desktop clients so hands already know them:

    Mark as Read     Shift+I   (Gmail)          Star / Unstar    S     (Gmail, Thunderbird)
    Mark as Unread   Shift+U   (Gmail)          Archive          E     (Gmail)
    Move to Folder…  V         (Gmail)          Delete           Del

Single letters do not fire while a text field has focus (Qt gives the key to the field).
Every change is local first (the row updates at once, offline too) and reaches the server
with the next sync, which `changesQueued` asks for.

Opening an unread message marks it read after `mark_read_delay_ms` (0: at once; negative:
never), so stepping through a folder with the keyboard does not mark everything read.
A message whose body is still on the server is fetched in the background.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.errors import KizunaError
from app.services import actions, mailbox
from app.services.types import MessageDetail, MessageSummary
from app.ui.bridge import EngineBridge, SyncCancelled, spawn
from app.ui.dialogs.folder_picker import FolderPickerDialog
from app.ui.main_window import MainWindow

MARK_READ_DELAY_KEY = "mail/mark_read_delay_ms"
MARK_READ_DELAY_MS = 1000


class MessageActions(QObject):
    changesQueued = Signal(object)  # names of the accounts whose changes wait for a sync

    def __init__(self, window: MainWindow, bridge: EngineBridge) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.mark_read_delay_ms = int(
            window.settings.value(MARK_READ_DELAY_KEY, MARK_READ_DELAY_MS, type=int)
        )
        self.mark_read = self._action(self.tr("Mark as &Read"), "Shift+I",
                                      lambda: self._flag(actions.mark_read, True))
        self.mark_unread = self._action(self.tr("Mark as &Unread"), "Shift+U",
                                        lambda: self._flag(actions.mark_read, False))
        self.star = self._action(self.tr("&Star / Unstar"), "S", self._toggle_star)
        self.move = self._action(self.tr("&Move to Folder…"), "V", self.choose_folder)
        self.archive = self._action(self.tr("&Archive"), "E",
                                    lambda: self._apply(actions.archive_messages))
        self.delete = self._action(self.tr("&Delete"), "Del",
                                   lambda: self._apply(actions.delete_messages))
        self.menu = QMenu(self.tr("&Message"), window)
        for action in (self.mark_read, self.mark_unread, self.star):
            self.menu.addAction(action)
        self.menu.addSeparator()
        for action in (self.move, self.archive, self.delete):
            self.menu.addAction(action)
        window.menuBar().insertMenu(window.go_menu.menuAction(), self.menu)

        self.read_timer = QTimer(self)
        self.read_timer.setSingleShot(True)
        self.read_timer.timeout.connect(self._mark_opened_read)
        self._opened: MessageDetail | None = None
        window.messageOpened.connect(self._message_opened)
        window.message_view.selectionModel().selectionChanged.connect(self._update_enabled)
        window.message_model.modelReset.connect(self._update_enabled)
        self._update_enabled()

    def stop(self) -> None:
        """The app is closing: open messages are no longer marked or fetched."""
        self.window.messageOpened.disconnect(self._message_opened)
        self.read_timer.stop()

    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work with the menu closed
        return action

    # --- which messages ---------------------------------------------------------------------
    def selected(self) -> list[MessageSummary]:
        """The selected rows' messages; a conversation row stands for all its messages in
        this folder, a message shown under an open conversation for itself alone."""
        view, model = self.window.message_view, self.window.message_model
        rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
        if not rows and view.currentIndex().isValid():
            rows = [view.currentIndex().row()]
        chosen = [(r, m) for r, m in ((r, model.message(r)) for r in rows) if m is not None]
        if not self._threaded():
            return [m for _, m in chosen]
        messages: dict[int, MessageSummary] = {}
        for row, shown in chosen:
            if not model.is_conversation(row) or shown.thread_id is None:
                messages[shown.id] = shown
                continue
            for message in mailbox.thread_messages(shown.thread_id):
                if message.account == shown.account and message.folder == shown.folder:
                    messages[message.id] = message
        return list(messages.values())

    def _threaded(self) -> bool:
        return self.window.threaded_action.isChecked() and not self.window.search.query()

    def _update_enabled(self) -> None:
        view = self.window.message_view
        some = view.selectionModel().hasSelection() or view.currentIndex().isValid()
        for action in (self.mark_read, self.mark_unread, self.star, self.move, self.archive,
                       self.delete):
            action.setEnabled(some)

    # --- the actions ------------------------------------------------------------------------
    def _flag(self, function: Callable[..., actions.ActionResult], on: bool) -> None:
        messages = self.selected()
        if messages:
            spawn(self._change(messages, function, on))

    def _toggle_star(self) -> None:
        messages = self.selected()
        if messages:
            starred = all("flagged" in m.flags for m in messages)
            spawn(self._change(messages, actions.mark_starred, not starred))

    def _apply(self, function: Callable[..., actions.ActionResult]) -> None:
        messages = self.selected()
        if messages:
            spawn(self._change(messages, function))

    def choose_folder(self) -> None:
        messages = self.selected()
        if not messages:
            return
        accounts = {m.account for m in messages}
        here = {(m.account, m.folder) for m in messages}
        folders = [f for f in mailbox.list_folders()
                   if f.account in accounts and (f.account, f.name) not in here]
        if len(accounts) != 1 or not folders:
            self._say(self.tr("Messages can only be moved within one account."))
            return
        dialog = FolderPickerDialog(folders, self.window)
        if dialog.exec() and dialog.chosen() is not None:
            spawn(self._change(messages, actions.move_messages, dialog.chosen()))

    async def _change(self, messages: list[MessageSummary],
                      function: Callable[..., actions.ActionResult], *args: object) -> None:
        try:
            await self.bridge.change(function, [m.id for m in messages], *args)
        except SyncCancelled:
            return
        except KizunaError as error:
            self._say(error.message())
            return
        self.changesQueued.emit({m.account for m in messages})

    def _say(self, text: str) -> None:
        self.window.statusBar().showMessage(text)

    # --- opening a message ------------------------------------------------------------------
    def _message_opened(self, detail: MessageDetail) -> None:
        self.read_timer.stop()
        self._opened = detail
        if "seen" not in detail.flags and self.mark_read_delay_ms >= 0:
            self.read_timer.start(self.mark_read_delay_ms)
        if not detail.body_available:
            self.window.reader.body.setPlainText(self.tr("Downloading this message…"))
            spawn(self._fetch_body(detail))

    def _mark_opened_read(self) -> None:
        detail = self._opened
        if detail is not None and self.window.reader.message_id == detail.id:
            spawn(self._change([detail], actions.mark_read, True))

    async def _fetch_body(self, detail: MessageDetail) -> None:
        try:
            found = await self.bridge.fetch_body(detail.account, detail.id)
        except SyncCancelled:
            return
        except KizunaError as error:
            note = self.tr(
                "Only the headers of this message are on this computer, and the rest could "
                "not be downloaded:\n{error}\n\nIt will be downloaded when the server can be "
                "reached again."
            ).format(error=error.message())
            self._note(detail.id, note)
            return
        if self.window.reader.message_id != detail.id:
            return  # the user moved on; the body is stored for next time
        if found:
            self.window.open_message(detail.id)
        else:
            self._note(detail.id, self.tr(
                "Only the headers of this message are on this computer; the server no longer "
                "has the rest."
            ))

    def _note(self, message_id: int, text: str) -> None:
        if self.window.reader.message_id == message_id:
            self.window.reader.body.setPlainText(text)
