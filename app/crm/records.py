"""Plain views of CRM rows, as the service layer, the CLI and the sidebar see them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal

from app.crm.ids import format_id
from app.models.crm import Activity, Company, Contact, Deal, Lead


@dataclass
class RecordView:
    id: str
    kind: str  # lead | contact
    last_name: str
    first_name: str
    email: str
    phone: str
    mobile: str
    company: str
    title: str
    website: str
    address: str
    notes: str = ""
    last_name_kana: str = ""
    first_name_kana: str = ""
    source: str = ""
    status: str = ""  # leads: new | contacted | qualified | lost | converted
    company_id: str | None = None  # contacts: the company record (O3)
    converted_to: str | None = None  # converted leads: the contact (C7)


@dataclass
class CompanyView:
    id: str
    name: str
    website: str
    phone: str
    address: str
    contacts: int = 0
    deals: int = 0


@dataclass
class DealView:
    id: str
    contact: str
    name: str
    amount: str | None
    currency: str
    stage: str
    close_date: str | None
    company: str | None = None  # O3
    contact_name: str = ""
    created_at: str | None = None
    updated_at: str | None = None


@dataclass
class ActivityView:
    id: str
    kind: str
    record: str
    subject: str
    body: str
    due: str | None
    start: str | None
    end: str | None
    done: bool
    deal: str | None = None
    location: str = ""
    attendees: list[str] = field(default_factory=list)
    priority: str = "normal"
    direction: str = ""  # calls: inbound | outbound
    duration: int | None = None  # calls: seconds
    outcome: str = ""
    done_at: str | None = None
    created_at: str | None = None


def iso(epoch: int | None) -> str | None:
    if epoch is None:
        return None
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat().replace("+00:00", "Z")


def person_name(last: str, first: str, fallback: str = "") -> str:
    """'山田 太郎' family first for Japanese names, 'Taro Yamada' otherwise."""
    if not (last and first):
        return last or first or fallback
    return f"{last} {first}" if _is_cjk(last + first) else f"{first} {last}"


def display_name(row: Lead | Contact) -> str:
    return person_name(row.last_name, row.first_name, row.email)


def _is_cjk(text: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


def record_view(row: Lead | Contact) -> RecordView:
    is_lead = isinstance(row, Lead)
    view = RecordView(
        id=format_id("lead" if is_lead else "contact", row.id),
        kind="lead" if is_lead else "contact",
        last_name=row.last_name,
        first_name=row.first_name,
        email=row.email,
        phone=row.phone,
        mobile=row.mobile,
        company=row.company_name,
        title=row.title,
        website=row.website,
        address=row.address,
        notes=row.notes,
        last_name_kana=row.last_name_kana,
        first_name_kana=row.first_name_kana,
        source=row.source,
    )
    if is_lead:
        view.status = row.status
        if row.converted_contact_id:
            view.converted_to = format_id("contact", row.converted_contact_id)
    elif row.company_id:
        view.company_id = format_id("company", row.company_id)
    return view


def company_view(row: Company, contacts: int = 0, deals: int = 0) -> CompanyView:
    return CompanyView(format_id("company", row.id), row.name, row.website, row.phone,
                       row.address, contacts, deals)


def deal_view(row: Deal) -> DealView:
    return DealView(
        id=format_id("deal", row.id),
        contact=format_id("contact", row.contact_id),
        name=row.name,
        amount=None if row.amount is None else format(Decimal(row.amount).normalize(), "f"),
        currency=row.currency,
        stage=row.stage,
        close_date=row.close_date.isoformat() if row.close_date else None,
        company=format_id("company", row.company_id) if row.company_id else None,
        contact_name=display_name(row.contact),
        created_at=iso(row.created_at),
        updated_at=iso(row.updated_at),
    )


def activity_view(row: Activity) -> ActivityView:
    record = (
        format_id("lead", row.lead_id) if row.lead_id else format_id("contact", row.contact_id)
    )
    return ActivityView(
        id=format_id("activity", row.id),
        kind=row.kind,
        record=record,
        subject=row.subject,
        body=row.body,
        due=iso(row.due),
        start=iso(row.start),
        end=iso(row.end),
        done=row.done,
        deal=format_id("deal", row.deal_id) if row.deal_id else None,
        location=row.location,
        attendees=json.loads(row.attendees or "[]"),
        priority=row.priority,
        direction=row.call_direction,
        duration=row.call_duration,
        outcome=row.call_outcome,
        done_at=iso(row.done_at),
        created_at=iso(row.created_at),
    )
