"""The Outbox window: what is waiting, what went, what failed and why; retry, send now,
take a message back to edit it, delete finished ones.

A message taken back (cancelled) goes to the composer through the controller's
`editRequested` (the window's own signal feeds it), which opens it for editing.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services.outbox import OutboxEntry
from app.ui.bridge import spawn
from app.ui.outbox.entries import COPIED, FAILED, QUEUED, SENT
from app.ui.outbox.table_model import COL_STATE, COL_SUBJECT, COL_TO, OutboxModel
from app.ui.widgets.placeholder import Placeholder

if TYPE_CHECKING:  # the controller opens this window
    from app.ui.outbox.controller import OutboxController

DELETABLE = (SENT, COPIED, FAILED)


class OutboxWindow(QWidget):
    editRequested = Signal(object)  # CancelledMessage; also re-emitted by the controller

    def __init__(self, controller: OutboxController, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.setWindowTitle(self.tr("Outbox"))
        self.resize(900, 360)
        self.model = OutboxModel(self)
        self.confirm_box: QMessageBox | None = None

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COL_TO, 200)
        self.table.setColumnWidth(COL_SUBJECT, 220)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty = Placeholder(self.tr("Nothing waiting to be sent"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.table)

        self.retry_button = self._button(self.tr("&Retry"), self._retry)
        self.send_button = self._button(self.tr("&Send Now"), self._send_now)
        self.edit_button = self._button(self.tr("&Cancel and Edit…"), self._edit)
        self.delete_button = self._button(self.tr("&Delete…"), self._confirm_delete)
        self.details = QLabel()  # the selected entry's state in full: the table cuts it
        self.message = QLabel()  # what the last action did, or why it could not
        for label in (self.details, self.message):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for button in (self.retry_button, self.send_button, self.edit_button,
                       self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        for keys, slot in ((QKeySequence.StandardKey.Delete, self._confirm_delete),
                           (QKeySequence(Qt.Key.Key_Escape), self.close)):
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(lambda _checked=False, slot=slot: slot())
            self.addAction(action)
        self.editRequested.connect(controller.editRequested)
        controller.changed.connect(self.refresh)
        self.refresh()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- showing ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the controller's entries, keeping the selection."""
        chosen = {e.id for e in self.selected()}
        self.model.set_entries(self.controller.entries, self.controller.sending)
        self.stack.setCurrentWidget(self.table if self.model.entries else self.empty)
        selection = self.table.selectionModel()
        for entry_id in chosen:
            row = self.model.row_of(entry_id)
            if row is not None:
                selection.select(self.model.index(row, 0),
                                 selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
        self._update_buttons()

    def selected(self) -> list[OutboxEntry]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.entry(row) for row in rows]

    def select_entry(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row is not None:
            self.table.selectRow(row)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        states = {e.state for e in chosen}
        going = self.controller.sending
        self.retry_button.setEnabled(any(e.state == FAILED or (e.state == QUEUED and e.attempts)
                                         for e in chosen))
        self.send_button.setEnabled(any(e.state == QUEUED and e.id not in going
                                        for e in chosen))
        self.edit_button.setEnabled(len(chosen) == 1 and chosen[0].state in (QUEUED, FAILED)
                                    and chosen[0].id not in going)
        self.delete_button.setEnabled(bool(states) and states <= set(DELETABLE))
        self.details.setText(self.model.state_text(chosen[0]) if len(chosen) == 1 else "")
        self.details.setVisible(len(chosen) == 1)

    def _report(self, text: str) -> None:
        self.message.setText(text)

    # --- acting -----------------------------------------------------------------------------
    def _retry(self) -> None:
        ids = [e.id for e in self.selected() if e.state in (FAILED, QUEUED)]
        self._run(self.controller.retry(ids))

    def _send_now(self) -> None:
        self._report("")
        self.controller.send_now(e.id for e in self.selected() if e.state == QUEUED)

    def _run(self, coroutine: Coroutine[object, object, object]) -> None:
        self._report("")

        async def run() -> None:
            try:
                await coroutine
            except KizunaError as error:  # e.g. it was sent meanwhile
                self._report(error.message())

        spawn(run())

    def _edit(self) -> None:
        chosen = self.selected()
        if len(chosen) != 1:
            return
        self._run(self._take_back(chosen[0].id))

    async def _take_back(self, entry_id: int) -> None:
        message = await self.controller.cancel(entry_id)
        self.editRequested.emit(message)

    def _confirm_delete(self) -> None:
        chosen = [e for e in self.selected() if e.state in DELETABLE]
        if not chosen:
            return
        unsent = sum(e.state == FAILED for e in chosen)
        text = (self.tr("Delete {n} entries from the Outbox?").format(n=len(chosen))
                if len(chosen) > 1 else self.tr("Delete this entry from the Outbox?"))
        if unsent:
            text += " " + self.tr("Messages that failed are deleted without being sent.")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        ids = [e.id for e in chosen]
        box.buttonClicked.connect(lambda button: self._delete_answered(box, button, ids))
        if self.confirm_box is not None:
            self.confirm_box.deleteLater()
        self.confirm_box = box
        box.open()

    def _delete_answered(self, box: QMessageBox, button: QAbstractButton,
                         ids: list[int]) -> None:
        if box.standardButton(button) == QMessageBox.StandardButton.Yes:
            self._run(self.controller.delete(ids))
