"""A person's history in one list: activities and linked mail, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from app.crm.activities import when
from app.crm.people import Person, get_person
from app.crm.records import ActivityView, activity_view, iso
from app.models.base import database_proxy
from app.models.crm import Activity, Lead

DEFAULT_LIMIT = 100


@dataclass
class LinkedEmail:
    message_id: int
    subject: str
    from_name: str
    from_addr: str
    date: str | None  # ISO 8601, UTC
    timestamp: int
    direction: str  # received (from the person) | sent (to the person)
    folder: str
    snippet: str
    manual: bool  # linked by hand rather than by address


@dataclass
class TimelineEntry:
    kind: str  # activity | email
    at: str | None  # ISO 8601, UTC
    timestamp: int
    activity: ActivityView | None = None
    email: LinkedEmail | None = None


_LINKED = (
    "SELECT m.id, m.subject, m.from_name, m.from_addr, m.date, f.name, m.snippet, l.manual "
    "FROM email_link l JOIN message m ON m.id = l.message_id JOIN folder f ON f.id = m.folder_id "
    "WHERE l.{owner} = ? ORDER BY m.date DESC, m.id DESC LIMIT ?"
)


def linked_emails(person: Person, limit: int = DEFAULT_LIMIT) -> list[LinkedEmail]:
    owner = "lead_id" if isinstance(person, Lead) else "contact_id"
    rows = database_proxy.execute_sql(_LINKED.format(owner=owner), (person.id, limit))
    return [
        LinkedEmail(mid, subject, name, addr, iso(date), date,
                    "received" if addr and addr == person.email else "sent", folder, snippet,
                    bool(manual))
        for mid, subject, name, addr, date, folder, snippet, manual in rows.fetchall()
    ]


def _activities(person: Person) -> list[Activity]:
    field = Activity.lead if isinstance(person, Lead) else Activity.contact
    return list(Activity.select().where(field == person.id))


def timeline_for(person: Person, limit: int = DEFAULT_LIMIT) -> list[TimelineEntry]:
    entries = [TimelineEntry("activity", iso(when(a)), when(a), activity=activity_view(a))
               for a in _activities(person)]
    entries += [TimelineEntry("email", e.date, e.timestamp, email=e)
                for e in linked_emails(person, limit)]
    entries.sort(key=lambda e: (e.timestamp, e.kind == "activity"), reverse=True)
    return entries[:limit]


def timeline(record_id: str, limit: int = DEFAULT_LIMIT) -> list[TimelineEntry]:
    return timeline_for(get_person(record_id), limit)

