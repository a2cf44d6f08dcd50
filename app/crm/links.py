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

Person = Lead | Contact
CHUNK = 1000
# Linking runs over whole mailboxes: plain SQL on the cursor, as the store does.
_INSERT = ("INSERT OR IGNORE INTO email_link (message_id, lead_id, contact_id, deal_id, manual, "
           "created_at) VALUES (?, ?, ?, NULL, 0, ?)")
_ROWS_FROM = ("SELECT id, from_addr, to_addrs, cc_addrs FROM message WHERE id >= ? "
              "ORDER BY id LIMIT ?")
_WITH_ADDRESS = ("SELECT id FROM message WHERE from_addr = ? OR instr(to_addrs, ?) > 0 "
                 "OR instr(cc_addrs, ?) > 0")

Owner = tuple[int | None, int | None]  # (lead id, contact id), exactly one set


def _owner(row: Person) -> dict[str, int | None]:
    is_lead = isinstance(row, Lead)
    return {"lead": row.id if is_lead else None, "contact": None if is_lead else row.id}


def _owner_pair(row: Person) -> Owner:
    return (row.id, None) if isinstance(row, Lead) else (None, row.id)


def owner_filter(row: Person) -> pw.Expression:
    return (EmailLink.lead == row.id) if isinstance(row, Lead) else (EmailLink.contact == row.id)


def _insert(params: list[tuple]) -> int:
    if not params:
        return 0
    cursor = database_proxy.cursor()
    cursor.executemany(_INSERT, params)
    return max(cursor.rowcount, 0)  # ignored duplicates do not count


def link_record(row: Person, now: int | None = None) -> int:
    """Link every stored message from or to the person's address; returns links added."""
    if not row.email or (isinstance(row, Lead) and row.status == "converted"):
        return 0
    stamp = now or int(time.time())
    # Addresses sit lower-cased in JSON pairs: ["name", "addr"].
    quoted = json.dumps(row.email, ensure_ascii=False)
    found = database_proxy.execute_sql(_WITH_ADDRESS, (row.email, quoted, quoted)).fetchall()
    lead, contact = _owner_pair(row)
    return _insert([(mid, lead, contact, stamp) for (mid,) in found])


def relink_record(row: Person) -> int:
    """After an email change: automatic links follow the new address, manual ones stay."""
    EmailLink.delete().where(owner_filter(row) & (EmailLink.manual == False)).execute()  # noqa: E712
    return link_record(row)


def _address_book() -> dict[str, list[Owner]]:
    """Every lead's (not converted) and contact's address, to the people who have it."""
    book: dict[str, list[Owner]] = {}
    for contact, email in Contact.select(Contact.id, Contact.email).tuples():
        book.setdefault(email, []).append((None, contact))
    leads = Lead.select(Lead.id, Lead.email).where(Lead.status != "converted")
    for lead, email in leads.tuples():
        book.setdefault(email, []).append((lead, None))
    book.pop("", None)
    return book


def _link_rows(rows: Iterable[tuple], book: dict[str, list[Owner]], stamp: int) -> int:
    params = []
    for mid, sender, to, cc in rows:
        addresses = {sender, *(addr for _, addr in json.loads(to or "[]") + json.loads(cc or "[]"))}
        params += [(mid, lead, contact, stamp)
                   for address in addresses for lead, contact in book.get(address, ())]
    return _insert(params)


def link_new_messages(message_ids: Iterable[int], now: int | None = None) -> int:
    """Link these stored messages to the people on them; returns links added."""
    ids = list(message_ids)
    book = _address_book()
    if not book:
        return 0
    stamp = now or int(time.time())
    added = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = database_proxy.execute_sql(
            f"SELECT id, from_addr, to_addrs, cc_addrs FROM message WHERE id IN ({marks})", chunk)
        added += _link_rows(rows.fetchall(), book, stamp)
    return added


def _link_from(position: int, stamp: int) -> tuple[int, int | None]:
    """Link every message with an id from `position` on; (links added, last id seen)."""
    book = _address_book()
    added, last = 0, None
    while True:
        rows = database_proxy.execute_sql(_ROWS_FROM, (position, CHUNK)).fetchall()
        if book:
            added += _link_rows(rows, book, stamp)
        if rows:
            last = rows[-1][0]
        if len(rows) < CHUNK:
            return added, last
        position = last + 1


def link_all_messages(now: int | None = None) -> int:
    """Link all stored mail to everyone (after an import of many people)."""
    with database_proxy.atomic():
        return _link_from(0, now or int(time.time()))[0]


def link_pending(now: int | None = None) -> int:
    """Link the mail stored since the last call (the sync calls it after each account).

    The progress mark moves in the same transaction as the links, so mail stored by a sync
    that failed or was killed is linked by the next call. The newest message is looked at
    again each time, in case its id was freed by a deletion and reused.
    """
    with database_proxy.atomic():
        progress = LinkProgress.select().order_by(LinkProgress.id).first()
        added, last = _link_from(progress.message_id if progress else 0,
                                 now or int(time.time()))
        if last is not None and progress is None:
            LinkProgress.create(message_id=last)
        elif last is not None:
            progress.message_id = last
            progress.save()
    return added


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
