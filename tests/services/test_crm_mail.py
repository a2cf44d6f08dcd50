"""Customer mail and the other party of a message, on a real in-memory store."""

from __future__ import annotations

from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.services import crm
from app.services.crm_mail import correspondent, customer_mail, prefill_recipient
from app.services.mailbox import get_summary
from tests.mailfactory import make_message


def _store(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    account = ensure_account("Work", "ken@example.jp")
    inbox = ensure_folder(account, "INBOX", "inbox")
    sent = ensure_folder(account, "Sent", "sent")
    received = store_messages(inbox, [
        IncomingMessage(make_message(f"Quote {n}", sender="Mia Hart <mia@harbor.example>",
                                     seq=n), uid=n + 1)
        for n in range(5)
    ] + [IncomingMessage(make_message("Newsletter", sender="news@list.example", seq=9),
                         uid=10)])
    [reply] = store_messages(sent, [IncomingMessage(
        make_message("Re: Quote 4", sender="Ken Sato <ken@example.jp>",
                     to="Mia Hart <mia@harbor.example>", seq=20), uid=1)])
    return {"first": received[0], "news": received[5], "reply": reply}


def test_customer_mail_is_all_mail_with_crm_people_newest_first(db) -> None:
    ids = _store(db)
    assert customer_mail() == []  # nobody in the CRM yet
    mia = crm.add_record("contact", {"last_name": "Hart", "first_name": "Mia",
                                     "email": "mia@harbor.example"})
    page = customer_mail()
    assert [m.message.subject for m in page] == ["Re: Quote 4", "Quote 4", "Quote 3",
                                                  "Quote 2", "Quote 1", "Quote 0"]
    assert {p.id for m in page for p in m.people} == {mia.id}
    assert page[0].people[0].name == "Mia Hart"
    assert ids["news"] not in [m.message.id for m in page]
    first, *_ = customer_mail(limit=2)
    last = customer_mail(limit=2)[-1].message
    older = customer_mail(limit=10, before=(last.timestamp, last.id))
    assert [m.message.subject for m in older] == ["Quote 3", "Quote 2", "Quote 1", "Quote 0"]
    assert first.message.subject == "Re: Quote 4"


def test_the_other_party_of_mail_the_user_sent_is_its_recipient(db) -> None:
    ids = _store(db)
    mia = crm.add_record("lead", {"email": "mia@harbor.example", "last_name": "Hart"})
    reply = get_summary(ids["reply"])
    who = correspondent(reply, crm.lookup(reply.from_addr))
    assert (who.address, who.sent) == ("mia@harbor.example", True)
    assert who.crm is not None and who.crm.record.id == mia.id
    received = get_summary(ids["first"])
    who = correspondent(received, None)
    assert (who.address, who.sent, who.crm) == ("mia@harbor.example", False, None)
    assert prefill_recipient("Mia Hart", "mia@harbor.example") == {
        "last_name": "Hart", "first_name": "Mia", "email": "mia@harbor.example",
        "company": "Harbor"}
