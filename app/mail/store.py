"""Writing incoming mail into the store: raw bytes first, then metadata, then the thread.

The raw bytes are inserted in the same transaction as the row but before any parsing, so a
message the parser cannot read is still listed (with its parse error) and viewable raw.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass

from app.mail.parse import MessageMeta, parse_metadata
from app.mail.threading import assign_thread
from app.models.base import database_proxy
from app.models.mail import Account, Attachment, Folder, Message, MessageRaw

UNREADABLE_SUBJECT = "(unreadable message)"


@dataclass
class IncomingMessage:
    raw: bytes
    uid: int | None = None
    uidvalidity: int | None = None
    flags: int = 0
    pop_uidl: str | None = None
    complete: bool = True  # False when `raw` holds only the header block
    received: int | None = None  # server's arrival time: the date when the header has none
    size: int | None = None  # full size when only headers were fetched


def ensure_account(name: str, email: str, protocol: str = "local", **fields: object) -> Account:
    account = Account.get_or_none(Account.name == name)
    if account is None:
        account = Account.create(
            name=name, email=email, protocol=protocol, created_at=int(time.time()), **fields
        )
    return account


def ensure_folder(account: Account, name: str, role: str | None = None) -> Folder:
    folder = Folder.get_or_none((Folder.account == account) & (Folder.name == name))
    if folder is None:
        folder = Folder.create(account=account, name=name, display_name=name, role=role)
    return folder


def _addresses_json(addresses: list) -> str:
    return json.dumps([[a.name, a.addr] for a in addresses], ensure_ascii=False)


def _row_fields(meta: MessageMeta, item: IncomingMessage, now: int) -> dict[str, object]:
    return {
        "message_id": meta.message_id,
        "in_reply_to": meta.in_reply_to,
        "references": " ".join(meta.references),
        "subject": meta.subject,
        "from_name": meta.from_name,
        "from_addr": meta.from_addr,
        "to_addrs": _addresses_json(meta.to),
        "cc_addrs": _addresses_json(meta.cc),
        "date": meta.date or item.received or now,
        "has_attachments": meta.has_attachments,
        "snippet": meta.snippet,
        "parse_error": None,
    }


def _store_one(folder: Folder, item: IncomingMessage, now: int) -> int:
    message = Message.create(
        account=folder.account_id,
        folder=folder,
        uid=item.uid,
        uidvalidity=item.uidvalidity,
        pop_uidl=item.pop_uidl,
        flags=item.flags,
        size=item.size if item.size is not None else len(item.raw),
        body_state=1 if item.complete else 0,
        date=item.received or now,
        created_at=now,
    )
    MessageRaw.insert(message=message.id, data=item.raw, complete=item.complete).execute()
    try:
        meta = parse_metadata(item.raw, headers_only=not item.complete)
    except Exception as error:
        Message.update(subject=UNREADABLE_SUBJECT, parse_error=repr(error)[:500]).where(
            Message.id == message.id
        ).execute()
        return message.id
    fields = _row_fields(meta, item, now)
    thread_id = assign_thread(
        account_id=folder.account_id,
        message_id=meta.message_id,
        references=meta.references,
        subject=meta.subject,
        date=int(fields["date"]),
    )
    Message.update(thread=thread_id, **fields).where(Message.id == message.id).execute()
    if meta.attachments:
        Attachment.insert_many(
            [
                {
                    "message": message.id,
                    "part": a.part,
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "size": a.size,
                    "content_id": a.content_id,
                    "inline": a.inline,
                }
                for a in meta.attachments
            ]
        ).execute()
    return message.id


def store_messages(folder: Folder, items: Iterable[IncomingMessage]) -> list[int]:
    """Store a batch in one transaction; returns the new message ids in order."""
    now = int(time.time())
    with database_proxy.atomic():
        return [_store_one(folder, item, now) for item in items]
