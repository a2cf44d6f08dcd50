"""Reading mail: folders, pages of the message list, one message, search."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from urllib.parse import unquote

import peewee as pw

from app.crm.lookup import lookup
from app.crm.records import iso
from app.errors import NotFound, UsageError, user_language
from app.mail import flags as mail_flags
from app.mail.filenames import safe_filename
from app.mail.filenames import save_attachment as write_attachment
from app.mail.limits import RENDER_SECONDS, ParseTimeout, WorkerFailed, render_worker
from app.mail.parse import ParseError, attachment_payload
from app.mail.sanitize import (
    INLINE_IMAGE_TYPES,
    MAX_INLINE_IMAGE,
    embedded_content_ids,
    render_message,
)
from app.mail.search import search_ids
from app.mail.warnings import sender_warnings
from app.models.base import database_proxy
from app.models.mail import (
    Account,
    Attachment,
    Folder,
    Message,
    MessageRaw,
    SenderPreference,
    Thread,
)
from app.paths import attachment_cache
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


_NO_PEOPLE: list[PersonAddress] = []  # lean rows share it; nothing adds to it


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


@dataclass(frozen=True)
class ListOrder:
    """How the message list is sorted; every order pages by keyset over an index."""

    column: str = "date"  # one of SORT_COLUMNS
    descending: bool = True


SORT_COLUMNS = ("date", "sender", "subject")
NEWEST_FIRST = ListOrder()
# A row's place in its order, (date, id) or (sort key, date, id): give the last row's
# back as `after` for the next page.
Position = tuple

_SORT_KEYS: dict[str, tuple[pw.Field, ...]] = {
    "date": (),
    "sender": (Message.sort_sender,),  # app.mail.sort_keys, filled when stored
    "subject": (Message.sort_subject,),
}


@dataclass
class ListedMessage:
    message: MessageSummary
    position: Position


@dataclass
class ListedThread:
    thread: ThreadSummary
    position: Position  # of the message that placed the conversation


def _sort_columns(order: ListOrder) -> list[pw.Field]:
    if order.column not in _SORT_KEYS:
        raise UsageError(f"Cannot sort by '{order.column}'",
                         f"「{order.column}」で並べ替えることはできません")
    return [*_SORT_KEYS[order.column], Message.date, Message.id]


def _keyset(query: pw.ModelSelect, order: ListOrder, after: Position | None) -> pw.ModelSelect:
    """Rows after `after` in `order`; the row-value comparison is one range on the
    (folder, key, date) index, whose implicit last column is the id."""
    columns = _sort_columns(order)
    if after is not None:
        here, mark = pw.Tuple(*columns), pw.Tuple(*after)
        query = query.where(here < mark if order.descending else here > mark)
    return query.order_by(*(c.desc() if order.descending else c.asc() for c in columns))


def _rows(query: pw.ModelSelect) -> list[tuple]:
    """The query's rows as SQLite gives them: peewee's per-value conversion costs more than
    the query itself on pages of hundreds of rows (the values here need none)."""
    sql, params = query.sql()
    return database_proxy.execute_sql(sql, params).fetchall()


def _lean_summary(row: tuple, shared: dict[object, object]) -> MessageSummary:
    """A summary for a window's list: only what a row shows. No recipients, snippet,
    Message-ID or ISO date, and names and flag lists shared between rows (never changed in
    place): at 100k rows those were most of the list's memory."""
    (mid, account, folder, uid, _message_id, subject, from_name, from_addr, _to, _cc, date,
     bits, thread, attachments, _snippet) = row
    flags = shared.get(bits)
    if flags is None:
        flags = shared[bits] = mail_flags.names(bits)
    return MessageSummary(
        id=mid, account=shared.setdefault(account, account),
        folder=shared.setdefault(folder, folder), uid=uid, message_id=None, subject=subject,
        from_name=from_name, from_addr=from_addr, to=_NO_PEOPLE, cc=_NO_PEOPLE, date="",
        timestamp=date, flags=flags, thread_id=thread, has_attachments=bool(attachments),
        snippet="",
    )


def _listed(folder_ids: list[int], order: ListOrder, after: Position | None,
            limit: int, lean: bool) -> list[ListedMessage]:
    keys = _sort_columns(order)[:-2]  # the sort key's column, read for the positions
    query = _keyset(
        _summary_query().select_extend(*keys).where(Message.folder.in_(folder_ids)),
        order, after,
    ).limit(limit)
    width = len(_SUMMARY_COLUMNS)
    shared: dict[object, object] = {}
    listed = []
    for row in _rows(query):
        message = _lean_summary(row[:width], shared) if lean else _summary(row[:width])
        listed.append(ListedMessage(message, (*row[width:], message.timestamp, message.id)))
    return listed


