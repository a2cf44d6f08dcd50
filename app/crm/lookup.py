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
    represented by their contact. Runs for every message opened, so its queries are plain
    SQL: building them through the ORM cost more than running them."""
    address = email.strip().lower()
    if not address:
        return LookupResult(address, None)
    contact = _first(Contact.raw("SELECT * FROM contact WHERE email = ? ORDER BY id LIMIT 1",
                                 address))
    if contact is not None:
        deals = list(Deal.raw("SELECT * FROM deal WHERE contact_id = ? "
                              "ORDER BY close_date IS NULL, close_date, id",
                              contact.id))
        for deal in deals:
            deal.contact = contact  # spares deal_view a query per deal
        return LookupResult(
            address, "contact", record_view(contact), [deal_view(d) for d in deals],
            _recent_activities("contact_id", contact.id), linked_emails(contact, RECENT_EMAILS),
        )
    lead = _first(Lead.raw("SELECT * FROM lead WHERE email = ? AND status != 'converted' "
                           "ORDER BY id LIMIT 1", address))
    if lead is not None:
        return LookupResult(
            address, "lead", record_view(lead), [], _recent_activities("lead_id", lead.id),
            linked_emails(lead, RECENT_EMAILS),
        )
    return LookupResult(address, None)


def _first(query):  # type: ignore[no-untyped-def]
    return next(iter(query), None)


def _recent_activities(column: str, row_id: int) -> list[ActivityView]:
    rows = Activity.raw(f"SELECT * FROM activity WHERE {column} = ? "
                        "ORDER BY created_at DESC, id DESC LIMIT ?", row_id, RECENT_ACTIVITIES)
    return [activity_view(a) for a in rows]
