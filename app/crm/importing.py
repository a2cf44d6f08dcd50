"""Importing people and calendar items, with a preview first.

Each row is checked the way the user's own input is (fields, email), and compared with the
CRM and with the rows before it: new, duplicate (skipped, or merged into the existing
record with `on_duplicate="update"`) or invalid (with the reason). A dry run does the same
work inside a transaction that is rolled back, so its counts are exactly what a real run
would do. Mail is linked to the new people in one pass at the end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from app.crm import links
from app.crm.activities import ActivityInput, log_activity
from app.crm.errors import invalid_value
from app.crm.ical import CalendarItem
from app.crm.ids import format_id
from app.crm.keys import company_key
from app.crm.people import (
    check_kind,
    clean_fields,
    create_person,
    find_duplicates,
    get_person,
    model_for,
    public_id,
    update_person,
)
from app.crm.records import RecordView, iso, record_view
from app.errors import KizunaError
from app.models.base import database_proxy
from app.models.crm import Activity, Contact, Lead

ON_DUPLICATE = ("skip", "update")


@dataclass
class ColumnMapping:
    column: str
    field: str | None  # None: the column is ignored


@dataclass
class RowProblem:
    row: int  # 1-based, counting data rows (or cards, or calendar items)
    reason: str


@dataclass
class ImportReport:
    format: str
    dry_run: bool
    rows: int = 0
    new: int = 0
    duplicates: int = 0
    invalid: int = 0
    created: int = 0  # stays 0 in a dry run
    updated: int = 0
    skipped: int = 0
    encoding: str = ""
    mapping: list[ColumnMapping] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    duplicates_of: list[RowProblem] = field(default_factory=list)  # row -> existing id
    records: list[str] = field(default_factory=list)  # ids created or updated


class _Rollback(Exception):
    pass


def import_people(rows: Iterable[dict[str, str]], report: ImportReport, kind: str | None,
                  on_duplicate: str = "skip") -> ImportReport:
    """`kind` overrides the file's own (a Kind column, X-KIZUNA-KIND); else 'lead'."""
    if kind is not None:
        check_kind(kind)
    if on_duplicate not in ON_DUPLICATE:
        raise invalid_value("on-duplicate", on_duplicate, "skip | update", "skip または update")
    created: list[Lead | Contact] = []
    try:
        with database_proxy.atomic():
            for number, row in enumerate(rows, 1):
                report.rows += 1
                _one_person(number, dict(row), kind, on_duplicate, report, created)
            if report.dry_run:
                raise _Rollback
            if created:
                _link(created)
    except _Rollback:
        pass
    return report


def _one_person(number: int, row: dict[str, str], kind: str | None, on_duplicate: str,
                report: ImportReport, created: list[Lead | Contact]) -> None:
    row_kind = kind or row.pop("kind", "lead")
    row.pop("kind", None)
    if row_kind == "contact":
        row.pop("status", None)  # a lead's status means nothing on a contact
    try:
        check_kind(row_kind)
        fields = clean_fields(row_kind, row)
        if not (fields.get("email") or fields.get("last_name") or fields.get("first_name")):
            raise invalid_value("row", "", "an email address or a name",
                                "メールアドレスまたは名前")
    except KizunaError as error:
        report.invalid += 1
        report.problems.append(RowProblem(number, error.english))
        return
    existing = find_duplicates(fields)
    if not existing:
        person = create_person(row_kind, fields, allow_duplicate=True, link=False)
        report.new += 1
        created.append(person)
        if not report.dry_run:
            report.created += 1
            report.records.append(public_id(person))
        return
    report.duplicates += 1
    report.duplicates_of.append(RowProblem(number, public_id(existing[0])))
    if on_duplicate == "skip":
        report.skipped += 1
        return
    target = existing[0]
    kind_of_target = "lead" if isinstance(target, Lead) else "contact"
    changes = _merge(record_view(target),
                     clean_fields(kind_of_target, _shared(fields, kind_of_target)))
    if not changes:
        report.skipped += 1
        return
    update_person(public_id(target), changes)
    if not report.dry_run:
        report.updated += 1
        report.records.append(public_id(target))


