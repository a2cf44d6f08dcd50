import pytest

from app.errors import UsageError
from app.services import crm

ME = "Ken Sato <ken@example.jp>"


@pytest.fixture
def lead_with_history(mailbox):
    mails = [mailbox("中村 誠 <nakamura@test.example.jp>", ME, "資料請求", seq=1),
             mailbox(ME, "nakamura@test.example.jp", "Re: 資料請求", seq=2, folder="sent")]
    lead = crm.add_record("lead", {"last_name": "中村", "first_name": "誠",
                                   "email": "nakamura@test.example.jp", "phone": "048-111-2233",
                                   "company": "合同会社テスト工業", "source": "問い合わせメール"})
    task = crm.log_activity(lead.id, "task", "デモ準備", due="2025-11-25")
    call = crm.log_activity(lead.id, "call", "ご説明", duration="12m")
    return lead, mails, [task, call]


def test_conversion_moves_activities_and_mail_and_marks_the_lead(lead_with_history):
    lead, _, _ = lead_with_history
    before = {(e.kind, e.timestamp) for e in crm.timeline(lead.id)}
    result = crm.convert_lead(lead.id)
    contact = result.contact
    assert contact.kind == "contact" and not result.merged
    assert (contact.last_name, contact.phone, contact.company, contact.source) == (
        "中村", "048-111-2233", "合同会社テスト工業", "問い合わせメール")
    assert (result.moved_activities, result.moved_emails) == (2, 2)
    assert result.lead.status == "converted" and result.lead.converted_to == contact.id
    assert {(e.kind, e.timestamp) for e in crm.timeline(contact.id)} == before
    assert crm.timeline(lead.id) == []
    assert {a.record for a in crm.list_records("activities")} == {contact.id}
    assert crm.lookup("nakamura@test.example.jp").record.id == contact.id
    assert result.company is None and result.deal is None


def test_conversion_with_company_and_deal(lead_with_history):
    lead, _, _ = lead_with_history
    result = crm.convert_lead(lead.id, company=True, deal="スタンダードプラン導入",
                              amount="500,000", stage="Proposal")
    assert result.company.name == "合同会社テスト工業"
    assert result.company.contacts == 1 and result.company.deals == 1
    assert result.deal.contact == result.contact.id and result.deal.stage == "Proposal"
    assert result.contact.company_id == result.company.id


def test_a_failing_deal_rolls_the_whole_conversion_back(lead_with_history):
    lead, _, _ = lead_with_history
    with pytest.raises(UsageError):
        crm.convert_lead(lead.id, deal="x", stage="Nowhere")
    assert crm.get_record(lead.id).status == "new"
    assert crm.list_records("contacts") == []
    assert {a.record for a in crm.list_records("activities")} == {lead.id}


def test_converting_twice_says_where_it_went(lead_with_history):
    lead, _, _ = lead_with_history
    contact = crm.convert_lead(lead.id).contact
    with pytest.raises(UsageError) as refused:
        crm.convert_lead(lead.id)
    assert contact.id in refused.value.english
    with pytest.raises(UsageError):
        crm.log_activity(lead.id, "note", "on the old lead")


def test_lead_with_a_contacts_address_merges_into_it(mailbox):
    message = mailbox("Chen <chen@contoso.example>", ME, "hello")
    contact = crm.add_record("contact", {"last_name": "Chen", "email": "chen@contoso.example"})
    lead = crm.add_record("lead", {"last_name": "Chen", "email": "chen@contoso.example",
                                   "phone": "+65 6555 0198"}, allow_duplicate=True)
    crm.log_activity(lead.id, "note", "met at the expo")
    result = crm.convert_lead(lead.id)
    assert result.merged and result.contact.id == contact.id
    assert result.contact.phone == "+65 6555 0198"  # an empty field filled from the lead
    kinds = sorted(e.kind for e in crm.timeline(contact.id))
    assert kinds == ["activity", "email"]  # the message both had is linked once
    assert [e.email.message_id for e in crm.timeline(contact.id) if e.email] == [message]
    assert len(crm.list_records("contacts")) == 1


def test_deal_on_the_new_contact_works_after_conversion(lead_with_history):
    lead, _, _ = lead_with_history
    with pytest.raises(UsageError):
        crm.create_deal(lead.id, "too early")
    contact = crm.convert_lead(lead.id).contact
    assert crm.create_deal(contact.id, "now").contact == contact.id
