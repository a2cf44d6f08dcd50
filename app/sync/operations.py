"""The replay queue's local half: user changes applied to the store at once, and recorded.

As in Geary's replay queue, marking, moving and deleting change the database immediately (the
UI follows the database) and are written as a PendingOperation in the same transaction, so a
change made offline survives a restart. `app.sync.imap.replay` sends the queue to the server,
in order, at the start of each sync. Nothing here touches the network.

An operation addresses its messages as they were on the server when the user acted: folder
name, UIDVALIDITY and UID (plus Message-ID for rows whose UID is not known yet, e.g. a message
moved twice offline). Only IMAP accounts queue; other accounts change locally only.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field

from app.errors import NotFound, UsageError
from app.mail.store import delete_messages
from app.models.base import database_proxy
from app.models.db import durable
from app.models.mail import Account, Folder, Message, PendingOperation

FLAGS = "flags"
MOVE = "move"
EXPUNGE = "expunge"
# After this many refusals by the server an operation is given up and the server's state wins.
MAX_ATTEMPTS = 5
DEFAULT_FOLDER_NAMES = {"archive": "Archive", "trash": "Trash"}


@dataclass(frozen=True)
class Target:
    id: int  # local message row
    uidvalidity: int | None
    uid: int | None
    mid: str | None  # Message-ID, to find the message when the UID is unknown


@dataclass
class Operation:
    id: int
    account_id: int
    kind: str  # flags | move | expunge
    folder: str  # server name of the folder the messages are in
    targets: list[Target]
    add: int = 0  # flags: bits to set
    remove: int = 0  # flags: bits to clear
    dest: str = ""  # move: destination folder name
    create_dest: bool = False  # move: create the destination on the server if missing
    attempts: int = 0
    last_error: str = ""


@dataclass
class _Row:
    id: int
    account_id: int
    protocol: str
    folder_id: int
    folder: str
    role: str | None
    uidvalidity: int | None
    uid: int | None
    mid: str | None

    def target(self) -> Target:
        return Target(self.id, self.uidvalidity, self.uid, self.mid)


@dataclass
class _Group:
    """Rows of one action that share an account and a folder: one operation each."""

    rows: list[_Row] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [r.id for r in self.rows]


# --- reading rows ---------------------------------------------------------------------------


def _load(ids: Sequence[int]) -> list[_Row]:
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return []
    marks = ",".join("?" * len(wanted))
    found = {
        r[0]: _Row(*r)
        for r in database_proxy.execute_sql(
            "SELECT m.id, m.account_id, a.protocol, f.id, f.name, f.role, m.uidvalidity, m.uid, "
            "m.message_id FROM message m JOIN folder f ON f.id = m.folder_id "
            f"JOIN account a ON a.id = m.account_id WHERE m.id IN ({marks})",
            wanted,
        ).fetchall()
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        text = ", ".join(map(str, missing))
        raise NotFound(f"No message with id {text}", f"ID {text} のメッセージはありません")
    return [found[i] for i in wanted]


def _groups(rows: list[_Row]) -> Iterator[_Group]:
    grouped: dict[int, _Group] = {}
    for row in rows:
        grouped.setdefault(row.folder_id, _Group()).rows.append(row)
    yield from grouped.values()



def _record(account_id: int, kind: str, payload: dict) -> None:
    PendingOperation.create(
        account=account_id, kind=kind, payload=json.dumps(payload, ensure_ascii=False),
        created_at=int(time.time()),
    )


def _payload(folder: str, rows: list[_Row], **extra: object) -> dict:
    return {"folder": folder, "targets": [list(asdict(r.target()).values()) for r in rows],
            **extra}


def _in(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


# --- user actions ---------------------------------------------------------------------------


def set_flags(ids: Sequence[int], add: int = 0, remove: int = 0) -> int:
    """Set and clear flag bits on messages; returns how many messages were touched."""
    rows = _load(ids)
    if not rows or not (add or remove):
        return 0
    with durable():
        for group in _groups(rows):
            _apply_flags(group.ids, add, remove)
            first = group.rows[0]
            if first.protocol == "imap":
                _record(first.account_id, FLAGS,
                        _payload(first.folder, group.rows, add=add, remove=remove))
    return len(rows)


def move(ids: Sequence[int], folder_id: int) -> int:
    """Move messages to another folder of their account."""
    dest = Folder.get_or_none(Folder.id == folder_id)
    if dest is None:
        raise NotFound(f"No folder with id {folder_id}", f"ID {folder_id} のフォルダはありません")
    rows = _load(ids)
    with durable():
        return _move_rows(rows, dest)


def delete(ids: Sequence[int]) -> int:
    """Move to the account's Trash; messages already in Trash are deleted for good."""
    rows = _load(ids)
    with durable():
        done = 0
        for group in _groups(rows):
            first = group.rows[0]
            if first.role != "trash":
                done += _move_rows(group.rows, role_folder(first.account_id, "trash"))
                continue
            delete_messages(group.ids)
            if first.protocol == "imap":
                _record(first.account_id, EXPUNGE, _payload(first.folder, group.rows))
            done += len(group.rows)
        return done


