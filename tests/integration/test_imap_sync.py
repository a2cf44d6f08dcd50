import json
import os
import socket

import pytest

from app.cli.main import run
from app.mail import flags
from app.models.mail import Folder, Message, MessageRaw
from app.services import mailbox
from app.services.sync import sync_accounts
from app.sync.errors import AuthError, ServerUnavailable, StartTlsUnavailable, TlsError
from tests.integration.connection_servers import fake_server
from tests.integration.dovecot import free_ports
from tests.integration.imap_helpers import imap_account, server_client
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration


def _counts(results) -> dict[str, tuple[int, int, int]]:
    return {f.folder: (f.new, f.changed, f.vanished) for r in results for f in r.folders}


def _thread_mail(dovecot, user):
    dovecot.deliver(user.name, make_message("お見積もりのお願い", "見積書をお送りください",
                                            message_id="q1@x", seq=1))
    dovecot.deliver(user.name, make_message("Re: お見積もりのお願い", "添付いたします",
                                            message_id="q2@x", in_reply_to="q1@x",
                                            references=["q1@x"], seq=2), flags="S")
    dovecot.deliver(user.name, make_message("Lunch", "noon?", message_id="l1@x", seq=3))
    dovecot.deliver(user.name, make_message("Sent one", "hi", message_id="s1@x", seq=4),
                    folder="Sent", flags="S")


def test_initial_sync_stores_headers_threads_and_roles(dovecot, mail_user, tmp_path):
    _thread_mail(dovecot, mail_user)
    session = imap_account(tmp_path, dovecot, mail_user)
    counts = _counts(sync_accounts())
    assert counts["INBOX"] == (3, 0, 0)
    assert counts["Sent"] == (1, 0, 0)
    roles = {f.name: f.role for f in Folder.select()}
    assert roles["INBOX"] == "inbox" and roles["Sent"] == "sent" and roles["Trash"] == "trash"
    inbox = mailbox.list_messages("inbox")
    assert [m.subject for m in inbox] == ["Lunch", "Re: お見積もりのお願い", "お見積もりのお願い"]
    assert inbox[1].thread_id == inbox[2].thread_id != inbox[0].thread_id
    assert "seen" in inbox[1].flags and "seen" not in inbox[0].flags
    assert all(m.uid for m in inbox)
    assert [m.id for m in mailbox.search("見積")] == [inbox[1].id, inbox[2].id]
    assert not MessageRaw.get(MessageRaw.message == inbox[0].id).complete  # headers only
    session.close()


def test_second_sync_with_nothing_changed_reports_zero(dovecot, mail_user, tmp_path):
    _thread_mail(dovecot, mail_user)
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    assert set(_counts(sync_accounts()).values()) == {(0, 0, 0)}
    assert Message.select().count() == 4


def test_server_side_flag_change_new_mail_and_expunge(dovecot, mail_user, tmp_path):
    _thread_mail(dovecot, mail_user)
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    server = server_client(dovecot, mail_user)
    server.select_folder("INBOX")
    lunch = server.search(["SUBJECT", "Lunch"])
    server.add_flags(lunch, [b"\\Flagged", b"\\Seen"])
    first = server.search(["HEADER", "Message-ID", "q1@x"])
    server.delete_messages(first)
    server.expunge()
    server.logout()
    dovecot.deliver(mail_user.name, make_message("New one", "fresh", message_id="n1@x", seq=9))

    assert _counts(sync_accounts())["INBOX"] == (1, 1, 1)
    subjects = {m.subject: m for m in mailbox.list_messages("inbox")}
    assert set(subjects) == {"New one", "Lunch", "Re: お見積もりのお願い"}
    assert {"flagged", "seen"} <= set(subjects["Lunch"].flags)
    assert _counts(sync_accounts())["INBOX"] == (0, 0, 0)


