"""The header sync indexes each stored batch from the metadata in hand: the index must be
the one index_messages would build by reading the rows back."""

from app.mail.search import index_messages, search_ids
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.base import database_proxy
from app.models.db import open_memory_database
from tests.mailfactory import make_message


def _items() -> list[IncomingMessage]:
    full = [
        make_message("お見積もりの件", "いつもお世話になっております。", message_id="a@x",
                     sender="山田 太郎 <yamada@example.jp>", seq=1),
        make_message("Re: Contract", "See the draft.", message_id="b@x", references=["a@x"],
                     to="Ken <ken@example.jp>, Ｍａｒｉａ <maria@example.com>", seq=2),
        make_message("HTML only", "", html="<p>Hello <b>there</b></p>", message_id="c@x", seq=3),
    ]
    headers = [raw.split(b"\n\n", 1)[0] + b"\n\n" for raw in full]
    return [
        *(IncomingMessage(raw, uid=n) for n, raw in enumerate(full, 1)),
        *(IncomingMessage(raw, uid=n, complete=False, size=999)
          for n, raw in enumerate(headers, 10)),
        # Unreadable: left to index_messages; dated by arrival, fixed here so runs compare.
        IncomingMessage(b"\x00\x01 not mail", uid=20, received=1_700_000_000),
    ]


def _index_state(inline: bool) -> tuple:
    database = open_memory_database()
    try:
        folder = ensure_folder(ensure_account("Test", "ken@example.jp"), "INBOX", "inbox")
        ids = store_messages(folder, _items(), index=inline)
        sql = database_proxy.execute_sql
        pending = [mid for (mid,) in sql("SELECT id FROM message WHERE indexed = 0")]
        index_messages(pending if inline else ids)
        return (
            sql("SELECT rowid, subject, sender, recipients, body FROM message_fts "
                "ORDER BY rowid").fetchall(),
            sql("SELECT id, indexed FROM message ORDER BY id").fetchall(),
            pending,
            search_ids("見積"), search_ids("maria"),
        )
    finally:
        database.close()


def test_indexing_while_storing_equals_indexing_afterwards():
    inline, afterwards = _index_state(True), _index_state(False)
    assert inline[:2] == afterwards[:2]
    assert len(inline[0]) == 7
    assert inline[2] == [7]  # only the unreadable message was left for index_messages
    assert inline[3:] == afterwards[3:] and inline[3] and inline[4]
