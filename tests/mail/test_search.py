from app.mail.search import index_pending, parse_query, search_ids
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from tests.mailfactory import make_message


def _fill(*messages: bytes) -> list[int]:
    folder = ensure_folder(ensure_account("Test", "ken@example.jp"), "INBOX", "inbox")
    ids = store_messages(folder, [IncomingMessage(raw) for raw in messages])
    index_pending()
    return ids


def test_japanese_substring_finds_word_inside_longer_text(db):
    quote, _other = _fill(
        make_message("ご連絡", "お見積もりの件でご連絡しました。", seq=1),
        make_message("Lunch", "Shall we have lunch?", seq=2),
    )
    assert search_ids("見積") == [quote]
    assert search_ids("お見積もり") == [quote]


def test_one_and_two_character_queries(db):
    meeting, lunch = _fill(
        make_message("定例会議のご案内", "来週の予定です。", seq=1),
        make_message("昼食", "Lunch at noon", seq=2),
    )
    assert search_ids("会議") == [meeting]
    assert search_ids("昼") == [lunch]
    assert search_ids("週") == [meeting]
    assert search_ids("Lu") == [lunch]
    assert search_ids("議事") == []


def test_english_words_case_insensitive_and_all_terms_required(db):
    invoice, reminder = _fill(
        make_message("Invoice for October", "Please find the invoice attached.", seq=1),
        make_message("Reminder", "The invoice is overdue, please pay.", seq=2),
    )
    assert search_ids("INVOICE") == [reminder, invoice]  # newest first
    assert search_ids("invoice overdue") == [reminder]
    assert search_ids("inv") == [reminder, invoice]  # prefixes are substrings too


def test_field_filters(db):
    from_yamada, to_yamada = _fill(
        make_message("Proposal", "see attached", sender="山田 太郎 <yamada@sample.jp>", seq=1),
        make_message("Proposal v2", "updated", to="山田 太郎 <yamada@sample.jp>", seq=2),
    )
    assert search_ids("from:yamada") == [from_yamada]
    assert search_ids("from:山田") == [from_yamada]
    assert search_ids("to:yamada") == [to_yamada]
    assert search_ids("subject:v2") == [to_yamada]
    assert search_ids('subject:"proposal v2"') == [to_yamada]
    assert sorted(search_ids("yamada")) == sorted([from_yamada, to_yamada])


def test_full_width_and_half_width_forms_match(db):
    [order] = _fill(make_message("ＡＢＣ商事 ｶﾀﾛｸ送付", "カタログを送ります", seq=1))
    assert search_ids("abc商事") == [order]
    assert search_ids("カタロク") == [order]  # ﾛｸ (half-width) normalizes to ロク
    assert search_ids("ｶﾀﾛｸﾞ") == [order]  # half-width query, full-width body


def test_limit_and_empty_query(db):
    _fill(*(make_message(f"Report {i}", "weekly report", seq=i) for i in range(5)))
    assert len(search_ids("report", limit=3)) == 3
    assert search_ids("   ") == []


def test_too_many_prefix_terms_falls_back_to_a_scan(db, monkeypatch):
    from app.mail import search

    ids = _fill(*(make_message(f"Note {i}", f"word{i}x", seq=i) for i in range(3)))
    monkeypatch.setattr(search, "MAX_PREFIX_TERMS", 1)
    assert search_ids("x", limit=2) == [ids[2], ids[1]]
    assert search_ids("subject:e", limit=5) == [ids[2], ids[1], ids[0]]


def test_reindex_replaces_old_text(db):
    from app.mail.search import index_messages
    from app.models.mail import Message

    [mid] = _fill(make_message("Alpha", "first body", seq=1))
    Message.update(subject="Omega").where(Message.id == mid).execute()
    index_messages([mid])
    assert search_ids("alpha") == []
    assert search_ids("omega") == [mid]


def test_parse_query_fields_and_quotes():
    terms = parse_query('from:Yamada "next week" 見積 foo:bar')
    assert [(t.text, t.column) for t in terms] == [
        ("yamada", "sender"),
        ("next week", None),
        ("見積", None),
        ("foo:bar", None),
    ]
