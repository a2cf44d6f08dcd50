"""Leads and contacts: field checks, create, update, find, and duplicates offered first.

Fields are named as the user sees them (`company`, not the `company_name` column). A person
is a duplicate of another with the same email (case-insensitive) or the same name at the
same company; converted leads no longer count, their contact does.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Mapping

from app.crm.errors import DuplicateRecord, invalid_value
from app.crm.ids import format_id, parse_id
from app.crm.keys import company_key, fold, name_key
from app.crm.records import display_name
from app.errors import NotFound, UsageError
from app.models.base import database_proxy
from app.models.crm import Company, Contact, Lead

Person = Lead | Contact

FIELDS = (
    "last_name", "first_name", "email", "phone", "mobile", "company", "title", "website",
    "address", "notes", "last_name_kana", "first_name_kana", "source",
)
LEAD_FIELDS = (*FIELDS, "status")
LEAD_STATUSES = ("new", "contacted", "qualified", "lost")  # "converted" only by conversion
MULTILINE = ("address", "notes")
ASCII_FIELDS = ("email", "phone", "mobile", "website")
_DASHES = re.compile(r"(?<=\d)[\u2010-\u2015\u2212\u30fc\uff70](?=\d)")
_COLUMN = {"company": "company_name"}
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+\.[^@\s<>\"(),;:]+$")


def model_for(kind: str) -> type[Lead] | type[Contact]:
    return Lead if kind == "lead" else Contact


def check_kind(kind: str) -> str:
    if kind not in ("lead", "contact"):
        raise invalid_value("kind", kind, "lead or contact", "lead または contact")
    return kind


def clean_fields(kind: str, fields: Mapping[str, object]) -> dict[str, str]:
    """Known fields only, trimmed; email lower-cased and checked; one-line fields kept so;
    full-width digits and dashes in phone numbers (０３ー１２３４) made plain."""
    allowed = LEAD_FIELDS if kind == "lead" else FIELDS
    cleaned: dict[str, str] = {}
    for name, value in fields.items():
        if name not in allowed:
            raise UsageError(
                f"Unknown field '{name}' for a {kind}; fields: {', '.join(allowed)}",
                f"{kind} に「{name}」という項目はありません。項目: {', '.join(allowed)}",
            )
        text = "" if value is None else str(value).strip()
        if name not in MULTILINE:
            text = " ".join(text.split())  # CR/LF never reach a one-line field
        if name in ASCII_FIELDS:
            text = _DASHES.sub("-", unicodedata.normalize("NFKC", text))
        cleaned[name] = text
    if cleaned.get("email"):
        cleaned["email"] = cleaned["email"].lower()
        if not _EMAIL.match(cleaned["email"]):
            raise invalid_value("email", cleaned["email"], "an address such as ken@example.jp",
                                "ken@example.jp のようなメールアドレス")
    if "status" in cleaned and cleaned["status"] not in LEAD_STATUSES:
        raise invalid_value("status", cleaned["status"], " | ".join(LEAD_STATUSES),
                            " | ".join(LEAD_STATUSES) + " のいずれか")
    return cleaned


def _columns(fields: Mapping[str, str]) -> dict[str, str]:
    return {_COLUMN.get(name, name): value for name, value in fields.items()}


def get_person(record_id: str, *kinds: str) -> Person:
    kind, row_id = parse_id(record_id, *(kinds or ("lead", "contact")))
    row = model_for(kind).get_or_none(model_for(kind).id == row_id)
    if row is None:
        raise NotFound(f"No {kind} with id {format_id(kind, row_id)}",
                       f"ID {format_id(kind, row_id)} の{_KIND_JA[kind]}はありません")
    return row


_KIND_JA = {"lead": "見込み客", "contact": "連絡先"}


def public_id(row: Person) -> str:
    return format_id("lead" if isinstance(row, Lead) else "contact", row.id)


_SAME_EMAIL = {
    Contact: "SELECT * FROM contact WHERE email = ? ORDER BY id",
    Lead: "SELECT * FROM lead WHERE email = ? AND status != 'converted' ORDER BY id",
}
# lower() folds ASCII only: it narrows the candidates, the exact comparison is in Python.
_SAME_NAME = {
    Contact: "SELECT * FROM contact WHERE lower(last_name) IN ({marks}) "
             "OR lower(first_name) IN ({marks}) ORDER BY id",
    Lead: "SELECT * FROM lead WHERE status != 'converted' AND (lower(last_name) IN ({marks}) "
          "OR lower(first_name) IN ({marks})) ORDER BY id",
}


def find_duplicates(fields: Mapping[str, str]) -> list[Person]:
    """People (contacts first) with the same email, then with the same name and company.
    Plain SQL: imports run this for every row."""
    email = fields.get("email", "").lower()
    found: list[Person] = []
    if email:
        for model in (Contact, Lead):
            found.extend(model.raw(_SAME_EMAIL[model], email))
    last, first = fields.get("last_name", ""), fields.get("first_name", "")
    key, firm = name_key(last, first), company_key(fields.get("company", ""))
    if key and firm:
        parts = [fold(part) for part in (last, first) if part]
        marks = ",".join("?" * len(parts))
        for model in (Contact, Lead):
            rows = model.raw(_SAME_NAME[model].format(marks=marks), *parts, *parts)
            found.extend(row for row in rows
                         if name_key(row.last_name, row.first_name) == key
                         and company_key(row.company_name) == firm)
    unique: dict[str, Person] = {}
    for row in found:
        unique.setdefault(public_id(row), row)
    return list(unique.values())


def duplicate_error(kind: str, existing: list[Person]) -> DuplicateRecord:
    ids = [public_id(row) for row in existing]
    first = existing[0]
    who = f"{ids[0]} ({display_name(first)})"
    return DuplicateRecord(
        f"This {kind} looks like an existing record: {who}; use that record, or add "
        f"--allow-duplicate to create it anyway",
        f"既存のデータと重複しています: {who}。既存のデータを使うか、--allow-duplicate を付けて"
        f"作成してください",
        ids,
    )


def create_person(kind: str, fields: Mapping[str, object], allow_duplicate: bool = False,
                  now: int | None = None, link: bool = True) -> Person:
    """A new lead or contact; `link` ties the stored mail from and to its address to it
    (an import turns it off and links everyone in one pass)."""
    from app.crm.links import link_record  # links reads people; imported late to avoid a cycle

    check_kind(kind)
    cleaned = clean_fields(kind, fields)
    if not (cleaned.get("email") or cleaned.get("last_name") or cleaned.get("first_name")):
        raise UsageError("A lead or contact needs an email address or a name",
                         "見込み客・連絡先にはメールアドレスか名前が必要です")
    if not allow_duplicate:
        existing = find_duplicates(cleaned)
        if existing:
            raise duplicate_error(kind, existing)
    stamp = now or int(time.time())
    with database_proxy.atomic():
        row = model_for(kind).create(created_at=stamp, updated_at=stamp, **_columns(cleaned))
        if isinstance(row, Contact) and row.company_name:
            attach_company(row, create=True, now=stamp)
        if link:
            link_record(row)
    return row


def update_person(record_id: str, fields: Mapping[str, object], now: int | None = None,
                  allow_duplicate: bool = False) -> Person:
    """Change fields; an email that another person already has is refused unless allowed."""
    from app.crm.links import relink_record

    row = get_person(record_id)
    kind = "lead" if isinstance(row, Lead) else "contact"
    cleaned = clean_fields(kind, fields)
    if isinstance(row, Lead) and row.status == "converted":
        raise UsageError(
            f"{public_id(row)} was converted to {format_id('contact', row.converted_contact_id)}; "
            "edit the contact instead",
            f"{public_id(row)} は {format_id('contact', row.converted_contact_id)} に変換済みです。"
            "連絡先を編集してください",
        )
    old_email = row.email
    if cleaned.get("email") and cleaned["email"] != old_email and not allow_duplicate:
        others = [p for p in find_duplicates({"email": cleaned["email"]})
                  if public_id(p) != public_id(row)]
        if others:
            raise duplicate_error(kind, others)
    with database_proxy.atomic():
        for column, value in _columns(cleaned).items():
            setattr(row, column, value)
        row.updated_at = now or int(time.time())
        row.save()
        if isinstance(row, Contact) and "company" in cleaned:
            attach_company(row, create=bool(row.company_name), now=row.updated_at)
        if row.email != old_email:
            relink_record(row)
    return row


def find_company(name: str) -> Company | None:
    key = company_key(name)
    if not key:
        return None
    rows = database_proxy.execute_sql("SELECT id, name FROM company ORDER BY id").fetchall()
    for company_id, other in rows:
        if company_key(other) == key:
            return Company.get_by_id(company_id)
    return None


def attach_company(contact: Contact, create: bool, now: int) -> Company | None:
    """Point the contact at the company of its company name, creating it if asked."""
    company = find_company(contact.company_name) if contact.company_name else None
    if company is None and create and contact.company_name:
        # A card's phone is usually the person's line, so only website and address carry over.
        company = Company.create(name=contact.company_name, website=contact.website,
                                 address=contact.address, created_at=now)
    contact.company = company
    contact.save()
    return company
