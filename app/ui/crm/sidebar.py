"""The CRM sidebar beside the open message: who the sender is in the user's own records.

Known sender: the record's card, open deals and recent activity. Unknown sender: the
address and the buttons that will add them (enabled by the CRM issue that implements them).
Each section is a small builder so the CRM work can add cards and actions in place.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.formatting import full_name, short_datetime
from app.ui.widgets.placeholder import Placeholder

if TYPE_CHECKING:  # the service hands these over; the UI never calls the CRM package itself
    from app.crm.lookup import LookupResult
    from app.crm.records import ActivityView, DealView, RecordView

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


def _when(iso_text: str | None) -> str:
    if not iso_text:
        return ""
    return short_datetime(int(dt.datetime.fromisoformat(iso_text).timestamp()))


def _label(text: str, *, bold: bool = False, scale: float = 1.0, muted: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # CRM fields often come from mail
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold or scale != 1.0:
        font = label.font()
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
    if muted:
        label.setStyleSheet("color: palette(placeholder-text);")
    return label


class CrmSidebar(QStackedWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(220)
        self.placeholder = Placeholder(self.tr("Open a message to see who sent it"))
        self.addWidget(self.placeholder)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.addWidget(self.scroll)
        self.add_lead: QPushButton | None = None
        self.add_contact: QPushButton | None = None

    def clear(self) -> None:
        self.setCurrentWidget(self.placeholder)

    def show_sender(self, name: str, address: str, crm: LookupResult | None) -> None:
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(6)
        self.add_lead = self.add_contact = None
        if crm is not None and crm.record is not None:
            self._known(layout, crm)
        else:
            self._unknown(layout, name, address)
        layout.addStretch(1)
        self.scroll.setWidget(content)  # the old content is deleted with its widget
        self.setCurrentWidget(self.scroll)

    def _known(self, layout: QVBoxLayout, crm: LookupResult) -> None:
        record = crm.record
        assert record is not None
        kind = self.tr("Contact") if record.kind == "contact" else self.tr("Lead")
        layout.addWidget(_label(kind.upper(), muted=True))
        layout.addWidget(_label(full_name(record.last_name, record.first_name), bold=True,
                                scale=1.3))
        self._card(layout, record)
        if record.kind == "contact":
            self._heading(layout, self.tr("Deals"))
            self._deals(layout, crm.deals)
        self._heading(layout, self.tr("Recent activity"))
        self._activities(layout, crm.activities)

    def _card(self, layout: QVBoxLayout, record: RecordView) -> None:
        for text in (
            " · ".join(part for part in (record.title, record.company) if part),
            record.phone,
            record.mobile,
            record.email,
        ):
            if text:
                layout.addWidget(_label(text))

    def _deals(self, layout: QVBoxLayout, deals: list[DealView]) -> None:
        if not deals:
            layout.addWidget(_label(self.tr("No deals yet"), muted=True))
        for deal in deals:
            layout.addWidget(_label(deal.name, bold=True))
            details = [deal.stage, money(deal.amount, deal.currency)]
            if deal.close_date:
                details.append(self.tr("closes {date}").format(date=deal.close_date))
            layout.addWidget(_label(" · ".join(d for d in details if d), muted=True))

    def _activities(self, layout: QVBoxLayout, activities: list[ActivityView]) -> None:
        if not activities:
            layout.addWidget(_label(self.tr("Nothing logged yet"), muted=True))
        kinds = {
            "task": self.tr("Task"),
            "event": self.tr("Event"),
            "call": self.tr("Call"),
            "note": self.tr("Note"),
        }
        for activity in activities:
            when = _when(activity.due or activity.start)
            head = " · ".join(p for p in (kinds.get(activity.kind, activity.kind), when) if p)
            layout.addWidget(_label(head, muted=True))
            layout.addWidget(_label(activity.subject))

    def _unknown(self, layout: QVBoxLayout, name: str, address: str) -> None:
        layout.addWidget(_label(self.tr("NOT IN YOUR CRM"), muted=True))
        # The address is who wrote; the display name is only what they call themselves.
        layout.addWidget(_label(address, bold=True, scale=1.15))
        if name and name.strip().lower() != address.lower():
            layout.addWidget(_label(name))
        layout.addSpacing(8)
        self.add_lead = QPushButton(self.tr("Add as lead"))
        self.add_contact = QPushButton(self.tr("Add as contact"))
        for button in (self.add_lead, self.add_contact):
            button.setEnabled(False)
            button.setToolTip(self.tr("Coming soon"))
            layout.addWidget(button)

    def _heading(self, layout: QVBoxLayout, text: str) -> None:
        layout.addSpacing(10)
        layout.addWidget(_label(text, bold=True))
