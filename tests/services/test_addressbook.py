"""Address completion over mail history and the CRM: what matches, in which order, and
that new mail and new CRM people show up without a rebuild by hand."""

from __future__ import annotations

import itertools
import time

import pytest

from app.mail.compose import parse_mailbox
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.crm import Contact, Lead
from app.models.mail import Folder
from app.services import addressbook
from tests.services.test_compose import raw_message

NOW = int(time.time())
ME = "Ken Sato <ken@example.jp>"
_ids = itertools.count()


@pytest.fixture
def folders(db) -> tuple[Folder, Folder]:
    addressbook.invalidate()
    account = ensure_account("Work", "ken@example.jp")
    return ensure_folder(account, "INBOX", "inbox"), ensure_folder(account, "Sent", "sent")


def store(folder: Folder, *messages: tuple[str, str, str]) -> None:
    """(from, to, cc) triples, one message each."""
    items = [IncomingMessage(raw_message("s", sender, to, cc=cc, msgid=f"m{next(_ids)}@x"))
             for sender, to, cc in messages]
    store_messages(folder, items)


def texts(prefix: str, limit: int = 10) -> list[str]:
    return [s.text for s in addressbook.complete(prefix, limit)]


def test_matches_address_name_words_domain_and_japanese_inside(folders) -> None:
    inbox, _sent = folders
    store(inbox, ("山田 太郎 <yamada@sample.co.jp>", ME, ""),
          ("Maria Garcia <mgarcia@globex.example>", ME, "John Smith <john@globex.example>"))
    assert texts("yam") == ["山田 太郎 <yamada@sample.co.jp>"]
    assert texts("山田") == ["山田 太郎 <yamada@sample.co.jp>"]
    assert texts("太郎") == ["山田 太郎 <yamada@sample.co.jp>"]  # inside a Japanese name
    assert texts("山田太郎") == ["山田 太郎 <yamada@sample.co.jp>"]  # typed without the space
    assert texts("garc") == ["Maria Garcia <mgarcia@globex.example>"]  # a later name word
    assert texts("garcia") == ["Maria Garcia <mgarcia@globex.example>"]
    store(inbox, ("<t.yamada@sample-shoji.example.jp>", ME, ""))
    assert texts("yamada") == ["山田 太郎 <yamada@sample.co.jp>",
                               "t.yamada@sample-shoji.example.jp"]  # a word of the address
    assert texts("GLOBEX") == ["Maria Garcia <mgarcia@globex.example>",
                               "John Smith <john@globex.example>"]  # the domain
    assert texts("ｊｏｈｎ") == ["John Smith <john@globex.example>"]  # full-width input
    assert texts("arcia@") == [] and texts("  ") == [] and texts("zzz") == []


def test_the_user_is_never_suggested(folders) -> None:
    inbox, _sent = folders
    store(inbox, ("Kenji <kenji@x.example>", ME, ""))
    assert texts("ken") == ["Kenji <kenji@x.example>"]


def test_people_the_user_writes_to_rank_first(folders) -> None:
    inbox, sent = folders
    store(inbox, *[("Sam Often <sam@x.example>", ME, "")] * 3)
    store(inbox, ("Sara Cc <sara@x.example>", ME, ""))
    store(sent, (ME, "Sara Cc <sara@x.example>", ""), (ME, "Sasha <sasha@x.example>", ""))
    store(inbox, ("Other <o@x.example>", ME, "Saul Seen <saul@x.example>"))
    assert texts("sa") == ["Sara Cc <sara@x.example>", "Sasha <sasha@x.example>",
                           "Sam Often <sam@x.example>", "Saul Seen <saul@x.example>"]
    assert texts("sa", limit=2) == ["Sara Cc <sara@x.example>", "Sasha <sasha@x.example>"]


def test_new_mail_and_crm_people_show_up(folders) -> None:
    inbox, _sent = folders
    store(inbox, ("Alice <alice@x.example>", ME, ""))
    assert texts("a") == ["Alice <alice@x.example>"]
    store(inbox, ("Anna <anna@x.example>", ME, ""))
    assert [s.addr for s in addressbook.complete("an")] == ["anna@x.example"]
    Lead.create(last_name="鈴木", first_name="花子", email="suzuki@sample.co.jp",
                last_name_kana="すずき", first_name_kana="はなこ",
                created_at=NOW, updated_at=NOW)
    Contact.create(last_name="Abe", first_name="Akira", email="alice@x.example",
                   created_at=NOW, updated_at=NOW + 1)
    [lead] = addressbook.complete("すず")
    assert (lead.text, lead.kind) == ("鈴木 花子 <suzuki@sample.co.jp>", "lead")
    assert addressbook.complete("はな")[0].addr == "suzuki@sample.co.jp"  # furigana words
    alice = addressbook.complete("abe")[0]
    assert (alice.text, alice.kind) == ("Akira Abe <alice@x.example>", "contact")


def test_names_that_need_quotes_stay_one_address(folders) -> None:
    inbox, _sent = folders
    store(inbox, ('"Sato, Ken (Sales)" <ks@x.example>', ME, ""))
    [found] = addressbook.complete("sato")
    assert found.text == '"Sato, Ken (Sales)" <ks@x.example>'
    assert parse_mailbox(found.text).name == "Sato, Ken (Sales)"


def test_a_different_database_gets_its_own_book(folders) -> None:
    inbox, _sent = folders
    store(inbox, ("Zed <zed@x.example>", ME, ""))
    assert texts("zed") == ["Zed <zed@x.example>"]
    from app.models.db import open_memory_database

    other = open_memory_database()
    try:
        assert texts("zed") == []
    finally:
        other.close()


def test_prefixes_matching_very_many_give_the_same_best(folders, monkeypatch) -> None:
    inbox, sent = folders
    store(inbox, *[("Sam Often <sam@x.example>", ME, "")] * 3)
    store(inbox, ("山田 太郎 <yamada@sample.co.jp>", ME, ""), ("Yoko <yoko@x.example>", ME, ""))
    store(sent, (ME, "Sara Cc <sara@x.example>", ""))
    expected = {prefix: texts(prefix, 2) for prefix in ("s", "sa", "y", "太郎", "x.ex")}
    monkeypatch.setattr(addressbook, "MANY_MATCHES", 0)  # walk the ranking instead
    assert {prefix: texts(prefix, 2) for prefix in expected} == expected
    assert expected["s"] == ["Sara Cc <sara@x.example>", "Sam Often <sam@x.example>"]
    assert expected["太郎"] == ["山田 太郎 <yamada@sample.co.jp>"]
