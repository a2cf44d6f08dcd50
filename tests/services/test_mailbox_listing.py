"""Pages of the message list in every order, by keyset, on a real in-memory store."""

from __future__ import annotations

import pytest

from app.errors import UsageError
from app.mail import flags
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models import migrations
from app.models.base import database_proxy
from app.models.db import open_memory_database
from app.models.mail import Message
from app.services.mailbox import (
    ListOrder,
    _keyset,
    list_messages,
    list_threads,
    listed_messages,
    listed_threads,
)
from tests.mailfactory import make_message

# Ties on purpose: two Alices and two "Budget" subjects, so (key, date, id) decides.
SENDERS = ["bob@example.com", "Alice <a1@example.com>", "ＡＬＩＣＥ <a2@example.com>",
           "carol <c@example.com>", "Dave <d@example.com>", "山田 太郎 <yamada@example.jp>",
           "alice <a3@example.com>"]
SUBJECTS = ["Budget", "Re: Budget", "Fwd: agenda", "RE: Zebra", "返信: 見積", "apple",
            "[list] Budget"]


def _folder(db, count: int = 21) -> int:  # type: ignore[no-untyped-def]
    inbox = ensure_folder(ensure_account("Work", "ken@example.jp"), "INBOX", "inbox")
    store_messages(inbox, [
        IncomingMessage(make_message(SUBJECTS[n % 7], f"body {n}", sender=SENDERS[n % 5 + n % 3],
                                     seq=n % 4, message_id=f"m{n}@x"), uid=n + 1)
        for n in range(count)
    ])
    return inbox.id


def _all_pages(folder: int, order: ListOrder, size: int) -> list[int]:
    ids: list[int] = []
    after = None
    while True:
        page = listed_messages(folder, limit=size, after=after, order=order)
        ids += [listed.message.id for listed in page]
        if len(page) < size:
            return ids
        after = page[-1].position


def _expected(folder: int, key, descending: bool) -> list[int]:  # type: ignore[no-untyped-def]
    rows = list(Message.select().where(Message.folder == folder))
    rows.sort(key=lambda m: (key(m), m.date, m.id), reverse=descending)
    return [m.id for m in rows]


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", ["date", "sender", "subject"])
def test_pages_follow_the_order_across_page_boundaries(db, column: str, descending: bool) -> None:
    folder = _folder(db)
    key = {"date": lambda m: 0, "sender": lambda m: m.sort_sender,
           "subject": lambda m: m.sort_subject}[column]
    order = ListOrder(column, descending)
    assert _all_pages(folder, order, 4) == _expected(folder, key, descending)
    assert _all_pages(folder, order, 100) == _expected(folder, key, descending)


def test_sender_is_the_name_else_the_address_without_case_or_width(db) -> None:
    folder = _folder(db)
    names = [m.from_name or m.from_addr
             for m in list_messages(folder, limit=100, order=ListOrder("sender", False))]
    firsts = list(dict.fromkeys(names))
    # Ａ full-width and lower-case alice sort with Alice; the address stands in for Bob.
    assert set(firsts[:3]) == {"Alice", "ＡＬＩＣＥ", "alice"}
    assert firsts[3:] == ["bob@example.com", "carol", "Dave", "山田 太郎"]
    keys = [m.sort_sender for m in Message.select().order_by(Message.sort_sender)]
    assert set(keys) == {"alice", "bob@example.com", "carol", "dave", "山田 太郎"}


def test_subject_order_ignores_reply_markers_and_list_tags(db) -> None:
    folder = _folder(db, 7)
    subjects = [m.subject for m in list_messages(folder, limit=10,
                                                 order=ListOrder("subject", False))]
    assert subjects[:2] == ["Fwd: agenda", "apple"]
    assert set(subjects[2:5]) == {"Budget", "Re: Budget", "[list] Budget"}
    assert subjects[5:] == ["RE: Zebra", "返信: 見積"]


def test_date_order_is_newest_first_by_default_and_oldest_first_ascending(db) -> None:
    folder = _folder(db, 8)
    newest = list_messages(folder, limit=100)
    oldest = list_messages(folder, limit=100, order=ListOrder("date", False))
    assert [m.id for m in oldest] == [m.id for m in reversed(newest)]
    assert [m.timestamp for m in newest] == sorted((m.timestamp for m in newest), reverse=True)


def test_an_unknown_order_is_a_usage_error(db) -> None:
    folder = _folder(db, 2)
    with pytest.raises(UsageError):
        list_messages(folder, order=ListOrder("size"))


