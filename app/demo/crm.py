"""The demo CRM: a default pipeline, companies, contacts with deals, leads, activities, and
links from every demo message to the lead or contact who sent or received it.

Pipeline stages are stored under English names ("Proposal"): they are the stable key that the
CLI, imports and reports match on, and the UI shows them through the message catalogue
(見込み / ヒアリング / 提案 / 交渉 / 受注 / 失注). A bilingual name in the database would freeze
two languages into the data and break when a user renames a stage.

"Today" is the calendar day of `now` in its own time zone (UTC when naive); tasks are due at
the end of their day, as date-only tasks are. Meetings are at Tokyo times, where Ken works.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

from app.crm.pipeline import ensure_pipeline
from app.demo.people import ACCOUNT_NAME, ME, Person, person
from app.models.crm import Activity, Company, Contact, Deal, EmailLink, Lead
from app.models.mail import Account, Message

TOKYO = timezone(timedelta(hours=ME.utc_offset))

# Contacts (customers) and how many days ago they entered the CRM.
CONTACTS = {
    "yamada": 50, "tanaka": 42, "kato": 85, "yoshida": 17,
    "inoue": 73, "johnson": 40, "chen": 87, "schmidt": 120,
}
# Leads: status, source, days since they were added. Deals wait until they are converted.
LEADS = {
    "nakamura": ("contacted", "問い合わせメール", 9),
    "kobayashi": ("qualified", "Webフォーム（資料請求）", 44),
    "matsumoto": ("qualified", "問い合わせメール", 19),
    "saito": ("contacted", "Webフォーム（資料請求）", 30),
    "patel": ("qualified", "Inbound email", 36),
    "obrien": ("new", "Trade show (SaaS EXPO TOKYO)", 11),
}
CONTACT_NOTES = {
    "yamada": "決裁者は取締役の佐々木様。電子契約を希望。",
    "schmidt": "Berlin office only; Munich stays on the group's SAP workflow this year.",
}


@dataclass(frozen=True)
class DemoDeal:
    contact: str
    name: str
    amount: str
    currency: str
    stage: str
    close_in_days: int  # from today; negative for deals already closed


DEALS = [
    DemoDeal("yamada", "サンプル商事 全社ワークフロー導入", "4536000", "JPY", "Negotiation", 12),
    DemoDeal("yamada", "サンプル商事 関西支社への展開", "1200000", "JPY", "Qualification", 90),
    DemoDeal("tanaka", "みらい物流 購買申請の電子化", "1749600", "JPY", "Proposal", 25),
    DemoDeal("kato", "さくら不動産 プロプラン導入", "432000", "JPY", "Closed Won", -70),
    DemoDeal("kato", "さくら不動産 賃貸管理部 追加20ユーザー", "216000", "JPY", "Qualification",
             40),
    DemoDeal("yoshida", "ネクスト建設 現場申請ワークフロー", "2700000", "JPY", "Needs Analysis",
             60),
    DemoDeal("inoue", "コスモ会計事務所 スタンダードプラン", "180000", "JPY", "Closed Won", -64),
    DemoDeal("johnson", "Northwind Traders - Pro, 150 seats", "18000", "USD", "Proposal", 30),
    DemoDeal("chen", "Contoso Pacific - Enterprise, 250 seats", "42000", "USD", "Negotiation", 20),
    DemoDeal("schmidt", "Adatum - Standard, 40 seats", "9600", "EUR", "Closed Won", -20),
    DemoDeal("schmidt", "Adatum - Munich office", "7200", "EUR", "Closed Lost", -50),
]


@dataclass(frozen=True)
class DemoActivity:
    kind: str  # task | event | call | note
    who: str  # a lead's or a contact's key
    subject: str
    day: int  # relative to today: due day, start day, or when it was logged
    body: str = ""
    hour: int = 10  # events and calls, Tokyo time
    minutes: int = 60  # event length, call duration
    deal: str = ""  # the deal's name, for activities about one deal
    location: str = ""
    direction: str = ""  # calls: inbound | outbound
    outcome: str = ""
    done: bool = False
    priority: str = "normal"


ACTIVITIES = [
    DemoActivity("task", "yamada", "電子契約の送信（署名者：佐々木取締役）", 0, priority="high",
                 body="最終版v3で電子契約を送信する。", deal="サンプル商事 全社ワークフロー導入"),
    DemoActivity("event", "yamada", "サンプル商事様 訪問（契約条件のすり合わせ）", -10, hour=14,
                 location="サンプル商事 本社 8F会議室", done=True,
                 deal="サンプル商事 全社ワークフロー導入"),
    DemoActivity("call", "yamada", "契約書v3の確認状況", -3, hour=11, minutes=8,
                 direction="outbound", outcome="今週中に社内決裁の見込み",
                 deal="サンプル商事 全社ワークフロー導入"),
    DemoActivity("note", "yamada", "競合状況", -20,
                 body="競合は1社（価格面で比較中）。年間一括払い・2年契約で10%値引きを承認済み。"),
    DemoActivity("task", "tanaka", "ご提案内容のフォロー電話", -2,
                 deal="みらい物流 購買申請の電子化"),
    DemoActivity("event", "tanaka", "みらい物流様 ご提案（西田部長同席）", 1, hour=14,
                 location="みらい物流 本社（横浜市西区）", deal="みらい物流 購買申請の電子化"),
    DemoActivity("task", "kato", "賃貸管理部 承認ルート設定案の作成", 3,
                 deal="さくら不動産 賃貸管理部 追加20ユーザー"),
    DemoActivity("call", "kato", "請求書の宛名変更について", -33, hour=15, minutes=5,
                 direction="inbound", outcome="再発行して送付済み"),
    DemoActivity("task", "yoshida", "現場申請テンプレート案の送付", 0,
                 deal="ネクスト建設 現場申請ワークフロー"),
    DemoActivity("event", "yoshida", "ネクスト建設様 ご提案・タブレットでのデモ", 3, hour=16,
                 location="オンライン（https://meet.kizuna-demo.example/j/4821730915）",
                 deal="ネクスト建設 現場申請ワークフロー"),
    DemoActivity("call", "inoue", "承認通知メールが届かない件（一次受付）", -12, hour=12,
                 minutes=6, direction="inbound", outcome="カスタマーサクセスの高橋に連携"),
    DemoActivity("task", "inoue", "不達対応完了後のフォロー連絡", -10, done=True),
    DemoActivity("task", "johnson", "Send the revised proposal with the 24-month option", 0,
                 priority="high", deal="Northwind Traders - Pro, 150 seats"),
    DemoActivity("event", "johnson", "Northwind Traders - security Q&A call", 2, hour=9,
                 minutes=45, location="https://meet.kizuna-demo.example/j/7730218846",
                 deal="Northwind Traders - Pro, 150 seats"),
    DemoActivity("task", "chen", "Prepare the MSA signature version (option a or b)", -1,
                 priority="high", deal="Contoso Pacific - Enterprise, 250 seats"),
    DemoActivity("note", "chen", "Procurement committee", -9,
                 body="Legal accepted SIAC arbitration and the 3x super-cap. "
                      "Committee decides this month."),
    DemoActivity("note", "schmidt", "Munich expansion lost", -50,
                 body="Munich office stays on SAP workflow this year; revisit next year."),
    DemoActivity("call", "nakamura", "お見積もり内容のご説明", -4, hour=15, minutes=12,
                 direction="outbound", outcome="デモの日程を調整中"),
    DemoActivity("task", "nakamura", "デモ環境の準備（スタンダードプラン）", 2),
    DemoActivity("task", "matsumoto", "お見積もりのフォロー（年間一括払いの回答後）", -3),
    DemoActivity("note", "kobayashi", "ご要望", -43,
                 body="医療機関の導入事例を希望。院内の購買申請が中心。"),
    DemoActivity("call", "saito", "資料送付後のご挨拶", -20, hour=17, minutes=1,
                 direction="outbound", outcome="留守番電話にメッセージを残した"),
    DemoActivity("task", "patel", "Follow up with Priya on trial feedback", -3),
    DemoActivity("note", "patel", "Evaluation", -30,
                 body="Evaluating two competitors; decision by end of quarter. "
                      "Their security lead joins the demo."),
    DemoActivity("event", "obrien", "Partnership call - Tailspin Partners", 5, hour=8,
                 minutes=45, location="https://meet.kizuna-demo.example/j/5519024467"),
]


def _epoch(t: datetime) -> int:
    return int(t.timestamp())


def _person_fields(p: Person, created: int) -> dict[str, object]:
    return {
        "last_name": p.family,
        "first_name": p.given,
        "email": p.email.lower(),
        "phone": p.phone,
        "mobile": p.mobile,
        "title": p.title,
        "website": p.website,
        "address": p.address,
        "created_at": created,
        "updated_at": created,
    }


def populate_crm(now: datetime) -> None:
    """Create the demo records and link the stored demo mail to them (call once)."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    today = now.date()
    ensure_pipeline()
    contacts: dict[str, Contact] = {}
    for key, since in CONTACTS.items():
        p = person(key)
        created = _epoch(now - timedelta(days=since))
        company = Company.create(name=p.company, website=p.website, phone=p.phone,
                                 address=p.address, created_at=created)
        contacts[key] = Contact.create(company=company, company_name=p.company,
                                       notes=CONTACT_NOTES.get(key, ""),
                                       **_person_fields(p, created))
    leads: dict[str, Lead] = {}
    for key, (status, source, since) in LEADS.items():
        p = person(key)
        leads[key] = Lead.create(company_name=p.company, status=status, source=source,
                                 **_person_fields(p, _epoch(now - timedelta(days=since))))
    deals: dict[str, Deal] = {}
    for d in DEALS:
        contact = contacts[d.contact]
        created = _epoch(now - timedelta(days=CONTACTS[d.contact] - 2))
        deals[d.name] = Deal.create(
            contact=contact, company=contact.company, name=d.name, amount=Decimal(d.amount),
            currency=d.currency, stage=d.stage,
            close_date=today + timedelta(days=d.close_in_days), created_at=created,
            updated_at=created,
        )
    for a in ACTIVITIES:
        _create_activity(a, now, today, contacts, leads, deals)
    link_messages(now, contacts, leads)


