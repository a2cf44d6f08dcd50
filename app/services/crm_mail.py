"""The CRM side of mail: who a message is with, and customer mail (the seeds' "email
magnet"), every stored message from or to a lead or a contact, newest first."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from app.crm.extract import extract
from app.crm.ids import format_id
from app.crm.lookup import LookupResult, lookup
from app.crm.records import display_name
from app.models.crm import Contact, EmailLink, Lead
from app.models.mail import Account, Message
from app.services.mailbox import get_summaries
from app.services.types import MessageSummary

PAGE = 200


@dataclass
class LinkedPerson:
    id: str  # L12 / C7
    name: str


@dataclass
class CustomerMessage:
    message: MessageSummary
    people: list[LinkedPerson] = field(default_factory=list)


@dataclass
class Correspondent:
    """The other party of a message: its sender, or for mail the user wrote, the first
    recipient who is not the user."""

    name: str
    address: str
    crm: LookupResult | None
    sent: bool


def correspondent(message: MessageSummary, crm: LookupResult | None) -> Correspondent:
    """`crm` is the sender's lookup the message already carries."""
    own = {address.lower() for (address,) in Account.select(Account.email).tuples()}
    if message.from_addr.lower() in own:
        for person in [*message.to, *message.cc]:
            if person.addr.lower() not in own:
                found = lookup(person.addr)
                return Correspondent(person.name, person.addr,
                                     found if found.kind is not None else None, True)
    return Correspondent(message.from_name, message.from_addr, crm, False)


def prefill_recipient(name: str, address: str) -> dict[str, str]:
    """Fields for a recipient of the user's own mail: the signature there is the user's,
    so only the name and the address tell who they are."""
    found = asdict(extract(name, address, ""))
    return {field: value for field, value in found.items() if value}


def customer_mail(limit: int = PAGE,
                  before: tuple[int, int] | None = None) -> list[CustomerMessage]:
    """A page of linked mail; pass the last row's (timestamp, id) as `before` for the next."""
    query = (Message.select(Message.id, Message.date)
             .join(EmailLink, on=EmailLink.message == Message.id)
             .group_by(Message.id)
             .order_by(Message.date.desc(), Message.id.desc())
             .limit(limit))
    if before is not None:
        date, message_id = before
        query = query.where((Message.date < date)
                            | ((Message.date == date) & (Message.id < message_id)))
    ids = [message_id for message_id, _ in query.tuples()]
    summaries = get_summaries(ids)  # one query for the page
    people = _people(ids)
    return [CustomerMessage(summaries[i], people.get(i, [])) for i in ids if i in summaries]


def _people(message_ids: list[int]) -> dict[int, list[LinkedPerson]]:
    links = list(EmailLink.select(EmailLink.message, EmailLink.lead, EmailLink.contact)
                 .where(EmailLink.message.in_(message_ids)).tuples())
    leads = {row.id: row for row in Lead.select().where(
        Lead.id.in_([lead for _, lead, _ in links if lead]))}
    contacts = {row.id: row for row in Contact.select().where(
        Contact.id.in_([contact for _, _, contact in links if contact]))}
    found: dict[int, list[LinkedPerson]] = {}
    for message_id, lead, contact in links:
        row = leads.get(lead) if lead else contacts.get(contact)
        if row is not None:
            kind = "lead" if lead else "contact"
            found.setdefault(message_id, []).append(
                LinkedPerson(format_id(kind, row.id), display_name(row)))
    return found