def archive(ids: Sequence[int]) -> int:
    """Move to the account's archive folder ("Archive", created on the server if missing)."""
    rows = _load(ids)
    with durable():
        return sum(_move_rows(group.rows, role_folder(group.rows[0].account_id, "archive"))
                   for group in _groups(rows))


def role_folder(account_id: int, role: str) -> Folder:
    """The account's folder with this role, created locally when the server has none yet."""
    folder = (Folder.select().where((Folder.account == account_id) & (Folder.role == role))
              .order_by(Folder.id).first())
    if folder is None:
        name = DEFAULT_FOLDER_NAMES[role]
        folder = Folder.get_or_none((Folder.account == account_id) & (Folder.name == name))
        if folder is None:
            folder = Folder.create(account=account_id, name=name, display_name=name, role=role)
    return folder


def _move_rows(rows: list[_Row], dest: Folder) -> int:
    moved = 0
    for group in _groups(rows):
        first = group.rows[0]
        if first.folder_id == dest.id:
            continue
        if first.account_id != dest.account_id:
            raise UsageError("Messages can only be moved within their account",
                             "メッセージは同じアカウント内でのみ移動できます")
        # No UID in the new folder until the server tells; the replay fills it in.
        database_proxy.execute_sql(
            "UPDATE message SET folder_id = ?, uid = NULL, uidvalidity = NULL "
            f"WHERE id IN ({_in(group.ids)})", [dest.id, *group.ids],
        )
        if first.protocol == "imap":
            _record(first.account_id, MOVE,
                    _payload(first.folder, group.rows, dest=dest.name,
                             create_dest=dest.uidvalidity is None and dest.role is not None))
        moved += len(group.rows)
    return moved


def _apply_flags(ids: list[int], add: int, remove: int) -> None:
    database_proxy.execute_sql(
        f"UPDATE message SET flags = (flags | ?) & ~? WHERE id IN ({_in(ids)})",
        [add, remove, *ids],
    )


# --- the queue, for the replay --------------------------------------------------------------


def _operation(row: PendingOperation) -> Operation:
    data = json.loads(row.payload)
    return Operation(
        id=row.id, account_id=row.account_id, kind=row.kind, folder=data["folder"],
        targets=[Target(*t) for t in data["targets"]], add=data.get("add", 0),
        remove=data.get("remove", 0), dest=data.get("dest", ""),
        create_dest=data.get("create_dest", False), attempts=row.attempts,
        last_error=row.last_error,
    )


def pending(account_id: int) -> list[Operation]:
    """Queued operations of an account, oldest first."""
    query = (PendingOperation.select().where(PendingOperation.account == account_id)
             .order_by(PendingOperation.id))
    return [_operation(row) for row in query]


def next_pending(account_id: int, after: int = 0) -> Operation | None:
    """The oldest queued operation after `after`, read fresh: an earlier replay step may
    have filled in UIDs it did not know when it was queued."""
    row = (PendingOperation.select()
           .where((PendingOperation.account == account_id) & (PendingOperation.id > after))
           .order_by(PendingOperation.id).first())
    return _operation(row) if row else None


def pending_count(account_id: int | None = None) -> int:
    query = PendingOperation.select()
    if account_id is not None:
        query = query.where(PendingOperation.account == account_id)
    return query.count()


def complete(op: Operation) -> None:
    PendingOperation.delete().where(PendingOperation.id == op.id).execute()


