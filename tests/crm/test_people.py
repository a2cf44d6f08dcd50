import pytest

from app.crm.errors import DuplicateRecord
from app.errors import NotFound, UsageError
from app.services import crm

YAMADA = {"last_name": "山田", "first_name": "太郎", "email": "T.Yamada@Sample.example.jp",
          "company": "株式会社サンプル", "title": "部長"}


def test_add_lead_keeps_fields_and_lowercases_email(db):
    lead = crm.add_record("lead", YAMADA)
    assert lead.id.startswith("L") and lead.kind == "lead" and lead.status == "new"
    assert (lead.last_name, lead.first_name, lead.company, lead.title) == (
        "山田", "太郎", "株式会社サンプル", "部長")
    assert lead.email == "t.yamada@sample.example.jp"
    assert crm.get_record(lead.id) == lead


def test_duplicate_email_is_case_insensitive_and_across_kinds(db):
    lead = crm.add_record("lead", YAMADA)
    with pytest.raises(DuplicateRecord) as refused:
        crm.add_record("contact", {"email": "t.yamada@SAMPLE.example.jp"})
    assert refused.value.existing == [lead.id]
    assert lead.id in refused.value.english
    assert [r.id for r in crm.find_duplicates("contact", {"email": "T.YAMADA@sample.example.jp"})] \
        == [lead.id]


@pytest.mark.parametrize("last, first, company", [
    ("山田", "太郎", "サンプル株式会社"),
    ("太郎", "山田", "(株)サンプル"),
    ("山田", "太郎", "㈱サンプル"),
])
def test_duplicate_by_name_and_company_in_its_written_forms(db, last, first, company):
    contact = crm.add_record("contact", {**YAMADA, "email": ""})
    found = crm.find_duplicates("lead", {"last_name": last, "first_name": first,
                                         "company": company})
    assert [r.id for r in found] == [contact.id]


def test_same_name_at_another_company_is_not_a_duplicate(db):
    crm.add_record("contact", YAMADA)
    assert crm.find_duplicates("lead", {"last_name": "山田", "first_name": "太郎",
                                        "company": "株式会社ほかの会社"}) == []
    assert crm.find_duplicates("lead", {"last_name": "Smith", "first_name": "John",
                                        "company": "Acme Inc."}) == []


def test_english_name_matches_case_and_order_insensitively(db):
    crm.add_record("lead", {"last_name": "Johnson", "first_name": "Sarah",
                            "company": "Northwind Traders, Inc."})
    found = crm.find_duplicates("contact", {"last_name": "sarah", "first_name": "JOHNSON",
                                            "company": "Northwind Traders Inc"})
    assert len(found) == 1


def test_allow_duplicate_creates_a_second_record(db):
    first = crm.add_record("lead", YAMADA)
    second = crm.add_record("lead", YAMADA, allow_duplicate=True)
    assert second.id != first.id


def test_contact_gets_a_company_record_shared_by_colleagues(db):
    one = crm.add_record("contact", YAMADA)
    two = crm.add_record("contact", {"last_name": "佐々木", "email": "sasaki@sample.example.jp",
                                     "company": "サンプル株式会社"})
    assert one.company_id is not None and one.company_id == two.company_id
    companies = crm.list_records("companies")
    assert [(c.id, c.contacts) for c in companies] == [(one.company_id, 2)]


@pytest.mark.parametrize("fields, word", [
    ({"email": "not-an-address"}, "email"),
    ({"email": "a@b.example", "shoe_size": "27"}, "shoe_size"),
    ({"phone": "03-1234-5678"}, "name"),
    ({"email": "a@b.example", "status": "hot"}, "status"),
])
def test_bad_fields_are_refused_with_the_reason(db, fields, word):
    with pytest.raises(UsageError) as refused:
        crm.add_record("lead", fields)
    assert word in refused.value.english


def test_one_line_fields_never_keep_line_breaks(db):
    lead = crm.add_record("lead", {"last_name": "Evil\r\nBcc: x@y", "notes": "line 1\nline 2"})
    assert lead.last_name == "Evil Bcc: x@y"
    assert lead.notes == "line 1\nline 2"


def test_update_changes_fields_and_rejects_unknown_ids(db):
    lead = crm.add_record("lead", YAMADA)
    updated = crm.update_record(lead.id, {"phone": "03-1234-5678", "status": "qualified"})
    assert (updated.phone, updated.status) == ("03-1234-5678", "qualified")
    with pytest.raises(NotFound):
        crm.update_record("L999", {"phone": "1"})
    with pytest.raises(UsageError):
        crm.update_record("D1", {"phone": "1"})


def test_ids_of_one_kind_never_find_another(db):
    lead = crm.add_record("lead", {"last_name": "Lead", "email": "lead@x.example"})
    contact = crm.add_record("contact", {"last_name": "Contact", "email": "contact@x.example"})
    assert lead.id[1:] == contact.id[1:] == "1"  # same row number, different kinds
    assert crm.get_record(lead.id).email == "lead@x.example"
    assert crm.get_record(contact.id).email == "contact@x.example"
    assert crm.get_record(lead.id.lower()).kind == "lead"


def test_full_width_phone_numbers_and_emails_become_plain(db):
    lead = crm.add_record("lead", {"last_name": "山田", "phone": "０３ー１２３４－５６７８",
                                   "mobile": "090‐1111‐2222",
                                   "email": "ｔａｒｏ＠ｅｘａｍｐｌｅ.ｊｐ"})
    assert (lead.phone, lead.mobile, lead.email) == ("03-1234-5678", "090-1111-2222",
                                                     "taro@example.jp")


def test_changing_an_email_to_another_persons_is_refused_unless_allowed(db):
    lead = crm.add_record("lead", {"last_name": "A", "email": "a@x.example"})
    contact = crm.add_record("contact", {"last_name": "B", "email": "b@x.example"})
    with pytest.raises(DuplicateRecord) as refused:
        crm.update_record(contact.id, {"email": "A@X.example"})
    assert refused.value.existing == [lead.id]
    assert crm.update_record(contact.id, {"email": "b@x.example", "phone": "1"}).phone == "1"
    assert crm.update_record(contact.id, {"email": "a@x.example"},
                             allow_duplicate=True).email == "a@x.example"
