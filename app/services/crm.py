"""The CRM for the UI and the CLI: leads, contacts, companies, deals, activities, mail links.

Ids are the public prefixed ones (L12 lead, C7 contact, O3 company, D5 deal, A9 activity);
results are plain dataclasses from app.crm.records and friends, never rows. Refusals are
typed errors whose message says why and what to do.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

import peewee as pw

from app.crm import activities, convert, deals, links, people
from app.crm import pipeline as stages
from app.crm.ids import parse_id
from app.crm.lookup import LookupResult
from app.crm.lookup import lookup as _lookup
from app.crm.pipeline import StageView
from app.crm.records import (
    ActivityView,
    CompanyView,
    DealView,
    RecordView,
    activity_view,
    company_view,
    deal_view,
    record_view,
)
from app.crm.timeline import TimelineEntry
from app.crm.timeline import timeline as _timeline
from app.errors import KizunaError, NotFound, UsageError
from app.models.crm import Company, Contact, Deal, Lead
from app.models.mail import Message

LIST_KINDS = ("leads", "contacts", "companies", "deals", "activities")
PREFILL_FIELDS = ("last_name", "first_name", "email", "phone", "mobile", "company", "title",
                  "website", "address")


@dataclass
class ConversionResult:
    lead: RecordView
    contact: RecordView
    company: CompanyView | None
    deal: DealView | None
    merged: bool  # the lead joined an existing contact with its address
    moved_activities: int
    moved_emails: int


def lookup(email: str) -> LookupResult:
    return _lookup(email)


def get_record(record_id: str) -> RecordView:
    return record_view(people.get_person(record_id))


def find_duplicates(kind: str, fields: Mapping[str, object]) -> list[RecordView]:
    """Existing people this one would duplicate (same email, or same name and company)."""
    cleaned = people.clean_fields(people.check_kind(kind), fields)
    return [record_view(row) for row in people.find_duplicates(cleaned)]


def add_record(kind: str, fields: Mapping[str, object],
               allow_duplicate: bool = False) -> RecordView:
    """A new lead or contact, linked to all stored mail from and to its address.
    Raises DuplicateRecord (with `.existing` ids) unless `allow_duplicate`."""
    return record_view(people.create_person(kind, fields, allow_duplicate))


def update_record(record_id: str, fields: Mapping[str, object],
                  allow_duplicate: bool = False) -> RecordView:
    """Raises DuplicateRecord when the new email is another person's, unless allowed."""
    return record_view(people.update_person(record_id, fields,
                                            allow_duplicate=allow_duplicate))


def prefill_from_message(message_id: int) -> dict[str, str]:
    """Fields for a new lead or contact from a message's sender and signature."""
    if not Message.select().where(Message.id == message_id).exists():
        raise NotFound(f"No message with id {message_id}",
                       f"ID {message_id} のメッセージはありません")
    try:
        from app.crm.extract import extract_from_message
    except ImportError:
        raise KizunaError("Reading people from mail is not available in this build",
                          "このビルドではメールからの取り込みは使えません") from None
    found = extract_from_message(message_id)
    return {name: str(getattr(found, name, "") or "") for name in PREFILL_FIELDS
            if getattr(found, name, "")}


def log_activity(record_id: str, kind: str, subject: str, **fields: object) -> ActivityView:
    """fields: body, due, start, end (ISO text, date or datetime), location, attendees,
    priority, direction, duration, outcome, deal (D5)."""
    known = {f.name for f in dataclasses.fields(activities.ActivityInput)}
    unknown = sorted(set(fields) - known)
    if unknown:
        raise UsageError(f"Unknown activity field: {', '.join(unknown)}",
                         f"活動に次の項目はありません: {', '.join(unknown)}")
    data = activities.ActivityInput(**fields)  # type: ignore[arg-type]
    return activity_view(activities.log_activity(record_id, kind, subject, data))


def complete_task(activity_id: str, done: bool = True) -> ActivityView:
    return activity_view(activities.complete_task(activity_id, done))


