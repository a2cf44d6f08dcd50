"""The outbox without a mail server: queueing, states, undo, backoff, the sender lock."""

import json
import socket
import time

import peewee as pw
import pytest

from app.errors import NotFound, UsageError
from app.mail.compose import AttachmentFile, InvalidAddress
from app.mail.parse import parse_full
from app.mail.store import IncomingMessage, ensure_folder, store_messages
from app.models.base import database_proxy
from app.models.mail import Account, OutboxMessage
from app.services import outbox
from app.sync.accounts import AccountSettings, add_account
from app.sync.outbox import queue
from app.sync.outbox.lock import sender_lock
from tests.mailfactory import make_message


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused at once, as offline."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def account(db, closed_port) -> Account:
    add_account(AccountSettings(
        name="Work", email="ken@example.jp", display_name="山田 健", protocol="pop3",
        host="127.0.0.1", smtp_host="127.0.0.1", smtp_port=closed_port,
        smtp_security="ssl"), None)
    return Account.get(Account.name == "Work")


def _set_option(account: Account, **options) -> None:
    settings = json.loads(account.settings)
    settings.update(options)
    Account.update(settings=json.dumps(settings)).where(Account.id == account.id).execute()


def _queue(**changes) -> outbox.OutboxEntry:
    fields = dict(account="Work", to=["佐藤 <sato@example.com>"], subject="見積の件",
                  text="本文です")
    fields.update(changes)
    return outbox.queue_message(fields.pop("account"), fields.pop("to"), fields.pop("subject"),
                                fields.pop("text"), **fields)


def test_queue_stores_the_finished_message_and_envelope(account):
    before = int(time.time())
    entry = _queue(cc=["c@example.com"], bcc=["b@example.com"])
    row = OutboxMessage.get_by_id(entry.id)
    assert row.state == queue.QUEUED == entry.state
    assert json.loads(row.recipients) == ["sato@example.com", "c@example.com", "b@example.com"]
    raw = bytes(row.raw)
    assert f"Message-ID: <{entry.message_id}>".encode() in raw
    assert parse_full(raw).meta.subject == "見積の件" == entry.subject
    assert before + 10 <= row.send_after <= int(time.time()) + 10  # the default delay
    assert entry.account == "Work"


def test_the_durable_write_runs_with_synchronous_full(db):
    level = db.execute_sql("PRAGMA synchronous").fetchone()[0]
    with queue.durable():
        assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == level


def test_delay_from_the_account_or_the_caller(account):
    _set_option(account, send_delay=120)
    now = int(time.time())
    assert OutboxMessage.get_by_id(_queue().id).send_after >= now + 120
    assert OutboxMessage.get_by_id(_queue(delay=0).id).send_after <= int(time.time())
    with pytest.raises(UsageError):
        _queue(delay=-1)


def test_iso_2022_jp_account_option(account):
    _set_option(account, charset="ISO-2022-JP")
    raw = bytes(OutboxMessage.get_by_id(_queue().id).raw)
    assert b"=?ISO-2022-JP?B?" in raw and b"charset=ISO-2022-JP" in raw


@pytest.mark.parametrize("changes, error", [
    ({"subject": "hi\r\nBcc: evil@x"}, UsageError),
    ({"to": ["not an address"]}, InvalidAddress),
    ({"account": "Nope"}, NotFound),
])
def test_nothing_is_queued_from_bad_input(account, changes, error):
    with pytest.raises(error):
        _queue(**changes)
    assert OutboxMessage.select().count() == 0


def test_an_account_without_smtp_cannot_send(db):
    add_account(AccountSettings(name="In", email="a@example.jp", protocol="pop3",
                                host="127.0.0.1"), None)
    with pytest.raises(UsageError, match="SMTP"):
        _queue(account="In")


def test_reply_threads_under_the_stored_message(account):
    inbox = ensure_folder(account, "INBOX", role="inbox")
    (parent,) = store_messages(inbox, [IncomingMessage(make_message(
        "Question", "?", message_id="q1@example.com", references=["root@example.com"]))])
    raw = bytes(OutboxMessage.get_by_id(_queue(reply_to=parent).id).raw)
    assert b"In-Reply-To: <q1@example.com>" in raw
    assert b"References: <root@example.com> <q1@example.com>" in raw


def test_cancel_gives_the_message_back_and_removes_it(account):
    entry = _queue(cc=["Cc Person <c@example.com>"], bcc=["b@example.com"], html="<b>x</b>",
                   attachments=[AttachmentFile("見積書.pdf", b"%PDF bytes")])
    cancelled = outbox.cancel(entry.id)
    assert OutboxMessage.select().count() == 0
    assert cancelled.subject == "見積の件" and cancelled.text.strip() == "本文です"
    assert cancelled.to == ["佐藤 <sato@example.com>"]
    assert cancelled.cc == ["Cc Person <c@example.com>"] and cancelled.bcc == ["b@example.com"]
    assert cancelled.html.strip() == "<b>x</b>"
    assert [(a.filename, a.data) for a in cancelled.attachments] == [
        ("見積書.pdf", b"%PDF bytes")]
    with pytest.raises(NotFound):
        outbox.cancel(entry.id)


