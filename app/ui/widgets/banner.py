"""A tinted strip above content: a warning, or a notice with one action button.

Its colours are the palette's window and text colours tinted with the tone's hue, so the
strip reads on light and dark themes alike."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.palette import background_color, border_color, set_text_tone


class Banner(QFrame):
    actionTriggered = Signal()

    def __init__(self, tone: str, action_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{tone}Banner")
        palette = self.palette()
        self.setStyleSheet(
            f"#{tone}Banner {{ background: {background_color(palette, tone).name()};"
            f" border: 1px solid {border_color(palette, tone).name()}; border-radius: 4px; }}"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setStyleSheet("background: transparent; border: none;")
        set_text_tone(self.label, tone)
        layout.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(action_text)
            self.button.clicked.connect(self.actionTriggered)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(bool(text))
