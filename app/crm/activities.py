"""Tasks, events, calls and notes, each about one lead or contact and optionally a deal.

A task has a due time, a priority and a done flag; an event a start, an end, a place and
attendees; a call a direction, a duration and an outcome. Calls and notes record something
that happened, so they are done when logged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import peewee as pw

from app.crm.deals import get_deal
from app.crm.errors import invalid_value
from app.crm.ids import format_id, parse_id
from app.crm.people import get_person
from app.crm.times import day_bounds, to_epoch
from app.errors import NotFound, UsageError
from app.models.crm import Activity, Contact, Deal, Lead

KINDS = ("task", "event", "call", "note")
PRIORITIES = ("high", "normal", "low")
DIRECTIONS = ("inbound", "outbound")
DUE_FILTERS = ("today", "overdue", "upcoming")
DEFAULT_EVENT_SECONDS = 3600
# Which option makes sense for which kind; anything else is refused, not silently dropped.
_APPLIES = {
    "due": ("task",), "priority": ("task",), "start": ("event", "call"), "end": ("event",),
    "location": ("event",), "attendees": ("event",), "direction": ("call",),
    "duration": ("call",), "outcome": ("call",),
}
_DURATION = re.compile(r"^(?:(\d+):)?(\d+):(\d{1,2})$|^(\d+)\s*(s|sec|m|min|h)?$")


@dataclass
class ActivityInput:
    body: str = ""
    due: object = None
    start: object = None
    end: object = None
    location: str = ""
    attendees: Iterable[str] = ()
    priority: str = ""
    direction: str = ""
    duration: object = None
    outcome: str = ""
    deal: str | None = None


def parse_duration(value: object) -> int:
    """Seconds from 300, '90s', '5m', '5min', '1h', '4:30' or '1:02:03'."""
    if isinstance(value, int):
        seconds = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().lower()
        match = _DURATION.match(text)
        if match is None:
            raise invalid_value("duration", str(value), "seconds, 5m, 1h or 4:30",
                                "秒数、5m、1h、4:30 などの時間")
        hours, minutes, seconds_part, number, unit = match.groups()
        if number is not None:
            seconds = int(number) * {"m": 60, "min": 60, "h": 3600}.get(unit or "s", 1)
        else:
            seconds = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds_part)
    if seconds < 0:
        raise invalid_value("duration", str(value), "a positive duration", "正の時間")
    return seconds


def _given(data: ActivityInput) -> list[str]:
    return [name for name in _APPLIES
            if getattr(data, name) not in (None, "", (), [])]


def log_activity(record_id: str, kind: str, subject: str, data: ActivityInput | None = None,
                 now: int | None = None) -> Activity:
    data = data or ActivityInput()
    if kind not in KINDS:
        raise invalid_value("kind", kind, " | ".join(KINDS), " | ".join(KINDS) + " のいずれか")
    subject = " ".join((subject or "").split())
    if not subject:
        raise UsageError("An activity needs a subject", "件名を指定してください")
    for name in _given(data):
        if kind not in _APPLIES[name]:
            kinds = " / ".join(_APPLIES[name])
            raise UsageError(f"--{name} applies to {kinds}, not to a {kind}",
                             f"--{name} は {kinds} にのみ指定できます（{kind} には使えません）")
    person = get_person(record_id)
    stamp = now or int(time.time())
    row = Activity(kind=kind, subject=subject, body=(data.body or "").strip(),
                   created_at=stamp, priority="normal")
    if isinstance(person, Lead):
        if person.status == "converted":
            contact = format_id("contact", person.converted_contact_id)
            raise UsageError(f"{record_id} was converted to {contact}; log on the contact",
                             f"{record_id} は {contact} に変換済みです。連絡先に登録してください")
        row.lead = person
    else:
        row.contact = person
    if data.deal:
        row.deal = _deal_of(person, data.deal)
    _fill(row, kind, data, stamp)
    row.save()
    return row


def _deal_of(person: Lead | Contact, deal_id: str) -> Deal:
    deal = get_deal(deal_id)
    if not isinstance(person, Contact) or deal.contact_id != person.id:
        owner = format_id("contact", deal.contact_id)
        raise UsageError(f"{deal_id} belongs to {owner}, not to this record",
                         f"{deal_id} は {owner} の商談です")
    return deal


def _fill(row: Activity, kind: str, data: ActivityInput, stamp: int) -> None:
    if kind == "task":
        row.due = to_epoch(data.due, "due", end_of_day=True) if data.due else None
        priority = (data.priority or "normal").lower()
        if priority not in PRIORITIES:
            raise invalid_value("priority", priority, " | ".join(PRIORITIES),
                                " | ".join(PRIORITIES) + " のいずれか")
        row.priority = priority
    elif kind == "event":
        if not data.start:
            raise UsageError("An event needs a start time (--start)",
                             "予定には開始日時が必要です (--start)")
        row.start = to_epoch(data.start, "start")
        row.end = to_epoch(data.end, "end") if data.end else row.start + DEFAULT_EVENT_SECONDS
        if row.end < row.start:
            raise UsageError("An event cannot end before it starts",
                             "予定の終了日時が開始日時より前です")
        row.location = " ".join((data.location or "").split())
        row.attendees = json.dumps([a.strip().lower() for a in data.attendees if a.strip()])
    elif kind == "call":
        row.start = to_epoch(data.start, "start") if data.start else stamp
        direction = (data.direction or "outbound").lower()
        if direction not in DIRECTIONS:
            raise invalid_value("direction", direction, "inbound | outbound",
                                "inbound（着信）または outbound（発信）")
        row.call_direction = direction
        row.call_duration = None if data.duration in (None, "") else parse_duration(data.duration)
        row.call_outcome = " ".join((data.outcome or "").split())
    if kind in ("call", "note"):
        row.done, row.done_at = True, stamp


def get_activity(activity_id: str) -> Activity:
    _, row_id = parse_id(activity_id, "activity")
    row = Activity.get_or_none(Activity.id == row_id)
    if row is None:
        raise NotFound(f"No activity with id A{row_id}", f"ID A{row_id} の活動はありません")
    return row


def complete_task(activity_id: str, done: bool = True, now: int | None = None) -> Activity:
    """Tick (or untick) a task or an event; calls and notes are done when logged."""
    row = get_activity(activity_id)
    if row.kind not in ("task", "event"):
        raise UsageError(f"{activity_id} is a {row.kind}; only tasks and events are ticked off",
                         f"{activity_id} は {row.kind} です。完了にできるのはタスクと予定だけです")
    row.done = done
    row.done_at = (now or int(time.time())) if done else None
    row.save()
    return row


def when(row: Activity) -> int:
    """The moment an activity is about: due, start, or when it was logged."""
    if row.kind == "task" and row.due is not None:
        return row.due
    if row.start is not None:
        return row.start
    return row.created_at


def list_activities(due: str | None = None, record: str | None = None, kind: str | None = None,
                    include_done: bool = False, now: dt.datetime | None = None) -> list[Activity]:
    """Activities by time. `due` keeps tasks and events overdue (open, before today), of
    today, or upcoming (after today), in the user's time zone."""
    query = Activity.select()
    if record:
        person = get_person(record)
        query = query.where((Activity.lead == person.id) if isinstance(person, Lead)
                            else (Activity.contact == person.id))
    if kind:
        if kind not in KINDS:
            raise invalid_value("kind", kind, " | ".join(KINDS), " | ".join(KINDS))
        query = query.where(Activity.kind == kind)
    if not include_done:
        query = query.where(Activity.done == False)  # noqa: E712
    if due:
        if due not in DUE_FILTERS:
            raise invalid_value("due", due, " | ".join(DUE_FILTERS), " | ".join(DUE_FILTERS))
        start, end = day_bounds(now or dt.datetime.now().astimezone())
        moment = pw.Case(None, [(Activity.kind == "task", Activity.due)], Activity.start)
        query = query.where(Activity.kind.in_(("task", "event")) & moment.is_null(False))
        query = query.where({"overdue": moment < start,
                             "today": (moment >= start) & (moment < end),
                             "upcoming": moment >= end}[due])
        if due == "overdue":
            query = query.where(Activity.done == False)  # noqa: E712
    rows = list(query)
    rows.sort(key=lambda r: (when(r), r.id))
    return rows
