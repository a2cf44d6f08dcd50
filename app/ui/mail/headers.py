"""The header block above a message: subject, sender with the real address, recipients, date.

Every value is set as plain text: names and subjects come from strangers and must never be
interpreted as markup.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.services.types import MessageDetail, PersonAddress
from app.ui.formatting import full_date, person


def _value_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def people(addresses: list[PersonAddress]) -> str:
    return ", ".join(person(a.name, a.addr) for a in addresses)


class MessageHeaders(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.subject = _value_label()
        font = self.subject.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.subject.setFont(font)
        layout.addWidget(self.subject)

        self.form = QFormLayout()
        self.form.setHorizontalSpacing(10)
        self.form.setVerticalSpacing(2)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addLayout(self.form)
        self.sender_name = _value_label()
        bold = self.sender_name.font()
        bold.setBold(True)
        self.sender_name.setFont(bold)
        self.sender_name.setWordWrap(False)  # the address beside it wraps instead
        self.sender_address = _value_label()
        sender = QWidget()
        sender_row = QHBoxLayout(sender)
        sender_row.setContentsMargins(0, 0, 0, 0)
        sender_row.addWidget(self.sender_name)
        sender_row.addWidget(self.sender_address, 1)
        self.to, self.cc, self.date = _value_label(), _value_label(), _value_label()
        self.form.addRow(self._caption(self.tr("From:")), sender)
        self.form.addRow(self._caption(self.tr("To:")), self.to)
        self.form.addRow(self._caption(self.tr("Cc:")), self.cc)
        self.form.addRow(self._caption(self.tr("Date:")), self.date)

    def _caption(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setStyleSheet("color: palette(placeholder-text);")
        return label

    def show_message(self, detail: MessageDetail) -> None:
        self.subject.setText(detail.subject or self.tr("(no subject)"))
        # The name can claim anything; the address line under it is what really sent it.
        self.sender_name.setText(detail.from_name or detail.from_addr)
        self.sender_address.setText(f"<{detail.from_addr}>")
        self.sender_address.setVisible(bool(detail.from_name))
        self.to.setText(people(detail.to) or self.tr("(no recipients)"))
        self.cc.setText(people(detail.cc))
        self.form.setRowVisible(self.cc, bool(detail.cc))
        self.date.setText(full_date(detail.timestamp))
