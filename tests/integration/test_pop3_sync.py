"""POP3 sync against Dovecot: download by UIDL, the four retention choices, TLS rules."""

import io
import json
import time
from email.header import Header

import pytest

from app.cli.main import run
from app.models.mail import Account, Folder, Message, MessageRaw, PopUidl
from app.services import actions, mailbox
from app.services.sync import sync_accounts
from app.sync.errors import AuthError, ServerUnreachable, StartTlsUnavailable
from tests.integration.connection_servers import pop3_without_stls
from tests.integration.dovecot import free_ports
from tests.integration.pop3_helpers import pop3_account, retr_count, server_message_ids
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration


def _deliver(dovecot, user, count: int, prefix: str = "m") -> list[str]:
    ids = [f"{prefix}{i}@example.jp" for i in range(count)]
    for i, mid in enumerate(ids):
        dovecot.deliver(user.name, make_message(f"Subject {prefix}{i}", f"本文 {i}",
                                                message_id=mid, seq=i))
    return ids


def _inbox(result) -> tuple[int, int]:
    [account] = result
    [folder] = account.folders
    assert folder.folder == "INBOX"
    return folder.new, folder.removed_from_server


def _local_ids() -> list[str]:
    return [m for (m,) in Message.select(Message.message_id).tuples()]


