"""Writing mail for the window: what a new message, a reply or a forward starts with, and
sending it through the outbox. Results are plain `ComposeData`; nothing here waits on the
network (the outbox sends later, after the undo delay).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.errors import NotFound, UsageError, user_language
from app.mail.compose import AttachmentFile
from app.mail.limits import RENDER_SECONDS, ParseTimeout, WorkerFailed, render_worker
from app.mail.parse import attachment_payload
from app.mail.reply import MODES, Original, Person, build_reply, read_original
from app.models.db import durable
from app.models.drafts import DraftAttachment, DraftRow
from app.models.mail import Account, Message
from app.services import mailbox, outbox
from app.services.outbox import CancelledMessage

NEW = "new"
FILE, MESSAGE, DATA, DRAFT = "file", "message", "data", "draft"


@dataclass
class AttachmentRef:
    """An attachment by where its bytes are, so a window never holds big files itself."""

    filename: str
    size: int
    source: str  # file | message (an original's part) | data (in memory) | draft (saved copy)
    path: str = ""  # file
    message_id: int | None = None  # message
    part: str = ""  # message
    stored_id: int | None = None  # draft: the saved copy's row
    content_type: str = ""
    data: bytes | None = field(default=None, repr=False)  # data


@dataclass
class ComposeData:
    account: str  # the sending account's name; "" when there is none yet
    to: list[str] = field(default_factory=list)  # "Name <addr>" or "addr", as typed
    cc: list[str] = field(default_factory=list)
    bcc: list[str] = field(default_factory=list)
    subject: str = ""
    text: str = ""
    attachments: list[AttachmentRef] = field(default_factory=list)
    mode: str = NEW  # new | reply | all | forward
    source_id: int | None = None  # the stored message replied to or forwarded
    in_reply_to: str | None = None  # its Message-ID
    references: list[str] = field(default_factory=list)
    draft_id: int | None = None  # set once saved as a draft


@dataclass
class SenderChoice:
    name: str  # account name
    label: str  # "Display Name <address>"
    can_send: bool  # has an outgoing server


def sending_accounts() -> list[SenderChoice]:
    """Every account, the default for sending first."""
    rows = Account.select().order_by(Account.is_default.desc(), Account.id)
    choices = []
    for account in rows:
        label = f"{account.display_name} <{account.email}>" if account.display_name \
            else account.email
        choices.append(SenderChoice(account.name, label, bool(account.smtp_host)))
    return choices


def own_addresses() -> list[str]:
    return [email.lower() for (email,) in Account.select(Account.email).tuples()]


def _default_account() -> str:
    choices = sending_accounts()
    usable = [c for c in choices if c.can_send]
    return (usable or choices)[0].name if choices else ""


def _choose_account(arrived_in: str) -> str:
    """The account the original came to, unless it cannot send and another can."""
    choices = {c.name: c for c in sending_accounts()}
    if arrived_in in choices and choices[arrived_in].can_send:
        return arrived_in
    default = _default_account()
    return default if default and choices[default].can_send else arrived_in or default


def start_new(account: str | None = None, to: list[str] | None = None) -> ComposeData:
    return ComposeData(account=account or _default_account(), to=list(to or []))


def _headers_only(message_id: int) -> Original:
    """The original as the list knows it, when its body cannot be read for quoting."""
    summary = mailbox.get_summary(message_id)
    row = Message.get_by_id(message_id)
    return Original(
        subject=summary.subject, sender=Person(summary.from_name, summary.from_addr),
        reply_to=[], to=[Person(p.name, p.addr) for p in summary.to],
        cc=[Person(p.name, p.addr) for p in summary.cc], date=summary.timestamp,
        message_id=summary.message_id, references=row.references.split(), text="",
    )


def read_for_reply(message_id: int) -> Original:
    raw = mailbox.raw_source(message_id)
    try:
        # Mail from strangers: the full parse and HTML conversion run where they can be
        # stopped, as for reading.
        return render_worker().call(read_original, raw, timeout=RENDER_SECONDS)
    except (ParseTimeout, WorkerFailed):
        return _headers_only(message_id)


def start_reply(message_id: int, mode: str) -> ComposeData:
    """A reply ("reply"), reply to all ("all") or forward ("forward") of a stored message."""
    if mode not in MODES:
        raise UsageError(f"Unknown reply mode '{mode}'", f"返信の種類「{mode}」はありません")
    summary = mailbox.get_summary(message_id)
    original = read_for_reply(message_id)
    content = build_reply(original, mode, own_addresses(), user_language())
    attachments = [
        AttachmentRef(a.filename or "attachment", a.size, MESSAGE, message_id=message_id,
                      part=a.part, content_type=a.content_type)
        for a in content.attachments
    ]
    return ComposeData(
        account=_choose_account(summary.account), to=[str(p) for p in content.to],
        cc=[str(p) for p in content.cc], subject=content.subject, text=content.text,
        attachments=attachments, mode=mode, source_id=message_id,
        in_reply_to=content.in_reply_to, references=content.references,
    )


def from_cancelled(message: CancelledMessage) -> ComposeData:
    """An undone message back in the composer, as it was."""
    source = None
    if message.in_reply_to:
        row = (Message.select(Message.id).where(Message.message_id == message.in_reply_to)
               .order_by(Message.id.desc()).first())
        source = row.id if row else None
    return ComposeData(
        account=message.account, to=list(message.to), cc=list(message.cc),
        bcc=list(message.bcc), subject=message.subject, text=message.text,
        attachments=[AttachmentRef(a.filename, len(a.data), DATA, content_type=a.content_type,
                                   data=a.data) for a in message.attachments],
        mode="reply" if message.in_reply_to else NEW, source_id=source,
        in_reply_to=message.in_reply_to, references=list(message.references),
    )


def attach_file(path: str | Path) -> AttachmentRef:
    """A file to attach, checked readable now so the user hears at once if it is not."""
    file = Path(path)
    try:
        size = file.stat().st_size
        with file.open("rb"):
            pass
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"Cannot read the attachment {file}: {reason}",
                         f"添付ファイル {file} を読み込めません: {reason}") from error
    if not file.is_file():
        raise UsageError(f"{file} is not a file", f"{file} はファイルではありません")
    return AttachmentRef(file.name, size, FILE, path=str(file))


def payload(ref: AttachmentRef) -> bytes:
    """The attachment's bytes, wherever they are."""
    if ref.source == DATA and ref.data is not None:
        return ref.data
    if ref.source == FILE:
        return outbox.attachment_from_path(ref.path).data
    if ref.source == MESSAGE and ref.message_id is not None:
        try:
            return attachment_payload(mailbox.raw_source(ref.message_id), ref.part)
        except KeyError:
            pass
    elif ref.source == DRAFT and ref.stored_id is not None:
        row = (DraftAttachment.select(DraftAttachment.data)
               .where(DraftAttachment.id == ref.stored_id).first())
        if row is not None:
            return bytes(row.data)
    raise NotFound(f"The attachment {ref.filename} is no longer available",
                   f"添付ファイル {ref.filename} はもう見つかりません")


def _reply_target(data: ComposeData) -> int | None:
    """The stored message the outbox takes In-Reply-To and References from."""
    if data.in_reply_to is None or data.mode == "forward":
        return None
    if data.source_id is not None and Message.get_or_none(Message.id == data.source_id):
        return data.source_id
    row = (Message.select(Message.id).where(Message.message_id == data.in_reply_to)
           .order_by(Message.id.desc()).first())
    return row.id if row else None


def send(data: ComposeData) -> int:
    """Queue the message; its draft, if saved, goes in the same transaction. Returns the
    outbox entry id (for Undo: app.services.outbox.cancel)."""
    if not data.account:
        raise NotFound("No mail account to send from", "送信に使うアカウントがありません")
    with durable():
        files = [AttachmentFile(a.filename, payload(a), a.content_type)
                 for a in data.attachments]
        entry = outbox.queue_message(
            data.account, data.to, data.subject, data.text, cc=data.cc, bcc=data.bcc,
            attachments=files, reply_to=_reply_target(data),
        )
        if data.draft_id is not None:
            DraftRow.delete().where(DraftRow.id == data.draft_id).execute()
    return entry.id