def _merge(current: RecordView, fields: dict[str, str]) -> dict[str, str]:
    """What a row changes on its record: its values win, except that notes are added to the
    record's own and a company spelled another way (サンプル株式会社) is left as it is."""
    changes = {}
    for name, value in fields.items():
        old = getattr(current, name)
        if not value or value == old:
            continue
        if name == "company" and company_key(value) == company_key(old):
            continue
        if name == "notes" and old:
            if value in old:
                continue
            value = f"{old}\n{value}"
        changes[name] = value
    return changes


def _shared(fields: dict[str, str], kind: str) -> dict[str, str]:
    """A lead row merged into a contact drops the lead-only status."""
    return {k: v for k, v in fields.items() if kind == "lead" or k != "status"}


def _link(people: list[Lead | Contact]) -> None:
    """One pass over the stored mail for many new people; a few people each search alone."""
    if len(people) <= 20:
        for person in people:
            links.link_record(person)
        return
    links.link_all_messages()


def import_calendar(items: Iterable[CalendarItem], report: ImportReport,
                    record: str | None = None) -> ImportReport:
    """Each item goes to its X-KIZUNA-RECORD, else to the CRM person among its attendees,
    else to `record`; the same subject at the same time on the same person is a duplicate."""
    fallback = public_id(get_person(record)) if record else None
    try:
        with database_proxy.atomic():
            for number, item in enumerate(items, 1):
                report.rows += 1
                _one_item(number, item, fallback, report)
            if report.dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _owner(item: CalendarItem, fallback: str | None) -> str | None:
    if item.record:
        try:
            return public_id(get_person(item.record))
        except KizunaError:
            pass
    for address in item.attendees:
        for kind in ("contact", "lead"):
            model = model_for(kind)
            query = model.select().where(model.email == address)
            if kind == "lead":
                query = query.where(Lead.status != "converted")
            person = query.order_by(model.id).first()
            if person is not None:
                return format_id(kind, person.id)
    return fallback


def _one_item(number: int, item: CalendarItem, fallback: str | None,
              report: ImportReport) -> None:
    owner = _owner(item, fallback)
    if owner is None:
        report.invalid += 1
        report.problems.append(RowProblem(number, "no lead or contact among the attendees; "
                                                  "give --record ID"))
        return
    person = get_person(owner)
    if isinstance(person, Lead) and person.status == "converted":
        owner = format_id("contact", person.converted_contact_id)
        person = get_person(owner)
    moment = item.start if item.kind == "event" else item.due
    column = Activity.start if item.kind == "event" else Activity.due
    same = Activity.select().where(
        (Activity.kind == item.kind) & (Activity.subject == item.subject.strip())
        & (column == moment)
        & ((Activity.lead == person.id) if isinstance(person, Lead)
           else (Activity.contact == person.id)))
    if same.exists():
        report.duplicates += 1
        report.skipped += 1
        report.duplicates_of.append(RowProblem(number, format_id("activity", same.first().id)))
        return
    data = (ActivityInput(body=item.body, start=iso(item.start), end=iso(item.end),
                          location=item.location, attendees=item.attendees)
            if item.kind == "event" else
            ActivityInput(body=item.body, due=iso(item.due), priority=item.priority))
    try:
        activity = log_activity(owner, item.kind, item.subject, data)
    except KizunaError as error:
        report.invalid += 1
        report.problems.append(RowProblem(number, error.english))
        return
    if item.done and item.kind == "task":
        activity.done = True
        activity.save()
    report.new += 1
    if not report.dry_run:
        report.created += 1
        report.records.append(format_id("activity", activity.id))
