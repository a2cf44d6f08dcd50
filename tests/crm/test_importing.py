"""Import and export through the service, with real files."""

import contextlib

import pytest

from app.errors import NotFound, UsageError
from app.models.db import open_memory_database
from app.services import crm
from app.services.crm_transfer import export_records, import_records

# What Japanese Excel writes: Shift_JIS, CRLF, a full-width space in names, a header row.
EXCEL_CSV = (
    "氏名,フリガナ,会社名,部署,役職,メールアドレス,電話番号,携帯電話,備考\r\n"
    "山田\u3000太郎,ヤマダ タロウ,株式会社サンプル,営業部,部長,T.Yamada@Sample.example.jp,"
    "03-1234-5678,090-2345-6789,展示会で名刺交換\r\n"
    "佐藤 花子,サトウ ハナコ,合同会社テスト,,代表社員,hanako@test.example.jp,,,\r\n"
    "髙橋 一郎,タカハシ イチロウ,有限会社はしご,,,not-an-address,,,\r\n"
    ",,,,,,,,\r\n"
    "山田 太郎,ヤマダ タロウ,(株)サンプル,,,t.yamada@sample.example.jp,,,同じ人\r\n"
).encode("cp932")


@pytest.fixture
def excel_csv(tmp_path):
    path = tmp_path / "名刺一覧.csv"
    path.write_bytes(EXCEL_CSV)
    return path


def test_dry_run_previews_mapping_and_counts_and_changes_nothing(db, excel_csv):
    report = import_records("csv", excel_csv, kind="lead", dry_run=True)
    assert report.encoding == "cp932"
    assert [(m.column, m.field) for m in report.mapping][:3] == [
        ("氏名", "full_name"), ("フリガナ", "full_name_kana"), ("会社名", "company")]
    assert (report.rows, report.new, report.duplicates, report.invalid) == (4, 2, 1, 1)
    assert [p.row for p in report.problems] == [3] and "email" in report.problems[0].reason
    assert report.duplicates_of[0].row == 4  # same email as row 1, in the same file
    assert (report.created, report.updated) == (0, 0)
    assert crm.list_records("leads") == []


def test_import_creates_leads_with_japanese_names_in_order(db, excel_csv):
    report = import_records("csv", excel_csv, kind="lead")
    assert (report.created, report.skipped, report.invalid) == (2, 1, 1)
    yamada = crm.lookup("t.yamada@sample.example.jp").record
    assert (yamada.last_name, yamada.first_name) == ("山田", "太郎")
    assert (yamada.last_name_kana, yamada.first_name_kana) == ("ヤマダ", "タロウ")
    assert (yamada.company, yamada.title, yamada.mobile) == ("株式会社サンプル", "営業部 部長",
                                                            "090-2345-6789")
    assert yamada.notes == "展示会で名刺交換"
    assert yamada.id in report.records


def test_duplicates_skip_or_update(db, excel_csv):
    import_records("csv", excel_csv, kind="lead")
    again = import_records("csv", excel_csv, kind="lead")
    assert (again.new, again.duplicates, again.created, again.skipped) == (0, 3, 0, 3)
    merged = import_records("csv", excel_csv, kind="lead", on_duplicate="update")
    assert merged.updated == 1  # only row 4 says something new (its note)
    yamada = crm.lookup("t.yamada@sample.example.jp").record
    assert yamada.notes == "展示会で名刺交換\n同じ人"  # added, not replaced
    assert yamada.company == "株式会社サンプル"  # "(株)サンプル" is the same company
    assert len(crm.list_records("leads")) == 2


def test_imported_people_get_their_mail_linked(mailbox, tmp_path):
    message = mailbox("山田 太郎 <t.yamada@sample.example.jp>", "ken@example.jp", "ご相談")
    path = tmp_path / "people.csv"
    path.write_text("Email,Last Name\nt.yamada@sample.example.jp,Yamada\n", encoding="utf-8")
    import_records("csv", path, kind="contact")
    assert [e.message_id for e in crm.lookup("t.yamada@sample.example.jp").emails] == [message]