def listed_messages(
    folder: str | int | None = None,
    account: str | None = None,
    limit: int = 50,
    after: Position | None = None,
    order: ListOrder = NEWEST_FIRST,
    lean: bool = False,
) -> list[ListedMessage]:
    """A page of messages in `order`, each with its position for the next page's `after`;
    `lean` keeps only what a list row shows (see `_lean_summary`)."""
    return _listed(resolve_folders(folder, account), order, after, limit, lean)


def snippet(message_id: int) -> str:
    """The first words of a message's text (a lean list row has none of its own)."""
    row = Message.select(Message.snippet).where(Message.id == message_id).tuples().first()
    return row[0] if row else ""


def list_messages(
    folder: str | int | None = None,
    account: str | None = None,
    limit: int = 50,
    after: Position | None = None,
    order: ListOrder = NEWEST_FIRST,
) -> list[MessageSummary]:
    """A page of messages, newest first unless `order` says otherwise."""
    return [listed.message for listed in listed_messages(folder, account, limit, after, order)]


def listed_threads(
    folder: str | int | None = None,
    account: str | None = None,
    limit: int = 50,
    after: Position | None = None,
    order: ListOrder = NEWEST_FIRST,
    shown: Collection[int] = (),
) -> list[ListedThread]:
    """Conversations with a message in the folder, each shown by its newest message there
    and placed by that message's date, sender or subject in `order`, leaving out the
    `shown` thread ids.

    Walks the folder's index for that order in chunks, reading only ids and keys of the
    messages that are the newest of their conversation in their folder, so the cost
    follows the page size, not the folder size; then reads the chosen messages in one
    query.
    """
    ids = resolve_folders(folder, account)
    keys = _sort_columns(order)[:-2]
    newer = Message.alias()
    newest = Message.thread.is_null() | ~pw.fn.EXISTS(
        newer.select(newer.id).where(
            (newer.thread == Message.thread) & (newer.folder == Message.folder)
            & (pw.Tuple(newer.date, newer.id) > pw.Tuple(Message.date, Message.id))))
    first: dict[int, tuple[int, Position]] = {}  # thread key -> (message id, position)
    cursor = after
    while len(first) < limit:
        walk = Message.select(Message.id, Message.thread, *keys, Message.date).where(
            Message.folder.in_(ids) & newest)
        chunk = _rows(_keyset(walk, order, cursor).limit(SCAN_CHUNK))
        for mid, thread, *place in chunk:
            key = thread if thread is not None else -mid
            if key not in first and key not in shown and len(first) < limit:
                first[key] = (mid, (*place, mid))
        if len(chunk) < SCAN_CHUNK:
            break
        cursor = (*chunk[-1][2:], chunk[-1][0])
    rows = {row[0]: row for row in
            _rows(_summary_query().where(Message.id.in_([mid for mid, _ in first.values()])))}
    thread_ids = [k for k in first if k > 0]
    counts = dict(_rows(Thread.select(Thread.id, Thread.message_count)
                        .where(Thread.id.in_(thread_ids))))
    marks = {
        thread: (unread or 0, bool(starred), bool(attachments))
        for thread, unread, starred, attachments in _rows(
            Message.select(
                Message.thread,
                pw.fn.SUM(pw.Case(None, [((Message.flags.bin_and(mail_flags.SEEN)) == 0, 1)],
                                  0)),
                pw.fn.MAX(Message.flags.bin_and(mail_flags.FLAGGED)),
                pw.fn.MAX(Message.has_attachments),
            )
            .where(Message.thread.in_(thread_ids))
            .group_by(Message.thread)
        )
    }
    threads = []
    for key, (mid, position) in first.items():
        if mid not in rows:
            continue  # deleted since the walk read it
        message = _summary(rows[mid])
        alone = (int("seen" not in message.flags), "flagged" in message.flags,
                 message.has_attachments)
        unread, starred, attachments = marks.get(key, alone)
        summary = ThreadSummary(
            thread_id=key, subject=message.subject, latest=message,
            messages=counts.get(key, 1), unread=unread, starred=starred,
            has_attachments=attachments,
        )
        threads.append(ListedThread(summary, position))
    return threads


def list_threads(
    folder: str | int | None = None,
    account: str | None = None,
    limit: int = 50,
    after: Position | None = None,
    order: ListOrder = NEWEST_FIRST,
) -> list[ThreadSummary]:
    """Conversations by their newest message in the folder (see `listed_threads`)."""
    return [listed.thread for listed in listed_threads(folder, account, limit, after, order)]


def thread_messages(thread_id: int) -> list[MessageSummary]:
    query = _summary_query().where(Message.thread == thread_id).order_by(Message.date, Message.id)
    return [_summary(row) for row in query.tuples()]


def _no_message(message_id: int) -> NotFound:
    return NotFound(f"No message with id {message_id}", f"ID {message_id} のメッセージはありません")


