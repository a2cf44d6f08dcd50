"""Mail linked to leads and contacts.

Automatic links follow the address in both directions: mail from the person and mail to or
copied to them. They are made when a record is created (all stored mail) and as new mail is
stored (`link_pending`, called after each sync). Manual links tie any message to a
record and survive an email change. One link per (message, person), enforced by the schema.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable

import peewee as pw

from app.crm.ids import format_id
from app.models.base import database_proxy
from app.models.crm import Contact, EmailLink, Lead, LinkProgress
from app.models.mail import Message

Person = Lead | Contact
CHUNK = 500


def _owner(row: Person) -> dict[str, int | None]:
    is_lead = isinstance(row, Lead)
    return {"lead": row.id if is_lead else None, "contact": None if is_lead else row.id}


def owner_filter(row: Person) -> pw.Expression:
    return (EmailLink.lead == row.id) if isinstance(row, Lead) else (EmailLink.contact == row.id)


def messages_with_address(address: str) -> list[int]:
    """Ids of messages from, to or copying `address` (stored lower-cased, as JSON pairs)."""
    if not address:
        return []
    quoted = json.dumps(address, ensure_ascii=False)
    query = Message.select(Message.id).where(
        (Message.from_addr == address)
        | (pw.fn.instr(Message.to_addrs, quoted) > 0)
        | (pw.fn.instr(Message.cc_addrs, quoted) > 0)
    )
    return [mid for (mid,) in query.tuples()]


def _insert(rows: list[dict]) -> int:
    added = 0
    for start in range(0, len(rows), CHUNK):
        EmailLink.insert_many(rows[start:start + CHUNK]).on_conflict_ignore().execute()
        added += database_proxy.execute_sql("SELECT changes()").fetchone()[0]
    return added


def link_record(row: Person, now: int | None = None) -> int:
    """Link every stored message from or to the person's address; returns links added."""
    if isinstance(row, Lead) and row.status == "converted":
        return 0
    stamp = now or int(time.time())
    owner = _owner(row)
    rows = [{"message": mid, **owner, "manual": False, "created_at": stamp}
            for mid in messages_with_address(row.email)]
    return _insert(rows)


def relink_record(row: Person) -> int:
    """After an email change: automatic links follow the new address, manual ones stay."""
    EmailLink.delete().where(owner_filter(row) & (EmailLink.manual == False)).execute()  # noqa: E712
    return link_record(row)


def link_new_messages(message_ids: Iterable[int], now: int | None = None) -> int:
    """Link freshly stored messages to the people on them; returns links added."""
    ids = list(message_ids)
    stamp = now or int(time.time())
    added = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        addresses: dict[int, set[str]] = {}
        query = Message.select(Message.id, Message.from_addr, Message.to_addrs,
                               Message.cc_addrs).where(Message.id.in_(chunk))
        for mid, sender, to, cc in query.tuples():
            pairs = json.loads(to or "[]") + json.loads(cc or "[]")
            addresses[mid] = {a for a in (sender, *(addr for _, addr in pairs)) if a}
        wanted = set().union(*addresses.values()) if addresses else set()
        people = _people_by_address(wanted)
        rows = [{"message": mid, **_owner(person), "manual": False, "created_at": stamp}
                for mid, found in addresses.items()
                for address in sorted(found)
                for person in people.get(address, [])]
        added += _insert(rows)
    return added


def link_pending(now: int | None = None) -> int:
    """Link the mail stored since the last call (the sync calls it after each account).

    The progress mark moves in the same transaction as the links, so mail stored by a sync
    that failed or was killed is linked by the next call. The newest message is looked at
    again each time, in case its id was freed by a deletion and reused.
    """
    progress = LinkProgress.select().order_by(LinkProgress.id).first()
    start = progress.message_id if progress else 0
    query = Message.select(Message.id).where(Message.id >= start).order_by(Message.id)
    ids = [mid for (mid,) in query.tuples()]
    with database_proxy.atomic():
        added = link_new_messages(ids, now)
        if ids:
            if progress is None:
                LinkProgress.create(message_id=ids[-1])
            else:
                progress.message_id = ids[-1]
                progress.save()
    return added


def _people_by_address(addresses: set[str]) -> dict[str, list[Person]]:
    found: dict[str, list[Person]] = {}
    if not addresses:
        return found
    wanted = sorted(addresses)
    for start in range(0, len(wanted), CHUNK):
        part = wanted[start:start + CHUNK]
        for contact in Contact.select().where(Contact.email.in_(part)):
            found.setdefault(contact.email, []).append(contact)
        for lead in Lead.select().where(Lead.email.in_(part) & (Lead.status != "converted")):
            found.setdefault(lead.email, []).append(lead)
    return found


def link_message(message_id: int, row: Person, now: int | None = None) -> bool:
    """A manual link; an existing automatic link becomes manual. True when it is new."""
    existing = EmailLink.get_or_none((EmailLink.message == message_id) & owner_filter(row))
    if existing is not None:
        if not existing.manual:
            existing.manual = True
            existing.save()
        return False
    EmailLink.create(message=message_id, manual=True, created_at=now or int(time.time()),
                     **_owner(row))
    return True


def unlink_message(message_id: int, row: Person) -> bool:
    return EmailLink.delete().where(
        (EmailLink.message == message_id) & owner_filter(row)).execute() > 0


def move_links(lead: Lead, contact: Contact) -> int:
    """Hand a converted lead's links to its contact; a message both had stays linked once."""
    already = EmailLink.select(EmailLink.message).where(EmailLink.contact == contact.id)
    EmailLink.delete().where((EmailLink.lead == lead.id)
                             & EmailLink.message.in_(already)).execute()
    return (EmailLink.update(lead=None, contact=contact.id)
            .where(EmailLink.lead == lead.id).execute())


def record_ids_for_message(message_id: int) -> list[str]:
    """The people a message is linked to, as public ids."""
    rows = EmailLink.select(EmailLink.lead, EmailLink.contact).where(
        EmailLink.message == message_id).order_by(EmailLink.id).tuples()
    return [format_id("lead", lead) if lead else format_id("contact", contact)
            for lead, contact in rows]
