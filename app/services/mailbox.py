"""Reading mail: folders, pages of the message list, one message, search."""

from __future__ import annotations

import json
from pathlib import Path

import peewee as pw

from app.crm.lookup import lookup
from app.crm.records import iso
from app.errors import NotFound, user_language
from app.mail import flags as mail_flags
from app.mail.filenames import save_attachment as write_attachment
from app.mail.limits import RENDER_SECONDS, ParseTimeout, WorkerFailed, render_worker
from app.mail.parse import attachment_payload
from app.mail.sanitize import render_message
from app.mail.search import search_ids
from app.mail.warnings import sender_warnings
from app.models.mail import (
    Account,
    Attachment,
    Folder,
    Message,
    MessageRaw,
    SenderPreference,
    Thread,
)
from app.services.types import (
    AttachmentView,
    FolderSummary,
    MessageDetail,
    MessageSummary,
    PersonAddress,
    ThreadSummary,
    WarningView,
)

ROLE_ORDER = ["inbox", "drafts", "sent", "archive", "junk", "trash"]
SCAN_CHUNK = 500

_SUMMARY_COLUMNS = (
    Message.id, Account.name, Folder.name, Message.uid, Message.message_id, Message.subject,
    Message.from_name, Message.from_addr, Message.to_addrs, Message.cc_addrs, Message.date,
    Message.flags, Message.thread, Message.has_attachments, Message.snippet,
)


def _people(value: str) -> list[PersonAddress]:
    return [PersonAddress(name, addr) for name, addr in json.loads(value or "[]")]


def _summary(row: tuple) -> MessageSummary:
    (mid, account, folder, uid, message_id, subject, from_name, from_addr, to, cc, date,
     bits, thread, attachments, snippet) = row
    return MessageSummary(
        id=mid, account=account, folder=folder, uid=uid, message_id=message_id,
        subject=subject, from_name=from_name, from_addr=from_addr, to=_people(to),
        cc=_people(cc), date=iso(date) or "", timestamp=date, flags=mail_flags.names(bits),
        thread_id=thread, has_attachments=bool(attachments), snippet=snippet,
    )


def _summary_query() -> pw.ModelSelect:
    return Message.select(*_SUMMARY_COLUMNS).join(Folder).switch(Message).join(Account)


def list_folders() -> list[FolderSummary]:
    counts = {
        folder: (total, unread or 0)
        for folder, total, unread in Message.select(
            Message.folder,
            pw.fn.COUNT(Message.id),
            pw.fn.SUM(pw.Case(None, [((Message.flags.bin_and(mail_flags.SEEN)) == 0, 1)], 0)),
        )
        .group_by(Message.folder)
        .tuples()
    }
    rows = Folder.select(Folder, Account.name).join(Account).order_by(Account.name)
    folders = [
        FolderSummary(
            id=f.id, account=f.account.name, name=f.name, display_name=f.display_name or f.name,
            role=f.role, total=counts.get(f.id, (0, 0))[0], unread=counts.get(f.id, (0, 0))[1],
        )
        for f in rows
    ]

    def order(f: FolderSummary) -> tuple:
        rank = ROLE_ORDER.index(f.role) if f.role in ROLE_ORDER else len(ROLE_ORDER)
        return (f.account, rank, f.display_name.casefold())

    return sorted(folders, key=order)


def resolve_folders(folder: str | int | None, account: str | None = None) -> list[int]:
    """Folder ids for an id, a name or a role ('inbox'), optionally within one account."""
    query = Folder.select(Folder.id).join(Account)
    if account:
        query = query.where(Account.name == account)
    if folder is None:
        return [f for (f,) in query.tuples()]
    text = str(folder)
    if text.isdigit():
        query = query.where(Folder.id == int(text))
    else:
        query = query.where(
            (Folder.name == text) | (Folder.display_name == text) | (Folder.role == text.lower())
        )
    ids = [f for (f,) in query.tuples()]
    if not ids:
        raise NotFound(f"No folder named '{text}'", f"フォルダ「{text}」が見つかりません")
    return ids


def _keyset(query: pw.ModelSelect, before: tuple[int, int] | None) -> pw.ModelSelect:
    if before is not None:
        date, mid = before
        query = query.where((Message.date < date) | ((Message.date == date) & (Message.id < mid)))
    return query.order_by(Message.date.desc(), Message.id.desc())


def list_messages(
    folder: str | int | None = None,
    account: str | None = None,
    limit: int = 50,
    before: tuple[int, int] | None = None,
) -> list[MessageSummary]:
    """A page of messages, newest first; pass the last row's (timestamp, id) as `before`."""
    ids = resolve_folders(folder, account)
    query = _keyset(_summary_query().where(Message.folder.in_(ids)), before).limit(limit)
    return [_summary(row) for row in query.tuples()]


