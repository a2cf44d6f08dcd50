"""What the CRM screens share: plain labels, money, dates, and the words for kinds,
stages and statuses (stored in English, shown in the user's language)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QWidget

from app.ui.formatting import short_datetime

_CURRENCY_SIGNS = {"JPY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}
CONTEXT = "Crm"


def tr(text: str) -> str:
    """Qt's translation for words shared by several CRM widgets."""
    return QCoreApplication.translate(CONTEXT, text)


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
    return {"task": tr("Task"), "event": tr("Event"), "call": tr("Call"),
            "note": tr("Note")}.get(kind, kind)


def lead_status(status: str) -> str:
    return {"new": tr("New"), "contacted": tr("Contacted"), "qualified": tr("Qualified"),
            "lost": tr("Lost"), "converted": tr("Converted")}.get(status, status)


def stage_name(stage: str) -> str:
    """The default stages in the user's language; stages the user named stay as named."""
    return {"Qualification": tr("Qualification"), "Needs Analysis": tr("Needs Analysis"),
            "Proposal": tr("Proposal"), "Negotiation": tr("Negotiation"),
            "Closed Won": tr("Closed Won"), "Closed Lost": tr("Closed Lost")}.get(stage, stage)


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
        widget.setStyleSheet("color: palette(placeholder-text);")
    return widget


def error_label() -> QLabel:
    widget = label("")
    widget.setStyleSheet("color: #b3261e;")
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


def panel() -> QFrame:
    """A quiet box around an inline form, so it reads as one step."""
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    frame.setStyleSheet("QFrame#crmPanel { border: 1px solid palette(mid); border-radius: 4px; }")
    frame.setObjectName("crmPanel")
    return frame
