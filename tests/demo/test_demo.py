"""The bundled demo: deterministic, big and varied enough, parseable, its CRM wired to the mail."""

from __future__ import annotations

import email
import email.policy
import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.demo.loader import load_demo
from app.demo.mail import DemoMessage, generate_mail
from app.mail.flags import ANSWERED, DRAFT, FLAGGED, SEEN
from app.mail.threading import TreeInput, flatten, thread_tree
from app.mail.warnings import sender_warnings
from app.models.base import database_proxy
from app.models.crm import Activity, Contact, Deal, EmailLink, Lead, PipelineStage
from app.models.db import open_memory_database
from app.models.mail import Account, Attachment, Folder, Message, Thread, ThreadRef

JST = timezone(timedelta(hours=9))
NOW = datetime(2025, 6, 11, 12, 0, tzinfo=JST)  # a Wednesday noon in Tokyo
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def mailbox() -> list[DemoMessage]:
    return generate_mail(NOW)


@pytest.fixture(scope="module")
def parsed(mailbox) -> list[tuple[DemoMessage, email.message.EmailMessage]]:
    return [(m, email.message_from_bytes(m.raw, policy=email.policy.default)) for m in mailbox]


@pytest.fixture(scope="module")
def _loaded():
    database = open_memory_database()
    summary = load_demo(NOW)
    yield database, summary
    database.close()


@pytest.fixture
def demo(_loaded):
    database, summary = _loaded
    database_proxy.initialize(database)  # another test may have bound its own store meanwhile
    return summary


def _header_block(message: DemoMessage) -> bytes:
    return message.raw.split(b"\r\n\r\n", 1)[0]


# --- the generator -------------------------------------------------------------------------


def test_same_seed_and_now_give_the_same_bytes(mailbox):
    assert generate_mail(NOW) == mailbox
    assert [m.raw for m in generate_mail(NOW, seed=8)] != [m.raw for m in mailbox]


def test_a_naive_now_is_utc(mailbox):
    assert generate_mail(NOW.astimezone(UTC).replace(tzinfo=None)) == mailbox


def test_mail_spans_about_ninety_days_and_nothing_is_in_the_future(mailbox):
    received = [m.received for m in mailbox]
    assert max(received) <= NOW.timestamp()
    assert NOW.timestamp() - min(received) > 80 * 86400
    assert NOW.timestamp() - min(received) < 95 * 86400


def test_legacy_and_modern_encodings_are_all_present(mailbox):
    heads = b"\n".join(m.raw for m in mailbox)
    for needle in (
        b"charset=ISO-2022-JP",
        b"=?ISO-2022-JP?B?",
        b"charset=Shift_JIS",
        b"=?Shift_JIS?B?",
        b'charset="utf-8"',
        b"Content-Transfer-Encoding: quoted-printable",
        b"Content-Transfer-Encoding: base64",
        b"Content-Transfer-Encoding: 8bit",
        b"filename*=utf-8''",  # RFC 2231
        b'filename="=?',  # RFC 2047 inside quotes, as old Japanese mailers write it
    ):
        assert needle in heads, needle


def test_html_mail_alternative_and_html_only_with_remote_images(parsed):
    html_only = [p for _, p in parsed if p.get_content_type() == "text/html"]
    alternative = [p for _, p in parsed if p.get_body(("html",)) and p.get_body(("plain",))]
    assert len(html_only) >= 10
    assert len(alternative) >= 10
    assert any("http://images.example/" in p.get_content() for p in html_only)


def test_replies_quote_the_original_and_senders_sign(parsed):
    replies = [p for m, p in parsed if m.folder == "Sent"]
    bodies = [r.get_body(("plain",)).get_content() for r in replies if r["In-Reply-To"]]
    assert any("様 wrote:" in b and "\n> " in b for b in bodies)
    assert any(" wrote:" in b and "\n> " in b and "Best regards," in b for b in bodies)
    inbound = [p for m, p in parsed if m.folder == "INBOX"]
    texts = [p.get_body(("plain",)).get_content() for p in inbound if p.get_body(("plain",))]
    assert any("ＴＥＬ" in t and "０" in t for t in texts)  # full-width digits in a signature


def test_phishing_in_junk_shows_a_spoofed_sender(parsed):
    junk = [p for m, p in parsed if m.folder == "Junk"]
    assert len(junk) >= 8
    assert any(
        sender_warnings(j["From"].addresses[0].display_name, j["From"].addresses[0].addr_spec)
        for j in junk
    )


def test_addresses_are_reserved_names_only(parsed):
    domains = set()
    for _, p in parsed:
        for header in ("From", "To", "Cc"):
            for address in p[header].addresses if p[header] else ():
                domains.add(address.domain)
    assert domains
    assert all(re.search(r"\.(example|example\.jp|test)$", d) for d in domains), domains


# --- the loaded store ----------------------------------------------------------------------


def test_every_folder_is_filled_and_counted(demo):
    assert demo.account == "Demo"
    assert demo.messages == Message.select().count() >= 220
    assert set(demo.folders) == {"INBOX", "Sent", "Drafts", "Archive", "Trash", "Junk"}
    assert all(count > 0 for count in demo.folders.values())
    roles = {f.name: f.role for f in Folder.select()}
    assert roles["INBOX"] == "inbox" and roles["Junk"] == "junk"
    account = Account.get(Account.name == "Demo")
    assert (account.protocol, account.email, account.display_name, account.is_default) == (
        "local", "ken.sato@kizuna-demo.example", "佐藤 健", True
    )


def test_every_message_parses_with_decoded_headers(demo):
    assert Message.select().where(Message.parse_error.is_null(False)).count() == 0
    for subject, from_name in Message.select(Message.subject, Message.from_name).tuples():
        assert "=?" not in subject and "=?" not in from_name