def test_uidvalidity_change_keeps_local_rows_without_duplicates(dovecot, mail_user, tmp_path):
    _thread_mail(dovecot, mail_user)
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    before = {m.message_id: m.id for m in Message.select()}
    inbox = Folder.get(Folder.name == "INBOX")
    old_validity = inbox.uidvalidity
    # A server that lost its UID list: Dovecot's indexes go, and a fresh list announces a new
    # UIDVALIDITY, so every message gets a new UID.
    maildir = dovecot.maildir(mail_user.name)
    owner = maildir.stat()
    for path in maildir.glob("dovecot*"):
        path.unlink()
    uidlist = maildir / "dovecot-uidlist"
    uidlist.write_text(f"3 V{old_validity + 7} N1\n")
    os.chown(uidlist, owner.st_uid, owner.st_gid)
    dovecot.deliver(mail_user.name, make_message("After reset", "x", message_id="r1@x", seq=7))

    sync_accounts()
    inbox = Folder.get(Folder.name == "INBOX")
    assert inbox.uidvalidity != old_validity
    rows = list(Message.select().where(Message.folder == inbox))
    assert sorted(r.message_id for r in rows) == ["l1@x", "q1@x", "q2@x", "r1@x"]
    assert all(r.uidvalidity == inbox.uidvalidity for r in rows)
    for row in rows:  # the same local rows survive, so links and bodies stay attached
        if row.message_id in before:
            assert row.id == before[row.message_id]
    assert _counts(sync_accounts())["INBOX"] == (0, 0, 0)


def test_plain_port_with_starttls_syncs(dovecot, mail_user, tmp_path):
    _thread_mail(dovecot, mail_user)
    imap_account(tmp_path, dovecot, mail_user, port=dovecot.imap_port, security="starttls")
    assert _counts(sync_accounts())["INBOX"] == (3, 0, 0)


def _imap_without_starttls(line: bytes) -> bytes | None:
    tag, _, command = line.partition(b" ")
    if command.startswith(b"CAPABILITY"):
        return b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n"
    if command.startswith(b"LOGOUT"):
        return None
    return tag + b" BAD not here\r\n"


def test_starttls_refused_when_server_does_not_offer_it(mail_user, tmp_path, dovecot):
    greeting = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake ready\r\n"
    with fake_server(greeting, _imap_without_starttls) as port:
        imap_account(tmp_path, dovecot, mail_user, port=port, security="starttls")
        with pytest.raises(StartTlsUnavailable) as error:
            sync_accounts()
    assert "STARTTLS" in error.value.english


def test_self_signed_certificate_refused_without_the_ca(dovecot, mail_user, tmp_path):
    imap_account(tmp_path, dovecot, mail_user, ca_file="")
    with pytest.raises(TlsError) as error:
        sync_accounts()
    assert "certificate" in error.value.english


