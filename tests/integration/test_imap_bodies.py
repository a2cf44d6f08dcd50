"""Bodies: fetched when a message is opened, and ahead of time for recent INBOX and Sent mail."""

from __future__ import annotations

import contextlib
import io
import json
import time
from email.message import EmailMessage

import pytest

from app.cli.main import run as cli
from app.mail.search import index_pending
from app.models.mail import Account, Attachment, Message, MessageRaw
from app.services import actions, mailbox
from app.services.sync import sync_accounts
from app.sync.errors import ServerUnavailable
from app.sync.imap import bodies
from tests.integration.dovecot import free_ports
from tests.integration.imap_helpers import imap_account
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration

HOUR = 3600
DAY = 86400


def _with_attachment(subject: str, body: str, date: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Alice <alice@example.com>"
    msg["To"] = "ken@example.jp"
    msg["Subject"] = subject
    msg["Message-ID"] = f"<{subject}@x>"
    msg["Date"] = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(date))
    msg.set_content(body)
    msg.add_attachment(b"%PDF-1.4 quote", maintype="application", subtype="pdf",
                       filename="見積書.pdf")
    return bytes(msg)


def _row(subject: str) -> Message:
    return Message.get(Message.subject == subject)


def _offline() -> None:
    Account.update(port=free_ports(1)[0]).execute()


def test_opening_a_message_fetches_parses_and_indexes_its_body(dovecot, mail_user, tmp_path):
    old = int(time.time()) - 90 * DAY  # outside the prefetch window
    dovecot.deliver(mail_user.name, _with_attachment("quote", "kumquat pricing inside", old))
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    row = _row("quote")
    assert row.body_state == 0
    assert mailbox.search("kumquat") == []

    assert actions.ensure_body(row.id) is True
    row = _row("quote")
    assert row.body_state == 1 and row.has_attachments
    assert "kumquat" in row.snippet
    assert MessageRaw.get(MessageRaw.message == row.id).complete
    assert [a.filename for a in Attachment.select().where(Attachment.message == row.id)] == [
        "見積書.pdf"
    ]
    assert [m.id for m in mailbox.search("kumquat")] == [row.id]
    _offline()  # stored now: opening again needs no server
    assert actions.ensure_body(row.id) is True
    assert "kumquat pricing" in mailbox.show_message(row.id).text


def test_opening_offline_is_a_clear_error_and_keeps_the_headers(dovecot, mail_user, tmp_path):
    dovecot.deliver(mail_user.name, make_message("old", "far away", seq=1))  # 2025: not recent
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    _offline()
    with pytest.raises(ServerUnavailable):
        actions.ensure_body(_row("old").id)
    assert _row("old").body_state == 0


def test_message_gone_from_the_server_reports_no_body(dovecot, mail_user, tmp_path):
    dovecot.deliver(mail_user.name, make_message("gone", "x", seq=1))
    imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    for path in (dovecot.maildir(mail_user.name) / "new").iterdir():
        path.unlink()
    for path in (dovecot.maildir(mail_user.name) / "cur").iterdir():
        path.unlink()
    assert actions.ensure_body(_row("gone").id) is False


def test_recent_inbox_and_sent_bodies_are_prefetched_for_offline_reading(
    dovecot, mail_user, tmp_path
):
    now = int(time.time())
    user = mail_user.name
    dovecot.deliver(user, make_message("fresh", "durian season", date=now - HOUR))
    dovecot.deliver(user, make_message("stale", "old news", date=now - 30 * DAY))
    dovecot.deliver(user, make_message("mine", "sent durian", date=now - HOUR), folder="Sent",
                    flags="S")
    dovecot.deliver(user, make_message("junk", "spam durian", date=now - HOUR), folder="Junk")
    session = imap_account(tmp_path, dovecot, mail_user)
    sync_accounts()
    states = {subject: _row(subject).body_state for subject in ("fresh", "stale", "mine", "junk")}
    assert states == {"fresh": 1, "stale": 0, "mine": 1, "junk": 0}
    _offline()
    session.close()

    assert "durian season" in _show(tmp_path, "fresh")["text"]  # the CLI, with no server
    assert {m["subject"] for m in _cli_json(tmp_path, "search", "durian")} == {"fresh", "mine"}


def _cli_json(home, *argv: str):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli(["--home", str(home), *argv, "--json"]) == 0
    return json.loads(out.getvalue())


def _show(home, subject: str) -> dict:
    listed = _cli_json(home, "messages", "list", "--limit", "10")
    mid = next(m["id"] for m in listed if m["subject"] == subject)
    return _cli_json(home, "messages", "show", str(mid))


def test_prefetch_window_setting_and_per_pass_cap(dovecot, mail_user, tmp_path, monkeypatch):
    now = int(time.time())
    for seq in range(3):
        dovecot.deliver(mail_user.name, make_message(f"m{seq}", "x", date=now - 3 * DAY, seq=seq))
    imap_account(tmp_path, dovecot, mail_user, options={"body_days": 1})
    sync_accounts()
    assert {m.body_state for m in Message.select()} == {0}  # three days old, window of one

    Account.update(settings=json.dumps({"body_days": 7})).execute()
    monkeypatch.setattr(bodies, "PREFETCH_PER_PASS", 2)
    sync_accounts()
    assert sorted(m.body_state for m in Message.select()) == [0, 1, 1]  # newest first
    assert _row("m0").body_state == 0
    sync_accounts()
    assert {m.body_state for m in Message.select()} == {1}
    assert index_pending() == 0  # every stored body was indexed with it
