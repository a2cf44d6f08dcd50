import pytest

from app.errors import NotFound, UsageError
from app.services import crm


@pytest.fixture
def people(db):
    lead = crm.add_record("lead", {"last_name": "中村", "email": "nakamura@test.example.jp"})
    contact = crm.add_record("contact", {"last_name": "山田", "email": "yamada@sample.example.jp",
                                         "company": "株式会社サンプル"})
    return lead, contact


def test_a_deal_for_a_lead_is_refused_with_the_way_forward(people):
    lead, _ = people
    with pytest.raises(UsageError) as refused:
        crm.create_deal(lead.id, "導入")
    assert "is a lead" in refused.value.english
    assert f"kizuna crm convert {lead.id}" in refused.value.english
    assert f"kizuna crm convert {lead.id}" in refused.value.japanese
    assert crm.list_records("deals") == []


def test_a_deal_for_a_contact_starts_in_the_first_open_stage(people):
    _, contact = people
    deal = crm.create_deal(contact.id, "全社導入", amount="¥1,200,000", close_date="2025/12/20")
    assert deal.id.startswith("D") and deal.contact == contact.id
    assert (deal.amount, deal.currency, deal.stage, deal.close_date) == (
        "1200000", "JPY", "Qualification", "2025-12-20")
    assert deal.company == contact.company_id


def test_amount_forms_and_currency(people):
    _, contact = people
    deal = crm.create_deal(contact.id, "US", amount="$18,000.50")
    assert (deal.amount, deal.currency) == ("18000.5", "USD")
    deal = crm.create_deal(contact.id, "Full width", amount="１２０００", currency="eur")
    assert (deal.amount, deal.currency) == ("12000", "EUR")
    for bad in ("lots", "-5", "NaN"):
        with pytest.raises(UsageError):
            crm.create_deal(contact.id, "bad", amount=bad)


def test_stage_by_name_any_case_or_position_and_unknown_refused(people):
    _, contact = people
    deal = crm.create_deal(contact.id, "x", stage="proposal")
    assert deal.stage == "Proposal"
    assert crm.set_deal_stage(deal.id, "4").stage == "Negotiation"
    assert crm.set_deal_stage(deal.id, "ＣＬＯＳＥＤ ＷＯＮ").stage == "Closed Won"
    with pytest.raises(UsageError) as refused:
        crm.set_deal_stage(deal.id, "Dreaming")
    assert "Qualification" in refused.value.english


def test_unknown_ids(people):
    with pytest.raises(NotFound):
        crm.create_deal("C99", "x")
    with pytest.raises(NotFound):
        crm.set_deal_stage("D99", "Proposal")
    with pytest.raises(UsageError):
        crm.set_deal_stage("C1", "Proposal")


def test_open_deals_leave_closed_stages_out(people):
    _, contact = people
    won = crm.create_deal(contact.id, "won", stage="Closed Won")
    open_deal = crm.create_deal(contact.id, "open")
    assert [d.id for d in crm.list_records("deals", open=True)] == [open_deal.id]
    assert {d.id for d in crm.list_records("deals")} == {won.id, open_deal.id}
