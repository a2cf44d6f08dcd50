"""`kizuna send` and `kizuna outbox` against aiosmtpd on loopback (and Dovecot for Sent).

Every check reads what the server received: the bytes, the envelope, whether the session
was encrypted and who logged in.
"""

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import imapclient
import pytest

from app.cli.main import run
from app.mail.parse import attachment_payload, parse_full
from app.models.mail import Account, Folder, Message, OutboxMessage
from app.services.session import open_session
from app.sync import credentials
from app.sync.accounts import AccountSettings, add_account
from tests.integration.imap_helpers import imap_account, server_client
from tests.integration.smtp_servers import smtp_server

pytestmark = pytest.mark.integration

USER, PASSWORD = "ken", "s3cret-パス"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64


def _cli(capsys, home: Path, *argv: str) -> tuple[int, object, str]:
    code = run(["--home", str(home), *argv, "--json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


def _account(home: Path, server=None, *, security: str = "", password: str | None = PASSWORD,
             port: int = 0, **overrides) -> None:
    """A POP3 account (its Sent folder is local only) sending through `server`."""
    security = security or {"plain": "none"}.get(server.security, server.security)
    fields = dict(
        name="Work", email="ken@example.jp", display_name="山田 健", protocol="pop3",
        host="127.0.0.1", username=USER, smtp_host="127.0.0.1",
        smtp_port=port or server.port, smtp_security=security,
        ca_file=str(server.ca_file) if server is not None and server.ca_file else "",
        allow_insecure=security == "none",
    )
    fields.update(overrides)
    session = open_session(home)
    add_account(AccountSettings(**fields), password)
    session.close()


def _send(capsys, home: Path, *extra: str, subject: str = "お見積もりの件") -> tuple:
    return _cli(capsys, home, "send", "--to", "佐藤 花子 <sato@example.com>",
                "--subject", subject, "--body", "佐藤様\n\nよろしくお願いします。",
                "--delay", "0", *extra)


def _outbox_rows(home: Path) -> list[tuple]:
    session = open_session(home)
    rows = list(OutboxMessage.select(OutboxMessage.state, OutboxMessage.raw,
                                     OutboxMessage.last_error).tuples())
    session.close()
    return rows


def test_send_delivers_japanese_mail_that_parses_back(smtpd, tmp_path, capsys):
    """The issue's acceptance: subject, body and attachment names survive, Japanese too."""
    home = tmp_path / "home"
    _account(home, security="none", port=smtpd.port, password=None)
    body_file = tmp_path / "body.txt"
    body_file.write_text("佐藤様\n\n添付のとおりお送りします。\n\n山田", encoding="utf-8")
    attachment = tmp_path / "御見積書（2026年4月）.pdf"
    attachment.write_bytes(PDF)
    (tmp_path / "notes.txt").write_bytes(b"plain\n")

    code, entry, err = _cli(
        capsys, home, "send", "--to", "佐藤 花子 <sato@example.com>", "--cc",
        "Smith <john@example.org>", "--bcc", "boss@example.jp", "--subject",
        "お見積もりのご送付（株式会社サンプル）", "--body-file", str(body_file),
        "--attach", str(attachment), "--attach", str(tmp_path / "notes.txt"), "--delay", "0",
    )
    assert code == 0, err
    assert entry["state"] == "copied" and entry["attempts"] == 1

    (received,) = smtpd.messages
    (_, stored_raw, _), = _outbox_rows(home)
    assert received.raw == bytes(stored_raw)  # byte for byte what was queued
    assert received.mail_from == "ken@example.jp"
    assert received.rcpt_tos == ["sato@example.com", "john@example.org", "boss@example.jp"]
    head = received.raw.split(b"\r\n\r\n", 1)[0].lower()
    assert b"\r\nbcc:" not in head and b"boss@example.jp" not in received.raw
    assert f"<{entry['message_id']}>".encode() in received.raw

    parsed = parse_full(received.raw)
    assert parsed.meta.subject == "お見積もりのご送付（株式会社サンプル）"
    assert parsed.meta.from_name == "山田 健"
    assert parsed.text.strip() == "佐藤様\n\n添付のとおりお送りします。\n\n山田"
    assert [a.filename for a in parsed.attachments] == ["御見積書（2026年4月）.pdf", "notes.txt"]
    assert attachment_payload(received.raw, parsed.attachments[0].part) == PDF

    # The sent message is in the local Sent folder, offline too.
    code, listed, _ = _cli(capsys, home, "messages", "list", "--folder", "sent")
    assert [m["subject"] for m in listed] == ["お見積もりのご送付（株式会社サンプル）"]


def test_a_subject_with_cr_lf_cannot_add_a_header(smtpd, tmp_path, capsys):
    home = tmp_path / "home"
    _account(home, security="none", port=smtpd.port, password=None)
    code, out, err = _send(capsys, home, subject="hi\r\nBcc: evil@example.com")
    assert code == 2 and out is None
    assert err.count("\n") == 1 and "Traceback" not in err
    assert smtpd.messages == [] and _outbox_rows(home) == []


def test_iso_2022_jp_account_option(smtpd, tmp_path, capsys):
    home = tmp_path / "home"
    _account(home, security="none", port=smtpd.port, password=None,
             options={"charset": "iso-2022-jp"})
    code, _, err = _send(capsys, home)
    assert code == 0, err
    raw = smtpd.messages[0].raw
    assert raw.isascii() and b"Subject: =?ISO-2022-JP?B?" in raw
    assert "佐藤様".encode("iso2022_jp") in raw
    parsed = parse_full(raw)
    assert parsed.meta.subject == "お見積もりの件"
    assert parsed.text.strip() == "佐藤様\n\nよろしくお願いします。"


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_tls_and_auth(security, tmp_path, capsys):
    with smtp_server(security, tmp_path, users={USER: PASSWORD}) as server:
        home = tmp_path / "home"
        _account(home, server)
        code, _, err = _send(capsys, home)
        assert code == 0, err
    (received,) = server.messages
    assert received.tls and received.login == USER
    assert server.logins == [(USER, True)]
    assert parse_full(received.raw).meta.subject == "お見積もりの件"


def test_plaintext_auth_only_with_allow_insecure(tmp_path, capsys):
    with smtp_server("plain", tmp_path, users={USER: PASSWORD}) as server:
        home = tmp_path / "home"
        _account(home, server)  # security none, so allow_insecure
        code, _, err = _send(capsys, home)
        assert code == 0, err
        assert server.messages[0].login == USER and not server.messages[0].tls

        session = open_session(home)
        Account.update(allow_insecure=False).execute()
        session.close()
        code, _, err = _send(capsys, home)
    assert code == 2 and "allow-insecure" in err
    assert len(server.messages) == 1


def test_starttls_not_offered_is_an_error_never_plaintext(smtpd, tmp_path, capsys):
    home = tmp_path / "home"
    _account(home, security="starttls", port=smtpd.port)
    code, entry, err = _send(capsys, home)
    assert code == 3 and "STARTTLS" in err
    assert entry["state"] == "failed" and "STARTTLS" in entry["last_error"]
    assert smtpd.messages == []


def test_wrong_password_fails_then_retry_after_fixing_it(tmp_path, capsys):
    with smtp_server("ssl", tmp_path, users={USER: PASSWORD}) as server:
        home = tmp_path / "home"
        _account(home, server, password="wrong")
        code, entry, err = _send(capsys, home)
        assert code == 3 and "password" in err
        assert entry["state"] == "failed" and server.messages == []

        credentials.set_password("Work", "incoming", PASSWORD)  # same credentials: one password
        code, retried, _ = _cli(capsys, home, "outbox", "retry", str(entry["id"]))
        assert code == 0 and retried["state"] == "queued"
        code, result, err = _cli(capsys, home, "outbox", "flush")
        assert code == 0, err
    assert [o["state"] for o in result["outcomes"]] == ["copied"]
    assert server.logins == [(USER, False), (USER, True)]
    assert len(server.messages) == 1


def test_separate_outgoing_credentials(tmp_path, capsys):
    with smtp_server("starttls", tmp_path, users={"smtp-user": "out-pass"}) as server:
        home = tmp_path / "home"
        _account(home, server, same_credentials=False, smtp_username="smtp-user")
        credentials.set_password("Work", "outgoing", "out-pass")
        code, _, err = _send(capsys, home)
        assert code == 0, err
    assert server.messages[0].login == "smtp-user"


def test_an_untrusted_certificate_fails(tmp_path, capsys):
    with smtp_server("ssl", tmp_path, users={USER: PASSWORD}) as server:
        home = tmp_path / "home"
        _account(home, server, ca_file="")
        code, entry, err = _send(capsys, home)
    assert code == 3 and "certificate" in err
    assert entry["state"] == "failed" and server.messages == [] and server.logins == []


def test_offline_then_back(tmp_path, capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    home = tmp_path / "home"
    (tmp_path / "certs").mkdir()
    with smtp_server("ssl", tmp_path / "certs", port=port) as server:
        ca_file = str(server.ca_file)  # each start rewrites this file with its certificate
    _account(home, security="ssl", port=port, ca_file=ca_file)

    code, entry, err = _send(capsys, home)  # nothing listens: as if offline
    assert code == 3
    assert entry["state"] == "queued" and entry["attempts"] == 1 and entry["last_error"]
    with smtp_server("ssl", tmp_path / "certs", port=port) as server:
        code, result, _ = _cli(capsys, home, "outbox", "flush")
        assert code == 0 and result["outcomes"] == []  # waiting out its backoff
        code, result, err = _cli(capsys, home, "outbox", "flush", "--now")
        assert code == 0, err
    assert [o["state"] for o in result["outcomes"]] == ["copied"]
    assert len(server.messages) == 1


def test_undo_during_the_send_delay(smtpd, tmp_path, capsys):
    home = tmp_path / "home"
    _account(home, security="none", port=smtpd.port, password=None)
    code, entry, _ = _send(capsys, home, "--delay", "60")
    assert code == 0 and entry["state"] == "queued"
    code, result, _ = _cli(capsys, home, "outbox", "flush")
    assert code == 0 and result["outcomes"] == []
    code, cancelled, _ = _cli(capsys, home, "outbox", "cancel", str(entry["id"]))
    assert code == 0 and cancelled["subject"] == "お見積もりの件"
    assert cancelled["to"] == ["佐藤 花子 <sato@example.com>"]
    code, listed, _ = _cli(capsys, home, "outbox", "list")
    assert listed == []
    code, _, err = _cli(capsys, home, "outbox", "cancel", str(entry["id"]))
    assert code == 4 and err.count("\n") == 1
    assert smtpd.messages == []


def test_server_refusals(tmp_path, capsys):
    replies = iter(["451 4.3.0 try again later", "554 5.7.1 looks like spam"])

    async def refuse(envelope):
        return next(replies)

    with smtp_server("ssl", tmp_path, users={USER: PASSWORD}, data_hook=refuse) as server:
        server.refused_recipients["nobody@example.com"] = "550 5.1.1 no such user"
        home = tmp_path / "home"
        _account(home, server)
        code, entry, err = _send(capsys, home)
        assert code == 3 and entry["state"] == "queued" and "451" in entry["last_error"]
        code, result, err = _cli(capsys, home, "outbox", "flush", "--now")
        assert code == 1 and "554" in err
        assert result["outcomes"][0]["error_kind"] == "MessageRejected"
        assert _outbox_rows(home)[0][0] == "failed"

        server.data_hook = None
        code, entry, err = _send(capsys, home, "--to", "nobody@example.com")
        assert code == 0, err
    assert entry["state"] == "copied" and "nobody@example.com" in entry["last_error"]
    assert server.messages[0].rcpt_tos == ["sato@example.com"]


def _sent_on_server(dovecot, user) -> dict[str, list[bytes]]:
    client = server_client(dovecot, user)
    client.select_folder("Sent", readonly=True)
    found = {}
    for data in client.fetch(client.search(["ALL"]), ["FLAGS", "ENVELOPE"]).values():
        found.setdefault(data[b"ENVELOPE"].message_id.decode(), []).append(data[b"FLAGS"])
    client.logout()
    return found


def _imap_account(tmp_path, dovecot, mail_user, server, **overrides) -> None:
    """An IMAP account on Dovecot that sends through `server`; one CA bundle trusts both."""
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(Path(dovecot.ca_file).read_bytes() + server.ca_file.read_bytes())
    imap_account(tmp_path / "home", dovecot, mail_user, smtp_host="127.0.0.1",
                 smtp_port=server.port, ca_file=str(bundle), **overrides).close()


def test_imap_sent_copy_is_appended_once_and_not_fetched_again(dovecot, mail_user, tmp_path,
                                                               capsys):
    with smtp_server("ssl", tmp_path, users={mail_user.name: mail_user.password}) as server:
        _imap_account(tmp_path, dovecot, mail_user, server)
        code, entry, err = _send(capsys, tmp_path / "home")
        assert code == 0, err
        assert entry["state"] == "copied"

        on_server = _sent_on_server(dovecot, mail_user)
        assert list(on_server) == [f"<{entry['message_id']}>"]
        assert imapclient.SEEN in on_server[f"<{entry['message_id']}>"][0]

        # A copy step run again (as after a kill) finds the message instead of appending.
        session = open_session(tmp_path / "home")
        OutboxMessage.update(state="sent").execute()
        session.close()
        code, result, err = _cli(capsys, tmp_path / "home", "outbox", "flush", "--now")
        assert code == 0 and result["outcomes"][0]["state"] == "copied"
        assert len(_sent_on_server(dovecot, mail_user)[f"<{entry['message_id']}>"]) == 1

        code, _, err = _cli(capsys, tmp_path / "home", "sync")
        assert code == 0, err
    session = open_session(tmp_path / "home")
    sent = Folder.get(Folder.role == "sent")
    rows = list(Message.select(Message.message_id, Message.uid).where(Message.folder == sent)
                .tuples())
    session.close()
    assert len(rows) == 1 and rows[0][0] == entry["message_id"] and rows[0][1] is not None


def test_providers_that_file_sent_mail_get_no_append(dovecot, mail_user, tmp_path, capsys):
    with smtp_server("ssl", tmp_path, users={mail_user.name: mail_user.password}) as server:
        _imap_account(tmp_path, dovecot, mail_user, server, options={"copy_to_sent": False})
        code, entry, err = _send(capsys, tmp_path / "home")
        assert code == 0, err
    assert entry["state"] == "copied"
    assert _sent_on_server(dovecot, mail_user) == {}
    assert len(server.messages) == 1


def test_ctrl_c_during_wait_takes_the_message_back(smtpd, tmp_path):
    home = tmp_path / "home"
    _account(home, security="none", port=smtpd.port, password=None)
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--home", str(home), "send", "--to", "a@example.com",
         "--subject", "wait", "--body", "b", "--delay", "60", "--wait"],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not _outbox_rows(home):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.01)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1 and "Cancelled" in err.decode()
    assert _outbox_rows(home) == [] and smtpd.messages == []
