"""After sending: a copy in the Sent folder, on the server and in the local store.

Where the provider files submitted mail itself (Gmail does), nothing is appended; otherwise
the message is APPENDed to the server's Sent folder. Both are safe to repeat after a kill:
the folder is searched by Message-ID first, so a copy that reached the server before the
process died is found instead of appended twice. The local row carries the server's
(UIDVALIDITY, UID), so the next folder sync recognises it instead of fetching it again.
POP3 accounts keep their Sent folder locally only.

The IMAP half is blocking (imapclient) and runs in a worker thread with its own connection;
it returns plain results, and the store is written by the caller's thread.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass

import imapclient
from imapclient.exceptions import IMAPClientError

from app.mail import flags as mail_flags
from app.mail.store import IncomingMessage, ensure_folder, store_messages
from app.models.mail import Account, Folder, Message
from app.sync.errors import MailboxError, classify
from app.sync.imap.account_sync import open_client
from app.sync.imap.folders import role_of

# Providers whose SMTP servers put submitted mail into Sent on their own. The account
# option "copy_to_sent" (true/false) overrides this guess either way.
SELF_FILING_SMTP_HOSTS = frozenset({"smtp.gmail.com"})
LOCAL_SENT_NAME = "Sent"
_APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]", re.I)


@dataclass(frozen=True)
class ServerCopy:
    folder: str  # the server's name for its Sent folder
    uidvalidity: int
    uid: int | None  # None: a self-filing server has not filed it yet


def appends_to_sent(account: Account) -> bool:
    options = json.loads(account.settings or "{}")
    choice = options.get("copy_to_sent")
    if isinstance(choice, bool):
        return choice
    return account.smtp_host.lower() not in SELF_FILING_SMTP_HOSTS


def _sent_folder(client: imapclient.IMAPClient) -> str:
    for flags, _, name in client.list_folders():
        if role_of(name, flags) == "sent":
            return name
    with contextlib.suppress(IMAPClientError):  # created meanwhile by someone else
        client.create_folder(LOCAL_SENT_NAME)
    return LOCAL_SENT_NAME


def _find(client: imapclient.IMAPClient, message_id: str) -> int | None:
    found = client.search(["HEADER", "Message-ID", f"<{message_id}>"])
    return max(found) if found else None


def copy_on_server(account: Account, messages: list[tuple[str, bytes]]) -> list[ServerCopy]:
    """For each (Message-ID, raw) in order, where the server's Sent folder holds it.
    Runs in a worker thread; raises the typed errors of app.sync.errors."""
    append = appends_to_sent(account)
    client = open_client(account)
    server = f"{account.host}:{account.port}"
    try:
        folder = _sent_folder(client)
        uidvalidity = int(client.select_folder(folder)[b"UIDVALIDITY"])
        copies = []
        for message_id, raw in messages:
            uid = _find(client, message_id)
            if uid is None and append:
                response = client.append(folder, raw, flags=mail_flags.to_imap(mail_flags.SEEN))
                match = _APPENDUID.search(response or b"")
                uid = int(match.group(2)) if match else _find(client, message_id)
            copies.append(ServerCopy(folder, uidvalidity, uid))
        return copies
    except IMAPClientError as error:
        raise MailboxError(f"The Sent folder on {server} could not be written: {error}",
                           f"{server} の送信済みフォルダに保存できませんでした: {error}") from error
    except OSError as error:
        raise classify(error, server) from error
    finally:
        with contextlib.suppress(Exception):
            client.logout()


def _local_folder(account: Account, copy: ServerCopy | None) -> Folder:
    if copy is not None:
        return ensure_folder(account, copy.folder, role="sent")
    existing = Folder.get_or_none((Folder.account == account) & (Folder.role == "sent"))
    return existing or ensure_folder(account, LOCAL_SENT_NAME, role="sent")


def store_local_copy(account: Account, message_id: str, raw: bytes,
                     copy: ServerCopy | None) -> int | None:
    """The sent message in the local Sent folder; returns its row id, None when there is
    nothing to store (a self-filing server has not filed it yet; the next sync brings it).
    Call inside the transaction that marks the message copied."""
    if copy is not None and copy.uid is None:
        return None
    folder = _local_folder(account, copy)
    query = Message.select(Message.id).where(Message.folder == folder)
    if copy is not None:
        query = query.where((Message.uidvalidity == copy.uidvalidity) & (Message.uid == copy.uid))
    else:
        query = query.where(Message.message_id == message_id)
    existing = query.first()
    if existing is not None:  # a sync, or a run killed after storing, got here first
        return existing.id
    item = IncomingMessage(raw, uid=copy.uid if copy else None,
                           uidvalidity=copy.uidvalidity if copy else None,
                           flags=mail_flags.SEEN)
    (row_id,) = store_messages(folder, [item])
    return row_id
