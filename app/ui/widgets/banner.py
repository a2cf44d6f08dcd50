"""A tinted strip above content: a warning, or a notice with one action button.

Its colours are the palette's window and text colours tinted with the tone's hue, so the
strip reads on light and dark themes alike; painted, not styled, so a switch of theme while
the app runs repaints it in the new colours."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.palette import background_color, border_color, set_text_tone


class Banner(QFrame):
    actionTriggered = Signal()

    def __init__(self, tone: str, action_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tone = tone
        self.setObjectName(f"{tone}Banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        set_text_tone(self.label, tone)
        layout.addWidget(self.label, 1)
        self.button: QPushButton | None = None
        if action_text:
            self.button = QPushButton(action_text)
            self.button.clicked.connect(self.actionTriggered)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.setPen(QPen(border_color(palette, self.tone), 1))
        painter.setBrush(background_color(palette, self.tone))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(bool(text))