def test_subjects_in_japanese_and_english_whatever_the_charset(demo, parsed):
    subjects = [s for (s,) in Message.select(Message.subject).tuples()]
    assert sum(bool(JAPANESE.search(s)) for s in subjects) >= 80
    assert sum(s.isascii() and bool(s) for s in subjects) >= 40
    for charset in (b"=?ISO-2022-JP?B?", b"=?Shift_JIS?B?"):
        legacy = [p for m, p in parsed if charset in _header_block(m).split(b"\r\nSubject:")[1]]
        assert legacy, charset
        subject = str(legacy[0]["Subject"])
        assert JAPANESE.search(subject)
        assert Message.select().where(Message.subject == subject).exists()


def test_threads_are_deep_and_survive_a_missing_middle_message(demo):
    deepest = 0
    for thread in Thread.select().where(Thread.message_count >= 5):
        rows = Message.select().where(Message.thread == thread)
        nodes = flatten(thread_tree([
            TreeInput(m.id, m.message_id, tuple(m.references.split()), m.date) for m in rows
        ]))
        deepest = max(deepest, 1 + max(n.depth for n in nodes))
    assert 2 <= deepest <= 8
    assert Thread.select(Thread.message_count).order_by(Thread.message_count.desc()).first(
    ).message_count <= 8
    stored = {mid for (mid,) in Message.select(Message.message_id).tuples()}
    referenced_only = [
        r for r in ThreadRef.select() if r.message_id not in stored
    ]
    assert referenced_only  # a reply references a message this mailbox never received


def test_flags_look_like_a_real_mailbox(demo):
    inbox = Message.select().join(Folder).where(Folder.name == "INBOX")
    recent = NOW.timestamp() - 86400
    assert any(not m.flags & SEEN for m in inbox if m.date >= recent)
    old = [m for m in inbox if m.date < NOW.timestamp() - 30 * 86400]
    assert sum(bool(m.flags & SEEN) for m in old) > len(old) * 0.7
    assert any(m.flags & ANSWERED for m in inbox)
    assert any(m.flags & FLAGGED for m in inbox)
    drafts = Message.select().join(Folder).where(Folder.name == "Drafts")
    assert all(m.flags & DRAFT for m in drafts)


def test_attachments_including_japanese_names_and_inline_images(demo):
    names = [a.filename for a in Attachment.select()]
    assert len(names) >= 20
    assert any(JAPANESE.search(n) and n.endswith(".pdf") for n in names)
    assert "エラー画面.png" in names
    assert {"application/pdf", "text/csv", "image/png"} <= {
        a.content_type for a in Attachment.select()
    }
    assert Attachment.select().where(Attachment.inline).exists()


def test_crm_has_leads_contacts_and_deals_only_on_contacts(demo):
    assert demo.contacts == Contact.select().count() >= 8
    assert demo.leads == Lead.select().count() >= 6
    lead_emails = {lead.email for lead in Lead.select()}
    contact_emails = {c.email for c in Contact.select()}
    assert not lead_emails & contact_emails
    assert demo.deals == Deal.select().count() >= 8
    stages = {s.name for s in PipelineStage.select()}
    assert {d.stage for d in Deal.select()} <= stages
    assert {"Closed Won", "Closed Lost", "Negotiation"} <= {d.stage for d in Deal.select()}
    assert all(d.contact.email in contact_emails for d in Deal.select())


def test_inbox_senders_are_leads_contacts_and_strangers(demo):
    senders = {
        addr for (addr,) in Message.select(Message.from_addr).join(Folder)
        .where(Folder.name == "INBOX").tuples()
    }
    leads = {lead.email for lead in Lead.select()}
    contacts = {c.email for c in Contact.select()}
    assert senders & leads
    assert senders & contacts
    assert senders - leads - contacts


def test_activities_belong_to_one_person_and_include_today_and_overdue(demo):
    day = NOW.date()
    start_of_day = datetime.combine(day, datetime.min.time(), JST).timestamp()
    end_of_day = start_of_day + 86400
    tasks = Activity.select().where((Activity.kind == "task") & ~Activity.done)
    assert any(start_of_day <= t.due < end_of_day for t in tasks)
    assert any(t.due < start_of_day for t in tasks)
    assert Activity.select().where(
        (Activity.kind == "event") & (Activity.start > NOW.timestamp())
    ).exists()
    assert {"task", "event", "call", "note"} == {a.kind for a in Activity.select()}
    for activity in Activity.select():
        assert (activity.lead_id is None) != (activity.contact_id is None)


def test_mail_is_linked_to_the_people_on_it(demo):
    people = {lead.email: ("lead", lead.id) for lead in Lead.select()}
    people |= {c.email: ("contact", c.id) for c in Contact.select()}
    expected = set()
    for mid, sender, to, cc in Message.select(
        Message.id, Message.from_addr, Message.to_addrs, Message.cc_addrs
    ).tuples():
        for address in {sender, *(a for _, a in json.loads(to) + json.loads(cc))}:
            if address.lower() in people:
                expected.add((mid, *people[address.lower()]))
    links = {
        (link.message_id, "lead" if link.lead_id else "contact", link.lead_id or link.contact_id)
        for link in EmailLink.select()
    }
    assert links == expected
    assert {kind for _, kind, _ in links} == {"lead", "contact"}


def test_loading_twice_changes_nothing(db):
    first = load_demo(NOW)
    counts = (Message.select().count(), Lead.select().count(), EmailLink.select().count())
    second = load_demo(NOW + timedelta(days=3))
    assert second == first
    assert counts == (Message.select().count(), Lead.select().count(), EmailLink.select().count())
