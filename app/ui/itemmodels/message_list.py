"""The message list as a Qt table: rows arrive a page at a time as the view scrolls."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.services.types import MessageSummary
from app.ui.formatting import compact_date, full_date, person
from app.ui.itemmodels.list_sources import (
    Cursor,
    FolderMessages,
    FolderThreads,
    ListRow,
    ListSource,
    Page,
)
from app.ui.widgets.icons import marks_icon

COL_MARKS, COL_FROM, COL_SUBJECT, COL_DATE = range(4)
COLUMN_COUNT = 4
PAGE_SIZE = 200

MessageRole = Qt.ItemDataRole.UserRole + 1  # the row's MessageSummary

_Index = QModelIndex | QPersistentModelIndex


class MessageListModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self._source: ListSource | None = None
        self._rows: list[ListRow] = []
        self._cursor: Cursor | None = None
        self._done = True
        self._bold = QFont()
        self._bold.setBold(True)

    def set_source(self, source: ListSource | None) -> None:
        """Show another folder or search; only its first page is read now."""
        self.beginResetModel()
        self._source, self._rows, self._cursor = source, [], None
        self._done = source is None
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def refresh(self) -> None:
        """Re-read the rows already shown and apply only the differences (rows gone, new,
        moved, changed), so the view keeps its selection and scroll position when a sync
        or an action changes the folder."""
        if self._source is None:
            return
        source = dataclasses.replace(self._source)  # fresh paging state (threads seen)
        if isinstance(source, FolderMessages):
            page = self._reread(source)
            key = _id_key
        else:
            # Conversations and search results are read as many as shown: a conversation
            # pushed past the end by new mail comes back with the next page.
            page = source.page(None, max(len(self._rows), self.page_size))
            key = _thread_key if isinstance(source, FolderThreads) else _id_key
        self._merge(page.rows, key)
        self._source, self._cursor, self._done = source, page.cursor, page.done

    def _reread(self, source: FolderMessages) -> Page:
        """Down to the oldest row still shown, plus what arrived: no more, so refreshes
        during a long sync do not keep growing the list."""
        page = source.page(None, len(self._rows) + self.page_size)
        shown = {row.message.id for row in self._rows}
        last = max((i for i, row in enumerate(page.rows) if row.message.id in shown),
                   default=-1)
        keep = last + 1 if last >= 0 else max(len(self._rows), self.page_size)
        if keep >= len(page.rows):
            return page
        rows = page.rows[:keep]
        end = rows[-1].message if rows else None
        return Page(rows, (end.timestamp, end.id) if end else None, False)

    def _merge(self, fresh: list[ListRow], key: Callable[[ListRow], int]) -> None:
        wanted = {key(row) for row in fresh}
        end = len(self._rows)  # rows gone are dropped in blocks, bottom up; -1 ends the top one
        for row in range(len(self._rows) - 1, -2, -1):
            if row >= 0 and key(self._rows[row]) not in wanted:
                continue
            if row + 1 < end:
                self.beginRemoveRows(QModelIndex(), row + 1, end - 1)
                del self._rows[row + 1:end]
                self.endRemoveRows()
            end = row
        present = {key(row) for row in self._rows}
        position = 0
        while position < len(fresh):
            row = fresh[position]
            if position < len(self._rows) and key(self._rows[position]) == key(row):
                self._replace(position, row)
                position += 1
            elif key(row) in present:  # further down: its newest message changed
                source = next(i for i in range(position + 1, len(self._rows))
                              if key(self._rows[i]) == key(row))
                self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), position)
                self._rows.insert(position, self._rows.pop(source))
                self.endMoveRows()
                self._replace(position, row)
                position += 1
            else:
                block = position
                while block < len(fresh) and key(fresh[block]) not in present:
                    block += 1
                self.beginInsertRows(QModelIndex(), position, block - 1)
                self._rows[position:position] = fresh[position:block]
                self.endInsertRows()
                position = block

    def _replace(self, position: int, row: ListRow) -> None:
        if self._rows[position] != row:
            self._rows[position] = row
            self.dataChanged.emit(self.index(position, 0),
                                  self.index(position, COLUMN_COUNT - 1))

    def message(self, row: int) -> MessageSummary | None:
        return self._rows[row].message if 0 <= row < len(self._rows) else None

    def row_of(self, message_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.message.id == message_id), -1)

    # Qt's paging protocol: the view asks for more when it scrolls near the end.
    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._done

    def fetchMore(self, parent: _Index) -> None:
        if self._source is None or self._done or parent.isValid():
            return
        page = self._source.page(self._cursor, self.page_size)
        self._cursor, self._done = page.cursor, page.done
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            COL_MARKS: "",
            COL_FROM: self.tr("From"),
            COL_SUBJECT: self.tr("Subject"),
            COL_DATE: self.tr("Date"),
        }.get(section)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.DecorationRole and index.column() == COL_MARKS:
            starred, attachment = "flagged" in row.message.flags, row.message.has_attachments
            return marks_icon(starred, attachment) if starred or attachment else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row.message, index.column())
        if role == Qt.ItemDataRole.FontRole and row.unread:
            return self._bold
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_DATE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == MessageRole:
            return row.message
        return None

    def _text(self, row: ListRow, column: int) -> str:
        message = row.message
        if column == COL_FROM:
            return message.from_name or message.from_addr
        if column == COL_SUBJECT:
            subject = message.subject or self.tr("(no subject)")
            return f"{subject}  ({row.count})" if row.count > 1 else subject
        if column == COL_DATE:
            return compact_date(message.timestamp)
        return ""

    def _tooltip(self, message: MessageSummary, column: int) -> str | None:
        if column == COL_MARKS:
            marks = [self.tr("Starred")] if "flagged" in message.flags else []
            marks += [self.tr("Has attachments")] if message.has_attachments else []
            return ", ".join(marks) or None
        if column == COL_FROM:
            return person(message.from_name, message.from_addr)
        if column == COL_DATE:
            return full_date(message.timestamp)
        if column == COL_SUBJECT:
            return message.snippet or None
        return None


def _id_key(row: ListRow) -> int:
    return row.message.id


def _thread_key(row: ListRow) -> int:
    """A conversation keeps its row while its newest message changes."""
    thread = row.message.thread_id
    return thread if thread is not None else -row.message.id
