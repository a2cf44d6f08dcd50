"""Which messages to delete from the POP3 server, per the account's retention choice.

- keep: leave everything on the server;
- delete: delete once stored locally;
- days:N: delete what was stored locally more than N days ago;
- mirror: delete what the user deleted locally (or moved to Trash).
Only messages with a committed record are ever chosen: nothing leaves the server before it
is safely stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import UsageError
from app.sync.pop3.history import History, absent_locally
from app.sync.pop3.listing import Listed

DAY = 86_400


@dataclass(frozen=True)
class Retention:
    mode: str  # keep | delete | days | mirror
    days: int = 0


def parse(text: str) -> Retention:
    if text in ("keep", "delete", "mirror"):
        return Retention(text)
    if text.startswith("days:") and text[5:].isdigit() and int(text[5:]) > 0:
        return Retention("days", int(text[5:]))
    raise UsageError(f"Unknown POP3 retention '{text}' (keep, delete, days:N or mirror)",
                     f"POP3 の保存設定「{text}」は無効です（keep・delete・days:N・mirror）")


def to_delete(policy: Retention, listed: list[Listed], history: History,
              now: int) -> list[Listed]:
    stored = [item for item in listed if item.key in history.by_key]
    if policy.mode == "delete":
        return stored
    if policy.mode == "days":
        cutoff = now - policy.days * DAY
        return [item for item in stored if history.by_key[item.key].stored_at <= cutoff]
    if policy.mode == "mirror":
        gone = absent_locally(history.account_id)
        return [item for item in stored if item.key in gone]
    return []
