"""One message as the reader shows it: headers, warnings, the remote-content bar,
attachments, and the body parts, each in its own browser."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.errors import KizunaError
from app.services import mailbox
from app.services.types import MessageDetail
from app.ui.mail.attachments import AttachmentList
from app.ui.mail.body_parts import BodyPart, BodyParts
from app.ui.mail.headers import MessageHeaders
from app.ui.widgets.banner import Banner

Prepare = Callable[[BodyPart], None]  # called on each browser before its HTML is set
MAX_BUTTON_ADDRESS = 30  # characters of the sender's address on the "Always from" button


class RemoteContentBar(Banner):
    """“Remote images were blocked”, with two ways to allow them."""

    alwaysTriggered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("notice", "…", parent)
        assert self.button is not None
        self.button.setText(self.tr("Load remote content"))
        self.button.setToolTip(self.tr("Show the remote images of this message only"))
        self.always_button = QPushButton()
        self.always_button.clicked.connect(self.alwaysTriggered)
        # The sentence above, the two choices under it: a narrow pane still shows both.
        layout = self.layout()
        assert isinstance(layout, QBoxLayout)
        layout.removeWidget(self.button)
        layout.setDirection(QBoxLayout.Direction.TopToBottom)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.always_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_blocked(self, count: int, sender: str) -> None:
        shown = sender if len(sender) <= MAX_BUTTON_ADDRESS else (
            sender[: MAX_BUTTON_ADDRESS - 12] + "…" + sender[-11:]
        )
        self.always_button.setText(self.tr("Always from {sender}").format(sender=shown))
        # Escaped and forced to rich text: a tooltip would otherwise render markup.
        self.always_button.setToolTip("<p>{}</p>".format(html.escape(
            self.tr("Load remote images in every message from {sender}").format(sender=sender)
        )))
        self.always_button.setVisible(bool(sender))
        self.show_text(
            self.tr("Remote images were blocked to protect your privacy: {count}").format(
                count=count
            )
            if count > 0
            else ""
        )


class MessageView(QWidget):
    remoteRequested = Signal(int, bool)  # message id, always from its sender
    linkActivated = Signal(QUrl)
    linkHovered = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: MessageDetail | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.headers = MessageHeaders()
        layout.addWidget(self.headers)
        self.warnings = Banner("warning")
        layout.addWidget(self.warnings)
        self.remote_bar = RemoteContentBar()
        self.remote_bar.actionTriggered.connect(lambda: self._allow(always=False))
        self.remote_bar.alwaysTriggered.connect(lambda: self._allow(always=True))
        layout.addWidget(self.remote_bar)
        self.attachments = AttachmentList()
        self.attachments.statusMessage.connect(self.statusMessage)
        layout.addWidget(self.attachments)
        self.parts = BodyParts()
        self.parts.linkActivated.connect(self.linkActivated)
        self.parts.linkHovered.connect(self.linkHovered)
        layout.addWidget(self.parts)

    @property
    def body(self) -> BodyPart:
        """The first part: where notes such as “Downloading this message…” go."""
        return self.parts.parts[0]

    def show_message(self, detail: MessageDetail, prepare: Prepare | None = None) -> None:
        self.detail = detail
        self.headers.show_message(detail)
        self.warnings.show_text("\n".join(f"⚠ {w.message}" for w in detail.warnings))
        self.remote_bar.show_blocked(detail.blocked_remote, detail.from_addr)
        self.attachments.show_attachments(
            detail.id, [a for a in detail.attachments if not a.inline]
        )
        self._show_body(detail, prepare)

    def _show_body(self, detail: MessageDetail, prepare: Prepare | None) -> None:
        if not detail.body_available:
            self.parts.show_text(
                self.tr("Only the headers of this message have been downloaded so far.")
            )
        elif detail.parse_error:
            self.parts.show_text(
                self.tr("This message could not be read: {error}").format(error=detail.parse_error)
            )
        elif detail.html_parts:
            message_id = detail.id

            def inline(content_id: str) -> bytes | None:
                try:
                    return mailbox.inline_image(message_id, content_id)
                except KizunaError:  # the message went away while shown
                    return None

            self.parts.show_html(detail.html_parts, inline, prepare)
        else:
            self.parts.show_text(detail.text)

    def _allow(self, always: bool) -> None:
        if self.detail is not None:
            self.remoteRequested.emit(self.detail.id, always)
