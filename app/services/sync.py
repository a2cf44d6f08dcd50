"""Syncing accounts for the CLI and the UI: plain results, typed errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.crm.links import link_pending
from app.mail.search import index_pending
from app.models.mail import Account
from app.sync.accounts import get_account
from app.sync.connection_test import ConnectionReport, check_account
from app.sync.imap.account_sync import sync_imap_account
from app.sync.imap.mailbox_sync import FolderResult
from app.sync.pop3.account_sync import sync_pop3_account
from app.sync.progress import ProgressCallback, ignore_progress


@dataclass
class AccountSyncResult:
    account: str
    folders: list[FolderResult] = field(default_factory=list)


def sync_accounts(
    account_name: str | None = None, progress: ProgressCallback = ignore_progress
) -> list[AccountSyncResult]:
    if account_name:
        accounts = [get_account(account_name)]
    else:
        accounts = list(Account.select().where(Account.protocol != "local").order_by(Account.id))
    results = []
    for account in accounts:
        if account.protocol == "imap":
            folders = sync_imap_account(account, progress)
        elif account.protocol == "pop3":
            folders = sync_pop3_account(account, progress)
        else:
            continue
        results.append(AccountSyncResult(account.name, folders))
        link_pending()  # new mail from and to leads and contacts joins their timeline
        index_pending()
    return results


def check_connection(account_name: str) -> ConnectionReport:
    """Log in to the account's incoming and outgoing servers. Blocking: the GUI calls it
    from a worker thread."""
    return check_account(get_account(account_name))