def create_deal(contact_id: str, name: str, **fields: object) -> DealView:
    """fields: amount, currency, stage, close_date. A lead id is refused: convert first."""
    return deal_view(deals.create_deal(contact_id, name, **fields))


def update_deal(deal_id: str, fields: Mapping[str, object]) -> DealView:
    return deal_view(deals.update_deal(deal_id, fields))


def set_deal_stage(deal_id: str, stage: str) -> DealView:
    return deal_view(deals.set_stage(deal_id, stage))


def convert_lead(lead_id: str, **options: object) -> ConversionResult:
    """options: company (bool), deal (name), amount, stage, close_date, currency,
    into (an existing contact id to merge into)."""
    given = {k: options.pop(k, None) for k in ("amount", "stage", "close_date", "currency")}
    deal_fields = {k: v for k, v in given.items() if v not in (None, "")}
    unknown = sorted(set(options) - {"company", "deal", "into"})
    if unknown:
        raise UsageError(f"Unknown conversion option: {', '.join(unknown)}",
                         f"変換に次のオプションはありません: {', '.join(unknown)}")
    done = convert.convert_lead(lead_id, company=bool(options.get("company")),
                                deal=options.get("deal") or None,  # type: ignore[arg-type]
                                deal_fields=deal_fields,
                                into=options.get("into") or None)  # type: ignore[arg-type]
    return ConversionResult(
        record_view(done.lead), record_view(done.contact),
        _company_with_counts(done.company) if done.company else None,
        deal_view(done.deal) if done.deal else None,
        done.merged, done.activities, done.emails,
    )


def _company_with_counts(company: Company) -> CompanyView:
    return company_view(company, Contact.select().where(Contact.company == company).count(),
                        Deal.select().where(Deal.company == company).count())


def timeline(record_id: str, limit: int = 100) -> list[TimelineEntry]:
    return _timeline(record_id, limit)


def pipeline() -> list[StageView]:
    return stages.stages()


def add_stage(name: str, position: int | None = None, probability: int = 0,
              closed: bool = False, won: bool = False) -> StageView:
    return stages.add_stage(name, position, probability, closed, won)


def rename_stage(old: str, new: str) -> StageView:
    return stages.rename_stage(old, new)


def move_stage(name: str, position: int) -> list[StageView]:
    return stages.move_stage(name, position)


def remove_stage(name: str, move_to: str | None = None) -> list[StageView]:
    return stages.remove_stage(name, move_to)


def link_message(message_id: int, record_id: str) -> list[str]:
    """Link a message to a person by hand; returns everyone the message is linked to."""
    _message_exists(message_id)
    links.link_message(message_id, people.get_person(record_id))
    return links.record_ids_for_message(message_id)


def unlink_message(message_id: int, record_id: str) -> list[str]:
    _message_exists(message_id)
    links.unlink_message(message_id, people.get_person(record_id))
    return links.record_ids_for_message(message_id)


def _message_exists(message_id: int) -> None:
    if not Message.select().where(Message.id == message_id).exists():
        raise NotFound(f"No message with id {message_id}",
                       f"ID {message_id} のメッセージはありません")


def list_records(kind: str, **filters: object) -> list:
    """kind: leads | contacts | companies | deals | activities. Filters: query (text),
    status (leads), company (O3 or a name), stage, contact and open (deals); due
    today|overdue|upcoming, record, type and include_done (activities; with `due`, done
    ones are left out unless include_done); limit."""
    if kind not in LIST_KINDS:
        raise UsageError(f"Cannot list '{kind}'; choose {' | '.join(LIST_KINDS)}",
                         f"「{kind}」は一覧にできません。{' | '.join(LIST_KINDS)} から選択")
    handler = {"leads": _leads, "contacts": _contacts, "companies": _companies,
               "deals": _deals, "activities": _activities}[kind]
    limit = int(filters.pop("limit", 0) or 0)  # type: ignore[call-overload]
    found = handler(dict(filters))
    return found[:limit] if limit else found