def test_wrong_host_name_refused(dovecot, mail_user, tmp_path, monkeypatch):
    real = socket.getaddrinfo

    def resolve(host, *args, **kwargs):  # DNS says wrong.example is this machine
        return real("127.0.0.1" if host == "wrong.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    imap_account(tmp_path, dovecot, mail_user, host="wrong.example")
    with pytest.raises(TlsError) as error:
        sync_accounts()
    assert "wrong.example" in error.value.english


def test_wrong_password_is_an_auth_error(dovecot, mail_user, tmp_path):
    from app.sync import credentials

    imap_account(tmp_path, dovecot, mail_user)
    credentials.set_password("Work", "incoming", "not-the-password")
    with pytest.raises(AuthError) as error:
        sync_accounts()
    assert "password" in error.value.english
    assert "パスワード" in error.value.japanese


def test_server_down_is_clear_and_loses_nothing(dovecot, mail_user, tmp_path):
    from tests.integration.dovecot import free_ports

    _thread_mail(dovecot, mail_user)
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    Message.update(flags=Message.flags.bin_or(flags.FLAGGED)).execute()
    [closed] = free_ports(1)
    from app.models.mail import Account

    Account.update(port=closed).execute()
    with pytest.raises(ServerUnavailable) as error:
        sync_accounts()
    assert f"127.0.0.1:{closed}" in error.value.english
    assert Message.select().count() == 4
    assert all(m.flags & flags.FLAGGED for m in Message.select())


def test_cli_show_downloads_a_header_only_body_and_works_offline(
    dovecot, mail_user, tmp_path, capsys
):
    import json

    from app.models.mail import Account
    from tests.integration.dovecot import free_ports

    dovecot.deliver(mail_user.name, make_message("Old mail", "本文はここにあります",
                                                 message_id="old@x", date=1_500_000_000))
    dovecot.deliver(mail_user.name, make_message("Older mail", "second body",
                                                 message_id="older@x", date=1_400_000_000))
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()  # too old for the background body window: headers only
    old, older = (Message.get(Message.message_id == m) for m in ("old@x", "older@x"))
    assert old.body_state == older.body_state == 0

    assert run(["--home", str(tmp_path), "messages", "show", str(old.id), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["body_available"] and "本文はここにあります" in shown["text"]

    Account.update(port=free_ports(1)[0]).execute()  # the server goes away
    assert run(["--home", str(tmp_path), "messages", "show", str(older.id)]) == 0
    out, err = capsys.readouterr()
    assert "body not downloaded" in err
    assert "Subject: Older mail" in out


def test_without_condstore_the_flag_scan_still_finds_changes(dovecot, mail_user, tmp_path,
                                                              monkeypatch):
    import imapclient

    real = imapclient.IMAPClient.has_capability

    def hide_condstore(self, capability):
        return False if capability.upper() == "CONDSTORE" else real(self, capability)

    monkeypatch.setattr(imapclient.IMAPClient, "has_capability", hide_condstore)
    _thread_mail(dovecot, mail_user)
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    assert Folder.get(Folder.name == "INBOX").highest_modseq is None  # no modseq to trust
    server = server_client(dovecot, mail_user)
    server.select_folder("INBOX")
    server.add_flags(server.search(["SUBJECT", "Lunch"]), [b"\\Answered"])
    server.logout()
    assert _counts(sync_accounts())["INBOX"] == (0, 1, 0)
    lunch = next(m for m in mailbox.list_messages("inbox") if m.subject == "Lunch")
    assert "answered" in lunch.flags


def test_lean_fetch_reads_dovecots_real_answers(dovecot, mail_user, tmp_path):
    _thread_mail(dovecot, mail_user)
    imap_account(tmp_path, dovecot, mail_user)
    assert _counts(sync_accounts())["INBOX"] == (3, 0, 0)
    lunch = next(m for m in mailbox.list_messages("inbox") if m.subject == "Lunch")
    assert lunch.timestamp > 0 and Message.get_by_id(lunch.id).size > 0


def test_one_unreachable_account_does_not_keep_the_others_mail_away(
    dovecot, mail_user, tmp_path, capsys
):
    [closed] = free_ports(1)
    dovecot.deliver(mail_user.name, make_message("届きました", "本文", message_id="ok@x", seq=1))
    session = imap_account(tmp_path, dovecot, mail_user, name="Down", port=closed)
    session.close()
    imap_account(tmp_path, dovecot, mail_user, name="Up").close()

    code = run(["--home", str(tmp_path), "sync", "--json"])
    out, err = capsys.readouterr()
    assert code == 3  # the failure's own category, after the others synced
    accounts = {a["account"]: a for a in json.loads(out)["accounts"]}
    assert accounts["Down"]["error"] and accounts["Down"]["folders"] == []
    assert accounts["Up"]["error"] is None
    assert {f["folder"]: f["new"] for f in accounts["Up"]["folders"]}["INBOX"] == 1
    assert "1 of 2 accounts could not be synced: Down:" in err
    assert "Traceback" not in err


def test_pipelined_header_chunks_store_every_message_once(dovecot, mail_user, tmp_path,
                                                          monkeypatch):
    from app.sync.imap import fetch

    monkeypatch.setattr(fetch, "CHUNK", 40)  # many FETCHes in flight, answered interleaved
    for i in range(300):
        dovecot.deliver(mail_user.name, make_message(f"Chunked {i}", "本文",
                                                     message_id=f"chunk{i}@x", seq=i))
    imap_account(tmp_path, dovecot, mail_user)
    assert _counts(sync_accounts())["INBOX"] == (300, 0, 0)
    rows = list(Message.select(Message.uid, Message.message_id).tuples())
    assert len(rows) == 300
    assert {mid for _, mid in rows} == {f"chunk{i}@x" for i in range(300)}
    assert sorted(uid for uid, _ in rows) == list(range(1, 301))
    assert _counts(sync_accounts())["INBOX"] == (0, 0, 0)
