import datetime as dt

import pytest

from app.crm.activities import list_activities, parse_duration
from app.errors import UsageError
from app.services import crm

JST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def contact(db):
    return crm.add_record("contact", {"last_name": "山田", "email": "yamada@sample.example.jp"})


def test_each_kind_keeps_its_own_fields(contact):
    task = crm.log_activity(contact.id, "task", "見積書の送付", due="2025-11-21", priority="high")
    assert (task.kind, task.priority, task.done) == ("task", "high", False)
    event = crm.log_activity(contact.id, "event", "訪問", start="2025-11-20T14:00+09:00",
                             location="本社 8F", attendees=["Yamada@Sample.example.jp"])
    assert (event.start, event.end) == ("2025-11-20T05:00:00Z", "2025-11-20T06:00:00Z")
    assert event.attendees == ["yamada@sample.example.jp"] and event.location == "本社 8F"
    call = crm.log_activity(contact.id, "call", "契約の確認", direction="inbound",
                            duration="4:30", outcome="今週中に決裁")
    assert (call.direction, call.duration, call.outcome, call.done) == (
        "inbound", 270, "今週中に決裁", True)
    note = crm.log_activity(contact.id, "note", "競合状況", body="価格で比較中")
    assert note.done and note.body == "価格で比較中"
    assert all(a.record == contact.id for a in (task, event, call, note))


@pytest.mark.parametrize("kind, fields, word", [
    ("task", {"start": "2025-11-20T10:00"}, "--start"),
    ("note", {"due": "2025-11-20"}, "--due"),
    ("event", {}, "start"),
    ("event", {"start": "2025-11-20T10:00", "end": "2025-11-20T09:00"}, "before"),
    ("call", {"direction": "sideways"}, "direction"),
    ("task", {"due": "next friday"}, "due"),
    ("meeting", {}, "kind"),
])
def test_wrong_options_are_refused_not_dropped(contact, kind, fields, word):
    with pytest.raises(UsageError) as refused:
        crm.log_activity(contact.id, kind, "x", **fields)
    assert word in refused.value.english


def test_deal_must_belong_to_the_record(contact):
    other = crm.add_record("contact", {"last_name": "Chen", "email": "chen@x.example"})
    deal = crm.create_deal(other.id, "Contoso")
    with pytest.raises(UsageError):
        crm.log_activity(contact.id, "task", "x", deal=deal.id)
    assert crm.log_activity(other.id, "task", "x", deal=deal.id).deal == deal.id


def test_done_and_undo_only_for_tasks_and_events(contact):
    task = crm.log_activity(contact.id, "task", "follow up")
    done = crm.complete_task(task.id)
    assert done.done and done.done_at
    assert not crm.complete_task(task.id, done=False).done
    note = crm.log_activity(contact.id, "note", "n")
    with pytest.raises(UsageError):
        crm.complete_task(note.id)


def test_due_buckets_in_the_users_day(contact):
    now = dt.datetime(2025, 11, 20, 10, 0, tzinfo=JST)
    subjects = {
        "overdue": "2025-11-19T23:00+09:00", "today early": "2025-11-20T00:30+09:00",
        "today late": "2025-11-20T23:30+09:00", "upcoming": "2025-11-21T00:00+09:00",
    }
    for subject, due in subjects.items():
        crm.log_activity(contact.id, "task", subject, due=due)
    crm.log_activity(contact.id, "event", "meeting today", start="2025-11-20T15:00+09:00")
    done = crm.log_activity(contact.id, "task", "done yesterday", due="2025-11-19T09:00+09:00")
    crm.complete_task(done.id)

    def bucket(name, **kw):
        return [a.subject for a in list_activities(due=name, now=now, **kw)]

    assert bucket("overdue") == ["overdue"]
    assert bucket("today") == ["today early", "meeting today", "today late"]
    assert bucket("upcoming") == ["upcoming"]
    assert bucket("overdue", include_done=True) == ["overdue"]


def test_date_only_due_means_the_end_of_that_day(contact):
    task = crm.log_activity(contact.id, "task", "x", due=dt.date(2025, 11, 21))
    local_end = dt.datetime.combine(dt.date(2025, 11, 21), dt.time(23, 59, 59)).astimezone()
    assert task.due == local_end.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("text, seconds", [
    ("300", 300), ("90s", 90), ("5m", 300), ("5min", 300), ("1h", 3600), ("4:30", 270),
    ("1:02:03", 3723), ("５m", 300),
])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds
