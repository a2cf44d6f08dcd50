"""A thread read as a conversation: its messages oldest first, each a card that shows
sender, date and the first words until opened. The selected and the unread ones start open.
An opened card renders its message on its own, body parts in their own browsers, like the
single-message reader: nothing of two messages ever shares a document."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services.types import MessageDetail, MessageSummary
from app.ui.formatting import compact_date, person
from app.ui.mail.message_view import MessageView

MAX_MESSAGES = 100  # the newest of a longer thread; older ones are said to exist

Load = Callable[[int], MessageDetail]  # the detail of a message, rendered for reading
Render = Callable[[MessageView, MessageDetail], None]  # fill a view (remote images, links)
NewView = Callable[[], MessageView]  # a view wired to the reader


class ConversationEntry(QFrame):
    toggled = Signal(bool)

    def __init__(self, summary: MessageSummary, load: Load, render: Render, new_view: NewView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        self._load, self._render, self._new_view = load, render, new_view
        self.view: MessageView | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(4)
        self.header = QPushButton()
        self.header.setFlat(True)
        self.header.setCheckable(True)
        self.header.setStyleSheet("text-align: left; padding: 2px 0;")
        self.header.setCursor(Qt.CursorShape.PointingHandCursor)
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.header.toggled.connect(self.set_expanded)
        sender = person(summary.from_name, summary.from_addr) or self.tr("(unknown sender)")
        self.header.setText(f"{sender}    {compact_date(summary.timestamp)}")
        if "seen" not in summary.flags:
            font = QFont(self.header.font())
            font.setBold(True)
            self.header.setFont(font)
        layout.addWidget(self.header)
        self.snippet = QLabel(summary.snippet)
        self.snippet.setTextFormat(Qt.TextFormat.PlainText)
        self.snippet.setStyleSheet("color: palette(placeholder-text);")
        self.snippet.setWordWrap(False)
        # Cut at the card's edge: a long first line must not widen the whole page.
        self.snippet.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.snippet)
        self._body = QVBoxLayout()
        self._body.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._body)

    def expanded(self) -> bool:
        return self.view is not None and self.view.isVisible()

    def set_expanded(self, expanded: bool) -> None:
        if expanded and self.view is None:
            try:
                detail = self._load(self.summary.id)
            except KizunaError as error:
                self.snippet.setText(error.message())
                self.header.setChecked(False)
                return
            self.show_detail(detail)
        if self.view is not None:
            self.view.setVisible(expanded)
        self.snippet.setVisible(not expanded)
        if self.header.isChecked() != expanded:
            self.header.setChecked(expanded)
        self.toggled.emit(expanded)

    def show_detail(self, detail: MessageDetail) -> None:
        """(Re)render the message, e.g. once its remote images were allowed."""
        if self.view is None:
            self.view = self._new_view()
            self.view.headers.subject.hide()  # the conversation's title says it once
            self._body.addWidget(self.view)
        self._render(self.view, detail)
        self.view.setVisible(True)
        self.snippet.setVisible(False)
        self.header.setChecked(True)


class ConversationView(QWidget):
    def __init__(self, load: Load, render: Render, new_view: NewView,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._load, self._render, self._new_view = load, render, new_view
        self.entries: list[ConversationEntry] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self._layout.addWidget(self.title)
        self.earlier = QLabel()
        self.earlier.setStyleSheet("color: palette(placeholder-text);")
        self._layout.addWidget(self.earlier)

    def show_thread(self, messages: list[MessageSummary], selected: MessageDetail) -> MessageView:
        """The thread with `selected` open (already rendered by the caller's detail);
        returns the selected message's view."""
        self.clear()
        shown = messages[-MAX_MESSAGES:]
        if selected.id not in {m.id for m in shown}:  # an old message of a long thread
            shown = [m for m in messages if m.id == selected.id] + shown[1:]
        left_out = len(messages) - len(shown)
        self.earlier.setText(
            self.tr("{count} earlier messages are not shown").format(count=left_out)
        )
        self.earlier.setVisible(left_out > 0)
        self.title.setText(selected.subject or self.tr("(no subject)"))
        chosen: MessageView | None = None
        for summary in shown:
            entry = ConversationEntry(summary, self._load, self._render, self._new_view)
            self._layout.addWidget(entry)
            self.entries.append(entry)
            if summary.id == selected.id:
                entry.show_detail(selected)
                chosen = entry.view
            elif "seen" not in summary.flags:
                entry.set_expanded(True)
        assert chosen is not None
        return chosen

    def clear(self) -> None:
        for entry in self.entries:
            self._layout.removeWidget(entry)
            entry.deleteLater()
        self.entries = []

    def entry(self, message_id: int) -> ConversationEntry | None:
        return next((e for e in self.entries if e.summary.id == message_id), None)
