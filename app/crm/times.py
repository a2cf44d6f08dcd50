"""Dates and times the user types (ISO 8601, Japanese slashes, full-width digits) as epochs.

A time without a zone is the user's local time; a date alone means the whole day, so a task
"due 2025-11-21" is due at the end of that day, as calendar apps treat date-only tasks.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from app.crm.errors import invalid_value

ISO_HINT = "an ISO date or time such as 2025-11-21 or 2025-11-21T15:00+09:00"
ISO_HINT_JA = "2025-11-21 や 2025-11-21T15:00+09:00 のような日付・日時"


def local_zone() -> dt.tzinfo:
    zone = dt.datetime.now().astimezone().tzinfo
    return zone if zone is not None else dt.UTC


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().replace("/", "-")


def parse_date(text: str, field: str = "date") -> dt.date:
    try:
        return dt.date.fromisoformat(_clean(text))
    except ValueError:
        raise invalid_value(field, text, "a date such as 2025-11-21",
                            "2025-11-21 のような日付") from None


def to_epoch(value: str | dt.datetime | dt.date | int, field: str, end_of_day: bool = False,
             zone: dt.tzinfo | None = None) -> int:
    """Epoch seconds for a datetime, a date (start or end of the day) or text of either."""
    zone = zone or local_zone()
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = _clean(value)
        try:
            value = dt.date.fromisoformat(text) if len(text) == 10 else \
                dt.datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            raise invalid_value(field, str(value), ISO_HINT, ISO_HINT_JA) from None
    if not isinstance(value, dt.datetime):
        moment = dt.time(23, 59, 59) if end_of_day else dt.time(0, 0)
        value = dt.datetime.combine(value, moment)
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return int(value.timestamp())


def day_bounds(now: dt.datetime) -> tuple[int, int]:
    """Epochs of the start of `now`'s day and of the next day, in `now`'s own zone."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=local_zone())
    start = dt.datetime.combine(now.date(), dt.time(0, 0), now.tzinfo)
    return int(start.timestamp()), int((start + dt.timedelta(days=1)).timestamp())
