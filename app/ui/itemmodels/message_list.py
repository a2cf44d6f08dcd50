"""The message list as a Qt table: rows arrive a page at a time as the view scrolls.

In threaded mode a conversation row can open: its messages are inserted as rows of their
own right below it (the table stays flat, so a 100k folder scrolls as fast as ever).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from app.services import mailbox
from app.services.mailbox import NEWEST_FIRST, ListOrder, Position
from app.services.types import MessageSummary
from app.ui.formatting import compact_date, full_date, person
from app.ui.itemmodels.list_sources import (
    FolderMessages,
    ListRow,
    ListSource,
    Page,
    message_row,
)
from app.ui.itemmodels.row_icons import Mark, mark_icon
from app.ui.widgets.icons import marks_icon

COL_MARKS, COL_FROM, COL_SUBJECT, COL_DATE = range(4)
COLUMN_COUNT = 4
PAGE_SIZE = 200
SORT_BY_COLUMN = {COL_FROM: "sender", COL_SUBJECT: "subject", COL_DATE: "date"}

MessageRole = Qt.ItemDataRole.UserRole + 1  # the row's MessageSummary

_Index = QModelIndex | QPersistentModelIndex
RowKey = Hashable


class MessageListModel(QAbstractTableModel):
    def __init__(self, parent: Any = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.order: ListOrder = NEWEST_FIRST
        self._source: ListSource | None = None
        self._rows: list[ListRow] = []
        self._cursor: Position | None = None
        self._done = True
        self._expanded: set[int] = set()  # thread keys of the open conversations
        self._bold = QFont()
        self._bold.setBold(True)

    def set_source(self, source: ListSource | None) -> None:
        """Show another folder or search, in the list's order; only its first page is read
        now."""
        if source is not None and source.sortable:
            source = dataclasses.replace(source, order=self.order)
        self.beginResetModel()
        self._source, self._rows, self._cursor = source, [], None
        self._done = source is None
        self._expanded = set()
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    @property
    def sortable(self) -> bool:
        return self._source is None or self._source.sortable

    # Qt's sort protocol: the view asks when a column header is clicked.
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Read the list again from its first page in the new order (keyset paging in that
        order, never a sort of the rows at hand). Columns without an order are ignored."""
        name = SORT_BY_COLUMN.get(column)
        if name is None:
            return
        wanted = ListOrder(name, order == Qt.SortOrder.DescendingOrder)
        if wanted == self.order:
            return
        self.order = wanted
        if self._source is not None and self._source.sortable:
            self.set_source(self._source)

    def sort_column(self) -> int:
        return next(c for c, name in SORT_BY_COLUMN.items() if name == self.order.column)

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self.order.descending else (
            Qt.SortOrder.AscendingOrder)

    # --- live updates -----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the rows already shown and apply only the differences (rows gone, new,
        moved, changed), so the view keeps its selection and scroll position when a sync
        or an action changes the folder. Open conversations stay open."""
        if self._source is None:
            return
        source = dataclasses.replace(self._source)  # fresh paging state (threads seen)
        if isinstance(source, FolderMessages):
            page = self._reread(source)
        else:
            # Conversations and search results are read as many as shown: a conversation
            # pushed past the end by new mail comes back with the next page.
            shown = sum(1 for row in self._rows if not row.child)
            page = source.page(None, max(shown, self.page_size))
        fresh = self._with_children(page.rows)
        self._expanded &= {_key(row)[1] for row in fresh if row.conversation}
        self._merge(fresh, _key)
        self._source, self._cursor, self._done = source, page.cursor, page.done

    def _reread(self, source: FolderMessages) -> Page:
        """Down to the last row still shown, plus what arrived: no more, so refreshes
        during a long sync do not keep growing the list."""
        page = source.page(None, len(self._rows) + self.page_size)
        shown = {row.message.id for row in self._rows}
        last = max((i for i, row in enumerate(page.rows) if row.message.id in shown),
                   default=-1)
        keep = last + 1 if last >= 0 else max(len(self._rows), self.page_size)
        if keep >= len(page.rows):
            return page
        rows = page.rows[:keep]
        return Page(rows, rows[-1].position if rows else None, False)

    def _merge(self, fresh: list[ListRow], key: Callable[[ListRow], RowKey]) -> None:
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
            elif key(row) in present:  # further down: its place in the order changed
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

    # --- conversations that open ------------------------------------------------------------
    def is_conversation(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].conversation

    def is_child(self, row: int) -> bool:
        return 0 <= row < len(self._rows) and self._rows[row].child

    def can_expand(self, row: int) -> bool:
        return self.is_conversation(row) and self._rows[row].count > 1

    def is_expanded(self, row: int) -> bool:
        return self.is_conversation(row) and _key(self._rows[row])[1] in self._expanded

    def conversation_row(self, row: int) -> int:
        """The conversation row a child row sits under (a row that is none: itself)."""
        while self.is_child(row):
            row -= 1
        return row

    def expand(self, row: int) -> None:
        """Insert the conversation's messages, all folders, oldest first, below its row."""
        if not self.can_expand(row) or self.is_expanded(row):
            return
        conversation = self._rows[row]
        self._expanded.add(_key(conversation)[1])
        children = self._children(conversation)
        if children:
            self.beginInsertRows(QModelIndex(), row + 1, row + len(children))
            self._rows[row + 1:row + 1] = children
            self.endInsertRows()
        self._mark_changed(row)

    def collapse(self, row: int) -> None:
        if not self.is_expanded(row):
            return
        self._expanded.discard(_key(self._rows[row])[1])
        end = row + 1
        while end < len(self._rows) and self._rows[end].child:
            end += 1
        if end > row + 1:
            self.beginRemoveRows(QModelIndex(), row + 1, end - 1)
            del self._rows[row + 1:end]
            self.endRemoveRows()
        self._mark_changed(row)

    def toggle(self, row: int) -> None:
        (self.collapse if self.is_expanded(row) else self.expand)(row)

    def _mark_changed(self, row: int) -> None:
        index = self.index(row, COL_SUBJECT)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def _children(self, conversation: ListRow) -> list[ListRow]:
        thread = conversation.message.thread_id
        if thread is None:
            return []
        return [message_row(m, child=True) for m in mailbox.thread_messages(thread)]

    def _with_children(self, rows: list[ListRow]) -> list[ListRow]:
        """`rows` with the messages of the open conversations below them."""
        if not self._expanded:
            return rows
        out: list[ListRow] = []
        for row in rows:
            out.append(row)
            if row.conversation and _key(row)[1] in self._expanded:
                out += self._children(row)
        return out

    # --- rows -------------------------------------------------------------------------------
    def message(self, row: int) -> MessageSummary | None:
        return self._rows[row].message if 0 <= row < len(self._rows) else None

    def row_of(self, message_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.message.id == message_id), -1)

    def row_key(self, row: int) -> RowKey | None:
        """What identifies the row across refreshes (a conversation, or one message)."""
        return _key(self._rows[row]) if 0 <= row < len(self._rows) else None

    def row_of_key(self, key: RowKey) -> int:
        return next((i for i, r in enumerate(self._rows) if _key(r) == key), -1)

    # Qt's paging protocol: the view asks for more when it scrolls near the end.
    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._done

    def fetchMore(self, parent: _Index) -> None:
        if self._source is None or self._done or parent.isValid():
            return
        page = self._source.page(self._cursor, self.page_size)
        self._cursor, self._done = page.cursor, page.done
        rows = self._with_children(page.rows)
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            # A first click on Date shows the newest mail first; names and subjects go A→Z.
            return (Qt.SortOrder.DescendingOrder if section == COL_DATE
                    else Qt.SortOrder.AscendingOrder)
        if role != Qt.ItemDataRole.DisplayRole:
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
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_MARKS and (row.starred or row.attachment):
                return marks_icon(row.starred, row.attachment)
            if column == COL_SUBJECT:
                return self._mark(index.row(), row)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.FontRole and row.unread:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and self._elsewhere(index.row()):
            return QGuiApplication.palette().placeholderText()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_DATE:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == MessageRole:
            return row.message
        return None

    def _mark(self, position: int, row: ListRow) -> Any:
        replied = "answered" in row.message.flags
        if row.child:
            return mark_icon(Mark.CHILD, replied)
        if not row.conversation:
            return mark_icon(Mark.NONE, replied)
        if row.count <= 1:
            return mark_icon(Mark.SINGLE, replied)
        return mark_icon(Mark.EXPANDED if self.is_expanded(position) else Mark.COLLAPSED,
                         replied)

    def _elsewhere(self, position: int) -> bool:
        """A message of an open conversation that lives in another folder than this one."""
        if not self.is_child(position):
            return False
        here = self._rows[self.conversation_row(position)].message
        message = self._rows[position].message
        return (message.account, message.folder) != (here.account, here.folder)

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

    def _tooltip(self, row: ListRow, column: int) -> str | None:
        message = row.message
        if column == COL_MARKS:
            marks = [self.tr("Starred")] if row.starred else []
            marks += [self.tr("Has attachments")] if row.attachment else []
            return ", ".join(marks) or None
        if column == COL_FROM:
            return person(message.from_name, message.from_addr)
        if column == COL_DATE:
            return full_date(message.timestamp)
        if column == COL_SUBJECT:
            lines = [self.tr("In folder {folder}").format(folder=message.folder)] if (
                row.child) else []
            lines += [self.tr("Replied")] if "answered" in message.flags else []
            text = message.snippet or mailbox.snippet(message.id)  # lean rows read it here
            lines += [text] if text else []
            return "\n".join(lines) or None
        return None


def _key(row: ListRow) -> tuple[str, int]:
    """A conversation keeps its row while the message that places it changes; any other
    row is its message."""
    if row.conversation:
        thread = row.message.thread_id
        return ("conversation", thread if thread is not None else -row.message.id)
    return ("message", row.message.id)
