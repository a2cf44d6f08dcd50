"""Readable one-line forms of CRM results for the terminal (without --json)."""

from __future__ import annotations

import datetime as dt

from app.cli.output import fit, one_line
from app.crm.lookup import LookupResult
from app.crm.pipeline import StageView
from app.crm.records import ActivityView, CompanyView, DealView, RecordView, person_name
from app.crm.timeline import TimelineEntry
from app.services.crm import ConversionResult


def record_line(r: RecordView) -> str:
    state = f"  [{r.status}{' → ' + r.converted_to if r.converted_to else ''}]" \
        if r.kind == "lead" else ""
    details = "  ".join(x for x in (r.company, r.title, r.phone or r.mobile) if x)
    name = one_line(person_name(r.last_name, r.first_name, "-"))
    return f"{r.id:>6}  {fit(name, 20)}  {fit(r.email, 30)}  {one_line(details)}{state}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def company_line(c: CompanyView) -> str:
    return (f"{c.id:>6}  {fit(one_line(c.name), 30)}  {_count(c.contacts, 'contact')}  "
            f"{_count(c.deals, 'deal')}")


def _amount(d: DealView) -> str:
    if d.amount is None:
        return "-"
    whole, _, cents = d.amount.partition(".")
    return f"{int(whole):,}{'.' + cents if cents else ''} {d.currency}"


def deal_line(d: DealView) -> str:
    close = d.close_date or "-"
    return (f"{d.id:>6}  {fit(d.stage, 14)}  {_amount(d):>16}  {close:<10}  "
            f"{d.contact}  {one_line(d.name)}")


def local(moment: str | None) -> str:
    """'2026-11-27 15:00' in the user's time zone, from the UTC ISO form results carry."""
    if not moment:
        return ""
    parsed = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    return parsed.astimezone().strftime("%Y-%m-%d %H:%M")


def activity_line(a: ActivityView) -> str:
    when = local(a.due or a.start or a.created_at)
    mark = "x" if a.done else " "
    extra = f"  @ {a.location}" if a.location else ""
    if a.kind == "call" and a.direction:
        extra = f"  {a.direction}{' ' + str(a.duration // 60) + 'm' if a.duration else ''}"
    return (f"{a.id:>6}  [{mark}] {a.kind:<5}  {when:<16}  {a.record:>5}  "
            f"{one_line(a.subject)}{extra}")


def timeline_line(e: TimelineEntry) -> str:
    if e.activity is not None:
        return f"{local(e.at):<16}  {activity_line(e.activity).strip()}"
    mail = e.email
    assert mail is not None
    arrow = "←" if mail.direction == "received" else "→"
    return f"{local(e.at):<16}  mail {arrow} #{mail.message_id}  {one_line(mail.subject)}"


def lookup_lines(result: LookupResult) -> list[str]:
    if result.record is None:
        return [f"{result.email}: not in the CRM"]
    lines = [record_line(result.record)]
    lines += [f"  deal      {deal_line(d).strip()}" for d in result.deals]
    lines += [f"  activity  {activity_line(a).strip()}" for a in result.activities]
    lines += [f"  mail      {local(m.date)}  {one_line(m.subject)}" for m in result.emails]
    return lines


def conversion_lines(result: ConversionResult) -> list[str]:
    verb = "merged into" if result.merged else "converted to"
    lines = [f"{result.lead.id} {verb} {result.contact.id} "
             f"({result.moved_activities} activities, {result.moved_emails} emails moved)",
             record_line(result.contact)]
    if result.company is not None:
        lines.append(company_line(result.company))
    if result.deal is not None:
        lines.append(deal_line(result.deal))
    return lines


def stage_line(s: StageView) -> str:
    state = ("won" if s.won else "lost") if s.closed else "open"
    return (f"{s.position:>3}  {fit(s.name, 20)}  {s.probability:>3}%  {state:<4}  "
            f"{_count(s.deals, 'deal')}")