def _refuse_unknown(filters: dict, allowed: tuple[str, ...], kind: str) -> None:
    unknown = sorted(k for k, v in filters.items() if k not in allowed and v not in (None, ""))
    if unknown:
        raise UsageError(f"'{', '.join(unknown)}' does not filter {kind}",
                         f"{kind} の一覧では {', '.join(unknown)} で絞り込めません")


def _text_filter(model: type[Lead] | type[Contact], query: str) -> pw.Expression:
    pattern = f"%{query.strip()}%"
    return (model.last_name ** pattern) | (model.first_name ** pattern) \
        | (model.email ** pattern) | (model.company_name ** pattern) \
        | (model.last_name_kana ** pattern) | (model.first_name_kana ** pattern)


def _leads(filters: dict) -> list[RecordView]:
    _refuse_unknown(filters, ("query", "status"), "leads")
    query = Lead.select().order_by(Lead.id)
    if filters.get("status"):
        query = query.where(Lead.status == filters["status"])
    if filters.get("query"):
        query = query.where(_text_filter(Lead, str(filters["query"])))
    return [record_view(row) for row in query]


def _contacts(filters: dict) -> list[RecordView]:
    _refuse_unknown(filters, ("query", "company"), "contacts")
    query = Contact.select().order_by(Contact.id)
    if filters.get("company"):
        query = query.where(Contact.company == _company_id(str(filters["company"])))
    if filters.get("query"):
        query = query.where(_text_filter(Contact, str(filters["query"])))
    return [record_view(row) for row in query]


def _company_id(text: str) -> int:
    if text[:1].upper() == "O" and text[1:].isdigit():
        return parse_id(text, "company")[1]
    company = people.find_company(text)
    if company is None:
        raise NotFound(f"No company named '{text}'", f"会社「{text}」はありません")
    return company.id


def _companies(filters: dict) -> list[CompanyView]:
    _refuse_unknown(filters, ("query",), "companies")
    query = Company.select().order_by(Company.name, Company.id)
    if filters.get("query"):
        query = query.where(Company.name ** f"%{str(filters['query']).strip()}%")
    contacts = dict(Contact.select(Contact.company, pw.fn.COUNT(Contact.id))
                    .where(Contact.company.is_null(False)).group_by(Contact.company).tuples())
    deal_counts = dict(Deal.select(Deal.company, pw.fn.COUNT(Deal.id))
                       .where(Deal.company.is_null(False)).group_by(Deal.company).tuples())
    return [company_view(c, contacts.get(c.id, 0), deal_counts.get(c.id, 0)) for c in query]


def _deals(filters: dict) -> list[DealView]:
    _refuse_unknown(filters, ("stage", "contact", "company", "open"), "deals")
    query = Deal.select(Deal, Contact).join(Contact).order_by(
        Deal.close_date.is_null(), Deal.close_date, Deal.id)
    if filters.get("stage"):
        query = query.where(Deal.stage == stages.resolve_stage(str(filters["stage"])).name)
    if filters.get("contact"):
        query = query.where(Deal.contact == deals.deal_contact(str(filters["contact"])).id)
    if filters.get("company"):
        query = query.where(Deal.company == _company_id(str(filters["company"])))
    if filters.get("open"):
        closed = [s.name for s in stages.stages() if s.closed]
        query = query.where(Deal.stage.not_in(closed))
    return [deal_view(row) for row in query]


def _activities(filters: dict) -> list[ActivityView]:
    _refuse_unknown(filters, ("due", "record", "type", "include_done"), "activities")
    due = filters.get("due") or None
    include_done = filters.get("include_done")
    rows = activities.list_activities(
        due=due, record=filters.get("record") or None, kind=filters.get("type") or None,
        include_done=(due is None) if include_done is None else bool(include_done),
    )
    return [activity_view(row) for row in rows]

