"""Local changes (flags, move, delete, archive) reaching a real Dovecot through the replay queue."""

from __future__ import annotations

import contextlib
import io
import json

import imapclient
import pytest

from app.cli.main import run as cli
from app.mail import flags
from app.models.mail import Account, Folder, Message, PendingOperation
from app.services import actions
from app.services.session import open_session
from app.services.sync import sync_accounts
from app.sync import operations
from app.sync.errors import ServerUnavailable
from app.sync.imap.account_sync import open_client
from app.sync.imap.replay import parse_copyuid, replay_pending
from tests.integration.dovecot import free_ports
from tests.integration.imap_helpers import imap_account, server_client
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration


def _deliver(dovecot, user, *names: str, folder: str = "INBOX") -> None:
    for seq, name in enumerate(names, start=1):
        dovecot.deliver(user.name, make_message(name, f"about {name}", message_id=f"{name}@x",
                                                seq=seq), folder=folder)


def _row(name: str) -> Message:
    return Message.get(Message.message_id == f"{name}@x")


def _server_flags(dovecot, user, folder: str = "INBOX") -> dict[str, set[bytes]]:
    """Message-ID -> flags on the server, for one folder."""
    client = server_client(dovecot, user)
    try:
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        items = [b"FLAGS", b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]
        data = client.fetch(uids, items) if uids else {}
    finally:
        client.logout()
    result = {}
    for item in data.values():
        header = next(v for k, v in item.items() if k.startswith(b"BODY[HEADER")).decode()
        mid = header.split("<", 1)[1].split(">", 1)[0]
        result[mid] = set(item[b"FLAGS"]) - {b"\\Recent"}
    return result


def _server_ids(dovecot, user, folder: str) -> list[str]:
    return sorted(_server_flags(dovecot, user, folder))


def _local_ids(folder: str) -> list[str]:
    return sorted(m.message_id for m in Message.select().join(Folder)
                  .where(Folder.name == folder))


def _no_changes(results) -> bool:
    return all((f.new, f.changed, f.vanished) == (0, 0, 0) for r in results for f in r.folders)


def _go_offline() -> int:
    """Point the account at a port where nothing listens; returns the real port."""
    account = Account.get()
    real = account.port
    Account.update(port=free_ports(1)[0]).execute()
    return real


