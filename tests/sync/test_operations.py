"""The replay queue's local half: changes land in the store and in the queue together."""

from __future__ import annotations

import json

import pytest

from app.errors import NotFound
from app.mail import flags
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.mail import Folder, Message, PendingOperation
from app.sync import operations
from tests.mailfactory import make_message

VALIDITY = 7


@pytest.fixture
def inbox(db) -> Folder:
    account = ensure_account("Work", "ken@example.jp", protocol="imap")
    for name, role in (("Trash", "trash"), ("Projects", None)):
        ensure_folder(account, name, role)
    folder = ensure_folder(account, "INBOX", "inbox")
    Folder.update(uidvalidity=VALIDITY).execute()
    return Folder.get_by_id(folder.id)


def _store(folder: Folder, *uids: int) -> list[int]:
    items = [IncomingMessage(make_message(f"m{uid}", message_id=f"m{uid}@x", seq=uid), uid=uid,
                             uidvalidity=VALIDITY) for uid in uids]
    return store_messages(folder, items)


def _ops() -> list[operations.Operation]:
    return operations.pending(1)


def _folder(name: str) -> Folder:
    return Folder.get(Folder.name == name)


def test_flags_change_locally_and_queue_one_operation_per_folder(inbox):
    a, b = _store(inbox, 1, 2)
    (c,) = _store(_folder("Projects"), 5)
    both = flags.SEEN | flags.FLAGGED
    assert operations.set_flags([a, b, c], add=both) == 3
    assert {m.flags for m in Message.select()} == {both}
    ops = _ops()
    assert [(op.kind, op.folder, op.add) for op in ops] == [
        ("flags", "INBOX", both), ("flags", "Projects", both)
    ]
    assert [(t.id, t.uidvalidity, t.uid, t.mid) for t in ops[0].targets] == [
        (a, VALIDITY, 1, "m1@x"), (b, VALIDITY, 2, "m2@x")
    ]
    operations.set_flags([a], remove=flags.FLAGGED)
    assert Message.get_by_id(a).flags == flags.SEEN
    assert _ops()[-1].remove == flags.FLAGGED


def test_accounts_without_a_server_folder_model_change_locally_only(db):
    folder = ensure_folder(ensure_account("Local", "me@example.jp"), "INBOX", "inbox")
    (mid,) = store_messages(folder, [IncomingMessage(make_message("x"))])
    operations.set_flags([mid], add=flags.SEEN)
    operations.delete([mid])
    assert Message.get_by_id(mid).folder.role == "trash"
    assert PendingOperation.select().count() == 0


def test_move_forgets_the_uid_until_the_server_tells(inbox):
    (mid,) = _store(inbox, 3)
    assert operations.move([mid], _folder("Projects").id) == 1
    row = Message.get_by_id(mid)
    assert (row.folder.name, row.uid, row.uidvalidity) == ("Projects", None, None)
    (op,) = _ops()
    assert (op.kind, op.folder, op.dest, op.create_dest) == ("move", "INBOX", "Projects", False)
    assert op.targets[0].uid == 3
    assert operations.move([mid], _folder("Projects").id) == 0  # already there: nothing queued
    assert len(_ops()) == 1


def test_delete_moves_to_trash_and_from_trash_expunges(inbox):
    (mid,) = _store(inbox, 4)
    operations.delete([mid])
    assert Message.get_by_id(mid).folder.name == "Trash"
    (trashed,) = _store(_folder("Trash"), 9)
    operations.delete([trashed])
    assert Message.get_or_none(Message.id == trashed) is None
    kinds = [(op.kind, op.folder) for op in _ops()]
    assert kinds == [("move", "INBOX"), ("expunge", "Trash")]


def test_archive_creates_a_local_archive_folder_for_the_server_to_make(inbox):
    (mid,) = _store(inbox, 5)
    operations.archive([mid])
    archive = _folder("Archive")
    assert archive.role == "archive" and archive.uidvalidity is None
    assert Message.get_by_id(mid).folder_id == archive.id
    assert _ops()[0].create_dest is True


def test_unknown_message_raises_and_changes_nothing(inbox):
    (mid,) = _store(inbox, 1)
    with pytest.raises(NotFound):
        operations.set_flags([mid, 999], add=flags.SEEN)
    assert Message.get_by_id(mid).flags == 0
    assert not _ops()


def test_place_sets_the_new_uid_drops_a_fetched_copy_and_fills_later_operations(inbox):
    (mid,) = _store(inbox, 6)
    projects = _folder("Projects")
    operations.move([mid], projects.id)
    operations.set_flags([mid], add=flags.SEEN)  # queued while the UID is unknown
    move_op, flag_op = _ops()
    assert flag_op.targets[0].uid is None
    Folder.update(uidvalidity=11).where(Folder.id == projects.id).execute()
    (copy,) = store_messages(projects, [IncomingMessage(make_message("m6"), uid=40,
                                                        uidvalidity=11)])
    operations.place(move_op, move_op.targets[0], 11, 40)
    row = Message.get_by_id(mid)
    assert (row.uid, row.uidvalidity) == (40, 11)
    assert Message.get_or_none(Message.id == copy) is None
    later = _ops()[1].targets[0]
    assert (later.uidvalidity, later.uid) == (11, 40)


def test_reapply_keeps_queued_changes_over_what_a_sync_brought(inbox):
    a, b = _store(inbox, 1, 2)
    operations.set_flags([a], add=flags.FLAGGED)
    operations.move([b], _folder("Projects").id)
    # What a folder sync does while the queue still waits: flags reset, moved mail back.
    Message.update(flags=0).where(Message.id == a).execute()
    (back,) = _store(inbox, 2)
    operations.reapply_pending(1)
    assert Message.get_by_id(a).flags == flags.FLAGGED
    assert Message.get_or_none(Message.id == back) is None
    assert Message.get_by_id(b).folder.name == "Projects"


def test_refused_operation_is_retried_then_given_up_and_the_move_undone(inbox):
    (mid,) = _store(inbox, 8)
    operations.move([mid], _folder("Projects").id)
    for attempt in range(1, operations.MAX_ATTEMPTS):
        assert operations.failed(_ops()[0], "NO [TRYCREATE] no folder") is False
        assert PendingOperation.get().attempts == attempt
    assert PendingOperation.get().last_error == "NO [TRYCREATE] no folder"
    assert operations.failed(_ops()[0], "NO again") is True
    assert not _ops()
    row = Message.get_by_id(mid)
    assert (row.folder.name, row.uid, row.uidvalidity) == ("INBOX", 8, VALIDITY)


def test_given_up_flag_change_makes_the_next_sync_read_every_flag(inbox):
    (mid,) = _store(inbox, 1)
    Folder.update(highest_modseq=99).where(Folder.id == inbox.id).execute()
    operations.set_flags([mid], add=flags.SEEN)
    op = _ops()[0]
    op.attempts = operations.MAX_ATTEMPTS - 1
    assert operations.failed(op, "NO") is True
    assert Folder.get_by_id(inbox.id).highest_modseq is None


def test_payload_is_plain_json(inbox):
    (mid,) = _store(inbox, 1)
    operations.set_flags([mid], add=flags.ANSWERED)
    payload = json.loads(PendingOperation.get().payload)
    assert payload == {"folder": "INBOX", "targets": [[mid, VALIDITY, 1, "m1@x"]],
                       "add": flags.ANSWERED, "remove": 0}
