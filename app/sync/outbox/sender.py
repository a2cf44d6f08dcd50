"""Sending what is due, on the asyncio loop: SMTP per account, then the copy to Sent.

Order of work per message: claim it (queued → sending, on disk), submit it over SMTP, record
`sent` on disk the moment the server accepts it, then copy it to Sent and record `copied`.
A temporary failure (offline, server busy, connection lost) puts it back in the queue with
a growing delay; a failure that will not fix itself (wrong password, certificate, the server
refusing the message) marks it failed, with the reason kept for the user.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

import peewee as pw

from app.errors import KizunaError
from app.mail.compose import parse_mailbox
from app.mail.search import index_messages
from app.models.base import database_proxy
from app.models.mail import Account
from app.sync import smtp
from app.sync.errors import ServerUnavailable
from app.sync.outbox import queue
from app.sync.outbox.lock import sender_lock
from app.sync.outbox.sent_copy import copy_on_server, store_local_copy


@dataclass
class Outcome:
    id: int
    message_id: str
    state: str
    error: str = ""
    error_kind: str = ""  # the typed error's class name, e.g. AuthError


@dataclass
class FlushReport:
    outcomes: list[Outcome] = field(default_factory=list)
    busy: bool = False  # another process is sending; nothing was done
    errors: list[KizunaError] = field(default_factory=list)

    def record(self, item: queue.OutboxItem, state: str,
               error: KizunaError | None = None, note: str = "") -> None:
        outcome = next((o for o in self.outcomes if o.id == item.id), None)
        if outcome is None:
            outcome = Outcome(item.id, item.message_id, state)
            self.outcomes.append(outcome)
        outcome.state = state
        outcome.error = error.message() if error else note
        outcome.error_kind = type(error).__name__ if error else ""
        if error is not None:
            self.errors.append(error)


def _by_account(items: Iterable[queue.OutboxItem]) -> list[tuple[Account, list]]:
    groups: dict[int, list[queue.OutboxItem]] = {}
    for item in items:
        groups.setdefault(item.account_id, []).append(item)
    return [(Account.get_by_id(account_id), group) for account_id, group in groups.items()]


REFUSED = "Refused by the server: "


def _refused_note(refused: dict[str, str]) -> str:
    return REFUSED + "; ".join(f"{a} ({why})" for a, why in refused.items())


def _refusal(last_error: str) -> str:
    """The refused-recipients note of a sent message, without later copy errors."""
    return last_error.split(" | ")[0] if last_error.startswith(REFUSED) else ""


class OutboxSender:
    def __init__(self, database: pw.Database | None = None) -> None:
        self.database = database or database_proxy.obj

    async def flush(self, *, ignore_delay: bool = False,
                    ids: list[int] | None = None) -> FlushReport:
        """Send what is due (everything queued with ignore_delay), then copy what was sent."""
        report = FlushReport()
        with sender_lock(self.database) as mine:
            if not mine:
                report.busy = True
                return report
            queue.recover_interrupted()
            queue.prune()
            for account, items in _by_account(queue.due(int(time.time()), ignore_delay, ids)):
                await self._send(account, items, report)
            waiting = queue.awaiting_copy(int(time.time()), ignore_delay, ids)
            for account, items in _by_account(waiting):
                await self._copy(account, items, report)
        return report

    def _failed(self, item: queue.OutboxItem, error: KizunaError, report: FlushReport) -> None:
        if isinstance(error, ServerUnavailable):
            queue.defer(item.id, error.message())
            report.record(item, queue.QUEUED, error)
        else:
            queue.fail(item.id, error.message())
            report.record(item, queue.FAILED, error)

    async def _send(self, account: Account, items: list[queue.OutboxItem],
                    report: FlushReport) -> None:
        endpoint = smtp.endpoint_for(account)
        try:
            sender = parse_mailbox(account.email).addr
            client = await smtp.connect(endpoint, smtp.outgoing_password(account))
        except KizunaError as error:
            for item in items:
                self._failed(item, error, report)
            return
        try:
            for item in items:
                if not queue.claim(item.id):
                    continue  # cancelled, or taken by another sender
                try:
                    delivery = await smtp.send(client, endpoint, sender, item.recipients,
                                               item.raw)
                except KizunaError as error:
                    self._failed(item, error, report)
                    if isinstance(error, ServerUnavailable):
                        break  # the rest stay queued for the next attempt
                    continue
                note = _refused_note(delivery.refused) if delivery.refused else ""
                queue.mark_sent(item.id, note)
                report.record(item, queue.SENT, note=note)
        finally:
            await smtp.quit_quietly(client)

    async def _copy(self, account: Account, items: list[queue.OutboxItem],
                    report: FlushReport) -> None:
        try:
            if account.protocol == "imap":
                copies = await asyncio.to_thread(
                    copy_on_server, account, [(item.message_id, item.raw) for item in items]
                )
            else:
                copies = [None] * len(items)
        except KizunaError as error:
            for item in items:
                note = " | ".join(filter(None, [_refusal(item.last_error), error.message()]))
                queue.defer(item.id, note)
                report.record(item, queue.SENT, error)
            return
        stored = []
        for item, copy in zip(items, copies, strict=True):
            with database_proxy.atomic():
                row_id = store_local_copy(account, item.message_id, item.raw, copy)
                queue.mark_copied(item.id, _refusal(item.last_error))
            if row_id is not None:
                stored.append(row_id)
            report.record(item, queue.COPIED, note=_refusal(item.last_error))
        index_messages(stored)
