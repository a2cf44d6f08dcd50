"""Sending the queue of local changes to the server, oldest first (see app.sync.operations).

Runs at the start of every account sync, before any folder is read, so the folder syncs that
follow already see the server agree with the local changes. Every step is safe to repeat, as
a kill can fall between the server's OK and the local commit: STORE of flags is idempotent, a
move whose source UID is gone was done already (the message is then looked up in the
destination by Message-ID), and expunging what is gone changes nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import imapclient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError

from app.mail import flags as mail_flags
from app.models.mail import Account
from app.sync import operations
from app.sync.operations import Operation, Target

_DELETED = mail_flags.to_imap(mail_flags.DELETED)


class Unreplayable(Exception):
    """The server can never take this operation (e.g. its destination folder is gone)."""


@dataclass(frozen=True)
class CopyUid:
    """RFC 4315 COPYUID: where copied messages landed."""

    uidvalidity: int
    uids: dict[int, int]  # source UID -> destination UID


def replay_pending(client: imapclient.IMAPClient, account: Account) -> int:
    """Replay the account's queue; returns how many operations the server took.

    A refusal (NO/BAD) is counted on the operation and the queue goes on; a lost connection
    ends the replay and the operation stays queued as it was.
    """
    done = 0
    op = operations.next_pending(account.id)
    while op is not None:
        last = op.id
        try:
            _REPLAYERS[op.kind](client, op)
        except IMAPClientAbortError:
            raise
        except Unreplayable:
            operations.give_up(op)
        except IMAPClientError as error:
            operations.failed(op, str(error))
        else:
            operations.complete(op)
            done += 1
        op = operations.next_pending(account.id, after=last)
    return done


def _select(client: imapclient.IMAPClient, name: str, readonly: bool = False) -> int | None:
    """UIDVALIDITY of the selected folder; None when the server has no such folder."""
    if not client.folder_exists(name):
        return None
    return int(client.select_folder(name, readonly=readonly)[b"UIDVALIDITY"])


def _find_by_message_id(client: imapclient.IMAPClient, mid: str | None) -> int | None:
    if not mid:
        return None
    found = client.search(["HEADER", "Message-ID", f"<{mid}>"])
    return max(found) if found else None


def _locate(
    client: imapclient.IMAPClient, op: Operation, uidvalidity: int
) -> dict[Target, int | None]:
    """Each target's UID in the selected folder now, or None when it is not there."""
    known = {t: t.uid for t in op.targets if t.uid is not None and t.uidvalidity == uidvalidity}
    present = set(client.search(["UID", _uid_set(known.values())])) if known else set()
    located: dict[Target, int | None] = {}
    for t in op.targets:
        if t in known:
            located[t] = known[t] if known[t] in present else None
        else:  # UID unknown, or from an older UIDVALIDITY
            located[t] = _find_by_message_id(client, t.mid)
    return located


def _replay_flags(client: imapclient.IMAPClient, op: Operation) -> None:
    uidvalidity = _select(client, op.folder)
    if uidvalidity is None:
        return  # the folder is gone, and its messages with it
    uids = sorted({uid for uid in _locate(client, op, uidvalidity).values() if uid})
    if uids and op.add:
        client.add_flags(uids, mail_flags.to_imap(op.add), silent=True)
    if uids and op.remove:
        client.remove_flags(uids, mail_flags.to_imap(op.remove), silent=True)


def _replay_move(client: imapclient.IMAPClient, op: Operation) -> None:
    if not client.folder_exists(op.dest):
        if not op.create_dest:  # deleted on the server meanwhile: the message stays put
            raise Unreplayable(f"folder {op.dest} is gone")
        client.create_folder(op.dest)
        with contextlib.suppress(IMAPClientError):  # unsubscribed still works
            client.subscribe_folder(op.dest)
    uidvalidity = _select(client, op.folder)
    located = _locate(client, op, uidvalidity) if uidvalidity is not None else {}
    sources = sorted({uid for uid in located.values() if uid})
    copied = _move(client, sources, op.dest) if sources else None
    unplaced = []
    for t in op.targets:
        uid = located.get(t)
        if copied is not None and uid in copied.uids:
            operations.place(op, t, copied.uidvalidity, copied.uids[uid])
        else:
            unplaced.append(t)
    if not unplaced:
        return
    # Moved in an earlier run that died before its commit, or by a server without COPYUID.
    dest_validity = _select(client, op.dest, readonly=True)
    for t in unplaced:
        uid = _find_by_message_id(client, t.mid) if dest_validity is not None else None
        if uid is not None:
            operations.place(op, t, dest_validity, uid)
        else:
            operations.forget(op, t)


def _replay_expunge(client: imapclient.IMAPClient, op: Operation) -> None:
    uidvalidity = _select(client, op.folder)
    if uidvalidity is None:
        return
    uids = sorted({uid for uid in _locate(client, op, uidvalidity).values() if uid})
    if uids:
        _expunge(client, uids)


_REPLAYERS: dict[str, Callable[[imapclient.IMAPClient, Operation], None]] = {
    operations.FLAGS: _replay_flags,
    operations.MOVE: _replay_move,
    operations.EXPUNGE: _replay_expunge,
}


def _move(client: imapclient.IMAPClient, uids: list[int], dest: str) -> CopyUid | None:
    if client.has_capability("MOVE"):
        return _with_copyuid(client, lambda: client.move(uids, dest))
    copied = _with_copyuid(client, lambda: client.copy(uids, dest))
    _expunge(client, uids)
    return copied


def _expunge(client: imapclient.IMAPClient, uids: list[int]) -> None:
    client.add_flags(uids, _DELETED, silent=True)
    if client.has_capability("UIDPLUS"):
        client.uid_expunge(uids)
    else:  # also removes what other clients marked \Deleted here, as any EXPUNGE would
        client.expunge()


def _with_copyuid(client: imapclient.IMAPClient, command: Callable[[], object]) -> CopyUid | None:
    # imapclient returns no response codes; imaplib files them by name until they are read,
    # whether they came tagged (COPY) or untagged (MOVE).
    responses = client._imap.untagged_responses
    responses.pop("COPYUID", None)
    command()
    codes = responses.pop("COPYUID", None)
    return parse_copyuid(codes[-1]) if codes else None


def parse_copyuid(data: bytes | str) -> CopyUid | None:
    """`b"1795459034 1:3,7 10:13"` -> CopyUid(1795459034, {1: 10, 2: 11, 3: 12, 7: 13})."""
    text = data.decode("ascii", "replace") if isinstance(data, bytes) else data
    parts = text.split()
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    try:
        sources, targets = _expand(parts[1]), _expand(parts[2])
    except ValueError:
        return None
    if len(sources) != len(targets):
        return None
    return CopyUid(int(parts[0]), dict(zip(sources, targets, strict=True)))


def _expand(uid_set: str) -> list[int]:
    uids: list[int] = []
    for piece in uid_set.split(","):
        first, _, last = piece.partition(":")
        low, high = int(first), int(last or first)
        step = 1 if high >= low else -1
        uids.extend(range(low, high + step, step))
    return uids


def _uid_set(uids: Iterable[int]) -> str:
    return ",".join(str(u) for u in sorted(set(uids)))
