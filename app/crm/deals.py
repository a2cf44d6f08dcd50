"""Deals: for contacts only. A lead's deal is refused with the way forward (convert it)."""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from app.crm.errors import invalid_value
from app.crm.ids import format_id, parse_id
from app.crm.pipeline import first_open_stage, resolve_stage
from app.crm.times import parse_date
from app.errors import NotFound, UsageError
from app.models.crm import Contact, Deal

DEAL_FIELDS = ("name", "amount", "currency", "stage", "close_date")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_SYMBOLS = {"¥": "JPY", "円": "JPY", "$": "USD", "€": "EUR", "£": "GBP"}


def deal_contact(contact_id: str) -> Contact:
    """The contact a deal may belong to; a lead id gets told to convert first."""
    kind, row_id = parse_id(contact_id, "lead", "contact")
    if kind == "lead":
        lead_id = format_id("lead", row_id)
        raise UsageError(
            f"Deals belong to contacts, and {lead_id} is a lead. Convert the lead first: "
            f"kizuna crm convert {lead_id}",
            f"商談は連絡先にのみ作成できます（{lead_id} は見込み客です）。先に連絡先に変換して"
            f"ください: kizuna crm convert {lead_id}",
        )
    contact = Contact.get_or_none(Contact.id == row_id)
    if contact is None:
        raise NotFound(f"No contact with id C{row_id}", f"ID C{row_id} の連絡先はありません")
    return contact


def get_deal(deal_id: str) -> Deal:
    _, row_id = parse_id(deal_id, "deal")
    deal = Deal.get_or_none(Deal.id == row_id)
    if deal is None:
        raise NotFound(f"No deal with id D{row_id}", f"ID D{row_id} の商談はありません")
    return deal


def parse_amount(value: object) -> tuple[Decimal | None, str | None]:
    """(amount, currency) from 1200000, 1,200,000, ¥1,200,000 or full-width digits; a symbol
    names the currency."""
    if value is None or value == "":
        return None, None
    if isinstance(value, int | Decimal):
        text = str(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
    currency = next((code for symbol, code in _SYMBOLS.items() if symbol in text), None)
    digits = text.replace(",", "").strip("".join(_SYMBOLS) + " ")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise invalid_value("amount", str(value), "a number such as 1200000 or 1,200,000",
                            "1200000 や 1,200,000 のような数値")
    return amount.quantize(Decimal("0.01")), currency


def _apply(deal: Deal, fields: Mapping[str, object]) -> None:
    unknown = set(fields) - set(DEAL_FIELDS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise UsageError(f"Unknown deal field: {names}; fields: {', '.join(DEAL_FIELDS)}",
                         f"商談に次の項目はありません: {names}")
    if "name" in fields:
        name = " ".join(str(fields["name"] or "").split())
        if not name:
            raise UsageError("A deal needs a name", "商談名を指定してください")
        deal.name = name
    if "amount" in fields:
        deal.amount, symbol_currency = parse_amount(fields["amount"])
        if symbol_currency and "currency" not in fields:
            deal.currency = symbol_currency
    if fields.get("currency"):
        code = str(fields["currency"]).strip().upper()
        if not _CURRENCY.match(code):
            raise invalid_value("currency", code, "a three-letter code such as JPY or USD",
                                "JPY や USD のような3文字の通貨コード")
        deal.currency = code
    if fields.get("stage"):
        deal.stage = resolve_stage(str(fields["stage"])).name
    if "close_date" in fields:
        value = fields["close_date"]
        deal.close_date = parse_date(str(value), "close_date") if value else None


def create_deal(contact_id: str, name: str, now: int | None = None, **fields: object) -> Deal:
    contact = deal_contact(contact_id)
    stamp = now or int(time.time())
    deal = Deal(contact=contact, company=contact.company_id, currency="JPY",
                stage=first_open_stage().name, created_at=stamp, updated_at=stamp)
    _apply(deal, {"name": name, **fields})
    deal.save()
    return deal


def update_deal(deal_id: str, fields: Mapping[str, object], now: int | None = None) -> Deal:
    deal = get_deal(deal_id)
    _apply(deal, fields)
    deal.updated_at = now or int(time.time())
    deal.save()
    return deal


def set_stage(deal_id: str, stage: str, now: int | None = None) -> Deal:
    return update_deal(deal_id, {"stage": stage}, now)
