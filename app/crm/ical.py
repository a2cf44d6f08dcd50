"""iCalendar (RFC 5545): events as VEVENT, tasks as VTODO, times in UTC.

Each component carries X-KIZUNA-RECORD (L12 / C7) and attendee addresses, so an exported
calendar imports back onto the same people, and one from another calendar lands on the CRM
person among its attendees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.crm.records import ActivityView
from app.crm.textlines import ContentLine, escape, fold, parse_line, unescape, unfold
from app.crm.times import local_zone

PRODID = "-//Kizuna//Kizuna CRM//EN"
_PRIORITY_OUT = {"high": 1, "normal": 5, "low": 9}


@dataclass
class CalendarItem:
    kind: str  # event | task
    subject: str
    uid: str = ""
    body: str = ""
    location: str = ""
    start: int | None = None  # epoch seconds
    end: int | None = None
    due: int | None = None
    done: bool = False
    priority: str = "normal"
    attendees: list[str] = field(default_factory=list)
    record: str = ""  # X-KIZUNA-RECORD


def _utc(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _parse_iso(value: str | None) -> int | None:
    return int(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()) \
        if value else None


def write_calendar(activities: Iterable[ActivityView], now: int) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for activity in activities:
        if activity.kind in ("event", "task"):
            lines += _component(activity, now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _component(a: ActivityView, now: int) -> list[str]:
    name = "VEVENT" if a.kind == "event" else "VTODO"
    created = _parse_iso(a.created_at) or now
    lines = [f"BEGIN:{name}", f"UID:kizuna-{a.id.lower()}-{created}@kizuna.invalid",
             f"DTSTAMP:{_utc(now)}", f"CREATED:{_utc(created)}", f"SUMMARY:{escape(a.subject)}"]
    if a.body:
        lines.append(f"DESCRIPTION:{escape(a.body)}")
    if a.kind == "event":
        start, end = _parse_iso(a.start), _parse_iso(a.end)
        if start is not None:
            lines.append(f"DTSTART:{_utc(start)}")
        if end is not None:
            lines.append(f"DTEND:{_utc(end)}")
        if a.location:
            lines.append(f"LOCATION:{escape(a.location)}")
        lines += [f"ATTENDEE:mailto:{address}" for address in a.attendees]
    else:
        due = _parse_iso(a.due)
        if due is not None:
            lines.append(f"DUE:{_utc(due)}")
        lines.append(f"PRIORITY:{_PRIORITY_OUT.get(a.priority, 5)}")
        done_at = _parse_iso(a.done_at)
        lines.append(f"STATUS:{'COMPLETED' if a.done else 'NEEDS-ACTION'}")
        if a.done and done_at is not None:
            lines.append(f"COMPLETED:{_utc(done_at)}")
    lines += [f"X-KIZUNA-RECORD:{a.record}", f"END:{name}"]
    return lines


def read_calendar(text: str) -> list[CalendarItem]:
    items: list[CalendarItem] = []
    current: list[ContentLine] | None = None
    for raw in unfold(text):
        line = parse_line(raw)
        if line is None:
            continue
        value = line.value.strip().upper()
        if line.name == "BEGIN" and value in ("VEVENT", "VTODO"):
            current = []
        elif line.name == "END" and value in ("VEVENT", "VTODO") and current is not None:
            items.append(_item("event" if value == "VEVENT" else "task", current))
            current = None
        elif current is not None:
            current.append(line)
    return items


def _item(kind: str, lines: list[ContentLine]) -> CalendarItem:
    item = CalendarItem(kind, "")
    duration = None
    for line in lines:
        if line.name == "SUMMARY":
            item.subject = unescape(line.value)
        elif line.name == "DESCRIPTION":
            item.body = unescape(line.value)
        elif line.name == "LOCATION":
            item.location = unescape(line.value)
        elif line.name == "UID":
            item.uid = line.value.strip()
        elif line.name in ("DTSTART", "DTEND", "DUE"):
            moment = parse_time(line, line.name)
            setattr(item, {"DTSTART": "start", "DTEND": "end", "DUE": "due"}[line.name], moment)
        elif line.name == "DURATION":
            duration = parse_duration(line.value.strip())
        elif line.name in ("ATTENDEE", "ORGANIZER"):
            address = line.value.strip()
            if address.lower().startswith("mailto:"):
                item.attendees.append(address[7:].lower())
        elif line.name == "STATUS":
            item.done = line.value.strip().upper() in ("COMPLETED", "CANCELLED")
        elif line.name == "PRIORITY":
            item.priority = _priority(line.value.strip())
        elif line.name == "X-KIZUNA-RECORD":
            item.record = line.value.strip()
    if item.end is None and item.start is not None and duration is not None:
        item.end = item.start + duration
    return item


def _priority(value: str) -> str:
    number = int(value) if value.isdigit() else 0
    if 1 <= number <= 4:
        return "high"
    return "low" if number >= 6 else "normal"


def parse_time(line: ContentLine, role: str = "DTSTART") -> int | None:
    """DATE-TIME in UTC (Z), with TZID, floating (local), or a DATE: an all-day DTSTART is
    the start of the day, a DUE date the end of it, and a DTEND date is exclusive."""
    value = line.value.strip()
    try:
        if line.param("VALUE").upper() == "DATE" or len(value) == 8:
            day = dt.datetime.strptime(value, "%Y%m%d").date()
            if role == "DTEND":
                day -= dt.timedelta(days=1)
            moment = dt.time(0, 0) if role == "DTSTART" else dt.time(23, 59, 59)
            return int(dt.datetime.combine(day, moment, local_zone()).timestamp())
        naive = dt.datetime.strptime(value.rstrip("Zz"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    if value.upper().endswith("Z"):
        return int(naive.replace(tzinfo=dt.UTC).timestamp())
    return int(naive.replace(tzinfo=_zone(line.param("TZID"))).timestamp())


def _zone(name: str) -> dt.tzinfo:
    if name:
        try:
            return ZoneInfo(name.strip("/"))
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return local_zone()


def parse_duration(value: str) -> int | None:
    """Seconds of an RFC 5545 duration such as PT1H30M or P1D."""
    sign = -1 if value.startswith("-") else 1
    text = value.lstrip("+-").upper()
    if not text.startswith("P"):
        return None
    total, number, in_time = 0, "", False
    units = {"W": 604800, "D": 86400, "H": 3600, "M": 60, "S": 1}
    for ch in text[1:]:
        if ch == "T":
            in_time = True
        elif ch.isdigit():
            number += ch
        elif ch in units and number:
            if ch == "M" and not in_time:
                return None
            total += int(number) * units[ch]
            number = ""
        else:
            return None
    return sign * total
