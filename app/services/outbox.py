"""Sending mail for the UI and the CLI: queue, list, flush, undo (cancel), retry.

A queued message is complete and durable at once (bytes, Message-ID, envelope), so the
user's Send works offline; it goes out once its send delay has passed and the network is
there (`flush`). Until then `cancel` takes it back, which is the GUI's Undo.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import NotFound, UsageError
from app.mail.compose import (
    ISO_2022_JP,
    UTF8,
    AttachmentFile,
    Draft,
    Mailbox,
    build_message,
    check_header_text,
    parse_mailbox,
    parse_mailboxes,
)
from app.mail.parse import attachment_payload, parse_full, parse_metadata
from app.models.mail import Account, Message, OutboxMessage
from app.sync.accounts import get_account
from app.sync.outbox import queue
from app.sync.outbox.sender import OutboxSender

DEFAULT_SEND_DELAY = 10  # seconds in which the user can still undo


@dataclass
class OutboxEntry:
    id: int
    account: str
    message_id: str
    subject: str
    recipients: list[str]  # the envelope: To, Cc and Bcc
    state: str  # queued | sending | sent | copied | failed
    send_after: str  # ISO 8601 UTC: when it goes (or is tried again)
    attempts: int
    last_error: str
    created_at: str


@dataclass
class SendOutcome:
    id: int
    message_id: str
    state: str
    error: str = ""
    error_kind: str = ""  # AuthError, TlsError, ServerUnavailable, MessageRejected, ...


@dataclass
class FlushResult:
    outcomes: list[SendOutcome] = field(default_factory=list)
    busy: bool = False  # another Kizuna process is sending right now
    exit_code: int = 0  # the first error's code (3 network/login, 1 refused), 0 if none


@dataclass
class CancelledMessage:
    """What an undone message held, to reopen it in the composer."""

    id: int
    account: str
    message_id: str
    to: list[str]
    cc: list[str]
    bcc: list[str]
    subject: str
    text: str
    html: str | None
    attachments: list[AttachmentFile]
    in_reply_to: str | None
    references: list[str]


def _iso(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat().replace("+00:00", "Z")


def _entry(item: queue.OutboxItem, account_names: dict[int, str]) -> OutboxEntry:
    try:
        subject = parse_metadata(item.raw, headers_only=True).subject
    except Exception:  # our own bytes; a parser failure must still leave the entry listed
        subject = ""
    return OutboxEntry(
        id=item.id, account=account_names.get(item.account_id, ""),
        message_id=item.message_id, subject=subject, recipients=item.recipients,
        state=item.state, send_after=_iso(item.send_after), attempts=item.attempts,
        last_error=item.last_error, created_at=_iso(item.created_at),
    )


def _names() -> dict[int, str]:
    return dict(Account.select(Account.id, Account.name).tuples())


def _options(account: Account) -> dict:
    try:
        options = json.loads(account.settings or "{}")
    except ValueError:
        return {}
    return options if isinstance(options, dict) else {}


def _sending_account(name: str | None) -> Account:
    if name:
        account = get_account(name)
    else:
        account = (Account.select().where(Account.protocol != "local")
                   .order_by(Account.is_default.desc(), Account.id).first())
        if account is None:
            raise NotFound("No mail account to send from", "送信に使うアカウントがありません")
    if not account.smtp_host:
        raise UsageError(
            f"Account '{account.name}' has no outgoing (SMTP) server",
            f"アカウント「{account.name}」には送信（SMTP）サーバーが設定されていません",
        )
    return account


def send_delay(account: Account, requested: int | None) -> int:
    if requested is not None:
        delay = requested
    else:
        delay = _options(account).get("send_delay", DEFAULT_SEND_DELAY)
    if not isinstance(delay, int) or isinstance(delay, bool) or delay < 0:
        raise UsageError("The send delay must be a whole number of seconds, 0 or more",
                         "送信の遅延は 0 以上の秒数で指定してください")
    return delay


def attachment_from_path(path: str | Path) -> AttachmentFile:
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"Cannot read the attachment {file}: {reason}",
                         f"添付ファイル {file} を読み込めません: {reason}") from error
    return AttachmentFile(file.name, data)


def _reply_headers(message_id: int | None) -> tuple[str | None, list[str]]:
    if message_id is None:
        return None, []
    parent = Message.get_or_none(Message.id == message_id)
    if parent is None:
        raise NotFound(f"No message {message_id}", f"メッセージ {message_id} はありません")
    return parent.message_id, parent.references.split()


def queue_message(
    account: str | None,
    to: Sequence[str],
    subject: str,
    text: str,
    *,
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    html: str | None = None,
    attachments: Sequence[AttachmentFile] = (),
    delay: int | None = None,
    reply_to: int | None = None,
) -> OutboxEntry:
    """Build the message and store it durably; nothing touches the network here."""
    sender_account = _sending_account(account)
    check_header_text("display-name", sender_account.display_name)
    sender = Mailbox(" ".join(sender_account.display_name.split()),
                     parse_mailbox(sender_account.email).addr)
    charset = ISO_2022_JP if str(_options(sender_account).get("charset", "")).lower() in (
        "iso-2022-jp", "iso2022jp", "jis") else UTF8
    in_reply_to, references = _reply_headers(reply_to)
    draft = Draft(
        sender=sender, to=parse_mailboxes(to), cc=parse_mailboxes(cc),
        bcc=parse_mailboxes(bcc), subject=subject, text=text, html=html,
        attachments=list(attachments), in_reply_to=in_reply_to, references=references,
        charset=charset,
    )
    composed = build_message(draft)
    item = queue.enqueue(sender_account, composed.message_id, composed.raw,
                         composed.recipients, send_delay(sender_account, delay))
    return _entry(item, {sender_account.id: sender_account.name})


def list_outbox(account: str | None = None) -> list[OutboxEntry]:
    account_id = get_account(account).id if account else None
    return [_entry(item, _names()) for item in queue.items(account_id)]


def get_entry(entry_id: int) -> OutboxEntry:
    return _entry(queue.get(entry_id), _names())


async def flush_async(ignore_delay: bool = False,
                      ids: Sequence[int] | None = None) -> FlushResult:
    """Send what is due; on the caller's asyncio loop (the GUI's qasync loop)."""
    report = await OutboxSender().flush(ignore_delay=ignore_delay,
                                        ids=list(ids) if ids is not None else None)
    outcomes = [SendOutcome(o.id, o.message_id, o.state, o.error, o.error_kind)
                for o in report.outcomes]
    code = report.errors[0].exit_code if report.errors else 0
    return FlushResult(outcomes, report.busy, code)


def flush(ignore_delay: bool = False, ids: Sequence[int] | None = None) -> FlushResult:
    """flush_async for callers without a loop (the CLI)."""
    return asyncio.run(flush_async(ignore_delay, ids))


def next_due() -> int | None:
    """Epoch seconds when the next message is due to go (or to be copied), if any."""
    return queue.next_due()


def retry(entry_id: int) -> OutboxEntry:
    return _entry(queue.retry(entry_id), _names())


def cancel(entry_id: int) -> CancelledMessage:
    """Undo: the message leaves the outbox before it is sent; its content comes back."""
    item = queue.cancel(entry_id)
    parsed = parse_full(item.raw)
    meta = parsed.meta
    to = [str(Mailbox(a.name, a.addr)) for a in meta.to]
    cc = [str(Mailbox(a.name, a.addr)) for a in meta.cc]
    shown = {a.addr for a in [*meta.to, *meta.cc]}
    files = [AttachmentFile(a.filename, attachment_payload(item.raw, a.part), a.content_type)
             for a in parsed.attachments]
    return CancelledMessage(
        id=item.id, account=_names().get(item.account_id, ""), message_id=item.message_id,
        to=to, cc=cc, bcc=[r for r in item.recipients if r not in shown],
        subject=meta.subject, text=parsed.text, html=parsed.html, attachments=files,
        in_reply_to=meta.in_reply_to, references=[r for r in meta.references
                                                   if r != meta.in_reply_to],
    )


DELETABLE = (queue.SENT, queue.COPIED, queue.FAILED)


def delete_entry(entry_id: int) -> None:
    """Remove a finished or failed entry from the list (queued ones are cancelled instead).
    A `sent` entry whose copy to Sent keeps failing can be dropped this way too."""
    state = queue.get(entry_id).state
    deleted = OutboxMessage.delete().where(
        (OutboxMessage.id == entry_id) & OutboxMessage.state.in_(DELETABLE)
    ).execute()
    if deleted != 1:
        raise UsageError(
            f"Outbox entry {entry_id} is {state}; cancel it instead of deleting it",
            f"送信トレイの {entry_id} は {state} のため削除できません。取り消してください",
        )
