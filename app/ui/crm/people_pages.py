"""Leads, contacts and companies: lists with the card of the selected one beside them."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services import crm
from app.ui.crm.common import heading, label, lead_status, money, stage_name
from app.ui.crm.list_page import ListPage
from app.ui.crm.record_panel import RecordPanel, load_card
from app.ui.crm.table_model import Column
from app.ui.formatting import full_name

if TYPE_CHECKING:
    from app.crm.records import CompanyView, RecordView


def _name(record: RecordView) -> str:
    return full_name(record.last_name, record.first_name) or record.email


def person_columns(kind: str) -> list[Column]:
    columns = [
        Column(QCoreApplication.translate("Crm", "Name"), _name),
        Column(QCoreApplication.translate("Crm", "Company"), lambda r: r.company),
        Column(QCoreApplication.translate("Crm", "Title"), lambda r: r.title),
        Column(QCoreApplication.translate("Crm", "Email"), lambda r: r.email),
        Column(QCoreApplication.translate("Crm", "Phone"), lambda r: r.phone or r.mobile),
    ]
    if kind == "lead":
        status = QCoreApplication.translate("Crm", "Status")
        columns.append(Column(status, lambda r: lead_status(r.status)))
    return columns


class PeoplePage(ListPage):
    """Leads or contacts; the selected one's card can be worked on right here."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        hint = (self.tr("Search leads: name, company, email")
                if kind == "lead" else self.tr("Search contacts: name, company, email"))
        super().__init__(person_columns(kind), hint, parent)
        self.kind = kind

    def fetch(self, query: str) -> list[Any]:
        return crm.list_records(self.kind + "s", query=query or None)

    def detail_widget(self, row: Any) -> QWidget:
        panel = RecordPanel(load_card(row.id))
        panel.changed.connect(self._changed)
        panel.messageRequested.connect(self.messageRequested)
        return panel

    def empty_text(self) -> str:
        if self.kind == "lead":
            return self.tr("No leads yet. Open a mail from a prospect and choose “Add as lead”.")
        return self.tr("No contacts yet. Open a customer's mail and choose “Add as contact”.")


class CompaniesPage(ListPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        columns = [
            Column(self.tr("Company"), lambda c: c.name),
            Column(self.tr("Website"), lambda c: c.website),
            Column(self.tr("Phone"), lambda c: c.phone),
            Column(self.tr("Contacts"), lambda c: str(c.contacts), sort=lambda c: c.contacts,
                   align_right=True),
            Column(self.tr("Deals"), lambda c: str(c.deals), sort=lambda c: c.deals,
                   align_right=True),
        ]
        super().__init__(columns, self.tr("Search companies"), parent)

    def fetch(self, query: str) -> list[Any]:
        return crm.list_records("companies", query=query or None)

    def detail_widget(self, row: Any) -> QWidget:
        return CompanyDetail(row, self)

    def empty_text(self) -> str:
        return self.tr("No companies yet. They are made from the company name of contacts.")


class CompanyDetail(QWidget):
    def __init__(self, company: CompanyView, page: ListPage) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(4)
        layout.addWidget(label(self.tr("COMPANY"), muted=True))
        layout.addWidget(label(company.name, bold=True, scale=1.3))
        for text in (company.website, company.phone, company.address):
            if text:
                layout.addWidget(label(text))
        heading(layout, self.tr("Contacts"))
        people = crm.list_records("contacts", company=company.id)
        if not people:
            layout.addWidget(label(self.tr("No contacts"), muted=True))
        for person in people:
            text = f'<a href="{person.id}">{html.escape(_name(person))}</a>'
            if person.title:
                text += f" · {html.escape(person.title)}"
            link = QLabel(text)
            link.setTextFormat(Qt.TextFormat.RichText)  # names escaped above
            link.setWordWrap(True)
            link.linkActivated.connect(page.openRecord)
            layout.addWidget(link)
        heading(layout, self.tr("Deals"))
        deals = crm.list_records("deals", company=company.id)
        if not deals:
            layout.addWidget(label(self.tr("No deals"), muted=True))
        for deal in deals:
            layout.addWidget(label(deal.name, bold=True))
            details = [stage_name(deal.stage), money(deal.amount, deal.currency)]
            layout.addWidget(label(" · ".join(d for d in details if d), muted=True))
        layout.addStretch(1)

