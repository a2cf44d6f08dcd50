"""Plain views of CRM rows, as the service layer, the CLI and the sidebar see them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.crm.ids import format_id
from app.models.crm import Activity, Contact, Deal, Lead


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


@dataclass
class DealView:
    id: str
    contact: str
    name: str
    amount: str | None
    currency: str
    stage: str
    close_date: str | None


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


def iso(epoch: int | None) -> str | None:
    if epoch is None:
        return None
    return dt.datetime.fromtimestamp(epoch, dt.UTC).isoformat().replace("+00:00", "Z")


def record_view(row: Lead | Contact) -> RecordView:
    kind = "lead" if isinstance(row, Lead) else "contact"
    return RecordView(
        id=format_id(kind, row.id),
        kind=kind,
        last_name=row.last_name,
        first_name=row.first_name,
        email=row.email,
        phone=row.phone,
        mobile=row.mobile,
        company=row.company_name,
        title=row.title,
        website=row.website,
        address=row.address,
    )


def deal_view(row: Deal) -> DealView:
    return DealView(
        id=format_id("deal", row.id),
        contact=format_id("contact", row.contact_id),
        name=row.name,
        amount=None if row.amount is None else str(row.amount),
        currency=row.currency,
        stage=row.stage,
        close_date=row.close_date.isoformat() if row.close_date else None,
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
    )