@pytest.mark.parametrize("column", ["date", "sender", "subject"])
def test_every_order_is_one_index_range_without_a_sort(db, column: str) -> None:
    folder = _folder(db, 3)
    [first, *_] = listed_messages(folder, limit=1, order=ListOrder(column))
    for after in (None, first.position):
        query = Message.select(Message.id).where(Message.folder == folder)
        sql, params = _keyset(query, ListOrder(column), after).limit(5).sql()
        plan = " ".join(str(row[-1]) for row in
                        database_proxy.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
        assert "TEMP B-TREE" not in plan, plan
        index = "message_folder_id_date" if column == "date" else f"message_folder_id_sort_{column}"
        assert index in plan, plan


def _conversations(db):  # type: ignore[no-untyped-def]
    """Three conversations of three messages, interleaved in time, senders apart."""
    inbox = ensure_folder(ensure_account("Work", "ken@example.jp"), "INBOX", "inbox")
    items = []
    for n in range(9):
        topic = n % 3
        refs = [f"t{topic}-0@x"] if n >= 3 else None
        items.append(IncomingMessage(
            make_message(f"Re: Topic {topic}" if refs else f"Topic {topic}", f"b{n}",
                         sender=f"{'zyx'[topic]}{n} <p{n}@example.com>", seq=n,
                         message_id=f"t{topic}-{n // 3}@x", references=refs),
            uid=n + 1, flags=flags.SEEN if n != 4 else flags.FLAGGED))
    store_messages(inbox, items)
    return inbox.id


def test_threads_by_date_are_placed_by_their_newest_message_with_marks(db) -> None:
    folder = _conversations(db)
    threads = list_threads(folder, limit=10)
    assert [t.subject for t in threads] == ["Re: Topic 2", "Re: Topic 1", "Re: Topic 0"]
    assert [t.messages for t in threads] == [3, 3, 3]
    topic1 = threads[1]
    assert topic1.unread == 1 and topic1.starred  # message 4 is unread and starred
    assert not threads[0].starred and threads[0].unread == 0


def test_threads_page_in_sender_order_each_once(db) -> None:
    folder = _conversations(db)
    order = ListOrder("sender", False)
    seen: list[int] = []
    after = None
    while page := listed_threads(folder, limit=1, after=after, order=order, shown=seen):
        seen += [t.thread.thread_id for t in page]
        after = page[-1].position
    senders = [t.latest.from_name for t in list_threads(folder, limit=10, order=order)]
    assert senders == ["x8", "y7", "z6"]  # each placed by its newest message's sender
    assert len(seen) == 3


def test_upgrade_fills_the_sort_keys_of_mail_stored_before(monkeypatch) -> None:
    monkeypatch.setattr(migrations, "STEPS", [s for s in migrations.STEPS if s[0] < 8])
    db = open_memory_database()
    try:
        db.execute_sql("INSERT INTO account (id, name, email, display_name, protocol, host, port,"
                       " security, username, smtp_host, smtp_port, smtp_security, smtp_username,"
                       " same_credentials, pop_retention, ca_file, allow_insecure, is_default,"
                       " settings, created_at) VALUES (1, 'W', 'k@x', '', 'local', '', 0, 'ssl',"
                       " '', '', 0, 'ssl', '', 1, 'keep', '', 0, 0, '{}', 0)")
        db.execute_sql("INSERT INTO folder (id, account_id, name, display_name, delimiter,"
                       " selectable) VALUES (1, 1, 'INBOX', 'INBOX', '/', 1)")
        db.execute_sql("INSERT INTO thread (id, account_id, subject, last_date, message_count)"
                       " VALUES (1, 1, 'budget', 0, 2)")
        rows = [(1, "Budget", "Bob", "bob@x", 1), (2, "Re: Budget", "", "Ann@X", 1),
                (3, "Other", " ", "zed@x", None)]
        for mid, subject, name, addr, thread in rows:
            db.execute_sql(
                "INSERT INTO message (id, account_id, folder_id, \"references\", subject,"
                " from_name, from_addr, to_addrs, cc_addrs, date, flags, keywords, size,"
                " has_attachments, snippet, thread_id, body_state, indexed, created_at)"
                " VALUES (?, 1, 1, '', ?, ?, ?, '[]', '[]', ?, 0, '', 0, 0, '', ?, 0, 0, 0)",
                (mid, subject, name, addr, mid, thread))
        monkeypatch.undo()
        migrations.migrate(db)
        keys = db.execute_sql(
            "SELECT id, sort_sender, sort_subject FROM message ORDER BY id").fetchall()
        assert keys == [(1, "bob", "budget"), (2, "ann@x", "budget"), (3, "zed@x", "other")]
    finally:
        db.close()


@pytest.mark.parametrize("column", ["date", "sender", "subject"])
def test_a_conversation_is_shown_by_its_newest_message_in_every_order(db, column: str) -> None:
    folder = _conversations(db)
    newest = {t.thread_id: t.latest.id for t in list_threads(folder, limit=10)}
    down = list_threads(folder, limit=10, order=ListOrder(column, True))
    up = list_threads(folder, limit=10, order=ListOrder(column, False))
    assert [t.thread_id for t in up] == [t.thread_id for t in reversed(down)]
    assert {t.thread_id: t.latest.id for t in up} == newest
