"""Local drafts: what the user is writing, and copies of its attachments."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel
from app.models.mail import Message


class DraftRow(BaseModel):
    account = pw.TextField(default="")  # sending account's name, "" for the default one
    to_addrs = pw.TextField(default="[]")  # JSON list of the fields' text, as typed
    cc_addrs = pw.TextField(default="[]")
    bcc_addrs = pw.TextField(default="[]")
    subject = pw.TextField(default="")
    body = pw.TextField(default="")
    mode = pw.TextField(default="new")  # new | reply | all | forward
    source = pw.ForeignKeyField(Message, null=True, on_delete="SET NULL", index=False)
    in_reply_to = pw.TextField(null=True)
    references = pw.TextField(default="")  # space-separated Message-IDs
    open = pw.BooleanField(default=False)  # a compose window holds it
    created_at = pw.IntegerField()
    updated_at = pw.IntegerField(index=True)

    class Meta:
        table_name = "draft"


class DraftAttachment(BaseModel):
    draft = pw.ForeignKeyField(DraftRow, on_delete="CASCADE")
    position = pw.IntegerField()
    filename = pw.TextField()
    content_type = pw.TextField(default="")
    size = pw.IntegerField()
    data = pw.BlobField()


DRAFT_TABLES = [DraftRow, DraftAttachment]