def test_vcard_and_csv_round_trip_through_files(db, tmp_path):
    contact = crm.add_record("contact", {
        "last_name": "山田", "first_name": "太郎", "last_name_kana": "ヤマダ",
        "email": "t.yamada@sample.example.jp", "company": "株式会社サンプル", "title": "部長",
        "address": "〒100-0005 東京都千代田区丸の内1-2-3", "notes": "二行の\n備考"})
    lead = crm.add_record("lead", {"last_name": "Patel", "first_name": "Priya",
                                   "email": "priya@fabrikam.test", "status": "qualified"})
    expected = {(r.kind, r.last_name, r.first_name, r.last_name_kana, r.email, r.company,
                 r.title, r.address, r.notes, r.status) for r in (contact, lead)}
    exports = {}
    for fmt, options in (("vcard", {"version": "3.0"}), ("vcard", {"version": "4.0"}),
                         ("csv", {"language": "ja"}), ("csv", {"language": "en"})):
        path = tmp_path / f"out-{len(exports)}.{fmt}"
        assert export_records(fmt, path, **options).count == 2
        exports[path] = fmt
    for path, fmt in exports.items():
        with fresh_store():
            report = import_records(fmt, path)
            assert report.created == 2, (path, report.problems)
            found = crm.list_records("contacts") + crm.list_records("leads")
            assert {(r.kind, r.last_name, r.first_name, r.last_name_kana, r.email, r.company,
                     r.title, r.address, r.notes, r.status) for r in found} == expected


@contextlib.contextmanager
def fresh_store():
    """Another empty store for the block, as on another machine."""
    database = open_memory_database()
    try:
        yield
    finally:
        database.close()


def test_calendar_round_trip_lands_on_the_same_people(db, tmp_path):
    contact = crm.add_record("contact", {"last_name": "Chen", "email": "chen@contoso.example"})
    lead = crm.add_record("lead", {"last_name": "Patel", "email": "priya@fabrikam.test"})
    crm.log_activity(contact.id, "event", "MSA review", start="2025-11-20T05:00:00Z",
                     location="Zoom")
    crm.log_activity(lead.id, "task", "Trial follow-up", due="2025-11-21T10:00:00Z",
                     priority="high")
    crm.log_activity(lead.id, "note", "not in a calendar")
    path = tmp_path / "crm.ics"
    assert export_records("ics", path).count == 2
    again = import_records("ics", path)
    assert (again.new, again.duplicates) == (0, 2)  # already there
    with fresh_store():
        crm.add_record("contact", {"last_name": "Chen", "email": "chen@contoso.example"})
        crm.add_record("lead", {"last_name": "Patel", "email": "priya@fabrikam.test"})
        report = import_records("ics", path)
        assert report.created == 2
        found = {(a.kind, a.record, a.subject, a.start or a.due, a.priority)
                 for a in crm.list_records("activities")}
        assert found == {("event", contact.id, "MSA review", "2025-11-20T05:00:00Z", "normal"),
                         ("task", lead.id, "Trial follow-up", "2025-11-21T10:00:00Z", "high")}


def test_calendar_items_without_a_crm_person_need_a_record(db, tmp_path):
    path = tmp_path / "other.ics"
    path.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Lunch\r\n"
                    "DTSTART:20251120T030000Z\r\nATTENDEE:mailto:someone@else.example\r\n"
                    "END:VEVENT\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    report = import_records("ics", path)
    assert report.invalid == 1 and "--record" in report.problems[0].reason
    contact = crm.add_record("contact", {"last_name": "Chen", "email": "chen@contoso.example"})
    assert import_records("ics", path, record=contact.id).created == 1


def test_file_errors(db, tmp_path):
    with pytest.raises(NotFound):
        import_records("csv", tmp_path / "missing.csv")
    path = tmp_path / "numbers.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        import_records("csv", path)
    assert "email or a name" in refused.value.english
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x80\xff\xfe")
    with pytest.raises(UsageError):
        import_records("csv", binary)
