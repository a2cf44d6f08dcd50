"""The pipeline as a board: one column per stage, each deal a card; drag a card to another
column (or use its context menu) to move the deal to that stage."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services import crm
from app.ui.crm.common import error_label, label, money, replace_content, stage_name

if TYPE_CHECKING:
    from app.crm.records import DealView

DEAL_MIME = "application/x-kizuna-deal"
DealRole = Qt.ItemDataRole.UserRole + 1
COLUMN_WIDTH = 230
CARD_WIDTH = COLUMN_WIDTH - 24  # inside the list's frame and scroll bar


def _total(deals: list[DealView]) -> str:
    """The column's sum, per currency (a board rarely mixes them)."""
    sums: dict[str, Decimal] = {}
    for deal in deals:
        try:
            sums[deal.currency] = sums.get(deal.currency, Decimal(0)) + Decimal(deal.amount or 0)
        except InvalidOperation:
            continue
    return " + ".join(money(str(v), c) for c, v in sums.items() if v)


class DealList(QListWidget):
    """The cards of one stage; accepts cards dropped from the other columns."""

    def __init__(self, stage: str, board: PipelineBoard) -> None:
        super().__init__()
        self.stage = stage
        self.board = board
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setWordWrap(True)
        self.setSpacing(3)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    def mimeTypes(self) -> list[str]:
        return [DEAL_MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            data.setData(DEAL_MIME, QByteArray(items[0].data(DealRole).encode()))
        return data

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(DEAL_MIME):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(DEAL_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if not event.mimeData().hasFormat(DEAL_MIME):
            return
        deal_id = bytes(event.mimeData().data(DEAL_MIME).data()).decode()
        # Copy, not move: the board redraws itself from the service, so Qt must not also
        # remove the card from the column it came from.
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.board.move_deal(deal_id, self.stage)

    def _menu(self, position: QPoint) -> None:
        item = self.itemAt(position)
        if item is None:
            return
        deal_id = item.data(DealRole)
        menu = QMenu(self)
        move = menu.addMenu(self.tr("Move to stage"))
        for stage in self.board.stages:
            if stage != self.stage:
                action = move.addAction(stage_name(stage))
                action.triggered.connect(
                    lambda _=False, s=stage: self.board.move_deal(deal_id, s))
        menu.exec(self.viewport().mapToGlobal(position))


class PipelineBoard(QWidget):
    dealMoved = Signal(str, str)  # deal id, stage

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stages: list[str] = []
        self.lists: dict[str, DealList] = {}
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(0)
        self._redraw.timeout.connect(self.refresh)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        self.error = error_label()
        layout.addWidget(self.error)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.scroll, 1)

    def refresh(self) -> None:
        try:
            stages = crm.pipeline()
            deals = crm.list_records("deals")
        except KizunaError as error:
            self._fail(error)
            return
        self.stages = [stage.name for stage in stages]
        columns = QWidget()
        row = QHBoxLayout(columns)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.lists = {}
        for stage in stages:
            mine = [deal for deal in deals if deal.stage == stage.name]
            row.addWidget(self._column(stage.name, stage.probability, mine))
        row.addStretch(1)
        replace_content(self.scroll, columns)

    def _column(self, stage: str, probability: int, deals: list[DealView]) -> QWidget:
        column = QWidget()
        column.setFixedWidth(COLUMN_WIDTH)
        box = QVBoxLayout(column)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(label(f"{stage_name(stage)} ({len(deals)})", bold=True))
        total = _total(deals)
        hint = self.tr("{percent}% likely").format(percent=probability)
        box.addWidget(label(" · ".join(p for p in (total, hint) if p), muted=True))
        cards = DealList(stage, self)
        cards.setAccessibleName(stage_name(stage))
        for deal in deals:
            item = QListWidgetItem()
            item.setData(DealRole, deal.id)
            item.setToolTip(self.tr("Drag to another stage"))
            card = self._card(deal)
            # Labels measure Japanese lines right; the list's own text layout cut them short.
            item.setSizeHint(QSize(CARD_WIDTH, card.heightForWidth(CARD_WIDTH)))
            cards.addItem(item)
            cards.setItemWidget(item, card)
        self.lists[stage] = cards
        box.addWidget(cards, 1)
        return column

    def _card(self, deal: DealView) -> QWidget:
        card = QWidget()
        box = QVBoxLayout(card)
        box.setContentsMargins(6, 4, 6, 4)
        box.setSpacing(1)
        box.addWidget(label(deal.name, bold=True))
        who = " · ".join(p for p in (deal.contact_name, money(deal.amount, deal.currency)) if p)
        box.addWidget(label(who))
        if deal.close_date:
            box.addWidget(label(self.tr("closes {date}").format(date=deal.close_date),
                                muted=True))
        for child in card.findChildren(QLabel):
            # The card is only a picture: a drag must start on it, not select its text.
            child.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        return card

    def move_deal(self, deal_id: str, stage: str) -> None:
        try:
            crm.set_deal_stage(deal_id, stage)
        except KizunaError as error:
            self._fail(error)
            return
        self.error.hide()
        # Redrawn after the drag has finished with the columns it started in.
        self._redraw.start()
        self.dealMoved.emit(deal_id, stage)

    def _fail(self, error: KizunaError) -> None:
        self.error.setText(error.message())
        self.error.show()
