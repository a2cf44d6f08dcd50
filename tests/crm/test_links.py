from app.crm.links import link_new_messages, link_pending
from app.services import crm

ME = "Ken Sato <ken@example.jp>"
YAMADA = "山田 太郎 <T.Yamada@Sample.example.jp>"


def _linked(record_id):
    return sorted(e.email.message_id for e in crm.timeline(record_id) if e.kind == "email")


def test_new_record_links_existing_mail_in_both_directions(mailbox):
    received = mailbox(YAMADA, ME, "お見積もりの件")
    sent = mailbox(ME, YAMADA, "Re: お見積もりの件", folder="sent")
    copied = mailbox(ME, "someone@else.example", "共有", cc=YAMADA, folder="sent")
    mailbox("Other <other@else.example>", ME, "関係ない")
    contact = crm.add_record("contact", {"last_name": "山田",
                                         "email": "t.yamada@sample.example.jp"})
    assert _linked(contact.id) == sorted([received, sent, copied])
    directions = {e.email.message_id: e.email.direction
                  for e in crm.timeline(contact.id) if e.email}
    assert directions == {received: "received", sent: "sent", copied: "sent"}


def test_mail_stored_later_is_linked_by_link_pending(mailbox):
    lead = crm.add_record("lead", {"last_name": "中村", "email": "nakamura@test.example.jp"})
    first = mailbox("中村 誠 <NAKAMURA@test.example.jp>", ME, "資料請求")
    second = mailbox(ME, "nakamura@test.example.jp", "Re: 資料請求", folder="sent")
    assert _linked(lead.id) == []
    assert link_pending() == 2
    assert _linked(lead.id) == [first, second]
    assert link_pending() == 0  # running again adds nothing
    assert link_new_messages([first, second]) == 0
    third = mailbox("中村 誠 <nakamura@test.example.jp>", ME, "追加の質問")
    assert link_pending() == 1
    assert _linked(lead.id) == [first, second, third]


def test_pending_mail_waits_until_a_later_pass(mailbox):
    lead = crm.add_record("lead", {"last_name": "中村", "email": "nakamura@test.example.jp"})
    assert link_pending() == 0
    stored_by_a_failed_sync = mailbox("nakamura@test.example.jp", ME, "途中まで")
    mailbox("Other <other@x.example>", ME, "unrelated")
    assert link_pending() == 1  # the mark had not moved past it
    assert _linked(lead.id) == [stored_by_a_failed_sync]


def test_one_message_links_to_everyone_on_it(mailbox):
    a = crm.add_record("contact", {"last_name": "A", "email": "a@x.example"})
    b = crm.add_record("lead", {"last_name": "B", "email": "b@y.example"})
    message = mailbox("A <a@x.example>", "B <b@y.example>", "intro")
    link_new_messages([message])
    assert _linked(a.id) == _linked(b.id) == [message]


def test_manual_link_survives_an_email_change_automatic_ones_follow(mailbox):
    old = mailbox("Chen <chen@old.example>", ME, "old address")
    new = mailbox("Chen <chen@new.example>", ME, "new address")
    other = mailbox("Someone <someone@else.example>", ME, "forwarded about Chen")
    contact = crm.add_record("contact", {"last_name": "Chen", "email": "chen@old.example"})
    assert crm.link_message(other, contact.id) == [contact.id]
    assert _linked(contact.id) == [old, other]
    crm.update_record(contact.id, {"email": "chen@new.example"})
    assert _linked(contact.id) == sorted([new, other])
    assert crm.unlink_message(other, contact.id) == []
    assert _linked(contact.id) == [new]


def test_manual_link_over_an_automatic_one_keeps_one_link(mailbox):
    message = mailbox("Chen <chen@x.example>", ME, "hi")
    contact = crm.add_record("contact", {"last_name": "Chen", "email": "chen@x.example"})
    assert crm.link_message(message, contact.id) == [contact.id]
    assert _linked(contact.id) == [message]


def test_lookup_shows_recent_linked_mail(mailbox):
    message = mailbox(YAMADA, ME, "お見積もりの件")
    crm.add_record("contact", {"last_name": "山田", "email": "t.yamada@sample.example.jp"})
    found = crm.lookup("T.YAMADA@sample.example.jp")
    assert found.kind == "contact"
    assert [e.message_id for e in found.emails] == [message]
    assert found.emails[0].subject == "お見積もりの件"
