"""The reading pane: headers, warnings, the remote-content bar, attachments and the body."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.services.types import AttachmentView, MessageDetail
from app.ui.formatting import human_size
from app.ui.mail.headers import MessageHeaders
from app.ui.widgets.banner import Banner
from app.ui.widgets.placeholder import Placeholder
from app.ui.widgets.safe_browser import SafeTextBrowser


class MessageReader(QStackedWidget):
    remoteContentRequested = Signal(int)  # message id
    linkActivated = Signal(QUrl)
    linkHovered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_id: int | None = None
        self.placeholder = Placeholder(self.tr("Select a message to read it"))
        self.addWidget(self.placeholder)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 6)
        self.headers = MessageHeaders()
        layout.addWidget(self.headers)
        self.warnings = Banner("warning")
        layout.addWidget(self.warnings)
        self.remote_bar = Banner("notice", self.tr("Load remote content"))
        self.remote_bar.actionTriggered.connect(self._allow_remote)
        layout.addWidget(self.remote_bar)
        self.attachments = QLabel()
        self.attachments.setTextFormat(Qt.TextFormat.PlainText)
        self.attachments.setWordWrap(True)
        self.attachments.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.attachments)
        self.body = SafeTextBrowser()
        self.body.anchorClicked.connect(self.linkActivated)
        self.body.highlighted.connect(lambda url: self.linkHovered.emit(url.toString()))
        layout.addWidget(self.body, 1)
        self.addWidget(page)

    def clear(self, hint: str | None = None) -> None:
        self.message_id = None
        self.body.clear()
        self.placeholder.setText(hint or self.tr("Select a message to read it"))
        self.setCurrentWidget(self.placeholder)

    def show_message(self, detail: MessageDetail) -> None:
        self.message_id = detail.id
        self.headers.show_message(detail)
        self.warnings.show_text("\n".join(f"⚠ {w.message}" for w in detail.warnings))
        self.remote_bar.show_text(
            self.tr("Remote images were blocked to protect your privacy: {count}").format(
                count=detail.blocked_remote
            )
            if detail.blocked_remote > 0
            else ""
        )
        self._show_attachments([a for a in detail.attachments if not a.inline])
        self._show_body(detail)
        self.setCurrentIndex(1)

    def _show_attachments(self, attachments: list[AttachmentView]) -> None:
        names = [
            f"{a.filename or self.tr('(unnamed)')} ({human_size(a.size)})" for a in attachments
        ]
        self.attachments.setText(self.tr("Attachments: ") + ",  ".join(names) if names else "")
        self.attachments.setVisible(bool(names))

    def _show_body(self, detail: MessageDetail) -> None:
        if not detail.body_available:
            self.body.setPlainText(
                self.tr("Only the headers of this message have been downloaded so far.")
            )
        elif detail.parse_error:
            self.body.setPlainText(
                self.tr("This message could not be read: {error}").format(error=detail.parse_error)
            )
        elif detail.html:
            self.body.setHtml(detail.html)
        else:
            self.body.setPlainText(detail.text)
        self.body.verticalScrollBar().setValue(0)

    def _allow_remote(self) -> None:
        if self.message_id is not None:
            self.remoteContentRequested.emit(self.message_id)
