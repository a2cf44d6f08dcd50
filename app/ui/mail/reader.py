"""The reading pane: one message, or its whole conversation, on one scrolling page.

Remote images load only after the user allowed them for a message (remembered for this
session) or for its sender (stored); the reader then attaches that message's browsers to
its fetcher. Every other message stays as blocked as before.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QVBoxLayout, QWidget

from app.errors import KizunaError
from app.services import mailbox
from app.services.types import MessageDetail, MessageSummary
from app.ui.mail.attachments import AttachmentList
from app.ui.mail.body_parts import BodyPart
from app.ui.mail.conversation import ConversationView
from app.ui.mail.headers import MessageHeaders
from app.ui.mail.message_view import MessageView, RemoteContentBar
from app.ui.mail.remote_images import Fetch, RemoteImageLoader, fetch_image
from app.ui.mail.source_view import SourceWindow
from app.ui.widgets.banner import Banner
from app.ui.widgets.placeholder import Placeholder


class MessageReader(QStackedWidget):
    remoteContentRequested = Signal(int)  # message id: show it again with remote content
    linkActivated = Signal(QUrl)
    linkHovered = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, parent: QWidget | None = None, fetch: Fetch = fetch_image) -> None:
        super().__init__(parent)
        self.message_id: int | None = None
        self.detail: MessageDetail | None = None
        self._conversation_wanted = False
        self._allowed: set[int] = set()  # messages the user allowed remote content for
        self.loader = RemoteImageLoader(self, fetch)

        self.placeholder = Placeholder(self.tr("Select a message to read it"))
        self.addWidget(self.placeholder)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        page = QWidget()
        page.setBackgroundRole(QPalette.ColorRole.Base)  # one sheet, like the parts on it
        page.setAutoFillBackground(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 6)
        self.single = self._new_view()
        layout.addWidget(self.single)
        self.conversation = ConversationView(self._load, self._render, self._new_view)
        self.conversation.hide()
        layout.addWidget(self.conversation)
        layout.addStretch(1)
        self.scroll.setWidget(page)
        self.addWidget(self.scroll)
        self.view = self.single  # the selected message's view

        self.source_action = QAction(self.tr("Message Sou&rce"), self)
        self.source_action.setShortcut(QKeySequence("Ctrl+U"))
        self.source_action.triggered.connect(lambda: self.show_source())
        self.addAction(self.source_action)  # the shortcut works with the menu closed
        self.conversation_action = QAction(self.tr("Show &Conversation"), self)
        self.conversation_action.setCheckable(True)
        self.conversation_action.toggled.connect(lambda _on: self._reshow())
        self._enable_actions()

    # The selected message's parts, by the names older callers use.
    @property
    def headers(self) -> MessageHeaders:
        return self.view.headers

    @property
    def warnings(self) -> Banner:
        return self.view.warnings

    @property
    def remote_bar(self) -> RemoteContentBar:
        return self.view.remote_bar

    @property
    def attachments(self) -> AttachmentList:
        return self.view.attachments

    @property
    def body(self) -> BodyPart:
        return self.view.body

    def remote_allowed(self, message_id: int) -> bool:
        """Whether the user allowed this message's remote content in this session."""
        return message_id in self._allowed

    def clear(self, hint: str | None = None) -> None:
        self.loader.detach_all()
        self.message_id = None
        self.detail = None
        self.single.parts.show_text("")
        self.conversation.clear()
        self.placeholder.setText(hint or self.tr("Select a message to read it"))
        self.setCurrentWidget(self.placeholder)
        self._enable_actions()

    def show_message(self, detail: MessageDetail, conversation: bool = False) -> None:
        """Show a message; with `conversation` (or View ▸ Show Conversation) its thread."""
        self.loader.detach_all()
        self.message_id = detail.id
        self.detail = detail
        self._conversation_wanted = conversation
        thread: list[MessageSummary] = []
        if (conversation or self.conversation_action.isChecked()) and detail.thread_id:
            thread = mailbox.thread_messages(detail.thread_id)
        if len(thread) > 1:
            self.single.hide()
            self.conversation.show()
            self.view = self.conversation.show_thread(thread, detail)
            QTimer.singleShot(0, self._scroll_to_selected)
        else:
            self.conversation.hide()
            self.conversation.clear()
            self.single.show()
            self.view = self.single
            self._render(self.single, detail)
            self.scroll.verticalScrollBar().setValue(0)
        self.setCurrentWidget(self.scroll)
        self._enable_actions()

    def show_source(self) -> None:
        if self.detail is None:
            return
        try:
            raw = mailbox.raw_source(self.detail.id)
        except KizunaError as error:
            self.statusMessage.emit(error.message())
            return
        window = SourceWindow(self.detail.subject, raw, self)
        window.show()

    # --- rendering --------------------------------------------------------------------------
    def _new_view(self) -> MessageView:
        view = MessageView()
        self._connect(view)
        return view

    def _connect(self, view: MessageView) -> None:
        view.remoteRequested.connect(self._allow_remote)
        view.linkActivated.connect(self.linkActivated)
        view.linkHovered.connect(self.linkHovered)
        view.statusMessage.connect(self.statusMessage)

    def _load(self, message_id: int) -> MessageDetail:
        return mailbox.show_message(message_id, allow_remote=self.remote_allowed(message_id))

    def _render(self, view: MessageView, detail: MessageDetail) -> None:
        fetch = detail.blocked_remote == 0 and self._may_fetch(detail)
        view.show_message(detail, self.loader.attach if fetch else None)

    def _may_fetch(self, detail: MessageDetail) -> bool:
        """The second lock: remote images only after the user's own allow."""
        if detail.id in self._allowed:
            return True
        try:
            return bool(detail.from_addr) and mailbox.sender_allows_remote(detail.from_addr)
        except KizunaError:
            return False

    def _allow_remote(self, message_id: int, always: bool) -> None:
        self._allowed.add(message_id)
        in_conversation = self.view is not self.single
        entry = self.conversation.entry(message_id) if in_conversation else None
        view = entry.view if entry is not None else self.view
        detail = view.detail if view is not None else None
        if always and detail is not None and detail.from_addr:
            try:
                mailbox.set_sender_allows_remote(detail.from_addr)
            except KizunaError as error:
                self.statusMessage.emit(error.message())
        if message_id == self.message_id:
            self.remoteContentRequested.emit(message_id)  # the window shows it again
        elif entry is not None:
            try:
                entry.show_detail(self._load(message_id))
            except KizunaError as error:
                self.statusMessage.emit(error.message())

    def _reshow(self) -> None:
        if self.detail is not None:
            self.show_message(self.detail, self._conversation_wanted)

    def _scroll_to_selected(self) -> None:
        if self.view.isVisible():
            self.scroll.ensureWidgetVisible(self.view.parentWidget() or self.view, 0, 0)

    def _enable_actions(self) -> None:
        self.source_action.setEnabled(self.detail is not None)
