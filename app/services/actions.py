"""What the user does to messages: mark, move, delete, archive, and opening a full body.

Changes apply to the local store at once and, for IMAP accounts, wait in the replay queue
until the next sync sends them (app.sync.operations); they work the same offline.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

from imapclient.exceptions import IMAPClientError

from app.errors import NotFound
from app.mail import flags as mail_flags
from app.models.mail import Folder, Message
from app.services.mailbox import resolve_folders
from app.sync import operations
from app.sync.errors import classify
from app.sync.imap.account_sync import open_client
from app.sync.imap.bodies import fetch_body


@dataclass
class ActionResult:
    changed: int  # messages the action touched
    pending: int  # changes of all accounts still waiting for the server


def _result(changed: int) -> ActionResult:
    return ActionResult(changed, operations.pending_count())


def change_flags(
    ids: Sequence[int], set_flags: Sequence[str] = (), clear_flags: Sequence[str] = ()
) -> ActionResult:
    """Set and clear flags by name ("seen", "flagged", "answered") in one change."""
    add, remove = mail_flags.from_names(list(set_flags)), mail_flags.from_names(list(clear_flags))
    return _result(operations.set_flags(ids, add=add, remove=remove & ~add))


def mark_read(ids: Sequence[int], read: bool = True) -> ActionResult:
    return _toggle(ids, "seen", read)


def mark_starred(ids: Sequence[int], starred: bool = True) -> ActionResult:
    return _toggle(ids, "flagged", starred)


def mark_answered(ids: Sequence[int], answered: bool = True) -> ActionResult:
    return _toggle(ids, "answered", answered)


def _toggle(ids: Sequence[int], name: str, on: bool) -> ActionResult:
    return change_flags(ids, [name], []) if on else change_flags(ids, [], [name])


def move_messages(ids: Sequence[int], folder: str | int) -> ActionResult:
    """Move to a folder given by id, name or role, in the messages' own account."""
    accounts = [
        a for (a,) in Message.select(Message.account).where(Message.id.in_(list(ids)))
        .distinct().tuples()
    ]
    query = Folder.select(Folder.id).where(
        Folder.id.in_(resolve_folders(folder)) & Folder.account.in_(accounts)
    )
    dest = query.order_by(Folder.id).scalar()
    if dest is None:
        raise NotFound(f"No folder '{folder}' in the messages' account",
                       f"メッセージのアカウントにフォルダ「{folder}」はありません")
    return _result(operations.move(ids, dest))


def delete_messages(ids: Sequence[int]) -> ActionResult:
    """To Trash; from Trash, for good."""
    return _result(operations.delete(ids))


def archive_messages(ids: Sequence[int]) -> ActionResult:
    return _result(operations.archive(ids))


def ensure_body(message_id: int) -> bool:
    """Make the whole message available, fetching it from the server if only headers are
    stored. False when the server has no copy (yet); network errors are raised typed."""
    row = Message.get_or_none(Message.id == message_id)
    if row is None:
        raise NotFound(f"No message with id {message_id}",
                       f"ID {message_id} のメッセージはありません")
    if row.body_state == 1:
        return True
    account = row.account
    if account.protocol != "imap":
        return False
    client = open_client(account)
    try:
        return fetch_body(client, message_id)
    except (OSError, IMAPClientError) as error:
        raise classify(error, f"{account.host}:{account.port}") from error
    finally:
        with contextlib.suppress(Exception):
            client.logout()
