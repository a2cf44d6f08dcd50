import pytest

from app.errors import UsageError
from app.mail.store import ensure_account, ensure_folder
from app.sync.pop3.history import Download, History, record_downloads
from app.sync.pop3.listing import Listed
from app.sync.pop3.retention import DAY, Retention, parse, to_delete
from tests.mailfactory import make_message


def test_parse_the_four_choices():
    assert parse("keep") == Retention("keep")
    assert parse("delete") == Retention("delete")
    assert parse("mirror") == Retention("mirror")
    assert parse("days:14") == Retention("days", 14)
    for bad in ("days:0", "days:-1", "days:", "forever", "days:1.5"):
        with pytest.raises(UsageError):
            parse(bad)


def _history_with(keys: list[str]) -> History:
    account = ensure_account("P", "p@example.jp", protocol="pop3")
    folder = ensure_folder(account, "INBOX", "inbox")
    history = History(account.id)
    record_downloads(folder, history, [
        Download(key, key, f"digest-{key}", make_message(key, "x", message_id=f"{key}@x"))
        for key in keys])
    return history


def test_only_stored_messages_are_ever_chosen(db):
    history = _history_with(["a", "b"])
    listed = [Listed(1, "a", "a"), Listed(2, "b", "b"), Listed(3, "new", "new")]
    now = history.by_key["a"].stored_at
    assert [i.key for i in to_delete(Retention("delete"), listed, history, now)] == ["a", "b"]
    assert to_delete(Retention("keep"), listed, history, now) == []
    assert to_delete(Retention("days", 2), listed, history, now + 2 * DAY - 1) == []
    assert len(to_delete(Retention("days", 2), listed, history, now + 2 * DAY)) == 2
    assert to_delete(Retention("mirror"), listed, history, now) == []
