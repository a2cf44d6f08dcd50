"""The CRM views of the main window: leads, contacts, companies, deals (list and pipeline),
my activities and customer mail, one tab each."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from app.ui.crm.activities_page import ActivitiesPage
from app.ui.crm.customer_mail_page import CustomerMailPage
from app.ui.crm.deals_page import DealsPage
from app.ui.crm.people_pages import CompaniesPage, PeoplePage

PAGES = ("leads", "contacts", "companies", "deals", "activities", "mail")


class CrmViews(QTabWidget):
    recordChanged = Signal(str)
    messageRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.leads = PeoplePage("lead")
        self.contacts = PeoplePage("contact")
        self.companies = CompaniesPage()
        self.deals = DealsPage()
        self.activities = ActivitiesPage()
        self.mail = CustomerMailPage()
        self.pages: dict[str, QWidget] = {
            "leads": self.leads, "contacts": self.contacts, "companies": self.companies,
            "deals": self.deals, "activities": self.activities, "mail": self.mail,
        }
        titles = {"leads": self.tr("Leads"), "contacts": self.tr("Contacts"),
                  "companies": self.tr("Companies"), "deals": self.tr("Deals"),
                  "activities": self.tr("My Activities"), "mail": self.tr("Customer Mail")}
        for name, page in self.pages.items():
            self.addTab(page, titles[name])
            recorded = getattr(page, "recordChanged", None)
            if recorded is not None:
                recorded.connect(self.recordChanged)
            requested = getattr(page, "messageRequested", None)
            if requested is not None:
                requested.connect(self.messageRequested)
            opened = getattr(page, "openRecord", None)
            if opened is not None:
                opened.connect(self.open_record)
        self.currentChanged.connect(lambda _index: self.refresh())

    def show_page(self, name: str) -> None:
        page = self.pages[name]
        if self.currentWidget() is page:
            self.refresh()
        else:
            self.setCurrentWidget(page)  # refreshed by currentChanged

    def refresh(self) -> None:
        """Reload the page in view; the others reload when they are shown."""
        page = self.currentWidget()
        refresh = getattr(page, "refresh", None)
        if refresh is not None:
            refresh()

    def open_record(self, record_id: str) -> None:
        """A person's card in their list: L… in Leads, C… in Contacts."""
        page = self.leads if record_id.upper().startswith("L") else self.contacts
        page.search.clear()
        self.show_page("leads" if page is self.leads else "contacts")
        page.refresh()
        page.select(record_id.upper())