def test_cli_account_with_delete_retention_empties_the_server(dovecot, mail_user, tmp_path,
                                                              capsys, monkeypatch):
    ids = _deliver(dovecot, mail_user, 12)
    monkeypatch.setattr("sys.stdin", io.StringIO(mail_user.password + "\n"))
    home = str(tmp_path)
    assert run(["--home", home, "account", "add", "--name", "Pop", "--email", "k@example.jp",
                "--protocol", "pop3", "--host", "127.0.0.1", "--port", str(dovecot.pop3s_port),
                "--username", mail_user.name, "--ca-file", str(dovecot.ca_file),
                "--pop-retention", "delete", "--password-stdin"]) == 0
    capsys.readouterr()
    assert run(["--home", home, "sync", "--json"]) == 0
    [account] = json.loads(capsys.readouterr().out)["accounts"]
    assert account["folders"] == [{"folder": "INBOX", "new": 12, "changed": 0, "vanished": 0,
                                   "removed_from_server": 12, "failed": 0}]
    assert server_message_ids(dovecot, mail_user) == []
    assert run(["--home", home, "messages", "list", "--folder", "inbox", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert sorted(m["message_id"] for m in listed) == sorted(ids)
    assert {m["subject"] for m in listed} == {f"Subject m{i}" for i in range(12)}
    assert run(["--home", home, "search", "本文", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 12


def test_keep_downloads_each_message_once(dovecot, mail_user, tmp_path):
    ids = _deliver(dovecot, mail_user, 30)
    pop3_account(tmp_path, dovecot, mail_user)
    assert _inbox(sync_accounts()) == (30, 0)
    assert retr_count(dovecot, mail_user) == 30
    assert _inbox(sync_accounts()) == (0, 0)
    assert retr_count(dovecot, mail_user) == 30  # nothing fetched again
    assert server_message_ids(dovecot, mail_user) == ids
    more = _deliver(dovecot, mail_user, 3, prefix="late")
    assert _inbox(sync_accounts()) == (3, 0)
    assert sorted(_local_ids()) == sorted(ids + more)
    assert retr_count(dovecot, mail_user) == 33


def test_messages_are_stored_byte_for_byte(dovecot, mail_user, tmp_path):
    long_line = "x" * 5000  # poplib's own limit is 2 KiB per line
    bodies = {
        "dots@x": ".leading dot\n..two dots\n.\nend\n",
        "long@x": long_line + "\n",
        "jis@x": None,
    }
    raws = {}
    for mid, body in bodies.items():
        if body is None:
            subject = Header("お見積もり", "iso-2022-jp").encode()
            raw = (f"From: yamada@example.jp\nSubject: {subject}\nMessage-ID: <jis@x>\n"
                   "Content-Type: text/plain; charset=ISO-2022-JP\n\n").encode() + \
                "お世話になっております。\n".encode("iso-2022-jp")
        else:
            raw = make_message("Bytes", body, message_id=mid)
        raws[mid] = raw
        dovecot.deliver(mail_user.name, raw)
    pop3_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    for mid, raw in raws.items():
        message = Message.get(Message.message_id == mid)
        stored = bytes(MessageRaw.get(MessageRaw.message == message).data)
        assert stored == raw.replace(b"\n", b"\r\n"), mid
        assert message.body_state == 1
    assert Message.get(Message.message_id == "jis@x").subject == "お見積もり"
    shown = mailbox.show_message(Message.get(Message.message_id == "long@x").id)
    assert long_line in shown.text


def test_days_deletes_only_what_was_stored_long_enough_ago(dovecot, mail_user, tmp_path):
    ids = _deliver(dovecot, mail_user, 6)
    pop3_account(tmp_path, dovecot, mail_user, pop_retention="days:3")
    assert _inbox(sync_accounts()) == (6, 0)  # all stored just now: nothing old enough
    four_days_ago = int(time.time()) - 4 * 86_400
    old = ids[:2]
    olds = Message.select(Message.pop_uidl).where(Message.message_id.in_(old))
    PopUidl.update(stored_at=four_days_ago).where(PopUidl.uidl.in_(olds)).execute()
    assert _inbox(sync_accounts()) == (0, 2)
    assert server_message_ids(dovecot, mail_user) == ids[2:]
    assert sorted(_local_ids()) == sorted(ids)


def test_mirror_deletes_from_the_server_what_the_user_deleted(dovecot, mail_user, tmp_path):
    ids = _deliver(dovecot, mail_user, 5)
    pop3_account(tmp_path, dovecot, mail_user, pop_retention="mirror")
    assert _inbox(sync_accounts()) == (5, 0)
    by_mid = {m.message_id: m.id for m in Message.select()}
    actions.delete_messages([by_mid[ids[0]]])  # to Trash
    actions.delete_messages([by_mid[ids[1]]])
    actions.delete_messages([by_mid[ids[1]]])  # and out of Trash for good
    assert _inbox(sync_accounts()) == (0, 2)
    assert server_message_ids(dovecot, mail_user) == ids[2:]
    assert sorted(_local_ids()) == sorted([ids[0], *ids[2:]])  # ids[0] is in Trash
    assert Folder.get_by_id(Message.get(Message.message_id == ids[0]).folder_id).role == "trash"
    assert _inbox(sync_accounts()) == (0, 0)


def test_local_delete_with_keep_is_not_downloaded_again(dovecot, mail_user, tmp_path):
    ids = _deliver(dovecot, mail_user, 3)
    pop3_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    gone = Message.get(Message.message_id == ids[0]).id
    actions.delete_messages([gone])
    actions.delete_messages([gone])
    assert _inbox(sync_accounts()) == (0, 0)
    assert sorted(_local_ids()) == sorted(ids[1:])
    assert server_message_ids(dovecot, mail_user) == ids
    assert retr_count(dovecot, mail_user) == 3


def test_switching_keep_to_delete_removes_what_is_stored(dovecot, mail_user, tmp_path):
    ids = _deliver(dovecot, mail_user, 4)
    pop3_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    Account.update(pop_retention="delete").execute()
    assert _inbox(sync_accounts()) == (0, 4)
    assert server_message_ids(dovecot, mail_user) == []
    assert sorted(_local_ids()) == sorted(ids)
    assert PopUidl.select().count() == 0  # records of mail the server dropped are let go
    assert retr_count(dovecot, mail_user) == 4


@pytest.mark.parametrize("security", ["starttls", "none"])
def test_stls_and_allowed_plaintext_sync(dovecot, mail_user, tmp_path, security):
    ids = _deliver(dovecot, mail_user, 2)
    pop3_account(tmp_path, dovecot, mail_user, port=dovecot.pop3_port, security=security,
                 allow_insecure=security == "none", pop_retention="delete")
    assert _inbox(sync_accounts()) == (2, 2)
    assert sorted(_local_ids()) == sorted(ids)


def test_stls_missing_is_refused_before_any_password(dovecot, mail_user, tmp_path):
    with pop3_without_stls() as port:
        pop3_account(tmp_path, dovecot, mail_user, port=port, security="starttls")
        with pytest.raises(StartTlsUnavailable):
            sync_accounts()


def test_wrong_password_and_server_down_change_nothing(dovecot, mail_user, tmp_path, capsys):
    from app.sync import credentials

    ids = _deliver(dovecot, mail_user, 3)
    pop3_account(tmp_path, dovecot, mail_user, pop_retention="delete")
    credentials.set_password("Pop", "incoming", "wrong")
    with pytest.raises(AuthError):
        sync_accounts()
    assert run(["--home", str(tmp_path), "sync"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("kizuna: Wrong user name or password")
    assert "Traceback" not in err
    assert server_message_ids(dovecot, mail_user) == ids
    Account.update(port=free_ports(1)[0]).execute()
    with pytest.raises(ServerUnreachable):
        sync_accounts()
    assert Message.select().count() == 0


def test_message_and_record_share_a_transaction(dovecot, mail_user, tmp_path, monkeypatch):
    """A failure after the rows are written but before the commit leaves no row, no record
    and no DELE: the next run downloads the same mail once."""
    from app.sync.pop3 import history

    ids = _deliver(dovecot, mail_user, 3)
    pop3_account(tmp_path, dovecot, mail_user, pop_retention="delete")

    def store_then_fail(folder, items):
        history_store(folder, items)
        raise RuntimeError("power cut")

    history_store = history.store_messages
    monkeypatch.setattr(history, "store_messages", store_then_fail)
    with pytest.raises(RuntimeError):
        sync_accounts()
    monkeypatch.undo()
    assert Message.select().count() == 0 and PopUidl.select().count() == 0
    assert server_message_ids(dovecot, mail_user) == ids
    assert _inbox(sync_accounts()) == (3, 3)
    assert sorted(_local_ids()) == sorted(ids)
