"""New mail synced from a real Dovecot joins the timeline of the lead or contact on it."""

import pytest

from app.services import crm
from app.services.sync import sync_accounts
from tests.integration.imap_helpers import imap_account
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration

NAKAMURA = "中村 誠 <Nakamura@Test.example.jp>"


def _linked_subjects(record_id):
    return sorted(e.email.subject for e in crm.timeline(record_id) if e.email)


def test_synced_mail_from_and_to_a_lead_is_linked(dovecot, mail_user, tmp_path):
    session = imap_account(tmp_path, dovecot, mail_user)
    lead = crm.add_record("lead", {"last_name": "中村", "email": "nakamura@test.example.jp"})
    me = f"Ken <{mail_user.name}@example.com>"
    dovecot.deliver(mail_user.name, make_message("資料請求", sender=NAKAMURA, to=me,
                                                 message_id="a1@x", seq=1))
    dovecot.deliver(mail_user.name, make_message("Re: 資料請求", sender=me, to=NAKAMURA,
                                                 message_id="a2@x", seq=2),
                    folder="Sent", flags="S")
    dovecot.deliver(mail_user.name, make_message("Lunch", message_id="a3@x", seq=3))
    sync_accounts()
    assert _linked_subjects(lead.id) == ["Re: 資料請求", "資料請求"]

    dovecot.deliver(mail_user.name, make_message("追加の質問", sender=NAKAMURA, to=me,
                                                 message_id="a4@x", seq=4))
    sync_accounts()
    assert _linked_subjects(lead.id) == sorted(["Re: 資料請求", "資料請求", "追加の質問"])
    sync_accounts()
    assert len(_linked_subjects(lead.id)) == 3
    session.close()
