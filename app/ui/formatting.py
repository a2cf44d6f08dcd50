"""How dates, sizes and people read in the window: compact, in local time, Japanese aware."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QLocale

# A name written in CJK script is shown family name first (山田 太郎), others given name first.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")


def local_time(timestamp: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp).astimezone()


def _day(when: dt.datetime, this_year: int) -> str:
    if when.year == this_year:
        return f"{when.month}/{when.day}"
    return f"{when.year}/{when.month}/{when.day}"


def compact_date(timestamp: int, now: dt.datetime | None = None) -> str:
    """Today: 14:05; this year: 3/18; older: 2023/11/2 (the order Japanese readers expect)."""
    when = local_time(timestamp)
    today = (now or dt.datetime.now().astimezone()).date()
    if when.date() == today:
        return f"{when:%H:%M}"
    return _day(when, today.year)


def short_datetime(timestamp: int, now: dt.datetime | None = None) -> str:
    """A date with its time, for appointments and due dates: 11/26 16:00."""
    when = local_time(timestamp)
    return f"{_day(when, (now or dt.datetime.now().astimezone()).year)} {when:%H:%M}"


def full_date(timestamp: int) -> str:
    """2026/11/19 00:24 (木): the weekday in the window's language, not the C library's."""
    when = local_time(timestamp)
    weekday = QLocale().dayName(when.isoweekday(), QLocale.FormatType.ShortFormat)
    return f"{when.year}/{when.month}/{when.day} {when:%H:%M} ({weekday})"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB"):
        if value < 1024:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GB"


def person(name: str, address: str) -> str:
    """'Name <address>': the real address stays visible whatever the display name claims."""
    if name and name.strip().lower() != address.lower():
        return f"{name} <{address}>"
    return address


def full_name(last: str, first: str) -> str:
    if _CJK.search(last + first):
        return f"{last} {first}".strip()
    return f"{first} {last}".strip()
