"""The message table: fixed-height rows (cheap to scroll at 100k), and an empty-state line."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.ui.itemmodels.message_list import COL_DATE, COL_FROM, COL_MARKS, COL_SUBJECT
from app.ui.widgets.icons import SLOT


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
        self.horizontalHeader().setHighlightSections(False)

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
