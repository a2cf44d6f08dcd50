"""The compose window's attachment list: name and size of each, add and remove."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.compose import AttachmentRef
from app.ui.formatting import human_size

RefRole = Qt.ItemDataRole.UserRole + 1
LIST_HEIGHT = 84  # about three rows; the body keeps the room


class AttachmentList(QWidget):
    changed = Signal()
    addRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setAccessibleName(self.tr("Attachments"))
        self.list.setMaximumHeight(LIST_HEIGHT)
        self.add_button = QPushButton(self.tr("&Attach…"))
        self.add_button.clicked.connect(lambda _checked=False: self.addRequested.emit())
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.clicked.connect(lambda _checked=False: self.remove_selected())
        self.list.itemSelectionChanged.connect(self._update_buttons)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list,
                  self.remove_selected, context=Qt.ShortcutContext.WidgetShortcut)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._update_buttons()

    def refs(self) -> list[AttachmentRef]:
        return [self.list.item(row).data(RefRole) for row in range(self.list.count())]

    def set_refs(self, refs: list[AttachmentRef]) -> None:
        """Replace the list (e.g. with the saved copies), keeping the selection by row."""
        selected = {index.row() for index in self.list.selectedIndexes()}
        self.list.clear()
        for ref in refs:
            self._append(ref)
        for row in selected:
            if row < self.list.count():
                self.list.item(row).setSelected(True)
        self._update_buttons()

    def add(self, ref: AttachmentRef) -> None:
        self._append(ref)
        self._update_buttons()
        self.changed.emit()

    def _append(self, ref: AttachmentRef) -> None:
        item = QListWidgetItem(f"{ref.filename}  ({human_size(ref.size)})")
        item.setData(RefRole, ref)
        item.setToolTip(ref.path or ref.filename)
        self.list.addItem(item)

    def remove_selected(self) -> None:
        rows = sorted({index.row() for index in self.list.selectedIndexes()}, reverse=True)
        for row in rows:
            self.list.takeItem(row)
        if rows:
            self._update_buttons()
            self.changed.emit()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
        # Empty, it takes no room: the window's Attach action and dropping files add.
        self.setHidden(self.list.count() == 0)
