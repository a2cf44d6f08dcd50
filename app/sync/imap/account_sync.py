"""A full sync pass for one IMAP account: folders, then each folder, INBOX first."""

from __future__ import annotations

import contextlib

import imapclient
from imapclient.exceptions import IMAPClientError

from app.models.mail import Account
from app.sync import credentials
from app.sync.errors import AuthError, MailboxError, classify
from app.sync.imap import bodies, replay
from app.sync.imap.connect import ImapEndpoint, connect
from app.sync.imap.fetch_worker import HeaderWorker, WorkerLogin
from app.sync.imap.folders import sync_folder_list
from app.sync.imap.mailbox_sync import FolderResult, sync_mailbox
from app.sync.operations import reapply_pending
from app.sync.presets import suggest_preset
from app.sync.progress import ProgressCallback, SyncProgress, ignore_progress


def endpoint_for(account: Account) -> ImapEndpoint:
    preset = suggest_preset(account.email)
    return ImapEndpoint(
        host=account.host, port=account.port, security=account.security,
        username=account.username or account.email, ca_file=account.ca_file,
        app_password_hint=preset.app_password_hint if preset else "",
    )


def worker_login(account: Account) -> WorkerLogin:
    """What a header fetch worker needs to open its own connection to the account."""
    password = credentials.get_password(account.name, "incoming")
    if password is None:
        raise AuthError(
            f"No password stored for account '{account.name}'; "
            f"set it with: kizuna account set-password {account.name} --incoming --password-stdin",
            f"アカウント「{account.name}」のパスワードが保存されていません。",
        )
    return WorkerLogin(endpoint_for(account), password)


def open_client(account: Account) -> imapclient.IMAPClient:
    login = worker_login(account)
    return connect(login.endpoint, login.password)


def sync_imap_account(
    account: Account, progress: ProgressCallback = ignore_progress
) -> list[FolderResult]:
    login = worker_login(account)
    client = connect(login.endpoint, login.password)
    server = f"{account.host}:{account.port}"
    worker = HeaderWorker(login)  # started only if a folder has enough new mail
    try:
        condstore = client.has_capability("CONDSTORE")
        if condstore:
            client.enable("CONDSTORE")
        # Local changes first, so the folder syncs below find the server agreeing with them.
        replay.replay_pending(client, account)
        folders = sync_folder_list(client, account)
        progress(SyncProgress(account.name, "", "folders", 0, len(folders)))
        results = []
        for folder in folders:
            try:
                results.append(sync_mailbox(client, folder, account.name, progress, condstore,
                                            worker))
                reapply_pending(account)
                bodies.prefetch_bodies(client, folder, account, progress)
            except IMAPClientError as error:
                raise MailboxError(
                    f"Folder {folder.name} on {server} could not be read: {error}",
                    f"{server} のフォルダ {folder.name} を読み込めませんでした: {error}",
                ) from error
        return results
    except (OSError, IMAPClientError) as error:
        raise classify(error, server) from error
    finally:
        worker.close()
        with contextlib.suppress(Exception):
            client.logout()
