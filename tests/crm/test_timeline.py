from app.crm.links import link_new_messages
from app.crm.records import iso
from app.services import crm
from tests.mailfactory import BASE_DATE

ME = "Ken Sato <ken@example.jp>"


def test_activities_and_mail_merge_newest_first(mailbox):
    hour = 3600
    first = mailbox("Chen <chen@x.example>", ME, "first mail", seq=0)  # BASE_DATE
    reply = mailbox(ME, "chen@x.example", "reply", seq=120, folder="sent")  # +2 h
    contact = crm.add_record("contact", {"last_name": "Chen", "email": "chen@x.example"})
    call = crm.log_activity(contact.id, "call", "call", start=iso(BASE_DATE + hour))
    meeting = crm.log_activity(contact.id, "event", "meeting", start=iso(BASE_DATE + 5 * hour))
    task = crm.log_activity(contact.id, "task", "task", due=iso(BASE_DATE + 3 * hour))
    entries = crm.timeline(contact.id)
    order = [e.activity.id if e.activity else e.email.message_id for e in entries]
    assert order == [meeting.id, task.id, reply, call.id, first]
    assert [e.timestamp for e in entries] == sorted((e.timestamp for e in entries), reverse=True)
    assert entries[0].at == meeting.start


def test_limit_keeps_the_newest(mailbox):
    contact = crm.add_record("contact", {"last_name": "Chen", "email": "chen@x.example"})
    ids = [mailbox("Chen <chen@x.example>", ME, f"m{i}", seq=i) for i in range(5)]
    link_new_messages(ids)
    assert [e.email.message_id for e in crm.timeline(contact.id, limit=2)] == ids[:-3:-1]
