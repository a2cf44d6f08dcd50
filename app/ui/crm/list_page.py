"""A CRM list beside a detail pane: search, a sortable table, and what the selected row is."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.ui.crm.common import error_label, replace_content
from app.ui.crm.table_model import Column, CrmTableModel, RowRole, SortRole
from app.ui.widgets.placeholder import Placeholder

SEARCH_DELAY_MS = 150
MAX_COLUMN_WIDTH = 280


class ListPage(QWidget):
    recordChanged = Signal(str)
    messageRequested = Signal(int)
    openRecord = Signal(str)  # a person named in this page, to be shown in their own list

    def __init__(self, columns: list[Column], search_hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CrmTableModel(columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        # No sort column at first: rows stay in the service's order until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.search = QLineEdit()
        self.search.setPlaceholderText(search_hint or self.tr("Search"))
        self.search.setClearButtonEnabled(True)
        self.search.setVisible(bool(search_hint))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.error = error_label()
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(8, 8, 4, 8)
        box.addWidget(self.search)
        box.addWidget(self.error)
        box.addWidget(self.table, 1)

        self.detail = QScrollArea()
        self.detail.setWidgetResizable(True)
        self.detail.setFrameShape(QFrame.Shape.NoFrame)
        self.detail.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 340])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # --- for the pages ---------------------------------------------------------------------
    def fetch(self, query: str) -> list[Any]:
        raise NotImplementedError

    def detail_widget(self, row: Any) -> QWidget:
        raise NotImplementedError

    def empty_text(self) -> str:
        return self.tr("Nothing here yet")

    # --- behaviour -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the rows, keeping the selected one selected."""
        selected = self.selected_id()
        try:
            rows = self.fetch(self.search.text().strip())
        except KizunaError as error:
            self.error.setText(error.message())
            self.error.show()
            return
        self.error.hide()
        self.model.set_rows(rows)
        self._fit_columns()
        if not (selected and self.select(selected)):
            self._clear_detail()

    def _fit_columns(self) -> None:
        """Wide enough for the text, but no column may crowd out the others."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            header.resizeSection(column, min(header.sectionSize(column), MAX_COLUMN_WIDTH))

    def selected_row(self) -> Any:
        indexes = self.table.selectionModel().selectedRows()
        return indexes[0].data(RowRole) if indexes else None

    def selected_id(self) -> str | None:
        row = self.selected_row()
        return getattr(row, "id", None) if row is not None else None

    def select(self, row_id: str) -> bool:
        source_row = self.model.row_of(row_id)
        if source_row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        self._show_detail()  # also when the row was already selected: its data may be new
        return True

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self.selected_row()
        if row is None:
            self._clear_detail()
            return
        try:
            widget = self.detail_widget(row)
        except KizunaError as error:
            widget = Placeholder(error.message())
        replace_content(self.detail, widget)

    def _clear_detail(self) -> None:
        hint = self.tr("Select a row to see it here") if self.model.rows else self.empty_text()
        replace_content(self.detail, Placeholder(hint))

    def _changed(self, record_id: str) -> None:
        self.refresh()
        self.recordChanged.emit(record_id)
