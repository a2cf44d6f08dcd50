"""The message table: fixed-height rows (cheap to scroll at 100k), header clicks that sort,
conversations that open and close, and an empty-state line."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, QPoint, QSize, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.ui.itemmodels.message_list import (
    COL_DATE,
    COL_FROM,
    COL_MARKS,
    COL_SUBJECT,
    SORT_BY_COLUMN,
    MessageListModel,
)
from app.ui.widgets.icons import SLOT

_OPEN_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Plus}
_CLOSE_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Minus}


class MessageListView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty_text = ""
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setIconSize(QSize(2 * SLOT, SLOT))
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.verticalHeader()
        rows.hide()
        # Fixed heights let Qt place rows by arithmetic instead of measuring each one.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        # Not QTableView's own sorting: that sorts on every model reset and cannot refuse
        # a column; here the model reads the list again in the order the header asks for.
        header.sortIndicatorChanged.connect(self._sort_requested)

    def setModel(self, model) -> None:  # type: ignore[no-untyped-def] - Qt's signature
        super().setModel(model)
        header = self.horizontalHeader()
        header.setMinimumSectionSize(24)
        header.setSectionResizeMode(COL_MARKS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_MARKS, 2 * SLOT + 12)
        header.setSectionResizeMode(COL_FROM, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_FROM, 150)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_DATE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(COL_DATE, self.fontMetrics().horizontalAdvance("2024/12/31") + 16)
        if isinstance(model, MessageListModel):
            model.modelReset.connect(self._show_sort)
            self._show_sort()

    def list_model(self) -> MessageListModel | None:
        model = self.model()
        return model if isinstance(model, MessageListModel) else None

    # --- sorting and the header's remembered state -------------------------------------------
    def _sort_requested(self, column: int, order: Qt.SortOrder) -> None:
        model = self.list_model()
        if model is None:
            return
        if not model.sortable or column not in SORT_BY_COLUMN:
            self._show_sort()  # the indicator goes back to the order the list really has
            return
        current = model.row_key(self.currentIndex().row())
        model.sort(column, order)
        row = model.row_of_key(current) if current is not None else -1
        if row >= 0:  # the message the user was on stays selected if it is on the first page
            index = model.index(row, COL_SUBJECT)
            self.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.scrollTo(index)
        else:
            self.scrollToTop()

    def _show_sort(self) -> None:
        """The header shows the model's order; a search, which has only its own, shows
        none and does not sort."""
        model, header = self.list_model(), self.horizontalHeader()
        if model is None:
            return
        header.blockSignals(True)
        header.setSortIndicator(model.sort_column(), model.sort_order())
        header.blockSignals(False)
        header.setSortIndicatorShown(model.sortable)
        header.setSectionsClickable(model.sortable)

    def header_state(self) -> QByteArray:
        return self.horizontalHeader().saveState()

    def restore_header_state(self, state: QByteArray | bytes | None) -> bool:
        """Column widths, order and the sort, as saved; the list is read in that order."""
        header = self.horizontalHeader()
        if not state or not header.restoreState(QByteArray(state)):
            return False
        model = self.list_model()
        column, order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        if model is not None and column in SORT_BY_COLUMN:
            model.sort(column, order)
        self._show_sort()
        return True

    # --- conversations ------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        model = self.list_model()
        if (model is not None and event.button() == Qt.MouseButton.LeftButton
                and index.isValid() and self._on_disclosure(index.row(), index.column(),
                                                            event.position().toPoint())):
            model.toggle(index.row())
            event.accept()  # opening a conversation does not change the selection
            return
        super().mousePressEvent(event)

    def _on_disclosure(self, row: int, column: int, point: QPoint) -> bool:
        model = self.list_model()
        if model is None or column != COL_SUBJECT or not model.can_expand(row):
            return False
        cell = self.visualRect(model.index(row, column))
        return point.x() < cell.left() + SLOT + 8  # the triangle, with a little margin

    def keyPressEvent(self, event: QKeyEvent) -> None:
        model, current = self.list_model(), self.currentIndex()
        key = event.key()
        if model is not None and current.isValid() and key in _OPEN_KEYS | _CLOSE_KEYS:
            row = current.row()
            if key in _OPEN_KEYS and model.can_expand(row):
                model.expand(row)
                return
            if key in _CLOSE_KEYS and (model.is_expanded(row) or model.is_child(row)):
                top = model.conversation_row(row)
                if top != row:
                    self.setCurrentIndex(model.index(top, COL_SUBJECT))
                model.collapse(top)
                return
        super().keyPressEvent(event)

    # --- empty state --------------------------------------------------------------------------
    def set_empty_text(self, text: str) -> None:
        self.empty_text = text
        self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            rect = self.viewport().rect().adjusted(16, 32, -16, 0)
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(rect, flags | Qt.TextFlag.TextWordWrap, self.empty_text)
