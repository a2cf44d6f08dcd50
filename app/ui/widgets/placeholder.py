"""An empty state: a quiet centred sentence that tells the user what to do next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.palette import set_text_tone

MARGIN = 24


class Placeholder(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setMargin(MARGIN)
        set_text_tone(self, "muted")  # a palette, so a switch of theme recolours it
