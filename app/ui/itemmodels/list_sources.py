"""Where the message list's rows come from: a folder (flat or by thread) or a search.

Each source hands out pages in the list's order, given the position of the last row shown
(a keyset cursor), so the list model never asks for a whole folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from app.services import mailbox
from app.services.mailbox import NEWEST_FIRST, ListOrder, Position
from app.services.types import MessageSummary


@dataclass(slots=True)  # one per row shown: no dict each
class ListRow:
    message: MessageSummary  # for a conversation: its newest message here, which places it
    position: Position | None = None  # where the row sits in its source's order
    count: int = 1  # messages in the conversation
    unread: bool = False
    starred: bool = False
    attachment: bool = False
    conversation: bool = False  # a conversation row (threaded mode), which can expand
    child: bool = False  # one message shown under its expanded conversation


def message_row(message: MessageSummary, position: Position | None = None,
                child: bool = False) -> ListRow:
    return ListRow(message, position, unread="seen" not in message.flags,
                   starred="flagged" in message.flags, attachment=message.has_attachments,
                   child=child)


@dataclass
class Page:
    rows: list[ListRow]
    cursor: Position | None
    done: bool


class ListSource(Protocol):
    sortable: bool

    def page(self, cursor: Position | None, limit: int) -> Page: ...


@dataclass
class FolderMessages:
    folder_id: int
    order: ListOrder = NEWEST_FIRST
    sortable = True

    def page(self, cursor: Position | None, limit: int) -> Page:
        found = mailbox.listed_messages(self.folder_id, limit=limit, after=cursor,
                                        order=self.order, lean=True)
        rows = [message_row(m.message, m.position) for m in found]
        return Page(rows, found[-1].position if found else cursor, len(found) < limit)


@dataclass
class FolderThreads:
    """One row per conversation; a conversation seen on an earlier page is not repeated."""

    folder_id: int
    order: ListOrder = NEWEST_FIRST
    sortable = True
    _seen: set[int] = field(default_factory=set, init=False, repr=False, compare=False)

    def page(self, cursor: Position | None, limit: int) -> Page:
        found = mailbox.listed_threads(self.folder_id, limit=limit, after=cursor,
                                       order=self.order, shown=self._seen)
        self._seen.update(t.thread.thread_id for t in found)
        rows = [
            ListRow(t.thread.latest, t.position, t.thread.messages, t.thread.unread > 0,
                    t.thread.starred, t.thread.has_attachments, conversation=True)
            for t in found
        ]
        return Page(rows, found[-1].position if found else cursor, len(found) < limit)


@dataclass
class SearchResults:
    """Search answers one ranked batch, newest first (the index's own order); there is no
    next page to ask for, and no other order to sort it in."""

    query: str
    sortable = False

    def page(self, cursor: Position | None, limit: int) -> Page:
        found = mailbox.search(self.query, limit=limit)
        return Page([message_row(m) for m in found], None, True)
