"""Syncing accounts for the CLI and the UI: plain results, typed errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.crm.links import link_pending
from app.errors import KizunaError
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
    error: str | None = None  # why this account failed while the others went on


class SomeAccountsFailed(KizunaError):
    """A pass over every account where some failed: `results` holds all of them, synced and
    failed, so one unreachable server never keeps the others' mail away."""

    def __init__(self, results: list[AccountSyncResult], failures: list[KizunaError]) -> None:
        names = [r.account for r in results if r.error is not None]
        first = failures[0]
        super().__init__(
            f"{len(names)} of {len(results)} accounts could not be synced: "
            f"{names[0]}: {first.message('en')}",
            f"{len(results)} 件中 {len(names)} 件のアカウントを同期できませんでした: "
            f"{names[0]}: {first.message('ja')}",
        )
        self.results = results
        self.exit_code = first.exit_code


def _sync_one(account: Account, progress: ProgressCallback) -> list[FolderResult] | None:
    if account.protocol == "imap":
        return sync_imap_account(account, progress)
    if account.protocol == "pop3":
        return sync_pop3_account(account, progress)
    return None


def sync_accounts(
    account_name: str | None = None, progress: ProgressCallback = ignore_progress
) -> list[AccountSyncResult]:
    """Sync one account (its error is raised as is) or every account: then a failing account
    is recorded, the rest still sync, and SomeAccountsFailed at the end says which failed."""
    if account_name:
        accounts = [get_account(account_name)]
    else:
        accounts = list(Account.select().where(Account.protocol != "local").order_by(Account.id))
    results: list[AccountSyncResult] = []
    failures: list[KizunaError] = []
    for account in accounts:
        try:
            folders = _sync_one(account, progress)
        except KizunaError as error:
            if len(accounts) == 1:
                raise
            failures.append(error)
            results.append(AccountSyncResult(account.name, error=error.message()))
            continue
        if folders is None:
            continue
        results.append(AccountSyncResult(account.name, folders))
        link_pending()  # new mail from and to leads and contacts joins their timeline
        index_pending()
    if failures:
        raise SomeAccountsFailed(results, failures)
    return results


def check_connection(account_name: str) -> ConnectionReport:
    """Log in to the account's incoming and outgoing servers. Blocking: the GUI calls it
    from a worker thread."""
    return check_account(get_account(account_name))