def failed(op: Operation, error: str) -> bool:
    """Count a refusal; after MAX_ATTEMPTS give the operation up. True when given up."""
    op.attempts += 1
    with database_proxy.atomic():
        if op.attempts < MAX_ATTEMPTS:
            PendingOperation.update(attempts=op.attempts, last_error=error[:500]).where(
                PendingOperation.id == op.id
            ).execute()
            return False
        give_up(op)
    return True


def _folder_id(account_id: int, name: str) -> int | None:
    row = database_proxy.execute_sql(
        "SELECT id FROM folder WHERE account_id = ? AND name = ?", (account_id, name)
    ).fetchone()
    return row[0] if row else None


def give_up(op: Operation) -> None:
    """Drop the operation and let the server's state win again for what it touched."""
    complete(op)
    source = _folder_id(op.account_id, op.folder)
    if op.kind == FLAGS and source is not None:
        # Forget the modseq so the next sync reads every flag of the folder, not only changes.
        Folder.update(highest_modseq=None).where(Folder.id == source).execute()
    elif op.kind == MOVE:
        dest = _folder_id(op.account_id, op.dest)
        for t in op.targets:
            row = Message.get_or_none(Message.id == t.id)
            if row is None or row.folder_id != dest or row.uid is not None:
                continue
            if source is None or t.uid is None:
                delete_messages([t.id])  # the folder sync brings the server's copy back
                continue
            _drop_copies(source, t, keep=t.id)
            Message.update(folder=source, uid=t.uid, uidvalidity=t.uidvalidity).where(
                Message.id == t.id
            ).execute()
    # EXPUNGE: the local row is gone; the folder sync sees the server still has the message.


def place(op: Operation, target: Target, uidvalidity: int, uid: int) -> None:
    """The replay learned where a moved message now lives on the server."""
    dest = _folder_id(op.account_id, op.dest)
    with database_proxy.atomic():
        row = Message.get_or_none(Message.id == target.id)
        if row is not None and row.folder_id == dest and row.uid is None:
            _drop_copies(dest, Target(target.id, uidvalidity, uid, None), keep=target.id)
            Message.update(uid=uid, uidvalidity=uidvalidity).where(
                Message.id == target.id
            ).execute()
        # Later operations on the same message (moved on, deleted from Trash) can now use it.
        for later in pending(op.account_id):
            if later.id <= op.id or later.folder != op.dest:
                continue
            changed = [Target(t.id, uidvalidity, uid, t.mid)
                       if t.id == target.id and t.uid is None else t for t in later.targets]
            if changed != later.targets:
                later.targets = changed
                _save_targets(later)


def forget(op: Operation, target: Target) -> None:
    """A moved message the server no longer has: its local row goes too."""
    dest = _folder_id(op.account_id, op.dest)
    row = Message.get_or_none(Message.id == target.id)
    if row is not None and row.folder_id == dest and row.uid is None:
        delete_messages([target.id])


def _save_targets(op: Operation) -> None:
    row = PendingOperation.get_by_id(op.id)
    data = json.loads(row.payload)
    data["targets"] = [list(asdict(t).values()) for t in op.targets]
    row.payload = json.dumps(data, ensure_ascii=False)
    row.save()


def _drop_copies(folder_id: int, target: Target, keep: int) -> None:
    ids = [
        r[0] for r in database_proxy.execute_sql(
            "SELECT id FROM message WHERE folder_id = ? AND uidvalidity = ? AND uid = ? "
            "AND id != ?", (folder_id, target.uidvalidity, target.uid, keep),
        ).fetchall()
    ]
    delete_messages(ids)


def reapply_pending(account: Account | int) -> None:
    """After a folder sync, put queued changes back on top of what the server said.

    Normally the queue is empty here (the replay ran first). Operations still queued, because
    the server refused them or the user acted during the sync, must not be undone by it: a
    flag sync would restore the old flags, and a source folder's sync would fetch a moved or
    deleted message back as new.
    """
    account_id = account if isinstance(account, int) else account.id
    for op in pending(account_id):
        if op.kind == FLAGS:
            _apply_flags([t.id for t in op.targets], op.add, op.remove)
            continue
        source = _folder_id(account_id, op.folder)
        if source is None:
            continue
        for t in op.targets:
            if t.uid is not None:
                _drop_copies(source, t, keep=t.id)

