"""The outbox's rows and every move between states. No network here.

Each transition is one conditional UPDATE, so two processes (the app and `kizuna outbox
flush`) or an undo racing the sender can never both win: whoever changes the state first
owns the message.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from app.errors import NotFound, UsageError
from app.models.db import durable
from app.models.mail import Account, OutboxMessage

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"  # the server accepted it; the copy to Sent is still to do
COPIED = "copied"
FAILED = "failed"
STATES = (QUEUED, SENDING, SENT, COPIED, FAILED)

FIRST_RETRY = 30  # seconds after the first failed attempt, doubling each time
LAST_RETRY = 3600
KEEP_COPIED = 7 * 24 * 3600  # finished entries stay listed this long


@dataclass
class OutboxItem:
    id: int
    account_id: int
    message_id: str
    raw: bytes
    recipients: list[str]
    state: str
    send_after: int
    attempts: int
    last_error: str
    created_at: int
    updated_at: int


def _item(row: OutboxMessage) -> OutboxItem:
    return OutboxItem(
        id=row.id, account_id=row.account_id, message_id=row.message_id, raw=bytes(row.raw),
        recipients=json.loads(row.recipients), state=row.state, send_after=row.send_after,
        attempts=row.attempts, last_error=row.last_error, created_at=row.created_at,
        updated_at=row.updated_at,
    )



def retry_delay(attempts: int) -> int:
    return min(FIRST_RETRY * 2 ** max(0, attempts - 1), LAST_RETRY)


def enqueue(account: Account, message_id: str, raw: bytes, recipients: list[str],
            delay: int, now: int | None = None) -> OutboxItem:
    now = int(time.time()) if now is None else now
    with durable():
        row = OutboxMessage.create(
            account=account, message_id=message_id, raw=raw,
            recipients=json.dumps(recipients), state=QUEUED, send_after=now + max(0, delay),
            created_at=now, updated_at=now,
        )
    return _item(row)


def get(item_id: int) -> OutboxItem:
    row = OutboxMessage.get_or_none(OutboxMessage.id == item_id)
    if row is None:
        raise NotFound(f"No outbox entry {item_id}", f"送信トレイに {item_id} はありません")
    return _item(row)


def items(account_id: int | None = None) -> list[OutboxItem]:
    query = OutboxMessage.select().order_by(OutboxMessage.created_at, OutboxMessage.id)
    if account_id is not None:
        query = query.where(OutboxMessage.account == account_id)
    return [_item(row) for row in query]


def _move(item_id: int, from_states: tuple[str, ...], durable_write: bool = False,
          **changes: object) -> bool:
    changes.setdefault("updated_at", int(time.time()))
    query = OutboxMessage.update(**changes).where(
        (OutboxMessage.id == item_id) & OutboxMessage.state.in_(from_states)
    )
    if durable_write:
        with durable():
            return query.execute() == 1
    return query.execute() == 1


def due(now: int, ignore_delay: bool = False, ids: list[int] | None = None) -> list[OutboxItem]:
    """Queued messages whose time has come (all queued ones with ignore_delay)."""
    query = OutboxMessage.select().where(OutboxMessage.state == QUEUED)
    if not ignore_delay:
        query = query.where(OutboxMessage.send_after <= now)
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    return [_item(row) for row in query.order_by(OutboxMessage.send_after, OutboxMessage.id)]


def awaiting_copy(now: int, ignore_delay: bool = False,
                  ids: list[int] | None = None) -> list[OutboxItem]:
    query = OutboxMessage.select().where(OutboxMessage.state == SENT)
    if not ignore_delay:
        query = query.where(OutboxMessage.send_after <= now)
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    return [_item(row) for row in query.order_by(OutboxMessage.id)]


def next_due() -> int | None:
    """When the earliest queued or uncopied message is due (epoch seconds), if any."""
    row = (OutboxMessage.select(OutboxMessage.send_after)
           .where(OutboxMessage.state.in_((QUEUED, SENT)))
           .order_by(OutboxMessage.send_after).first())
    return row.send_after if row else None


def recover_interrupted() -> int:
    """Messages left `sending` by a process that died: whether the server took them is
    unknown, so they go again. Only the holder of the sender lock may call this."""
    return (OutboxMessage.update(state=QUEUED, updated_at=int(time.time()))
            .where(OutboxMessage.state == SENDING).execute())


def claim(item_id: int) -> bool:
    """queued → sending, counted as an attempt; False if someone else moved it first."""
    return _move(item_id, (QUEUED,), durable_write=True, state=SENDING,
                 attempts=OutboxMessage.attempts + 1)


def mark_sent(item_id: int, note: str = "", now: int | None = None) -> bool:
    """Recorded to disk at once: after this the message is never sent again."""
    now = int(time.time()) if now is None else now
    return _move(item_id, (SENDING,), durable_write=True, state=SENT, last_error=note,
                 send_after=now, updated_at=now)


def mark_copied(item_id: int, note: str = "") -> bool:
    return _move(item_id, (SENT,), state=COPIED, last_error=note)


def _attempts(row: OutboxMessage) -> int:
    """A queued row was never claimed (the connection failed first): count the attempt."""
    return row.attempts + 1 if row.state == QUEUED else row.attempts


def defer(item_id: int, error: str, now: int | None = None) -> bool:
    """A temporary failure (offline, server busy): try again later, later each time."""
    now = int(time.time()) if now is None else now
    row = OutboxMessage.get_or_none(OutboxMessage.id == item_id)
    if row is None:
        return False
    if row.state == SENT:  # the copy failed; the message itself is out
        return _move(item_id, (SENT,), last_error=error, attempts=row.attempts + 1,
                     send_after=now + retry_delay(row.attempts + 1), updated_at=now)
    attempts = _attempts(row)
    return _move(item_id, (SENDING, QUEUED), state=QUEUED, last_error=error,
                 attempts=attempts, send_after=now + retry_delay(attempts), updated_at=now)


def fail(item_id: int, error: str) -> bool:
    row = OutboxMessage.get_or_none(OutboxMessage.id == item_id)
    if row is None:
        return False
    return _move(item_id, (SENDING, QUEUED), state=FAILED, last_error=error,
                 attempts=_attempts(row))


def retry(item_id: int, now: int | None = None) -> OutboxItem:
    """A failed or waiting message goes again at once (a sent one retries its copy)."""
    now = int(time.time()) if now is None else now
    item = get(item_id)
    if item.state in (FAILED, QUEUED):
        _move(item_id, (FAILED, QUEUED), state=QUEUED, send_after=now, updated_at=now)
    elif item.state == SENT:
        _move(item_id, (SENT,), send_after=now, updated_at=now)
    else:
        raise UsageError(f"Outbox entry {item_id} is {item.state}; nothing to retry",
                         f"送信トレイの {item_id} は {item.state} のため再試行できません")
    return get(item_id)


def cancel(item_id: int) -> OutboxItem:
    """Take a message out before it goes (undo send); returns it as it was."""
    item = get(item_id)
    deleted = OutboxMessage.delete().where(
        (OutboxMessage.id == item_id) & OutboxMessage.state.in_((QUEUED, FAILED))
    ).execute()
    if deleted != 1:
        state = get(item_id).state
        raise UsageError(
            f"Too late to cancel: outbox entry {item_id} is already {state}",
            f"取り消せません: 送信トレイの {item_id} は既に {state} です",
        )
    return item


def prune(now: int | None = None) -> int:
    now = int(time.time()) if now is None else now
    return OutboxMessage.delete().where(
        (OutboxMessage.state == COPIED) & (OutboxMessage.updated_at < now - KEEP_COPIED)
    ).execute()
