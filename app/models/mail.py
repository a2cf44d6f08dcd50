"""Mail tables: accounts, folders, messages, their raw bytes, attachments and threads."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel


class Account(BaseModel):
    name = pw.TextField(unique=True)
    email = pw.TextField()
    display_name = pw.TextField(default="")
    protocol = pw.TextField()  # imap | pop3 | local
    host = pw.TextField(default="")
    port = pw.IntegerField(default=0)
    security = pw.TextField(default="ssl")  # ssl | starttls | none
    username = pw.TextField(default="")
    smtp_host = pw.TextField(default="")
    smtp_port = pw.IntegerField(default=0)
    smtp_security = pw.TextField(default="ssl")
    smtp_username = pw.TextField(default="")
    same_credentials = pw.BooleanField(default=True)
    pop_retention = pw.TextField(default="keep")  # keep | delete | days:N | mirror
    ca_file = pw.TextField(default="")
    allow_insecure = pw.BooleanField(default=False)
    is_default = pw.BooleanField(default=False)
    settings = pw.TextField(default="{}")  # JSON for per-account options
    created_at = pw.IntegerField()


class Folder(BaseModel):
    account = pw.ForeignKeyField(Account, on_delete="CASCADE", backref="folders")
    name = pw.TextField()  # the server's path, e.g. "INBOX" or "Archive/2024"
    display_name = pw.TextField(default="")
    role = pw.TextField(null=True)  # inbox | sent | drafts | trash | junk | archive
    delimiter = pw.TextField(default="/")
    uidvalidity = pw.IntegerField(null=True)
    uidnext = pw.IntegerField(null=True)
    highest_modseq = pw.IntegerField(null=True)
    selectable = pw.BooleanField(default=True)

    class Meta:
        indexes = ((("account", "name"), True),)


class Thread(BaseModel):
    account = pw.ForeignKeyField(Account, on_delete="CASCADE")
    subject = pw.TextField(default="")  # base subject, reply prefixes removed
    last_date = pw.IntegerField(default=0)
    message_count = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("account", "subject", "last_date"), False),)


class ThreadRef(BaseModel):
    """Every Message-ID seen (stored or only referenced) and the thread it belongs to."""

    account = pw.ForeignKeyField(Account, on_delete="CASCADE")
    message_id = pw.TextField()
    thread = pw.ForeignKeyField(Thread, on_delete="CASCADE")

    class Meta:
        indexes = ((("account", "message_id"), True),)


class Message(BaseModel):
    # Foreign keys without their own index: the composite indexes below lead with them.
    account = pw.ForeignKeyField(Account, on_delete="CASCADE", index=False)
    folder = pw.ForeignKeyField(Folder, on_delete="CASCADE", index=False)
    uidvalidity = pw.IntegerField(null=True)
    uid = pw.IntegerField(null=True)
    pop_uidl = pw.TextField(null=True)
    message_id = pw.TextField(null=True)
    in_reply_to = pw.TextField(null=True)
    references = pw.TextField(default="")  # space-separated Message-IDs
    subject = pw.TextField(default="")
    from_name = pw.TextField(default="")
    from_addr = pw.TextField(default="")  # lower-cased
    to_addrs = pw.TextField(default="[]")  # JSON [[name, addr], ...]
    cc_addrs = pw.TextField(default="[]")
    date = pw.IntegerField(default=0)  # UTC epoch seconds, for sorting
    flags = pw.IntegerField(default=0)  # bit set, see app.mail.flags
    keywords = pw.TextField(default="")
    size = pw.IntegerField(default=0)
    has_attachments = pw.BooleanField(default=False)
    snippet = pw.TextField(default="")
    thread = pw.ForeignKeyField(Thread, null=True, on_delete="SET NULL", index=False)
    body_state = pw.IntegerField(default=0)  # 0 headers only, 1 full message stored
    parse_error = pw.TextField(null=True)
    indexed = pw.BooleanField(default=False)
    created_at = pw.IntegerField()
    # The list's sender and subject order (app.mail.sort_keys), indexed per folder.
    sort_sender = pw.TextField(default="")
    sort_subject = pw.TextField(default="")

    class Meta:
        indexes = (
            (("folder", "uidvalidity", "uid"), True),
            (("folder", "date"), False),
            (("account", "message_id"), False),
            (("account", "pop_uidl"), True),
            (("thread", "date"), False),
            (("from_addr",), False),
            (("folder", "sort_sender", "date"), False),
            (("folder", "sort_subject", "date"), False),
        )


class MessageRaw(BaseModel):
    """The bytes as received; written before any parsing so nothing is lost to a bad parse."""

    message = pw.ForeignKeyField(Message, primary_key=True, on_delete="CASCADE")
    data = pw.BlobField()
    complete = pw.BooleanField(default=True)  # False when only the header block is stored


class Attachment(BaseModel):
    message = pw.ForeignKeyField(Message, on_delete="CASCADE", backref="attachments")
    part = pw.TextField()  # MIME part path, e.g. "2" or "1.2"
    filename = pw.TextField(default="")
    content_type = pw.TextField(default="application/octet-stream")
    size = pw.IntegerField(default=0)
    content_id = pw.TextField(null=True)
    inline = pw.BooleanField(default=False)


class SenderPreference(BaseModel):
    """Per-sender choices, e.g. remote content always allowed."""

    address = pw.TextField(unique=True)
    allow_remote = pw.BooleanField(default=False)


class PendingOperation(BaseModel):
    """A local change (flags, move, delete) waiting to be replayed to the server, in order."""

    account = pw.ForeignKeyField(Account, on_delete="CASCADE")
    kind = pw.TextField()
    payload = pw.TextField(default="{}")
    attempts = pw.IntegerField(default=0)
    last_error = pw.TextField(default="")
    created_at = pw.IntegerField()


class PopUidl(BaseModel):
    """A message taken from a POP3 server, remembered after it is deleted locally so it is
    never downloaded again, and so retention can act on it (see app.sync.pop3)."""

    account = pw.ForeignKeyField(Account, on_delete="CASCADE", index=False)
    uidl = pw.TextField()  # the local key, as in message.pop_uidl
    server_uidl = pw.TextField()  # the key the server's UIDL gave (a digest when unusable)
    digest = pw.TextField()  # SHA-256 of the header block
    stored_at = pw.IntegerField()

    class Meta:
        indexes = (
            (("account", "uidl"), True),
            (("account", "digest"), False),
        )


class OutboxMessage(BaseModel):
    account = pw.ForeignKeyField(Account, on_delete="CASCADE")
    message_id = pw.TextField(unique=True)
    raw = pw.BlobField()
    recipients = pw.TextField(default="[]")  # JSON list of envelope recipients
    state = pw.TextField(default="queued")  # queued | sending | sent | copied | failed
    send_after = pw.IntegerField()
    attempts = pw.IntegerField(default=0)
    last_error = pw.TextField(default="")
    created_at = pw.IntegerField()
    updated_at = pw.IntegerField()

    class Meta:
        indexes = ((("state", "send_after"), False),)


MAIL_TABLES = [
    Account,
    Folder,
    Thread,
    ThreadRef,
    Message,
    MessageRaw,
    Attachment,
    SenderPreference,
    PendingOperation,
    PopUidl,
    OutboxMessage,
]