def test_flag_changed_offline_survives_restart_and_is_pushed(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a", "b")
    session = imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    real_port = _go_offline()

    result = actions.mark_read([_row("a").id])
    actions.mark_starred([_row("b").id])
    assert (result.changed, result.pending) == (1, 1)
    assert "seen" in flags.names(_row("a").flags)  # the UI sees it at once
    with pytest.raises(ServerUnavailable):
        sync_accounts()
    assert PendingOperation.select().count() == 2

    session.close()
    session = open_session(tmp_path)  # a restart: the queue is in the database
    assert [op.kind for op in operations.pending(Account.get().id)] == ["flags", "flags"]
    Account.update(port=real_port).execute()
    assert _no_changes(sync_accounts())
    assert PendingOperation.select().count() == 0
    on_server = _server_flags(dovecot, mail_user)
    assert on_server == {"a@x": {b"\\Seen"}, "b@x": {b"\\Flagged"}}
    assert flags.names(_row("a").flags) == ["seen"]
    assert flags.names(_row("b").flags) == ["flagged"]
    session.close()


def test_local_and_server_flag_changes_merge(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a", "b")
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    actions.mark_read([_row("a").id])
    server = server_client(dovecot, mail_user)
    server.select_folder("INBOX")
    server.add_flags(server.search(["ALL"]), [b"\\Flagged"])
    server.logout()

    sync_accounts()
    assert set(flags.names(_row("a").flags)) == {"seen", "flagged"}
    assert flags.names(_row("b").flags) == ["flagged"]  # pulled from the server
    assert _server_flags(dovecot, mail_user)["a@x"] == {b"\\Seen", b"\\Flagged"}
    actions.mark_read([_row("a").id], read=False)
    actions.mark_answered([_row("b").id])
    sync_accounts()
    assert _server_flags(dovecot, mail_user) == {
        "a@x": {b"\\Flagged"}, "b@x": {b"\\Flagged", b"\\Answered"}
    }


def test_move_is_replayed_and_the_next_sync_does_not_duplicate(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a", "b")
    _deliver(dovecot, mail_user, "p", folder="Projects")
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    moved = _row("a")
    actions.move_messages([moved.id], "Projects")
    assert _local_ids("Projects") == ["a@x", "p@x"]

    sync_accounts()
    assert _server_ids(dovecot, mail_user, "INBOX") == ["b@x"]
    assert _server_ids(dovecot, mail_user, "Projects") == ["a@x", "p@x"]
    assert _local_ids("Projects") == ["a@x", "p@x"] and _local_ids("INBOX") == ["b@x"]
    row = Message.get_by_id(moved.id)  # the same row, now with its new UID
    assert row.uid is not None
    assert row.uidvalidity == Folder.get(Folder.name == "Projects").uidvalidity
    assert _no_changes(sync_accounts())


def test_delete_goes_to_trash_and_deleting_from_trash_expunges(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a", "b")
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    actions.delete_messages([_row("a").id])
    sync_accounts()
    assert _server_ids(dovecot, mail_user, "Trash") == ["a@x"]
    assert _local_ids("Trash") == ["a@x"] and _local_ids("INBOX") == ["b@x"]

    actions.delete_messages([_row("a").id])
    assert _local_ids("Trash") == []
    assert _no_changes(sync_accounts())
    assert _server_ids(dovecot, mail_user, "Trash") == []
    assert Message.select().count() == 1


def test_archive_creates_the_folder_on_the_server(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a", "b")
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    actions.archive_messages([_row("a").id, _row("b").id])
    assert _local_ids("Archive") == ["a@x", "b@x"]

    sync_accounts()
    assert _server_ids(dovecot, mail_user, "Archive") == ["a@x", "b@x"]
    assert _server_ids(dovecot, mail_user, "INBOX") == []
    assert _local_ids("Archive") == ["a@x", "b@x"]
    assert Folder.get(Folder.name == "Archive").role == "archive"
    assert _no_changes(sync_accounts())


def test_moved_then_deleted_offline_reaches_trash_then_is_expunged(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a")
    _deliver(dovecot, mail_user, "p", folder="Projects")
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    real_port = _go_offline()
    mid = _row("a").id
    actions.move_messages([mid], "Projects")
    actions.delete_messages([mid])  # to Trash, UID still unknown
    actions.delete_messages([mid])  # and out of Trash
    Account.update(port=real_port).execute()

    sync_accounts()
    assert PendingOperation.select().count() == 0
    for folder in ("INBOX", "Trash"):
        assert _server_ids(dovecot, mail_user, folder) == []
    assert _server_ids(dovecot, mail_user, "Projects") == ["p@x"]
    assert Message.select().count() == 1
    assert _no_changes(sync_accounts())


def test_replaying_the_same_operations_twice_is_harmless(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a", "b")
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    actions.mark_starred([_row("b").id])
    actions.move_messages([_row("a").id], "Trash")
    queued = [(op.account, op.kind, op.payload) for op in PendingOperation.select()]
    account = Account.get()

    client = open_client(account)
    try:
        assert replay_pending(client, account) == 2
        # As if the process died after the server's OK but before the queue was cleared.
        for owner, kind, payload in queued:
            PendingOperation.create(account=owner, kind=kind, payload=payload, created_at=0)
        assert replay_pending(client, account) == 2
    finally:
        client.logout()

    assert PendingOperation.select().count() == 0
    assert _server_flags(dovecot, mail_user, "INBOX") == {"b@x": {b"\\Flagged"}}
    assert _server_ids(dovecot, mail_user, "Trash") == ["a@x"]
    assert _row("a").uid is not None  # found again in Trash by Message-ID
    assert _no_changes(sync_accounts())
    assert Message.select().count() == 2


def test_move_without_the_move_extension_copies_and_expunges(dovecot, mail_user, tmp_path,
                                                            monkeypatch):
    real = imapclient.IMAPClient.has_capability
    monkeypatch.setattr(imapclient.IMAPClient, "has_capability",
                        lambda self, name: name.upper() != "MOVE" and real(self, name))
    _deliver(dovecot, mail_user, "a", "b")
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    actions.move_messages([_row("a").id], "Junk")
    sync_accounts()
    assert _server_ids(dovecot, mail_user, "INBOX") == ["b@x"]
    assert _server_ids(dovecot, mail_user, "Junk") == ["a@x"]
    assert _row("a").uid is not None
    assert _no_changes(sync_accounts())


def test_move_to_a_folder_deleted_on_the_server_is_undone(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a")
    _deliver(dovecot, mail_user, "p", folder="Projects")
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    actions.move_messages([_row("a").id], "Projects")
    server = server_client(dovecot, mail_user)
    server.delete_folder("Projects")
    server.logout()

    sync_accounts()
    assert PendingOperation.select().count() == 0
    assert _local_ids("INBOX") == ["a@x"]
    assert _server_ids(dovecot, mail_user, "INBOX") == ["a@x"]
    assert _no_changes(sync_accounts())


def test_cli_flag_and_archive(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, "a")
    imap_account(tmp_path, dovecot, mail_user).close()
    assert cli(["--home", str(tmp_path), "sync", "--json"]) == 0

    def run(*argv: str) -> dict:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli(["--home", str(tmp_path), *argv, "--json"]) == 0
        return json.loads(out.getvalue())

    mid = str(run("messages", "list")[0]["id"])
    assert run("messages", "flag", mid, "--read", "--star") == {"changed": 1, "pending": 1}
    assert run("messages", "archive", mid) == {"changed": 1, "pending": 2}
    run("sync")
    assert _server_flags(dovecot, mail_user, "Archive") == {"a@x": {b"\\Seen", b"\\Flagged"}}
    assert cli(["--home", str(tmp_path), "messages", "flag", mid]) == 2


def test_copyuid_parsing():
    assert parse_copyuid(b"1795459034 1:3,7 10:13") == parse_copyuid("1795459034 1:3,7 10:13")
    parsed = parse_copyuid(b"9 1:3,7 10:13")
    assert parsed is not None and parsed.uidvalidity == 9
    assert parsed.uids == {1: 10, 2: 11, 3: 12, 7: 13}
    assert parse_copyuid(b"9 1:2 5") is None
    assert parse_copyuid(b"garbage") is None
