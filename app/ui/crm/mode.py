"""Mail or CRM: the main window's two modes. The mail panes and the CRM views share the
window's centre; the CRM menu and a switch in the menu bar's corner move between them, and
views reload whenever they are shown, so changes made in the sidebar are there too."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QButtonGroup, QStackedWidget, QToolButton

from app.ui.crm.common import row
from app.ui.crm.views import CrmViews

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow


class CrmMode(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.views = CrmViews()
        self.mail = window.takeCentralWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.mail)
        self.stack.addWidget(self.views)
        window.setCentralWidget(self.stack)
        self._switch()
        self._menu()
        self.views.recordChanged.connect(lambda _record: window.sidebar.reload())
        self.views.messageRequested.connect(self.read_message)

    def _switch(self) -> None:
        self.mail_button = QToolButton()
        self.mail_button.setText(self.tr("Mail"))
        self.crm_button = QToolButton()
        self.crm_button.setText(self.tr("CRM"))
        group = QButtonGroup(self)
        for index, button in enumerate((self.mail_button, self.crm_button)):
            button.setCheckable(True)
            button.setAutoRaise(True)
            group.addButton(button, index)
        self.mail_button.setChecked(True)
        self.mail_button.clicked.connect(self.show_mail)
        self.crm_button.clicked.connect(lambda: self.show_crm())
        # Made the menu bar's child first: setCornerWidget alone leaves the widget owned by
        # Python, which would delete it a second time after the window is gone.
        menu_bar = self.window.menuBar()
        self.switch = row(self.mail_button, self.crm_button, stretch=False)
        self.switch.setParent(menu_bar)
        menu_bar.setCornerWidget(self.switch)

    def _menu(self) -> None:
        menu = self.window.menuBar().addMenu(self.tr("C&RM"))
        entries = [
            (self.tr("&Mail"), "Ctrl+1", self.show_mail),
            (self.tr("&Leads"), "Ctrl+2", lambda: self.show_crm("leads")),
            (self.tr("&Contacts"), "Ctrl+3", lambda: self.show_crm("contacts")),
            (self.tr("C&ompanies"), "Ctrl+4", lambda: self.show_crm("companies")),
            (self.tr("&Deals"), "Ctrl+5", lambda: self.show_crm("deals")),
            (self.tr("My &Activities"), "Ctrl+6", lambda: self.show_crm("activities")),
            (self.tr("C&ustomer Mail"), "Ctrl+7", lambda: self.show_crm("mail")),
        ]
        self.actions: list[QAction] = []
        for text, shortcut, slot in entries:
            action = QAction(text, self.window)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)
            self.actions.append(action)

    def show_mail(self) -> None:
        self.stack.setCurrentWidget(self.mail)
        self.mail_button.setChecked(True)

    def show_crm(self, page: str | None = None) -> None:
        self.stack.setCurrentWidget(self.views)
        self.crm_button.setChecked(True)
        if page is None:
            self.views.refresh()
        else:
            self.views.show_page(page)

    def read_message(self, message_id: int) -> None:
        self.show_mail()
        self.window.open_message(message_id)
