"""Customer mail (the seeds' "email magnet"): all mail from and to the people in the CRM,
newest first; double-click a message to read it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QPushButton, QWidget

from app.services.crm_mail import PAGE, customer_mail
from app.ui.crm.list_page import ListPage
from app.ui.crm.table_model import Column, RowRole
from app.ui.formatting import compact_date, person


def _who(row: Any) -> str:
    return ", ".join(p.name for p in row.people)


class CustomerMailPage(ListPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        columns = [
            Column(self.tr("Date"), lambda r: compact_date(r.message.timestamp),
                   sort=lambda r: r.message.timestamp),
            Column(self.tr("Customer"), _who),
            Column(self.tr("From"), lambda r: person(r.message.from_name, r.message.from_addr)),
            Column(self.tr("Subject"), lambda r: r.message.subject),
            Column(self.tr("Folder"), lambda r: r.message.folder),
        ]
        super().__init__(columns, parent=parent)
        self.detail.hide()  # a message is read in the mail window, not beside the list
        self.more = QPushButton(self.tr("Show older mail"))
        self.more.clicked.connect(self.load_more)
        self.more.hide()
        self.layout().addWidget(self.more)
        self.table.doubleClicked.connect(self._open)

    def fetch(self, query: str) -> list[Any]:
        rows = customer_mail()
        self.more.setVisible(len(rows) == PAGE)
        return rows

    def load_more(self) -> None:
        rows = self.model.rows
        if not rows:
            return
        last = rows[-1].message
        older = customer_mail(before=(last.timestamp, last.id))
        self.more.setVisible(len(older) == PAGE)
        self.model.set_rows(rows + older)

    def detail_widget(self, row: Any) -> QWidget:
        return QWidget()

    def empty_text(self) -> str:
        return self.tr("No mail from or to your leads and contacts yet")

    def _open(self, index: QModelIndex) -> None:
        row = index.data(RowRole)
        if row is not None:
            self.messageRequested.emit(row.message.id)
