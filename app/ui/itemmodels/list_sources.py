"""Where the message list's rows come from: a folder (flat or by thread) or a search.

Each source hands out pages, newest first, given the keyset cursor of the last row shown, so
the list model never asks for a whole folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from app.services import mailbox
from app.services.types import MessageSummary

Cursor = tuple[int, int]  # (timestamp, id) of the last row already shown


@dataclass
class ListRow:
    message: MessageSummary  # for a conversation: its newest message in the folder
    count: int = 1  # messages in the conversation
    unread: bool = False


@dataclass
class Page:
    rows: list[ListRow]
    cursor: Cursor | None
    done: bool


class ListSource(Protocol):
    def page(self, cursor: Cursor | None, limit: int) -> Page: ...


def _cursor(message: MessageSummary) -> Cursor:
    return (message.timestamp, message.id)


@dataclass
class FolderMessages:
    folder_id: int

    def page(self, cursor: Cursor | None, limit: int) -> Page:
        found = mailbox.list_messages(self.folder_id, limit=limit, before=cursor)
        rows = [ListRow(m, unread="seen" not in m.flags) for m in found]
        return Page(rows, _cursor(found[-1]) if found else cursor, len(found) < limit)


@dataclass
class FolderThreads:
    """One row per conversation; a conversation seen on an earlier page is not repeated."""

    folder_id: int

    def __post_init__(self) -> None:
        self._seen: set[int] = set()

    def page(self, cursor: Cursor | None, limit: int) -> Page:
        found = mailbox.list_threads(self.folder_id, limit=limit, before=cursor)
        fresh = [t for t in found if t.thread_id not in self._seen]
        self._seen.update(t.thread_id for t in fresh)
        rows = [ListRow(t.latest, t.messages, t.unread > 0) for t in fresh]
        last = _cursor(found[-1].latest) if found else cursor
        return Page(rows, last, len(found) < limit)


@dataclass
class SearchResults:
    """Search answers one ranked batch; there is no next page to ask for."""

    query: str

    def page(self, cursor: Cursor | None, limit: int) -> Page:
        found = mailbox.search(self.query, limit=limit)
        return Page([ListRow(m, unread="seen" not in m.flags) for m in found], None, True)
