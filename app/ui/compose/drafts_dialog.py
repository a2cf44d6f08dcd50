"""Drafts…: the saved drafts, newest first, to reopen or throw away."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services import drafts
from app.services.drafts import DraftSummary
from app.ui.formatting import compact_date
from app.ui.widgets.placeholder import Placeholder

IdRole = Qt.ItemDataRole.UserRole + 1


class DraftsDialog(QDialog):
    openRequested = Signal(int)  # draft id
    discarded = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Drafts"))
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _item: self._open())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.empty = Placeholder(self.tr("No drafts. Messages you write are saved here "
                                         "until you send them."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton(self.tr("&Open"))
        self.discard_button = QPushButton(self.tr("&Discard"))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.open_button.clicked.connect(lambda _checked=False: self._open())
        self.discard_button.clicked.connect(lambda _checked=False: self._discard())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        try:
            found = drafts.list_drafts()
        except KizunaError as error:
            self.empty.setText(error.message())
            found = []
        for draft in found:
            item = QListWidgetItem(self._line(draft))
            item.setData(IdRole, draft.id)
            item.setToolTip(draft.snippet)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setVisible(bool(found))
        self.empty.setVisible(not found)
        self._update_buttons()

    def _line(self, draft: DraftSummary) -> str:
        subject = draft.subject or self.tr("(no subject)")
        to = ", ".join(draft.to) or self.tr("(no recipient)")
        return f"{subject}  —  {to}  ·  {compact_date(draft.updated_at)}"

    def _chosen(self) -> int | None:
        item = self.list.currentItem()
        return item.data(IdRole) if item is not None else None

    def _update_buttons(self) -> None:
        chosen = self._chosen() is not None
        self.open_button.setEnabled(chosen)
        self.discard_button.setEnabled(chosen)

    def _open(self) -> None:
        draft_id = self._chosen()
        if draft_id is not None:
            self.openRequested.emit(draft_id)
            self.accept()

    def _discard(self) -> None:
        draft_id = self._chosen()
        if draft_id is not None:
            drafts.discard_draft(draft_id)
            self.discarded.emit(draft_id)
            self.reload()
