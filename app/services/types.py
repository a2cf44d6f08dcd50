"""Plain results handed to the UI and the CLI. Never database rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FolderSummary:
    id: int
    account: str
    name: str
    display_name: str
    role: str | None
    total: int
    unread: int


@dataclass(slots=True)  # slots: a list window holds one per row, 100k and more
class PersonAddress:
    name: str
    addr: str


@dataclass(slots=True)
class MessageSummary:
    id: int
    account: str
    folder: str
    uid: int | None
    message_id: str | None
    subject: str
    from_name: str
    from_addr: str
    to: list[PersonAddress]
    cc: list[PersonAddress]
    date: str  # ISO 8601, UTC
    timestamp: int
    flags: list[str]
    thread_id: int | None
    has_attachments: bool
    snippet: str


@dataclass
class ThreadSummary:
    thread_id: int
    subject: str
    latest: MessageSummary  # newest message of the thread in this folder
    messages: int  # in the whole conversation, all folders
    unread: int
    starred: bool = False  # any of its messages, all folders
    has_attachments: bool = False


@dataclass
class AttachmentView:
    part: str
    filename: str
    content_type: str
    size: int
    inline: bool


@dataclass
class WarningView:
    kind: str
    message: str


@dataclass(slots=True)
class MessageDetail(MessageSummary):
    text: str = ""
    html: str | None = None  # sanitized; the first of html_parts, kept for older callers
    html_parts: list[str] = field(default_factory=list)  # sanitized, one per MIME part
    blocked_remote: int = 0
    attachments: list[AttachmentView] = field(default_factory=list)
    warnings: list[WarningView] = field(default_factory=list)
    crm: Any = None  # app.crm.lookup.LookupResult, or None for an unknown sender
    body_available: bool = True
    parse_error: str | None = None
