"""Deals as a list (with the contact's card beside it) or as the pipeline board."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QStackedWidget, QToolButton, QVBoxLayout, QWidget

from app.services import crm
from app.ui.crm.common import money, row, stage_name
from app.ui.crm.list_page import ListPage
from app.ui.crm.pipeline_board import PipelineBoard
from app.ui.crm.record_panel import RecordPanel, load_card
from app.ui.crm.table_model import Column


def _amount_sort(deal: Any) -> float:
    try:
        return float(deal.amount or 0)
    except ValueError:
        return 0.0


class DealTable(ListPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        columns = [
            Column(self.tr("Deal"), lambda d: d.name),
            Column(self.tr("Contact"), lambda d: d.contact_name),
            Column(self.tr("Stage"), lambda d: stage_name(d.stage)),
            Column(self.tr("Amount"), lambda d: money(d.amount, d.currency), sort=_amount_sort,
                   align_right=True),
            Column(self.tr("Closes"), lambda d: d.close_date or "",
                   sort=lambda d: d.close_date or "9999"),
        ]
        super().__init__(columns, parent=parent)

    def fetch(self, query: str) -> list[Any]:
        return crm.list_records("deals")

    def detail_widget(self, row: Any) -> QWidget:
        panel = RecordPanel(load_card(row.contact))
        panel.changed.connect(self._changed)
        panel.messageRequested.connect(self.messageRequested)
        return panel

    def empty_text(self) -> str:
        return self.tr("No deals yet. Open a contact and choose +Deal.")


class DealsPage(QWidget):
    recordChanged = Signal(str)
    messageRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = DealTable()
        self.list.recordChanged.connect(self.recordChanged)
        self.list.messageRequested.connect(self.messageRequested)
        self.board = PipelineBoard()
        self.board.dealMoved.connect(lambda deal_id, _stage: self.recordChanged.emit(deal_id))
        self.pages = QStackedWidget()
        self.pages.addWidget(self.list)
        self.pages.addWidget(self.board)
        self.list_button = QToolButton()
        self.list_button.setText(self.tr("List"))
        self.board_button = QToolButton()
        self.board_button.setText(self.tr("Pipeline"))
        group = QButtonGroup(self)
        for index, button in enumerate((self.list_button, self.board_button)):
            button.setCheckable(True)
            group.addButton(button, index)
        group.idClicked.connect(self.show_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 0, 0)
        layout.addWidget(row(self.list_button, self.board_button))
        layout.addWidget(self.pages, 1)
        self.show_view(0)

    def show_view(self, index: int) -> None:
        (self.list_button, self.board_button)[index].setChecked(True)
        self.pages.setCurrentIndex(index)
        self.refresh()

    def refresh(self) -> None:
        if self.pages.currentWidget() is self.board:
            self.board.refresh()
        else:
            self.list.refresh()
