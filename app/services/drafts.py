"""Drafts kept locally: saved often while the user types (each save is one durable
transaction), listed, reopened, discarded. Sending a draft removes it in the transaction
that queues it (app.services.compose.send).

Attachment bytes are copied into the draft on its first save and referred to by row from
then on, so later saves write only the text.
"""

from __future__ import annotations

import dataclasses
import json
import time
from dataclasses import dataclass

from app.crm.records import iso
from app.errors import NotFound
from app.models.db import durable
from app.models.drafts import DraftAttachment, DraftRow
from app.models.mail import Message
from app.services.compose import DRAFT, AttachmentRef, ComposeData, payload


@dataclass
class DraftSummary:
    id: int
    account: str
    to: list[str]
    subject: str
    snippet: str
    mode: str
    open: bool  # a compose window held it when last saved
    updated: str  # ISO 8601 UTC
    updated_at: int


def _no_draft(draft_id: int) -> NotFound:
    return NotFound(f"No draft {draft_id}", f"下書き {draft_id} はありません")


def _stored(draft_id: int, refs: list[AttachmentRef]) -> list[AttachmentRef]:
    """Keep the rows still listed, copy in the new attachments, drop the removed ones."""
    kept_ids = {r.stored_id for r in refs if r.source == DRAFT and r.stored_id is not None}
    (DraftAttachment.delete()
     .where((DraftAttachment.draft == draft_id) & DraftAttachment.id.not_in(kept_ids))
     .execute())
    result = []
    for position, ref in enumerate(refs):
        if ref.source == DRAFT and ref.stored_id in kept_ids:
            (DraftAttachment.update(position=position)
             .where(DraftAttachment.id == ref.stored_id).execute())
            result.append(ref)
            continue
        data = payload(ref)
        row = DraftAttachment.create(draft=draft_id, position=position, filename=ref.filename,
                                     content_type=ref.content_type, size=len(data), data=data)
        result.append(AttachmentRef(ref.filename, len(data), DRAFT, stored_id=row.id,
                                    content_type=ref.content_type))
    return result


def save_draft(data: ComposeData, open: bool = True) -> ComposeData:
    """Insert or update; returns `data` with its draft id and attachments as saved copies.
    `open`: a compose window is still editing it (offered again after a crash)."""
    now = int(time.time())
    fields = dict(
        account=data.account, to_addrs=json.dumps(data.to, ensure_ascii=False),
        cc_addrs=json.dumps(data.cc, ensure_ascii=False),
        bcc_addrs=json.dumps(data.bcc, ensure_ascii=False), subject=data.subject,
        body=data.text, mode=data.mode, in_reply_to=data.in_reply_to,
        references=" ".join(data.references), open=open, updated_at=now,
        source=data.source_id if data.source_id is not None
        and Message.select().where(Message.id == data.source_id).exists() else None,
    )
    with durable():
        draft_id = data.draft_id
        if draft_id is None or not DraftRow.update(**fields).where(
                DraftRow.id == draft_id).execute():
            draft_id = DraftRow.create(created_at=now, **fields).id
        attachments = _stored(draft_id, data.attachments)
    return dataclasses.replace(data, draft_id=draft_id, attachments=attachments)


def close_draft(draft_id: int) -> None:
    """The window let go of it (saved and closed): no longer offered for recovery."""
    DraftRow.update(open=False).where(DraftRow.id == draft_id).execute()


def _summary(row: DraftRow) -> DraftSummary:
    return DraftSummary(
        id=row.id, account=row.account, to=json.loads(row.to_addrs), subject=row.subject,
        snippet=" ".join(row.body.split())[:120], mode=row.mode, open=row.open,
        updated=iso(row.updated_at) or "", updated_at=row.updated_at,
    )


def list_drafts(open_only: bool = False) -> list[DraftSummary]:
    """Newest first; `open_only`: the ones windows held when the app last stopped."""
    query = DraftRow.select(DraftRow.id, DraftRow.account, DraftRow.to_addrs, DraftRow.subject,
                            DraftRow.body, DraftRow.mode, DraftRow.open, DraftRow.updated_at)
    if open_only:
        query = query.where(DraftRow.open)
    return [_summary(row) for row in query.order_by(DraftRow.updated_at.desc(),
                                                     DraftRow.id.desc())]


def load_draft(draft_id: int) -> ComposeData:
    row = DraftRow.get_or_none(DraftRow.id == draft_id)
    if row is None:
        raise _no_draft(draft_id)
    files = (DraftAttachment
             .select(DraftAttachment.id, DraftAttachment.filename, DraftAttachment.size,
                     DraftAttachment.content_type)
             .where(DraftAttachment.draft == draft_id).order_by(DraftAttachment.position))
    return ComposeData(
        account=row.account, to=json.loads(row.to_addrs), cc=json.loads(row.cc_addrs),
        bcc=json.loads(row.bcc_addrs), subject=row.subject, text=row.body,
        attachments=[AttachmentRef(f.filename, f.size, DRAFT, stored_id=f.id,
                                   content_type=f.content_type) for f in files],
        mode=row.mode, source_id=row.source_id, in_reply_to=row.in_reply_to,
        references=row.references.split(), draft_id=row.id,
    )


def discard_draft(draft_id: int) -> None:
    with durable():
        DraftRow.delete().where(DraftRow.id == draft_id).execute()
