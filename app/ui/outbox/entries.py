"""Plain questions about a list of outbox entries, shared by the controller and the window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from app.services.outbox import OutboxEntry

QUEUED, SENDING, SENT, COPIED, FAILED = "queued", "sending", "sent", "copied", "failed"
WAITING_STATES = (QUEUED, SENDING, SENT)  # not yet done; SENT still needs its copy to Sent


def epoch(iso: str) -> float:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def clock(iso: str) -> str:
    """The local time of day, for "sends at 14:05:30"."""
    return f"{dt.datetime.fromtimestamp(epoch(iso)).astimezone():%H:%M:%S}"


def due(entries: list[OutboxEntry], now: float, ignore_delay: bool = False,
        ids: Collection[int] | None = None) -> list[OutboxEntry]:
    """The queued entries a flush at `now` would try to send."""
    return [e for e in entries if e.state == QUEUED
            and (ignore_delay or epoch(e.send_after) <= now)
            and (ids is None or e.id in ids)]


def failed(entries: list[OutboxEntry]) -> list[OutboxEntry]:
    return [e for e in entries if e.state == FAILED]


def deferred(entries: list[OutboxEntry]) -> list[OutboxEntry]:
    """Queued again after a temporary failure (offline, server busy)."""
    return [e for e in entries if e.state == QUEUED and e.last_error and e.attempts > 0]


def open_count(entries: list[OutboxEntry]) -> int:
    """What the user still has to think about: waiting or failed."""
    return sum(e.state in (*WAITING_STATES, FAILED) for e in entries)
