"""A person's history in one list: activities and linked mail, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from app.crm.activities import when
from app.crm.links import owner_filter
from app.crm.people import Person, get_person
from app.crm.records import ActivityView, activity_view, iso
from app.models.crm import Activity, EmailLink, Lead
from app.models.mail import Folder, Message

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


def linked_emails(person: Person, limit: int = DEFAULT_LIMIT) -> list[LinkedEmail]:
    query = (
        Message.select(Message.id, Message.subject, Message.from_name, Message.from_addr,
                       Message.date, Folder.name, Message.snippet, EmailLink.manual)
        .join(EmailLink, on=EmailLink.message == Message.id)
        .switch(Message).join(Folder)
        .where(owner_filter(person))
        .order_by(Message.date.desc(), Message.id.desc())
        .limit(limit)
    )
    return [
        LinkedEmail(mid, subject, name, addr, iso(date), date,
                    "received" if addr and addr == person.email else "sent", folder, snippet,
                    bool(manual))
        for mid, subject, name, addr, date, folder, snippet, manual in query.tuples()
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