def list_threads(
    folder: str | int | None = None,
    account: str | None = None,
    limit: int = 50,
    before: tuple[int, int] | None = None,
) -> list[ThreadSummary]:
    """Conversations with a message in the folder, by their newest message there.

    Walks the folder's date index in chunks and keeps the first row of each thread, so the
    cost follows the page size, not the folder size.
    """
    ids = resolve_folders(folder, account)
    latest: dict[int, MessageSummary] = {}
    cursor = before
    while len(latest) < limit:
        chunk = [
            _summary(row)
            for row in _keyset(_summary_query().where(Message.folder.in_(ids)), cursor)
            .limit(SCAN_CHUNK)
            .tuples()
        ]
        for message in chunk:
            key = message.thread_id if message.thread_id is not None else -message.id
            if key not in latest and len(latest) < limit:
                latest[key] = message
        if len(chunk) < SCAN_CHUNK:
            break
        cursor = (chunk[-1].timestamp, chunk[-1].id)
    thread_ids = [k for k in latest if k > 0]
    threads = {t.id: t for t in Thread.select().where(Thread.id.in_(thread_ids))}
    unread = dict(
        Message.select(Message.thread, pw.fn.COUNT(Message.id))
        .where(Message.thread.in_(thread_ids) & (Message.flags.bin_and(mail_flags.SEEN) == 0))
        .group_by(Message.thread)
        .tuples()
    )
    return [
        ThreadSummary(
            thread_id=key,
            subject=message.subject,
            latest=message,
            messages=threads[key].message_count if key in threads else 1,
            unread=unread.get(key, 0) if key > 0 else int("seen" not in message.flags),
        )
        for key, message in latest.items()
    ]


def thread_messages(thread_id: int) -> list[MessageSummary]:
    query = _summary_query().where(Message.thread == thread_id).order_by(Message.date, Message.id)
    return [_summary(row) for row in query.tuples()]


def _no_message(message_id: int) -> NotFound:
    return NotFound(f"No message with id {message_id}", f"ID {message_id} のメッセージはありません")


def get_summary(message_id: int) -> MessageSummary:
    row = _summary_query().where(Message.id == message_id).tuples().first()
    if row is None:
        raise _no_message(message_id)
    return _summary(row)


def raw_source(message_id: int) -> bytes:
    raw = MessageRaw.get_or_none(MessageRaw.message == message_id)
    if raw is None:
        raise _no_message(message_id)
    return bytes(raw.data)


def save_attachment(message_id: int, part: str, directory: Path) -> Path:
    """Write one attachment into directory under a safe new name (see app.mail.filenames);
    for opening it with another program, directory is app.paths.attachment_cache(home)."""
    info = Attachment.get_or_none((Attachment.message == message_id) & (Attachment.part == part))
    if info is None:
        raise NotFound(f"Message {message_id} has no attachment {part}",
                       f"メッセージ {message_id} に添付ファイル {part} はありません")
    data = attachment_payload(raw_source(message_id), part)
    return write_attachment(directory, info.filename, data, info.content_type)


def sender_allows_remote(address: str) -> bool:
    pref = SenderPreference.get_or_none(SenderPreference.address == address.lower())
    return bool(pref and pref.allow_remote)


def show_message(message_id: int, allow_remote: bool = False) -> MessageDetail:
    summary = get_summary(message_id)
    row = Message.get_by_id(message_id)
    detail = MessageDetail(**vars(summary))
    detail.parse_error = row.parse_error
    detail.body_available = row.body_state == 1
    detail.attachments = [
        AttachmentView(a.part, a.filename, a.content_type, a.size, a.inline)
        for a in Attachment.select().where(Attachment.message == message_id).order_by(Attachment.id)
    ]
    language = user_language()
    warnings = sender_warnings(summary.from_name, summary.from_addr)
    if row.parse_error is None:
        remote_ok = allow_remote or sender_allows_remote(summary.from_addr)
        try:
            # A worker process that is stopped if the message takes too long to render.
            safe = render_worker().call(
                render_message, raw_source(message_id), remote_ok, timeout=RENDER_SECONDS
            )
        except (ParseTimeout, WorkerFailed) as error:
            detail.parse_error = str(error)  # the reader says so; the raw source still opens
        else:
            detail.text = safe.text
            detail.html_parts = safe.html_parts
            detail.html = safe.html_parts[0] if safe.html_parts else None
            detail.blocked_remote = safe.blocked_remote
            warnings = safe.warnings
    detail.warnings = [
        WarningView(w.kind, w.japanese if language == "ja" else w.english) for w in warnings
    ]
    crm = lookup(summary.from_addr)
    detail.crm = crm if crm.kind is not None else None
    return detail


def search(query: str, limit: int = 50) -> list[MessageSummary]:
    ids = search_ids(query, limit)
    if not ids:
        return []
    rows = {row[0]: row for row in _summary_query().where(Message.id.in_(ids)).tuples()}
    return [_summary(rows[i]) for i in ids if i in rows]