def _create_activity(a: DemoActivity, now: datetime, today: date, contacts: dict[str, Contact],
                     leads: dict[str, Lead], deals: dict[str, Deal]) -> None:
    day = today + timedelta(days=a.day)
    end_of_day = datetime.combine(day, datetime.max.time(), now.tzinfo).replace(microsecond=0)
    start = datetime(day.year, day.month, day.day, a.hour, tzinfo=TOKYO)
    fields: dict[str, object] = {
        "kind": a.kind,
        "lead": leads.get(a.who),
        "contact": contacts.get(a.who),
        "deal": deals.get(a.deal),
        "subject": a.subject,
        "body": a.body,
        "location": a.location,
        "priority": a.priority,
        "done": a.done or (a.kind in ("call", "note")),
        "created_at": _epoch(min(now, start) - timedelta(days=1)),
    }
    if a.kind == "task":
        fields["due"] = _epoch(end_of_day)
    elif a.kind == "event":
        fields["start"] = _epoch(start)
        fields["end"] = _epoch(start + timedelta(minutes=a.minutes))
        fields["attendees"] = json.dumps([ME.email, person(a.who).email])
    elif a.kind == "call":
        fields.update(start=_epoch(start), call_direction=a.direction,
                      call_duration=a.minutes * 60, call_outcome=a.outcome)
    Activity.create(**fields)


def link_messages(now: datetime, contacts: dict[str, Contact], leads: dict[str, Lead]) -> int:
    """One EmailLink per (message, person) for every demo message a lead or contact is on."""
    by_address: dict[str, tuple[str, int]] = {c.email: ("contact", c.id) for c in contacts.values()}
    by_address |= {lead.email: ("lead", lead.id) for lead in leads.values()}
    account = Account.get(Account.name == ACCOUNT_NAME)
    rows = (
        Message.select(Message.id, Message.from_addr, Message.to_addrs, Message.cc_addrs)
        .where(Message.account == account)
        .tuples()
    )
    links = []
    for message_id, sender, to, cc in rows:
        addresses = {sender, *(addr for _, addr in json.loads(to) + json.loads(cc))}
        for address in sorted(a.lower() for a in addresses if a):
            kind, record = by_address.get(address, ("", 0))
            if kind:
                links.append({
                    "message": message_id,
                    "lead": record if kind == "lead" else None,
                    "contact": record if kind == "contact" else None,
                    "manual": False,
                    "created_at": _epoch(now),
                })
    for start in range(0, len(links), 200):
        EmailLink.insert_many(links[start : start + 200]).execute()
    return len(links)
