"""Servers that break RFC 1939's UIDL rules must never make a message download twice or
store twice, and must never cost a message."""

import pytest

from app.models.mail import Account, Message, PopUidl
from app.sync import credentials
from app.sync.accounts import AccountSettings, add_account
from app.sync.pop3.account_sync import sync_pop3_account
from tests.mailfactory import make_message
from tests.sync.pop3.fake_server import Maildrop, serve


@pytest.fixture
def drop():
    return Maildrop()


@pytest.fixture
def account(db, drop):
    with serve(drop) as port:
        credentials.delete_passwords("Fake")
        add_account(AccountSettings(
            name="Fake", email="ken@example.jp", protocol="pop3", host="127.0.0.1", port=port,
            security="none", allow_insecure=True), "secret")
        yield Account.get(Account.name == "Fake")


def _sync(account) -> tuple[int, int, int]:
    [result] = sync_pop3_account(Account.get_by_id(account.id))
    return result.new, result.removed_from_server, result.failed


def _mail(n: int, subject: str = "Mail") -> bytes:
    return make_message(f"{subject} {n}", f"body {n}", message_id=f"m{n}@x", seq=n)


def _stored() -> list[str]:
    return sorted(m for (m,) in Message.select(Message.message_id).tuples())


def test_unusable_uidls_are_keyed_by_a_stable_digest(account, drop):
    drop.add(b"x" * 100, _mail(1))  # RFC 1939: at most 70 characters
    drop.add(b"has space", _mail(2))
    drop.add("日本語".encode(), _mail(3))
    drop.add(b"", _mail(4))
    drop.add(b"ok-1", _mail(5))
    assert _sync(account) == (5, 0, 0)
    assert _sync(account) == (0, 0, 0)
    assert len(drop.retrieved) == 5
    keys = {k for (k,) in Message.select(Message.pop_uidl).tuples()}
    assert "ok-1" in keys
    assert sum(k.startswith("uidl-sha256 ") for k in keys) == 4


def test_a_repeated_uidl_is_split_by_message_digest(account, drop):
    drop.add(b"same", _mail(1))
    drop.add(b"same", _mail(2))
    drop.add(b"other", _mail(3))
    assert _sync(account) == (3, 0, 0)
    assert _sync(account) == (0, 0, 0)
    assert len(drop.retrieved) == 3
    assert _stored() == ["m1@x", "m2@x", "m3@x"]
    Account.update(pop_retention="delete").execute()
    assert _sync(account) == (0, 3, 0)
    assert drop.mails == []


def test_identical_copies_under_one_uidl_are_one_message(account, drop):
    drop.add(b"copy", _mail(1))
    drop.add(b"copy", _mail(1))
    Account.update(pop_retention="delete").execute()
    assert _sync(account) == (1, 2, 0)
    assert _stored() == ["m1@x"]
    assert drop.mails == []


def test_a_uidl_that_becomes_unique_again_is_still_known(account, drop):
    first = drop.add(b"u", _mail(1))
    assert _sync(account) == (1, 0, 0)
    drop.add(b"u", _mail(2))  # the server now lists two messages as "u"
    assert _sync(account) == (1, 0, 0)
    drop.mails.remove(first)  # another client took the first one
    assert _sync(account) == (0, 0, 0)
    drop.add(b"v", _mail(3))
    assert _sync(account) == (1, 0, 0)
    assert drop.retrieved == [b"u", b"u", b"v"]
    assert _stored() == ["m1@x", "m2@x", "m3@x"]


def test_a_server_without_uidl_is_keyed_by_headers(account, drop):
    drop.uidl = False
    drop.add(None, _mail(1))
    drop.add(None, _mail(2))
    assert _sync(account) == (2, 0, 0)
    drop.add(None, _mail(3))
    assert _sync(account) == (1, 0, 0)
    assert len(drop.retrieved) == 3
    Account.update(pop_retention="delete").execute()
    assert _sync(account) == (0, 3, 0)
    assert _stored() == ["m1@x", "m2@x", "m3@x"]


def test_renumbered_uidls_cost_one_download_and_no_duplicate(account, drop):
    for n in range(4):
        drop.add(b"old-%d" % n, _mail(n))
    assert _sync(account) == (4, 0, 0)
    for n, mail in enumerate(drop.mails):  # e.g. the provider moved to a new server
        mail.uidl = b"new-%d" % n
    assert _sync(account) == (0, 0, 0)
    assert _sync(account) == (0, 0, 0)
    assert len(drop.retrieved) == 8
    assert _stored() == [f"m{n}@x" for n in range(4)]


def test_a_reused_uidl_brings_the_new_message(account, drop):
    first = drop.add(b"1", _mail(1))
    assert _sync(account) == (1, 0, 0)
    drop.mails.remove(first)
    assert _sync(account) == (0, 0, 0)  # the server let go of "1": so does Kizuna
    assert PopUidl.select().count() == 0
    drop.add(b"1", _mail(2))
    assert _sync(account) == (1, 0, 0)
    assert _sync(account) == (0, 0, 0)
    assert _stored() == ["m1@x", "m2@x"]


@pytest.mark.parametrize("pipelining", [True, False])
def test_a_message_the_server_will_not_hand_out_stays_there(account, drop, pipelining):
    drop.pipelining = pipelining
    for n in range(40):
        drop.add(b"k%d" % n, _mail(n))
    drop.refuse_retr.update({b"k0", b"k17", b"k39"})
    Account.update(pop_retention="delete").execute()
    assert _sync(account) == (37, 37, 3)
    assert [m.uidl for m in drop.mails] == [b"k0", b"k17", b"k39"]
    drop.refuse_retr.clear()
    assert _sync(account) == (3, 3, 0)
    assert _stored() == sorted(f"m{n}@x" for n in range(40)) and drop.mails == []
    assert len(drop.retrieved) == 40
    pairs = Message.select(Message.message_id, Message.pop_uidl).tuples()
    assert all(mid == f"m{key[1:]}@x" for mid, key in pairs)  # each reply to its own RETR


def test_mirror_deletes_only_what_is_gone_locally(account, drop):
    from app.services import actions

    for n in range(3):
        drop.add(b"k%d" % n, _mail(n))
    Account.update(pop_retention="mirror").execute()
    assert _sync(account) == (3, 0, 0)
    gone = Message.get(Message.message_id == "m1@x").id
    actions.delete_messages([gone])
    assert _sync(account) == (0, 1, 0)
    assert [m.uidl for m in drop.mails] == [b"k0", b"k2"]
    assert _sync(account) == (0, 0, 0)


def test_a_line_beyond_the_cap_stops_the_session_cleanly(account, drop, monkeypatch):
    from app.sync.errors import MailboxError
    from app.sync.pop3 import session

    monkeypatch.setattr(session, "MAX_LINE", 4096)
    drop.add(b"fine", b"Subject: fine\nMessage-ID: <fine@x>\n\n" + b"y" * 4000 + b"\n")
    drop.add(b"huge", b"Subject: huge\nMessage-ID: <huge@x>\n\n" + b"z" * 5000 + b"\n")
    Account.update(pop_retention="delete").execute()
    with pytest.raises(MailboxError) as error:
        _sync(account)
    assert "longer than" in error.value.english
    assert len(drop.mails) == 2  # no QUIT, so no DELE took effect
    monkeypatch.undo()
    assert _sync(account) == (2, 2, 0)
