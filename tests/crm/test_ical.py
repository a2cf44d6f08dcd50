import datetime as dt

from app.crm.ical import parse_duration, parse_time, read_calendar, write_calendar
from app.crm.records import ActivityView
from app.crm.textlines import LIMIT, parse_line

NOW = 1_763_000_000


def _activity(**fields) -> ActivityView:
    base = dict(id="A1", kind="event", record="C7", subject="", body="", due=None, start=None,
                end=None, done=False, created_at="2025-11-01T00:00:00Z")
    return ActivityView(**{**base, **fields})


def test_events_and_tasks_round_trip_in_utc():
    event = _activity(subject="訪問; 契約条件, すり合わせ", body="資料:\n見積書v3",
                      start="2025-11-20T05:00:00Z", end="2025-11-20T06:30:00Z",
                      location="本社 8F会議室", attendees=["t.yamada@sample.example.jp"])
    task = _activity(id="A2", kind="task", subject="Send the MSA", due="2025-11-21T14:59:59Z",
                     priority="high", done=True, done_at="2025-11-19T01:00:00Z")
    note = _activity(id="A3", kind="note", subject="not exported")
    text = write_calendar([event, task, note], NOW)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert "DTSTART:20251120T050000Z\r\n" in text and "DUE:20251121T145959Z\r\n" in text
    assert "SUMMARY:訪問\\; 契約条件\\, すり合わせ\r\n" in text
    assert "not exported" not in text
    assert all(len(line.encode()) <= LIMIT for line in text.split("\r\n"))
    first, second = read_calendar(text)
    assert (first.kind, first.subject, first.body, first.location) == (
        "event", "訪問; 契約条件, すり合わせ", "資料:\n見積書v3", "本社 8F会議室")
    assert (first.start, first.end) == (1763614800, 1763620200)
    assert first.attendees == ["t.yamada@sample.example.jp"] and first.record == "C7"
    assert (second.kind, second.due, second.priority, second.done) == (
        "task", 1763737199, "high", True)
    assert "COMPLETED:20251119T010000Z" in text


def test_long_japanese_summary_folds_and_unfolds():
    subject = "ネクスト建設様 ご提案・タブレットでのデモ（現場申請ワークフロー）" * 3
    text = write_calendar([_activity(subject=subject, start="2025-11-20T05:00:00Z")], NOW)
    assert "\r\n " in text
    assert read_calendar(text)[0].subject == subject


def test_times_with_tzid_floating_dates_and_durations():
    tokyo = parse_time(parse_line("DTSTART;TZID=Asia/Tokyo:20251120T140000"))
    assert tokyo == int(dt.datetime(2025, 11, 20, 5, tzinfo=dt.UTC).timestamp())
    calendar = ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Call\n"
                "DTSTART;TZID=Asia/Tokyo:20251120T140000\nDURATION:PT1H30M\n"
                "ORGANIZER;CN=Ken:MAILTO:Ken@Example.jp\nEND:VEVENT\n"
                "BEGIN:VTODO\nSUMMARY:All day\nDUE;VALUE=DATE:20251122\nEND:VTODO\n"
                "END:VCALENDAR\n")
    event, task = read_calendar(calendar)
    assert event.end - event.start == 5400 and event.attendees == ["ken@example.jp"]
    due = dt.datetime.fromtimestamp(task.due).astimezone()
    assert (due.date(), due.time()) == (dt.date(2025, 11, 22), dt.time(23, 59, 59))
    all_day = read_calendar("BEGIN:VEVENT\nSUMMARY:Expo\nDTSTART;VALUE=DATE:20251120\n"
                            "DTEND;VALUE=DATE:20251122\nEND:VEVENT\n")[0]
    start = dt.datetime.fromtimestamp(all_day.start).astimezone()
    end = dt.datetime.fromtimestamp(all_day.end).astimezone()
    assert (start.date(), start.time()) == (dt.date(2025, 11, 20), dt.time(0, 0))
    assert (end.date(), end.time()) == (dt.date(2025, 11, 21), dt.time(23, 59, 59))
    assert parse_duration("P1W") == 604800 and parse_duration("-PT15M") == -900
    assert parse_duration("P1M") is None
