"""The editable fields of a lead or contact, used to add a sender and to edit a card."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from app.ui.crm.common import lead_status

FIELDS = ("last_name", "first_name", "email", "phone", "mobile", "company", "title", "website",
          "address")
LEAD_STATUSES = ("new", "contacted", "qualified", "lost")


class PersonForm(QWidget):
    """Last name comes first: Japanese names are written family name first."""

    def __init__(self, with_status: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        labels = {
            "last_name": self.tr("Last name"), "first_name": self.tr("First name"),
            "email": self.tr("Email"), "phone": self.tr("Phone"), "mobile": self.tr("Mobile"),
            "company": self.tr("Company"), "title": self.tr("Title"),
            "website": self.tr("Website"), "address": self.tr("Address"),
        }
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.edits: dict[str, QLineEdit] = {}
        for name in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setAccessibleName(labels[name])
            self.edits[name] = edit
            layout.addRow(labels[name], edit)
        self.status: QComboBox | None = None
        if with_status:
            self.status = QComboBox()
            self.status.setAccessibleName(self.tr("Status"))
            for status in LEAD_STATUSES:
                self.status.addItem(lead_status(status), status)
            layout.addRow(self.tr("Status"), self.status)

    def set_values(self, values: dict[str, str]) -> None:
        for name, edit in self.edits.items():
            edit.setText(values.get(name, ""))
            edit.setCursorPosition(0)  # long values show their beginning
        if self.status is not None and values.get("status") in LEAD_STATUSES:
            self.status.setCurrentIndex(LEAD_STATUSES.index(values["status"]))

    def values(self) -> dict[str, str]:
        found = {name: edit.text().strip() for name, edit in self.edits.items()}
        if self.status is not None:
            found["status"] = self.status.currentData()
        return found