def get_summaries(message_ids: Iterable[int]) -> dict[int, MessageSummary]:
    """Many messages in one query, by id; ids no longer stored are left out."""
    query = _summary_query().where(Message.id.in_(list(message_ids)))
    return {row[0]: _summary(row) for row in query.tuples()}


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


def _attachment(message_id: int, part: str) -> Attachment:
    info = Attachment.get_or_none((Attachment.message == message_id) & (Attachment.part == part))
    if info is None:
        raise NotFound(f"Message {message_id} has no attachment {part}",
                       f"メッセージ {message_id} に添付ファイル {part} はありません")
    return info


def save_attachment(message_id: int, part: str, directory: Path) -> Path:
    """Write one attachment into directory under a safe new name (see app.mail.filenames);
    to hand it to another program, see open_attachment."""
    info = _attachment(message_id, part)
    data = attachment_payload(raw_source(message_id), part)
    return write_attachment(directory, info.filename, data, info.content_type)


def save_attachment_as(message_id: int, part: str, path: Path) -> Path:
    """Write one attachment to the exact path the user chose (the save dialog has asked
    before replacing a file). Written beside it first, so a failure leaves no half file;
    readable by the user only."""
    _attachment(message_id, part)
    data = attachment_payload(raw_source(message_id), part)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kizuna-", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path


def open_attachment(message_id: int, part: str) -> Path:
    """A private copy (0600, in the data directory's 0700 attachment cache) for the user's
    own program to open. Opening it again reuses the copy while it is unchanged."""
    info = _attachment(message_id, part)
    data = attachment_payload(raw_source(message_id), part)
    # A folder per attachment: the copy keeps its own name, and is found again.
    directory = attachment_cache(_data_home()) / f"{message_id}-{part}"
    directory.mkdir(mode=0o700, exist_ok=True)
    earlier = directory / safe_filename(info.filename, info.content_type)
    if earlier.is_file() and not earlier.is_symlink() and earlier.read_bytes() == data:
        return earlier
    return write_attachment(directory, info.filename, data, info.content_type)


def attachment_file_name(filename: str, content_type: str) -> str:
    """The name an attachment is saved under by default: no path, no hidden characters."""
    return safe_filename(filename, content_type)


def _data_home() -> Path:
    path = database_proxy.obj.database if database_proxy.obj is not None else ""
    if not path or path == ":memory:":
        raise NotFound("No data directory is open", "データフォルダが開かれていません")
    return Path(path).parent


def inline_image(message_id: int, content_id: str) -> bytes | None:
    """The decoded image a `cid:` URL of this message names; None when no part of the
    message has that Content-ID, it is not a raster image, or it is bigger than
    MAX_INLINE_IMAGE. Read from the stored message only: no network, no file."""
    wanted = unquote(content_id).strip().strip("<>").lower()
    if not wanted:
        return None
    info = (
        Attachment.select()
        .where((Attachment.message == message_id)
               & (pw.fn.LOWER(Attachment.content_id) == wanted))
        .first()
    )
    if (info is None or f"data:{info.content_type}" not in INLINE_IMAGE_TYPES
            or info.size > MAX_INLINE_IMAGE):
        return None
    try:
        data = attachment_payload(raw_source(message_id), info.part)
    except (KeyError, ParseError, ParseTimeout):
        return None
    return data if len(data) <= MAX_INLINE_IMAGE else None


def sender_allows_remote(address: str) -> bool:
    pref = SenderPreference.get_or_none(SenderPreference.address == address.lower())
    return bool(pref and pref.allow_remote)


def set_sender_allows_remote(address: str, allow: bool = True) -> None:
    """Remember (or forget) that remote content from this sender may always load."""
    key = address.strip().lower()
    if not key:
        raise NotFound("The message has no sender address", "送信者のアドレスがありません")
    (
        SenderPreference.insert(address=key, allow_remote=allow)
        .on_conflict(conflict_target=[SenderPreference.address],
                     update={SenderPreference.allow_remote: allow})
        .execute()
    )


def show_message(message_id: int, allow_remote: bool = False) -> MessageDetail:
    summary = get_summary(message_id)
    row = Message.get_by_id(message_id)
    detail = MessageDetail(**{f.name: getattr(summary, f.name) for f in fields(summary)})
    detail.parse_error = row.parse_error
    detail.body_available = row.body_state == 1
    attachments = list(
        Attachment.select().where(Attachment.message == message_id).order_by(Attachment.id)
    )
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
    # Inline means drawn in the body here: a part marked inline that no HTML part shows
    # (Apple Mail's images between text parts) stays listed, or it could not be opened.
    drawn = embedded_content_ids(detail.html_parts)
    detail.attachments = [
        AttachmentView(a.part, a.filename, a.content_type, a.size,
                       a.inline and (a.content_id or "").lower() in drawn)
        for a in attachments
    ]
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
