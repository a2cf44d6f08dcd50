from __future__ import annotations

import datetime as dt

from app.ui.formatting import compact_date, full_name, human_size, person, short_datetime

NOW = dt.datetime(2025, 6, 15, 18, 0).astimezone()


def _ts(*args: int) -> int:
    return int(dt.datetime(*args).astimezone().timestamp())


def test_compact_date_today_this_year_and_older() -> None:
    assert compact_date(_ts(2025, 6, 15, 9, 5), NOW) == "09:05"
    assert compact_date(_ts(2025, 3, 8, 23, 0), NOW) == "3/8"
    assert compact_date(_ts(2023, 11, 2, 12, 0), NOW) == "2023/11/2"


def test_short_datetime_keeps_the_time() -> None:
    assert short_datetime(_ts(2025, 11, 26, 16, 0), NOW) == "11/26 16:00"
    assert short_datetime(_ts(2026, 1, 5, 9, 30), NOW) == "2026/1/5 09:30"


def test_person_always_shows_the_address() -> None:
    assert person("山田 太郎", "yamada@sample.co.jp") == "山田 太郎 <yamada@sample.co.jp>"
    assert person("", "a@b.example") == "a@b.example"
    assert person("A@B.example", "a@b.example") == "a@b.example"


def test_names_in_japanese_are_family_name_first() -> None:
    assert full_name("山田", "太郎") == "山田 太郎"
    assert full_name("Smith", "Anna") == "Anna Smith"


def test_human_size() -> None:
    assert human_size(900) == "900 B"
    assert human_size(2048) == "2.0 KB"
    assert human_size(5 * 1024 * 1024) == "5.0 MB"
