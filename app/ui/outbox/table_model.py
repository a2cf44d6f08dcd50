"""The outbox as a table: one row per entry, the state in plain words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from app.services.outbox import OutboxEntry
from app.ui.outbox import entries as outbox_entries
from app.ui.outbox.entries import COPIED, FAILED, QUEUED, SENDING, SENT, clock
from app.ui.palette import text_color

COL_TO, COL_SUBJECT, COL_ACCOUNT, COL_STATE, COL_ATTEMPTS = range(5)
EntryRole = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class OutboxModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.entries: list[OutboxEntry] = []
        self.sending: set[int] = set()
        self.titles = [self.tr("To"), self.tr("Subject"), self.tr("Account"), self.tr("State"),
                       self.tr("Attempts")]

    def set_entries(self, entries: list[OutboxEntry], sending: set[int]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.sending = set(sending)
        self.endResetModel()

    def entry(self, row: int) -> OutboxEntry:
        return self.entries[row]

    def row_of(self, entry_id: int) -> int | None:
        return next((row for row, e in enumerate(self.entries) if e.id == entry_id), None)

    def state_text(self, entry: OutboxEntry) -> str:
        if entry.state == SENDING or (entry.state == QUEUED and entry.id in self.sending):
            return self.tr("Sending…")
        if entry.state == QUEUED and outbox_entries.deferred([entry]):
            return self.tr("Waiting: {reason} — next try at {time}").format(
                reason=entry.last_error, time=clock(entry.send_after))
        if entry.state == QUEUED:
            return self.tr("Queued, sends at {time}").format(time=clock(entry.send_after))
        if entry.state == SENT and entry.last_error:  # out; its copy to Sent waits
            return self.tr("Sent; the copy to the Sent folder waits: {reason}").format(
                reason=entry.last_error)
        if entry.state == SENT:
            return self.tr("Sent; saving a copy in Sent…")
        if entry.state == COPIED:
            return (self.tr("Sent ({note})").format(note=entry.last_error) if entry.last_error
                    else self.tr("Sent"))
        return self.tr("Failed: {reason}").format(reason=entry.last_error)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.titles)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.titles[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(entry, column)
        if role == Qt.ItemDataRole.ForegroundRole and entry.state == FAILED:
            return text_color(QApplication.palette(), "error")
        if role == Qt.ItemDataRole.DecorationRole and column == COL_STATE \
                and entry.state == FAILED:  # seen on a selected row too, where colour is not
            return QApplication.style().standardIcon(
                QStyle.StandardPixmap.SP_MessageBoxWarning)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_ATTEMPTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EntryRole:
            return entry
        return None

    def _text(self, entry: OutboxEntry, column: int) -> str:
        if column == COL_TO:
            return ", ".join(entry.recipients)
        if column == COL_SUBJECT:
            return entry.subject or self.tr("(no subject)")
        if column == COL_ACCOUNT:
            return entry.account
        if column == COL_STATE:
            return self.state_text(entry)
        return str(entry.attempts)
