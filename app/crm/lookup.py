"""Who is this sender? The CRM record for an address, with its deals, recent activity and
recently linked mail."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.crm.records import (
    ActivityView,
    DealView,
    RecordView,
    activity_view,
    deal_view,
    record_view,
)
from app.crm.timeline import LinkedEmail, linked_emails
from app.models.crm import Activity, Contact, Deal, Lead

RECENT_ACTIVITIES = 20
RECENT_EMAILS = 10


@dataclass
class LookupResult:
    email: str
    kind: str | None  # lead | contact | None when unknown
    record: RecordView | None = None
    deals: list[DealView] = field(default_factory=list)
    activities: list[ActivityView] = field(default_factory=list)
    emails: list[LinkedEmail] = field(default_factory=list)


def lookup(email: str) -> LookupResult:
    """Contacts win over leads when both exist for the same address; converted leads are
    represented by their contact."""
    address = email.strip().lower()
    contact = Contact.get_or_none(Contact.email == address) if address else None
    if contact is not None:
        deals = (Deal.select(Deal, Contact).join(Contact).where(Deal.contact == contact)
                 .order_by(Deal.close_date, Deal.id))
        activities = Activity.select().where(Activity.contact == contact)
        return LookupResult(
            address,
            "contact",
            record_view(contact),
            [deal_view(d) for d in deals],
            [activity_view(a) for a in _recent(activities)],
            linked_emails(contact, RECENT_EMAILS),
        )
    lead = (Lead.select().where((Lead.email == address) & (Lead.status != "converted"))
            .order_by(Lead.id).first()) if address else None
    if lead is not None:
        activities = Activity.select().where(Activity.lead == lead)
        return LookupResult(
            address, "lead", record_view(lead), [],
            [activity_view(a) for a in _recent(activities)], linked_emails(lead, RECENT_EMAILS),
        )
    return LookupResult(address, None)


def _recent(query):  # type: ignore[no-untyped-def]
    return query.order_by(Activity.created_at.desc(), Activity.id.desc()).limit(RECENT_ACTIVITIES)
