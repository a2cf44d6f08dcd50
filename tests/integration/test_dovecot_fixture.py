"""The test servers themselves: if these fail, every other integration test is moot."""

from __future__ import annotations

import imaplib
import poplib
import smtplib
import ssl
from email.message import EmailMessage

import pytest
from imapclient import IMAPClient
from imapclient.exceptions import LoginError

pytestmark = pytest.mark.integration

SAMPLE = (
    b"From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <taro@example.jp>\r\n"
    b"To: user@example.com\r\n"
    b"Subject: hello\r\n"
    b"Message-ID: <fixture-1@example.jp>\r\n"
    b"\r\n"
    b"body\r\n"
)


def tls_context(dovecot) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(dovecot.ca_file))


def test_imaps_login_lists_special_use_folders_and_fetches_delivered_mail(dovecot, mail_user):
    dovecot.deliver(mail_user.name, SAMPLE)
    dovecot.deliver(mail_user.name, b"Subject: sent\r\n\r\nx\r\n", folder="Sent", flags="S")

    with IMAPClient("localhost", dovecot.imaps_port, ssl_context=tls_context(dovecot)) as c:
        c.login(mail_user.name, mail_user.password)
        folders = {name: flags for flags, _, name in c.list_folders()}
        for name in ("Sent", "Drafts", "Trash", "Junk"):
            assert f"\\{name}".encode() in folders[name]
        assert "INBOX" in folders

        c.select_folder("INBOX", readonly=True)
        (uid,) = c.search()
        fetched = c.fetch([uid], ["RFC822", "FLAGS"])[uid]
        assert fetched[b"RFC822"] == SAMPLE
        assert b"\\Seen" not in fetched[b"FLAGS"]

        c.select_folder("Sent", readonly=True)
        (uid,) = c.search()
        assert b"\\Seen" in c.get_flags([uid])[uid]


def test_delivered_messages_get_uids_in_delivery_order(dovecot, mail_user):
    for n in range(20):
        dovecot.deliver(mail_user.name, f"Subject: {n}\r\n\r\nx\r\n".encode())

    with IMAPClient("127.0.0.1", dovecot.imaps_port, ssl_context=tls_context(dovecot)) as c:
        c.login(mail_user.name, mail_user.password)
        c.select_folder("INBOX", readonly=True)
        uids = sorted(c.search())
        subjects = c.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (SUBJECT)]"])
        numbers = [int(subjects[u][b"BODY[HEADER.FIELDS (SUBJECT)]"].split()[1]) for u in uids]
    assert numbers == list(range(20))


def test_pop3s_sees_delivered_messages_by_uidl(dovecot, mail_user):
    dovecot.deliver(mail_user.name, SAMPLE)
    dovecot.deliver(mail_user.name, b"Subject: second\r\n\r\nx\r\n", flags="S")

    pop = poplib.POP3_SSL(dovecot.host, dovecot.pop3s_port, context=tls_context(dovecot))
    try:
        pop.user(mail_user.name)
        pop.pass_(mail_user.password)
        _, listing, _ = pop.uidl()
        uidls = [line.split()[1] for line in listing]
        assert len(uidls) == len(set(uidls)) == 2
        _, lines, _ = pop.retr(1)
        assert b"\r\n".join(lines) + b"\r\n" == SAMPLE
    finally:
        pop.quit()


def test_starttls_on_the_plain_imap_port(dovecot, mail_user):
    with IMAPClient(dovecot.host, dovecot.imap_port, ssl=False) as c:
        assert b"STARTTLS" in c.capabilities()
        c.starttls(tls_context(dovecot))
        c.login(mail_user.name, mail_user.password)
        assert c.select_folder("INBOX")[b"EXISTS"] == 0


def test_plain_pop3_port_offers_stls(dovecot):
    pop = poplib.POP3(dovecot.host, dovecot.pop3_port)
    try:
        assert "STLS" in pop.capa()
    finally:
        pop.quit()


def test_wrong_password_is_refused(dovecot, mail_user):
    with (
        IMAPClient(dovecot.host, dovecot.imaps_port, ssl_context=tls_context(dovecot)) as c,
        pytest.raises(LoginError),
    ):
        c.login(mail_user.name, mail_user.password + "x")


def test_certificate_is_rejected_without_the_ca_file(dovecot):
    with pytest.raises(ssl.SSLCertVerificationError):
        imaplib.IMAP4_SSL(
            dovecot.host, dovecot.imaps_port, ssl_context=ssl.create_default_context()
        )


def test_smtpd_receives_a_message(smtpd):
    message = EmailMessage()
    message["From"] = "山田 太郎 <taro@example.jp>"
    message["To"] = "hanako@example.com"
    message["Subject"] = "お見積もり"
    message.set_content("よろしくお願いします。")

    with smtplib.SMTP(smtpd.host, smtpd.port) as client:
        client.send_message(message, to_addrs=["hanako@example.com", "cc@example.com"])

    (received,) = smtpd.messages
    assert received.mail_from == "taro@example.jp"
    assert received.rcpt_tos == ["hanako@example.com", "cc@example.com"]
    assert b"Subject: =?utf-8?b?" in received.raw
