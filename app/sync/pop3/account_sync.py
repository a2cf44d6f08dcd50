"""A full sync pass for one POP3 account: list, download what is new, apply retention.

The order makes a kill at any moment safe. Messages are stored with their records before any
DELE is sent; the server carries out DELEs only at QUIT, so a session cut short deletes
nothing, and the next run finds that mail stored and deletes it then.
"""

from __future__ import annotations

import poplib
import time
from dataclasses import dataclass

from app.mail.store import ensure_folder
from app.models.mail import Account
from app.sync.errors import MailboxError, classify
from app.sync.imap.mailbox_sync import FolderResult
from app.sync.pop3.download import download_new, wanted
from app.sync.pop3.history import History, forget_except
from app.sync.pop3.listing import list_messages
from app.sync.pop3.retention import parse, to_delete
from app.sync.pop3.session import OversizedLine, close_quietly, open_session, reply_text
from app.sync.progress import ProgressCallback, ignore_progress


@dataclass
class Pop3FolderResult(FolderResult):
    removed_from_server: int = 0
    failed: int = 0  # messages the server would not hand out; left there, retried next time


def sync_pop3_account(
    account: Account, progress: ProgressCallback = ignore_progress
) -> list[FolderResult]:
    policy = parse(account.pop_retention)
    folder = ensure_folder(account, "INBOX", "inbox")
    server = f"{account.host}:{account.port}"
    client = open_session(account)
    try:
        history = History(account.id)
        listed = list_messages(client, history.known, history.split_bases)
        downloaded = download_new(client, folder, wanted(listed, history), history,
                                  account.name, progress)
        history.reload()  # retention decides from what is committed, nothing else
        doomed = to_delete(policy, listed, history, int(time.time()))
        for item in doomed:
            client.dele(item.number)
        client.quit()
    except (poplib.error_proto, OversizedLine) as error:
        close_quietly(client)
        text = reply_text(error) if isinstance(error, poplib.error_proto) else str(error)
        raise MailboxError(f"The mailbox on {server} could not be read: {text}",
                           f"{server} のメールボックスを読み込めませんでした: {text}") from error
    except OSError as error:
        close_quietly(client)
        raise classify(error, server) from error
    except BaseException:
        close_quietly(client)
        raise
    removed = {item.number for item in doomed}
    forget_except(account.id, {item.key for item in listed if item.number not in removed})
    return [Pop3FolderResult(folder.name, new=downloaded.stored,
                             removed_from_server=len(doomed), failed=downloaded.failed)]
