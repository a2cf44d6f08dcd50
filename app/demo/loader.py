"""`kizuna demo` and `--demo`: the sample mailbox and CRM, loaded into the open database once."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from peewee import fn

from app.demo.crm import populate_crm
from app.demo.mail import FOLDER_ROLES, DemoMessage, generate_mail
from app.demo.people import ACCOUNT_NAME, ME
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.base import database_proxy
from app.models.crm import Activity, Contact, Deal, Lead
from app.models.mail import Account, Folder, Message

BATCH = 50  # messages per store_messages call
UIDVALIDITY = 1  # local folders number their messages like an IMAP server would


@dataclass
class DemoSummary:
    account: str
    folders: dict[str, int]  # folder name → message count
    messages: int
    leads: int
    contacts: int
    deals: int
    activities: int


def load_demo(now: datetime | None = None) -> DemoSummary:
    """Load the demo into the bound database unless it is already there; summarize it."""
    # The one read of the wall clock: the demo's "today". Local time, so tasks due today are
    # due on the user's today.
    now = now or datetime.now().astimezone()
    # One transaction: a load killed half-way leaves nothing behind, so an account that has
    # messages is a complete demo, and a second `kizuna demo` changes nothing.
    with database_proxy.atomic():
        account = ensure_account(
            ACCOUNT_NAME,
            ME.email,
            "local",
            display_name=ME.name,
            # Never take "default for sending" from an account the user already set up.
            is_default=not Account.select().where(Account.is_default).exists(),
        )
        if not Message.select().where(Message.account == account).exists():
            _store_mail(account, generate_mail(now))
            populate_crm(now)
    return summarize(account)


def _store_mail(account: Account, messages: list[DemoMessage]) -> None:
    by_folder: dict[str, list[DemoMessage]] = defaultdict(list)
    for message in messages:
        by_folder[message.folder].append(message)
    for name, role in FOLDER_ROLES.items():
        folder = ensure_folder(account, name, role)
        items = [
            IncomingMessage(m.raw, uid=uid, uidvalidity=UIDVALIDITY, flags=m.flags,
                            received=m.received)
            for uid, m in enumerate(by_folder[name], 1)
        ]
        for start in range(0, len(items), BATCH):
            store_messages(folder, items[start : start + BATCH])
        Folder.update(uidvalidity=UIDVALIDITY, uidnext=len(items) + 1).where(
            Folder.id == folder.id
        ).execute()


def summarize(account: Account) -> DemoSummary:
    counts = dict(
        Folder.select(Folder.name, fn.COUNT(Message.id))
        .join(Message, on=(Message.folder == Folder.id))
        .where(Folder.account == account)
        .group_by(Folder.name)
        .tuples()
    )
    folders = {name: counts.get(name, 0) for name in FOLDER_ROLES}
    return DemoSummary(
        account=account.name,
        folders=folders,
        messages=sum(folders.values()),
        leads=Lead.select().count(),
        contacts=Contact.select().count(),
        deals=Deal.select().count(),
        activities=Activity.select().count(),
    )
