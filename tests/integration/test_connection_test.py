"""`kizuna account test`: one category per server, against real servers where possible."""

import io
import json
import os

import pytest

from app.cli.main import run
from app.models.mail import Account
from app.paths import database_path
from app.services.sync import check_connection
from app.sync import credentials
from tests.integration.connection_servers import (
    auth_smtp,
    pop3_refusing_pass,
    pop3_without_stls,
    smtp_busy,
)
from tests.integration.dovecot import free_ports
from tests.integration.imap_helpers import imap_account
from tests.integration.pop3_helpers import pop3_account
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration


def _categories(name: str = "Pop") -> dict[str, str]:
    return {s.role: s.category for s in check_connection(name).servers}


def _cli(capsys, home, *argv: str) -> tuple[int, str, str]:
    code = run(["--home", str(home), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_pop3_and_plain_smtp_ok(dovecot, mail_user, tmp_path, smtpd, capsys):
    pop3_account(tmp_path, dovecot, mail_user, smtp_host=smtpd.host, smtp_port=smtpd.port,
                 smtp_security="none", allow_insecure=True)
    code, out, err = _cli(capsys, tmp_path, "account", "test", "Pop", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ok"] is True
    assert (report["incoming"], report["outgoing"]) == ("ok", "ok")
    incoming, outgoing = report["servers"]
    assert (incoming["role"], incoming["protocol"], incoming["category"]) == (
        "incoming", "pop3", "ok")
    assert (outgoing["role"], outgoing["protocol"], outgoing["category"]) == (
        "outgoing", "smtp", "ok")
    assert "did not ask for a login" in outgoing["note"]


def test_imap_incoming_ok_and_text_output(dovecot, mail_user, tmp_path, capsys):
    imap_account(tmp_path, dovecot, mail_user)
    code, out, _ = _cli(capsys, tmp_path, "account", "test", "Work")
    assert code == 0
    assert out.strip() == f"Work: incoming imap 127.0.0.1:{dovecot.imaps_port} (ssl) — OK"


def test_wrong_password_in_english_and_japanese(dovecot, mail_user, tmp_path, capsys,
                                                monkeypatch):
    pop3_account(tmp_path, dovecot, mail_user)
    credentials.set_password("Pop", "incoming", "not-the-password")
    code, out, err = _cli(capsys, tmp_path, "account", "test", "Pop")
    assert code == 3
    assert "wrong user name or password" in out
    assert err.count("\n") == 1 and "Wrong user name or password" in err
    monkeypatch.setenv("KIZUNA_LANG", "ja")
    code, out, err = _cli(capsys, tmp_path, "account", "test", "Pop", "--json")
    assert code == 3
    [incoming] = json.loads(out)["servers"]
    assert incoming["category"] == "auth"
    assert "ユーザー名またはパスワードが正しくありません" in err
    code, out, _ = _cli(capsys, tmp_path, "account", "test", "Pop")
    assert "受信" in out and "ユーザー名またはパスワードが違います" in out


def test_closed_port_and_unknown_host_are_unreachable(dovecot, mail_user, tmp_path, capsys):
    [closed] = free_ports(1)
    pop3_account(tmp_path, dovecot, mail_user, port=closed)
    imap_account(tmp_path, dovecot, mail_user, name="Nowhere", host="mail.kizuna-test.invalid")
    assert _categories("Pop") == {"incoming": "unreachable"}
    assert _categories("Nowhere") == {"incoming": "unreachable"}
    code, out, err = _cli(capsys, tmp_path, "account", "test", "Nowhere")
    assert code == 3
    assert "server not found or unreachable" in out
    assert "mail.kizuna-test.invalid" in err and "not found" in err


def test_certificate_not_trusted_without_the_ca_file(dovecot, mail_user, tmp_path, capsys):
    pop3_account(tmp_path, dovecot, mail_user, ca_file="")
    imap_account(tmp_path, dovecot, mail_user, name="Imap", ca_file="")
    assert _categories("Pop") == {"incoming": "tls"}
    assert _categories("Imap") == {"incoming": "tls"}
    code, out, err = _cli(capsys, tmp_path, "account", "test", "Pop")
    assert code == 3 and "TLS problem (certificate or encryption)" in out
    assert "certificate" in err and "self-signed" in err


def test_stls_works_on_dovecot_and_is_strict_elsewhere(dovecot, mail_user, tmp_path, smtpd):
    pop3_account(tmp_path, dovecot, mail_user, port=dovecot.pop3_port, security="starttls",
                 smtp_host=smtpd.host, smtp_port=smtpd.port, smtp_security="starttls")
    # Dovecot offers STLS; the plain aiosmtpd does not offer STARTTLS.
    assert _categories() == {"incoming": "ok", "outgoing": "starttls"}
    with pop3_without_stls() as port:
        Account.update(port=port).execute()
        [incoming, _] = check_connection("Pop").servers
    assert incoming.category == "starttls"
    assert "will not continue without encryption" in incoming.message


def test_plaintext_pop3_only_when_allowed(dovecot, mail_user, tmp_path):
    pop3_account(tmp_path, dovecot, mail_user, port=dovecot.pop3_port, security="none",
                 allow_insecure=True)
    assert _categories() == {"incoming": "ok"}
    Account.update(allow_insecure=False).execute()
    [incoming] = check_connection("Pop").servers
    assert incoming.category == "tls" and "without encryption" in incoming.message


def test_mailbox_not_reachable(dovecot, mail_user, tmp_path):
    imap_account(tmp_path, dovecot, mail_user)
    pop3_account(tmp_path, dovecot, mail_user, name="Pop")
    dovecot.deliver(mail_user.name, make_message("Hello", "there"))
    os.chmod(dovecot.maildir(mail_user.name), 0)  # logins work, the mail store does not
    [imap] = check_connection("Work").servers
    assert imap.category == "mailbox" and "INBOX" in imap.message
    [pop] = check_connection("Pop").servers
    assert pop.category == "mailbox" and "[SYS/TEMP]" in pop.message
    with pop3_refusing_pass(b"-ERR [IN-USE] Mailbox is locked by another POP3 session") as port:
        Account.update(port=port, security="none", allow_insecure=True).where(
            Account.name == "Pop").execute()
        [pop] = check_connection("Pop").servers
    assert pop.category == "mailbox" and "locked" in pop.message


def test_temporarily_unavailable(dovecot, mail_user, tmp_path, capsys):
    with pop3_refusing_pass(b"-ERR [LOGIN-DELAY] wait 5 minutes between logins") as pop, \
            smtp_busy() as smtp:
        pop3_account(tmp_path, dovecot, mail_user, port=pop, security="none",
                     allow_insecure=True, smtp_host="127.0.0.1", smtp_port=smtp,
                     smtp_security="none")
        assert _categories() == {"incoming": "temporary", "outgoing": "temporary"}
        code, out, err = _cli(capsys, tmp_path, "account", "test", "Pop")
    assert code == 3
    assert out.count("server temporarily unavailable, try again later") == 2
    assert "try again later" in err and "421" not in err


def test_missing_password_is_its_own_category(dovecot, mail_user, tmp_path, capsys):
    pop3_account(tmp_path, dovecot, mail_user)
    credentials.delete_passwords("Pop")
    code, out, err = _cli(capsys, tmp_path, "account", "test", "Pop")
    assert code == 3 and "no password stored" in out
    assert "set-password Pop --incoming" in err


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_smtp_login_uses_the_incoming_password_with_same_credentials(
    dovecot, mail_user, tmp_path, security
):
    with auth_smtp(dovecot, mail_user.name, mail_user.password, security) as smtp:
        pop3_account(tmp_path, dovecot, mail_user, smtp_host=smtp.host, smtp_port=smtp.port,
                     smtp_security=security)
        assert _categories() == {"incoming": "ok", "outgoing": "ok"}
        assert smtp.logins == [(mail_user.name, mail_user.password)]
        credentials.set_password("Pop", "outgoing", "ignored while credentials are shared")
        assert _categories()["outgoing"] == "ok"


def test_smtp_separate_credentials_and_wrong_password(dovecot, mail_user, tmp_path):
    with auth_smtp(dovecot, "sender", "outgoing-secret", "ssl") as smtp:
        pop3_account(tmp_path, dovecot, mail_user, smtp_host=smtp.host, smtp_port=smtp.port,
                     smtp_username="sender", same_credentials=False)
        assert _categories()["outgoing"] == "no_password"
        credentials.set_password("Pop", "outgoing", "wrong")
        [_, outgoing] = check_connection("Pop").servers
        assert outgoing.category == "auth" and f"{smtp.host}:{smtp.port}" in outgoing.message
        credentials.set_password("Pop", "outgoing", "outgoing-secret")
        assert _categories() == {"incoming": "ok", "outgoing": "ok"}
        # aiosmtplib tries each offered mechanism before it gives up on a password.
        assert set(smtp.logins) == {("sender", "wrong"), ("sender", "outgoing-secret")}
        assert smtp.logins[-1] == ("sender", "outgoing-secret")


def test_smtp_bad_certificate_and_closed_port(dovecot, mail_user, tmp_path):
    with auth_smtp(dovecot, mail_user.name, mail_user.password, "ssl") as smtp:
        pop3_account(tmp_path, dovecot, mail_user, smtp_host=smtp.host, smtp_port=smtp.port)
        Account.update(ca_file="").execute()
        assert _categories()["outgoing"] == "tls"
    [closed] = free_ports(1)
    Account.update(ca_file=str(dovecot.ca_file), smtp_port=closed).execute()
    assert _categories() == {"incoming": "ok", "outgoing": "unreachable"}


def test_gmail_recent_prefix_is_explained_and_kept_out_of_smtp(
    dovecot, mail_user, tmp_path, capsys, monkeypatch
):
    with auth_smtp(dovecot, "ken@gmail.com", mail_user.password, "starttls") as smtp:
        monkeypatch.setattr("sys.stdin", io.StringIO(mail_user.password + "\n"))
        code, out, err = _cli(
            capsys, tmp_path, "account", "add", "--name", "G", "--email", "ken@gmail.com",
            "--protocol", "pop3", "--host", "127.0.0.1", "--port", str(dovecot.pop3s_port),
            "--username", "recent:ken@gmail.com", "--ca-file", str(dovecot.ca_file),
            "--smtp-host", smtp.host, "--smtp-port", str(smtp.port),
            "--smtp-security", "starttls", "--password-stdin", "--json")
        assert code == 0, err
        added = json.loads(out)
        assert added["username"] == "recent:ken@gmail.com"
        assert "last 30 days" in added["notes"][0]
        # Dovecot knows no "recent:" user (Gmail strips the prefix itself); SMTP must not see it.
        code, out, err = _cli(capsys, tmp_path, "account", "test", "G")
        assert code == 3
        assert "Gmail recent mode" in out
        assert f"outgoing smtp {smtp.host}:{smtp.port} (starttls) — OK" in out
        assert smtp.logins == [("ken@gmail.com", mail_user.password)]


def _set_password(capsys, monkeypatch, home, password: str, *argv: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return _cli(capsys, home, "account", "set-password", *argv, "--password-stdin")


def test_set_password_incoming_fixes_a_failed_login(dovecot, mail_user, tmp_path, capsys,
                                                    monkeypatch):
    pop3_account(tmp_path, dovecot, mail_user)
    assert _set_password(capsys, monkeypatch, tmp_path, "old", "Pop", "--incoming")[0] == 0
    assert _categories() == {"incoming": "auth"}
    code, out, _ = _set_password(capsys, monkeypatch, tmp_path, mail_user.password, "Pop",
                                 "--incoming")
    assert code == 0 and out.strip() == "Pop: incoming password set"
    assert _categories() == {"incoming": "ok"}
    stored = b"".join(f.read_bytes() for f in tmp_path.glob(database_path(tmp_path).name + "*"))
    assert stored and mail_user.password.encode() not in stored


def test_set_password_outgoing_is_used_with_separate_credentials(dovecot, mail_user, tmp_path,
                                                                 capsys, monkeypatch):
    with auth_smtp(dovecot, "sender", "smtp-secret", "starttls") as smtp:
        monkeypatch.setattr("sys.stdin", io.StringIO(mail_user.password + "\n"))
        code, _, err = _cli(
            capsys, tmp_path, "account", "add", "--name", "Sep", "--email", "k@example.jp",
            "--protocol", "pop3", "--host", "127.0.0.1", "--port", str(dovecot.pop3s_port),
            "--username", mail_user.name, "--ca-file", str(dovecot.ca_file),
            "--smtp-host", smtp.host, "--smtp-port", str(smtp.port), "--smtp-security",
            "starttls", "--smtp-username", "sender", "--no-same-credentials",
            "--password-stdin")
        assert code == 0, err
        assert _categories("Sep") == {"incoming": "ok", "outgoing": "no_password"}
        code, out, _ = _set_password(capsys, monkeypatch, tmp_path, "smtp-secret", "Sep",
                                     "--outgoing", "--json")
        assert code == 0 and json.loads(out) == {"account": "Sep", "updated": "outgoing",
                                                 "notes": []}
        assert _categories("Sep") == {"incoming": "ok", "outgoing": "ok"}
        assert smtp.logins == [("sender", "smtp-secret")]


def test_set_password_outgoing_on_shared_credentials_says_it_is_unused(
    dovecot, mail_user, tmp_path, capsys, monkeypatch
):
    pop3_account(tmp_path, dovecot, mail_user)
    code, out, _ = _set_password(capsys, monkeypatch, tmp_path, "x", "Pop", "--outgoing")
    assert code == 0 and "same credentials" in out


def test_set_password_usage_errors(tmp_path, capsys, monkeypatch):
    assert _cli(capsys, tmp_path, "account", "add", "--name", "A", "--email", "a@example.jp",
                "--protocol", "pop3", "--host", "pop.example.jp")[0] == 0
    assert _set_password(capsys, monkeypatch, tmp_path, "x", "Nobody", "--incoming")[0] == 4
    assert _set_password(capsys, monkeypatch, tmp_path, "x", "A")[0] == 2
    assert _set_password(capsys, monkeypatch, tmp_path, "x", "A", "--incoming",
                         "--outgoing")[0] == 2
    code, _, err = _set_password(capsys, monkeypatch, tmp_path, "", "A", "--incoming")
    assert code == 2 and err.count("\n") == 1 and "No password" in err
