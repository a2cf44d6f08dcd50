"""The main window: folders | message list | reader | CRM sidebar, with menus and a status bar.

It only wires panes together; every read goes through `app.services.mailbox`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QModelIndex, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMainWindow,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services import mailbox
from app.services.types import FolderSummary
from app.ui.crm.mode import CrmMode
from app.ui.crm.sidebar import CrmSidebar
from app.ui.itemmodels.folder_tree import FolderRole, FolderTreeModel, folder_label
from app.ui.itemmodels.list_sources import FolderMessages, FolderThreads, SearchResults
from app.ui.itemmodels.message_list import COL_SUBJECT, MessageListModel
from app.ui.mail.message_list_view import MessageListView
from app.ui.mail.reader import MessageReader
from app.ui.mail.search_field import SearchField

ORGANIZATION = "Kizuna"
APPLICATION = "Kizuna"
DEFAULT_SIZES = [190, 600, 500, 270]
EXTERNAL_SCHEMES = {"http", "https", "mailto"}


class MainWindow(QMainWindow):
    messageOpened = Signal(object)  # the MessageDetail now in the reader

    def __init__(self, demo: bool = False, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings(ORGANIZATION, APPLICATION)
        self.folder: FolderSummary | None = None
        title = self.tr("Kizuna — demo mailbox") if demo else self.tr("Kizuna")
        self.setWindowTitle(title)
        self._build_panes()
        self._build_menus()
        self.crm = CrmMode(self)  # the CRM views and menu, beside the mail panes
        if demo:
            self.statusBar().addPermanentWidget(QLabel(self.tr("Demo data")))
        self._restore()
        self.reload_folders()

    # --- construction ---------------------------------------------------------------------
    def _build_panes(self) -> None:
        self.folder_model = FolderTreeModel(self)
        self.folder_view = QTreeView()
        self.folder_view.setModel(self.folder_model)
        self.folder_view.setHeaderHidden(True)
        self.folder_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.folder_view.selectionModel().selectionChanged.connect(self._folder_selected)

        self.search = SearchField()
        self.search.queryChanged.connect(self._search)
        self.message_model = MessageListModel(self)
        self.message_view = MessageListView()
        self.message_view.setModel(self.message_model)
        self.message_view.selectionModel().currentRowChanged.connect(self._current_changed)
        list_pane = QWidget()
        list_layout = QVBoxLayout(list_pane)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.setSpacing(4)
        list_layout.addWidget(self.search)
        list_layout.addWidget(self.message_view, 1)

        self.reader = MessageReader()
        self.reader.remoteContentRequested.connect(
            lambda message_id: self.open_message(message_id, allow_remote=True)
        )
        self.reader.linkActivated.connect(self._open_link)
        self.reader.linkHovered.connect(lambda url: self.statusBar().showMessage(url))
        self.reader.statusMessage.connect(lambda text: self.statusBar().showMessage(text))
        self.sidebar = CrmSidebar()
        self.sidebar.messageRequested.connect(self.open_message)

        for pane, name in (
            (self.folder_view, self.tr("Folders")),
            (self.search, self.tr("Search")),
            (self.message_view, self.tr("Messages")),
            (self.reader, self.tr("Message")),
            (self.sidebar, self.tr("CRM")),
        ):
            pane.setAccessibleName(name)
        self.search.escapedEmpty.connect(lambda: self.message_view.setFocus())

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        for pane in (self.folder_view, list_pane, self.reader, self.sidebar):
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 2)
        self.setCentralWidget(self.splitter)

    def _action(self, text: str, shortcut: str, slot: Callable[..., object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        self.file_menu = file_menu = menus.addMenu(self.tr("&File"))
        # Not StandardKey.Quit: it is empty on Windows and some Linux desktops.
        self.quit_action = self._action(self.tr("&Quit"), "Ctrl+Q", self.close)
        file_menu.addAction(self.quit_action)

        edit_menu = menus.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self._action(self.tr("&Find…"), "Ctrl+F", self.focus_search))

        view_menu = menus.addMenu(self.tr("&View"))
        self.threaded_action = self._action(self.tr("&Threaded"), "Ctrl+T", self._set_threaded)
        self.threaded_action.setCheckable(True)
        self.threaded_action.setChecked(self.settings.value("view/threaded", False, type=bool))
        view_menu.addAction(self.threaded_action)
        sidebar_action = self._action(self.tr("CRM &Sidebar"), "Ctrl+Shift+S",
                                      self.sidebar.setVisible)
        sidebar_action.setCheckable(True)
        sidebar_action.setChecked(True)
        view_menu.addAction(sidebar_action)
        view_menu.addSeparator()
        view_menu.addAction(self.reader.conversation_action)
        view_menu.addAction(self.reader.source_action)

        self.go_menu = go_menu = menus.addMenu(self.tr("&Go"))
        go_menu.addAction(self._action(self.tr("&Next Message"), "Ctrl+.",
                                       lambda: self.step_message(1)))
        go_menu.addAction(self._action(self.tr("&Previous Message"), "Ctrl+,",
                                       lambda: self.step_message(-1)))

    # --- settings --------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1560, 940)
        splitter = self.settings.value("window/splitter")
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes(DEFAULT_SIZES)
        # Column widths and order, and the sort, before the first folder is read; one state
        # for flat and threaded, so the sort stays when the user toggles.
        self.message_view.restore_header_state(self.settings.value("list/header"))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("view/threaded", self.threaded_action.isChecked())
        self.settings.setValue("list/header", self.message_view.header_state())
        self.settings.sync()
        super().closeEvent(event)

    # --- folders and the list ---------------------------------------------------------------
    def reload_folders(self, folders: list[FolderSummary] | None = None) -> None:
        """Rebuild the tree (from `folders` when the caller already read them)."""
        current = self.folder.id if self.folder else None
        try:
            folders = mailbox.list_folders() if folders is None else folders
        except KizunaError as error:
            self._report(error)
            return
        self.folder_model.load(folders)
        self.folder_view.expandAll()
        index = (self.folder_model.index_of(current) if current is not None else None) or (
            self.folder_model.first_folder()
        )
        if index is None:
            self.folder = None
            self.message_model.set_source(None)
            self.message_view.set_empty_text(
                self.tr("No mail yet. Add an account, or start Kizuna with --demo to explore.")
            )
            return
        self.folder_view.setCurrentIndex(index)

    def select_folder(self, folder_id: int) -> None:
        index = self.folder_model.index_of(folder_id)
        if index is not None:
            self.folder_view.setCurrentIndex(index)

    def _folder_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        folder = indexes[0].data(FolderRole) if indexes else None
        if folder is None:
            return
        reselected = self.folder is not None and self.folder.id == folder.id
        self.folder = folder
        if reselected:  # the tree was rebuilt for new counts: keep the list as it is
            if not self.search.query():
                self._show_counts()
            return
        self.search.reset()
        self._show_folder()

    def _show_folder(self) -> None:
        folder = self.folder
        if folder is None:
            return
        threaded = self.threaded_action.isChecked()
        source = FolderThreads(folder.id) if threaded else FolderMessages(folder.id)
        self.message_view.set_empty_text(self.tr("No messages in this folder"))
        self._set_source(source)
        self._show_counts()

    def _show_counts(self) -> None:
        folder = self.folder
        if folder is not None:
            self.statusBar().showMessage(
                self.tr("{folder}: {unread} unread of {total}").format(
                    folder=folder_label(folder), unread=folder.unread, total=folder.total
                )
            )

    def _set_source(self, source: FolderMessages | FolderThreads | SearchResults) -> None:
        self.reader.clear()
        self.sidebar.clear()
        try:
            self.message_model.set_source(source)
        except KizunaError as error:
            self._report(error)
        self.message_view.scrollToTop()

    def _set_threaded(self, _checked: bool) -> None:
        if not self.search.query():
            self._show_folder()

    def _search(self, query: str) -> None:
        if not query:
            self._show_folder()
            return
        self.message_view.set_empty_text(
            self.tr("No messages match “{query}”").format(query=query)
        )
        self._set_source(SearchResults(query))
        self.statusBar().showMessage(
            self.tr("{count} messages found").format(count=self.message_model.rowCount())
        )

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- reading --------------------------------------------------------------------------
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        message = self.message_model.message(current.row()) if current.isValid() else None
        if message is not None:
            self.open_message(message.id)

    def open_message(self, message_id: int, allow_remote: bool = False) -> None:
        try:
            detail = mailbox.show_message(
                message_id, allow_remote=allow_remote or self.reader.remote_allowed(message_id)
            )
        except KizunaError as error:
            self._report(error)
            return
        # Threaded: the row stands for a conversation, so the reader shows all of it.
        self.reader.show_message(detail, conversation=self.threaded_action.isChecked())
        self.sidebar.show_message(detail)
        self.messageOpened.emit(detail)

    def step_message(self, delta: int) -> None:
        """Go to the next (1) or previous (-1) message, reading another page when needed."""
        model = self.message_model
        current = self.message_view.currentIndex()
        row = current.row() + delta if current.isValid() else 0
        if row >= model.rowCount() and model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        if 0 <= row < model.rowCount():
            index = model.index(row, COL_SUBJECT)
            self.message_view.setCurrentIndex(index)
            self.message_view.scrollTo(index)

    def _open_link(self, url: QUrl) -> None:
        # Only the user's click opens a link, and only in their own browser or mail handler.
        if url.scheme().lower() in EXTERNAL_SCHEMES:
            QDesktopServices.openUrl(url)

    def _report(self, error: KizunaError) -> None:
        self.statusBar().showMessage(error.message())
