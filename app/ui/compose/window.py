"""The compose window: From, To/Cc/Bcc with completion, Subject, a plain-text body and
attachments; Send (Ctrl+Return) queues in the outbox, Save Draft (Ctrl+S).

The draft saves itself a few seconds after the user stops typing, and at least every few
seconds while they keep typing, so a crash loses only the last seconds. Saves run from
timers, never inside a keystroke. Nothing the user wrote is lost to a refused send: the
reason shows in the window and the fields stay as they are.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services import addressbook, compose, drafts
from app.services.compose import AttachmentRef, ComposeData
from app.ui.bridge import SyncCancelled, spawn
from app.ui.compose.address_field import AddressField, Lookup
from app.ui.compose.attachments import AttachmentList
from app.ui.widgets.banner import Banner

AUTOSAVE_IDLE_MS = 3000  # after the last change
AUTOSAVE_MAX_MS = 5000  # at most this long between saves while the user keeps typing
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
# Runs a blocking service call elsewhere and awaits its result (EngineBridge.call's shape).
Runner = Callable[..., Awaitable[Any]]


def local_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]


class ComposeWindow(QMainWindow):
    queued = Signal(int)  # outbox entry id: the message is on its way
    closed = Signal()  # the window is going away

    def __init__(self, data: ComposeData, parent: QWidget | None = None,
                 lookup: Lookup = addressbook.complete, runner: Runner | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAcceptDrops(True)
        self.base = data  # what the fields do not show: mode, reply source, draft id
        self.dirty = False  # changed since the last save
        self.edited = False  # changed by the user since opening or an explicit save
        self.finished = False  # sent or discarded: closing asks nothing
        self.busy = False  # being queued
        self.runner = runner
        self.confirm_close: Callable[[], str] = self._ask_on_close
        self._build(lookup)
        self._fill(data)
        self._idle_timer = self._timer(AUTOSAVE_IDLE_MS)
        self._max_timer = self._timer(AUTOSAVE_MAX_MS)
        for field in (self.to, self.cc, self.bcc, self.subject):
            field.textEdited.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self.from_box.currentIndexChanged.connect(self._changed)
        self.attachments.changed.connect(self._changed)
        self.subject.textChanged.connect(self._retitle)
        self._retitle()
        self.resize(820, 680)

    # --- building -------------------------------------------------------------------------
    def _build(self, lookup: Lookup) -> None:
        self.send_action = self._action(self.tr("&Send"), "Ctrl+Return", self.send)
        self.save_action = self._action(self.tr("Save &Draft"), "Ctrl+S", self.save_draft)
        self.attach_action = self._action(self.tr("&Attach Files…"), "Ctrl+Shift+A",
                                          self.choose_files)
        toolbar = self.addToolBar(self.tr("Compose"))
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.send_action, self.save_action, self.attach_action):
            toolbar.addAction(action)
        menu = self.menuBar().addMenu(self.tr("&Message"))
        for action in (self.send_action, self.save_action, self.attach_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self._action(self.tr("&Close"), "Ctrl+W", self.close))

        self.from_box = QComboBox()
        self.to = AddressField(lookup)
        self.cc = AddressField(lookup)
        self.bcc = AddressField(lookup)
        self.subject = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("From:"), self.from_box)
        form.addRow(self.tr("To:"), self.to)
        form.addRow(self.tr("Cc:"), self.cc)
        form.addRow(self.tr("Bcc:"), self.bcc)
        form.addRow(self.tr("Subject:"), self.subject)
        self.error = Banner("warning")
        self.body = QPlainTextEdit()
        self.body.setAccessibleName(self.tr("Message text"))
        # A file dropped on the text attaches it instead of pasting its address.
        self.body.viewport().installEventFilter(self)
        self.attachments = AttachmentList()
        self.attachments.addRequested.connect(self.choose_files)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.attachments)
        self.setCentralWidget(page)

    def _action(self, text: str, shortcut: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.autosave)
        return timer

    def set_autosave(self, idle_ms: int, max_ms: int) -> None:
        self._idle_timer.setInterval(idle_ms)
        self._max_timer.setInterval(max_ms)

    def _fill(self, data: ComposeData) -> None:
        for choice in compose.sending_accounts():
            self.from_box.addItem(choice.label, choice.name)
        index = self.from_box.findData(data.account)
        if index < 0 and data.account:
            self.from_box.addItem(data.account, data.account)
            index = self.from_box.count() - 1
        self.from_box.setCurrentIndex(max(index, 0))
        self.to.set_addresses(data.to)
        self.cc.set_addresses(data.cc)
        self.bcc.set_addresses(data.bcc)
        self.subject.setText(data.subject)
        self.body.setPlainText(data.text)
        self.attachments.set_refs(data.attachments)
        cursor = self.body.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Start)  # above the quote
        self.body.setTextCursor(cursor)
        (self.body if data.to else self.to).setFocus()

    def _retitle(self) -> None:
        subject = self.subject.text().strip()
        self.setWindowTitle(subject or self.tr("New Message"))

    # --- the content ----------------------------------------------------------------------
    def data(self) -> ComposeData:
        base = self.base
        return ComposeData(
            account=self.from_box.currentData() or base.account, to=self.to.addresses(),
            cc=self.cc.addresses(), bcc=self.bcc.addresses(), subject=self.subject.text(),
            text=self.body.toPlainText(), attachments=self.attachments.refs(), mode=base.mode,
            source_id=base.source_id, in_reply_to=base.in_reply_to,
            references=list(base.references), draft_id=base.draft_id,
        )

    def _changed(self, *_args: object) -> None:
        self.dirty = self.edited = True
        self._idle_timer.start()  # restarted by each change
        if not self._max_timer.isActive():
            self._max_timer.start()

    def show_error(self, text: str) -> None:
        self.error.show_text(text)

    # --- saving ---------------------------------------------------------------------------
    def autosave(self) -> None:
        if self.dirty and not self.finished:
            self._save(still_open=True)

    def save_draft(self) -> bool:
        """Save Draft (Ctrl+S): also what closing the window will not ask about."""
        if self._save(still_open=True):
            self.edited = False
            return True
        return False

    def _save(self, still_open: bool) -> bool:
        self._idle_timer.stop()
        self._max_timer.stop()
        try:
            saved = drafts.save_draft(self.data(), open=still_open)
        except KizunaError as error:
            self.show_error(error.message())
            return False
        self.base.draft_id = saved.draft_id
        self.attachments.set_refs(saved.attachments)
        self.dirty = False
        self.error.show_text("")
        return True

    def save_for_quit(self) -> None:
        """The app is stopping: keep what is there, offered again at the next start."""
        if self.dirty and not self.finished:
            self._save(still_open=True)

    # --- sending --------------------------------------------------------------------------
    def send(self) -> None:
        """Queue the message: on `runner`'s thread when there is one (building a message
        with large attachments takes a noticeable moment), else here."""
        if self.busy:
            return
        self._idle_timer.stop()
        self._max_timer.stop()
        data = self.data()
        if self.runner is None:
            try:
                entry_id = compose.send(data)
            except KizunaError as error:
                self.show_error(error.message())
                return
            self._sent(entry_id)
            return
        self._set_busy(True)
        spawn(self._send_off_thread(data))

    async def _send_off_thread(self, data: ComposeData) -> None:
        assert self.runner is not None
        try:
            entry_id = await self.runner(compose.send, data)
        except (KizunaError, SyncCancelled) as error:
            self._set_busy(False)
            if isinstance(error, KizunaError):
                self.show_error(error.message())
            return
        self._set_busy(False)
        self._sent(entry_id)

    def _set_busy(self, busy: bool) -> None:
        """While the message is being queued nothing may change: it would be lost."""
        self.busy = busy
        self.centralWidget().setEnabled(not busy)
        for action in (self.send_action, self.save_action, self.attach_action):
            action.setEnabled(not busy)

    def _sent(self, entry_id: int) -> None:
        self.finished = True
        self.queued.emit(entry_id)
        self.close()

    # --- attachments ----------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _filter = QFileDialog.getOpenFileNames(self, self.tr("Attach Files"))
        self.attach_paths(paths)

    def attach_paths(self, paths: list[str]) -> None:
        for path in paths:
            try:
                ref: AttachmentRef = compose.attach_file(Path(path))
            except KizunaError as error:
                self.show_error(error.message())
                continue
            self.attachments.add(ref)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event)
        if files:
            event.acceptProposedAction()
            self.attach_paths(files)
        else:
            super().dropEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and local_files(event):
            event.acceptProposedAction()
            return True
        if event.type() == QEvent.Type.Drop and local_files(event):
            self.dropEvent(event)
            return True
        return super().eventFilter(watched, event)

    # --- closing --------------------------------------------------------------------------
    def _ask_on_close(self) -> str:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Save Draft?"),
                          self.tr("Save this message as a draft before closing?"),
                          parent=self)
        save = box.addButton(self.tr("&Save Draft"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            return
        if not self.finished and self.edited:
            choice = self.confirm_close()
            if choice == CANCEL:
                event.ignore()
                return
            if choice == SAVE and not self._save(still_open=False):
                event.ignore()  # the reason shows in the window; nothing is lost
                return
            if choice == DISCARD:
                self.discard()
        elif not self.finished and self.base.draft_id is not None:
            if self.dirty:
                self._save(still_open=False)
            drafts.close_draft(self.base.draft_id)
        self._idle_timer.stop()
        self._max_timer.stop()
        self.finished = True
        super().closeEvent(event)
        self.closed.emit()

    def discard(self) -> None:
        if self.base.draft_id is not None:
            drafts.discard_draft(self.base.draft_id)
        self.finished = True