def test_undo_and_the_sender_cannot_both_win(account):
    first, second = _queue(), _queue()
    assert queue.claim(first.id)
    with pytest.raises(UsageError, match="Too late"):
        outbox.cancel(first.id)
    outbox.cancel(second.id)
    assert not queue.claim(second.id)


def test_backoff_doubles_up_to_an_hour():
    assert [queue.retry_delay(n) for n in (1, 2, 3, 4, 8, 20)] == [30, 60, 120, 240, 3600, 3600]


def test_offline_keeps_the_message_queued_with_growing_delays(account):
    entry = _queue(delay=0)
    result = outbox.flush()
    assert result.exit_code == 3
    (outcome,) = result.outcomes
    assert outcome.state == "queued"
    assert outcome.error_kind in ("ServerUnavailable", "ServerUnreachable")
    row = OutboxMessage.get_by_id(entry.id)
    assert (row.state, row.attempts) == ("queued", 1)
    assert row.send_after >= int(time.time()) + 29
    assert "127.0.0.1" in row.last_error

    assert outbox.flush().outcomes == []  # not due yet
    outbox.flush(ignore_delay=True)
    row = OutboxMessage.get_by_id(entry.id)
    assert row.attempts == 2 and row.send_after >= int(time.time()) + 59


def test_a_message_in_its_delay_waits_unless_forced(account):
    entry = _queue(delay=600)
    assert outbox.flush().outcomes == []
    assert outbox.flush(ids=[entry.id], ignore_delay=True).outcomes[0].id == entry.id


def test_failed_messages_wait_for_the_user(account):
    entry = _queue()
    queue.claim(entry.id)
    queue.fail(entry.id, "wrong password")
    assert outbox.flush(ignore_delay=True).outcomes == []
    assert outbox.get_entry(entry.id).last_error == "wrong password"
    again = outbox.retry(entry.id)
    assert again.state == "queued"
    assert OutboxMessage.get_by_id(entry.id).send_after <= int(time.time())
    assert again.attempts == 1


def test_a_sent_message_is_never_retried_or_cancelled(account):
    entry = _queue()
    queue.claim(entry.id)
    queue.mark_sent(entry.id)
    queue.mark_copied(entry.id)
    with pytest.raises(UsageError):
        outbox.retry(entry.id)
    with pytest.raises(UsageError):
        outbox.cancel(entry.id)


def test_interrupted_sends_go_again(account):
    entry = _queue(delay=0)
    queue.claim(entry.id)  # as a sender killed mid-transaction leaves it
    assert queue.recover_interrupted() == 1
    assert OutboxMessage.get_by_id(entry.id).state == "queued"


def test_next_due_and_pruning(account):
    assert outbox.next_due() is None
    late, soon = _queue(delay=500), _queue(delay=50)
    assert outbox.next_due() == OutboxMessage.get_by_id(soon.id).send_after
    for entry in (late, soon):
        queue.claim(entry.id)
        queue.mark_sent(entry.id)
        queue.mark_copied(entry.id)
    assert outbox.next_due() is None
    assert queue.prune(now=int(time.time()) + queue.KEEP_COPIED + 1) == 2


def test_only_one_sender_at_a_time(account):
    _queue(delay=0)
    with sender_lock(database_proxy.obj) as mine:
        assert mine
        result = outbox.flush(ignore_delay=True)
    assert result.busy and result.outcomes == []
    assert OutboxMessage.get().state == "queued"


def test_file_lock_is_per_data_directory(tmp_path):
    db = pw.SqliteDatabase(str(tmp_path / "kizuna.db"))
    with sender_lock(db) as first, sender_lock(db) as second:
        assert (first, second) == (True, False)
    with sender_lock(db) as again:
        assert again


def test_delete_only_finished_or_failed_entries(account):
    waiting, failed, done = _queue(delay=600), _queue(), _queue()
    queue.claim(failed.id)
    queue.fail(failed.id, "refused")
    queue.claim(done.id)
    queue.mark_sent(done.id)
    queue.mark_copied(done.id)
    with pytest.raises(UsageError):
        outbox.delete_entry(waiting.id)  # still going: that is what cancel is for
    outbox.delete_entry(failed.id)
    outbox.delete_entry(done.id)
    assert [e.id for e in outbox.list_outbox()] == [waiting.id]
    with pytest.raises(NotFound):
        outbox.delete_entry(done.id)
