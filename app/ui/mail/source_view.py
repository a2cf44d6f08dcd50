"""View ▸ Message Source: the stored bytes of a message, as text and nothing more.

Shown in a plain-text editor, read-only and monospace, so no byte of it is ever taken as
markup; bytes that are not UTF-8 show as the replacement character.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget

MAX_SOURCE_BYTES = 32 * 1024 * 1024  # a bigger message is shown this far


def source_text(raw: bytes, limit: int = MAX_SOURCE_BYTES) -> tuple[str, int]:
    """The text to show and how many bytes were left out."""
    shown = raw[:limit]
    text = shown.decode("utf-8", "replace").replace("\x00", "\ufffd")
    return text, len(raw) - len(shown)


class SourceWindow(QWidget):
    def __init__(self, subject: str, raw: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Source of “{subject}”").format(
            subject=subject or self.tr("(no subject)")
        ))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setAccessibleName(self.tr("Message source"))
        text, left_out = source_text(raw)
        if left_out:
            text += "\n\n" + self.tr("[{count} more bytes not shown]").format(count=left_out)
        self.text.setPlainText(text)
        layout.addWidget(self.text)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.resize(900, 700)
