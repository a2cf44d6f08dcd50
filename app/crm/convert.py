"""Lead → contact conversion, as in the seeds: the contact takes over the lead's activities
and linked mail, optionally with a company record and a first deal; the lead stays, marked
converted and pointing at its contact.

A contact with the lead's address already existing is the same person: the lead merges into
it (empty fields filled from the lead) instead of making a duplicate.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from app.crm.deals import create_deal
from app.crm.ids import format_id
from app.crm.links import move_links
from app.crm.people import attach_company, get_person
from app.errors import UsageError
from app.models.base import database_proxy
from app.models.crm import Activity, Company, Contact, Deal, Lead

CARRIED = (
    "last_name", "first_name", "email", "phone", "mobile", "title", "website", "address",
    "notes", "last_name_kana", "first_name_kana", "company_name", "source",
)


@dataclass
class Conversion:
    lead: Lead
    contact: Contact
    company: Company | None
    deal: Deal | None
    merged: bool  # True when the lead joined an existing contact
    activities: int  # moved to the contact
    emails: int  # links moved to the contact


def convert_lead(lead_id: str, company: bool = False, deal: str | None = None,
                 deal_fields: Mapping[str, object] | None = None, into: str | None = None,
                 now: int | None = None) -> Conversion:
    """`company` creates the company record when none matches the lead's company name;
    `deal` names a first deal; `into` picks the existing contact to merge into."""
    lead = get_person(lead_id, "lead")
    assert isinstance(lead, Lead)
    if lead.status == "converted":
        contact_id = format_id("contact", lead.converted_contact_id)
        raise UsageError(f"{lead_id} is already converted: {contact_id}",
                         f"{lead_id} はすでに変換済みです: {contact_id}")
    stamp = now or int(time.time())
    with database_proxy.atomic():
        contact = _target(lead, into)
        merged = contact is not None
        if contact is None:
            contact = Contact.create(created_at=stamp, updated_at=stamp,
                                     **{f: getattr(lead, f) for f in CARRIED})
        else:
            for field in CARRIED:
                if not getattr(contact, field) and getattr(lead, field):
                    setattr(contact, field, getattr(lead, field))
            contact.updated_at = stamp
            contact.save()
        firm = (Company.get_by_id(contact.company_id) if contact.company_id
                else attach_company(contact, create=company, now=stamp))
        activities = (Activity.update(lead=None, contact=contact.id)
                      .where(Activity.lead == lead.id).execute())
        emails = move_links(lead, contact)
        lead.status, lead.converted_contact, lead.updated_at = "converted", contact, stamp
        lead.save()
        new_deal = None
        if deal:
            new_deal = create_deal(format_id("contact", contact.id), deal, now=stamp,
                                   **dict(deal_fields or {}))
    return Conversion(lead, contact, firm, new_deal, merged, activities, emails)


def _target(lead: Lead, into: str | None) -> Contact | None:
    if into:
        contact = get_person(into, "contact")
        assert isinstance(contact, Contact)
        return contact
    if not lead.email:
        return None
    return Contact.select().where(Contact.email == lead.email).order_by(Contact.id).first()
