"""What the CRM screens share: plain labels, money, dates, and the words for kinds,
stages and statuses (stored in English, shown in the user's language)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

from app.ui.formatting import short_datetime
from app.ui.palette import set_text_tone

_CURRENCY_SIGNS = {"JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}


def money(amount: str | None, currency: str) -> str:
    if amount is None:
        return ""
    try:
        value = Decimal(amount)
    except InvalidOperation:
        return f"{amount} {currency}"
    digits = 0 if currency == "JPY" or value == value.to_integral() else 2
    text = f"{value:,.{digits}f}"
    sign = _CURRENCY_SIGNS.get(currency)
    return f"{sign}{text}" if sign else f"{text} {currency}"


def timestamp(iso_text: str | None) -> int | None:
    if not iso_text:
        return None
    return int(dt.datetime.fromisoformat(iso_text).timestamp())


def when(iso_text: str | None) -> str:
    moment = timestamp(iso_text)
    return short_datetime(moment) if moment is not None else ""


def activity_kind(kind: str) -> str:
    names = {
        "task": QCoreApplication.translate("Crm", "Task"),
        "event": QCoreApplication.translate("Crm", "Event"),
        "call": QCoreApplication.translate("Crm", "Call"),
        "note": QCoreApplication.translate("Crm", "Note"),
    }
    return names.get(kind, kind)


def lead_status(status: str) -> str:
    names = {
        "new": QCoreApplication.translate("Crm", "New"),
        "contacted": QCoreApplication.translate("Crm", "Contacted"),
        "qualified": QCoreApplication.translate("Crm", "Qualified"),
        "lost": QCoreApplication.translate("Crm", "Lost"),
        "converted": QCoreApplication.translate("Crm", "Converted"),
    }
    return names.get(status, status)


def stage_name(stage: str) -> str:
    """The default stages in the user's language; stages the user named stay as named."""
    names = {
        "Qualification": QCoreApplication.translate("Crm", "Qualification"),
        "Needs Analysis": QCoreApplication.translate("Crm", "Needs Analysis"),
        "Proposal": QCoreApplication.translate("Crm", "Proposal"),
        "Negotiation": QCoreApplication.translate("Crm", "Negotiation"),
        "Closed Won": QCoreApplication.translate("Crm", "Closed Won"),
        "Closed Lost": QCoreApplication.translate("Crm", "Closed Lost"),
    }
    return names.get(stage, stage)


def label(text: str, *, bold: bool = False, scale: float = 1.0, muted: bool = False) -> QLabel:
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)  # CRM fields often come from mail
    widget.setWordWrap(True)
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold or scale != 1.0:
        font = widget.font()
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() * scale)
        widget.setFont(font)
    if muted:
        mute(widget)
    return widget


class ElidedLabel(QLabel):
    """One line that ends in … when the pane is narrow, the whole text in its tooltip.

    Wrapping Japanese text costs about a millisecond a label when a card is shown; a
    timeline has dozens of lines, so they are cut instead of wrapped.
    """

    clicked = Signal()

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setToolTip(text)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(self.alignment()), shown)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


def line(text: str, *, bold: bool = False, muted: bool = False,
         link: bool = False) -> ElidedLabel:
    widget = ElidedLabel(text)
    if bold:
        font = widget.font()
        font.setBold(True)
        widget.setFont(font)
    if muted:
        mute(widget)
    if link:
        widget.setForegroundRole(QPalette.ColorRole.Link)
        widget.setCursor(Qt.CursorShape.PointingHandCursor)
        font = widget.font()
        font.setUnderline(True)
        widget.setFont(font)
    return widget


def mute(widget: QWidget) -> None:
    """Secondary text, in the palette's placeholder colour."""
    set_text_tone(widget, "muted")


def error_label() -> QLabel:
    widget = label("")
    set_text_tone(widget, "error")
    widget.hide()
    return widget


def heading(layout: QBoxLayout, text: str) -> QLabel:
    layout.addSpacing(10)
    widget = label(text, bold=True)
    layout.addWidget(widget)
    return widget


def row(*widgets: QWidget, stretch: bool = True) -> QWidget:
    holder = QWidget()
    line = QHBoxLayout(holder)
    line.setContentsMargins(0, 0, 0, 0)
    line.setSpacing(4)
    for widget in widgets:
        line.addWidget(widget)
    if stretch:
        line.addStretch(1)
    return holder


def replace_content(area: QScrollArea, content: QWidget) -> None:
    """Show `content` in the area; the old content is deleted once control is back in the
    event loop, because the click that asked for the change may have come from inside it."""
    old = area.takeWidget()
    area.setWidget(content)
    if old is not None:
        old.hide()
        old.deleteLater()


class Panel(QFrame):
    """A quiet box around an inline form, so it reads as one step. Painted in the palette's
    Mid colour rather than styled: a style sheet keeps the colour it had when applied,
    so a switch of theme would leave a light border on a dark window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)  # its width keeps the contents clear

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)


def panel() -> QFrame:
    return Panel()
