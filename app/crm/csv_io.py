"""CSV for leads and contacts: column names in English or Japanese, written for Excel.

Reading recognizes the usual headers of address books and CRMs (Outlook, Google, Zoho and
Japanese business-card apps: 姓, 名, メールアドレス, 電話番号, 会社名, 役職 …) and reports which
column went to which field before anything is imported. Writing uses UTF-8 with a BOM and
CRLF so Excel opens Japanese text correctly.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.crm.records import RecordView
from app.crm.vcard import split_full_name

COLUMNS = (
    "kind", "last_name", "first_name", "last_name_kana", "first_name_kana", "email", "phone",
    "mobile", "company", "title", "website", "address", "notes", "source", "status",
)
HEADERS = {
    "en": ("Kind", "Last Name", "First Name", "Last Name (Phonetic)", "First Name (Phonetic)",
           "Email", "Phone", "Mobile", "Company", "Title", "Website", "Address", "Notes",
           "Source", "Status"),
    "ja": ("種別", "姓", "名", "姓（フリガナ）", "名（フリガナ）", "メールアドレス", "電話番号",
           "携帯電話", "会社名", "役職", "Webサイト", "住所", "備考", "ソース", "ステータス"),
}
# Header spellings, compared after NFKC, case folding and removing spaces and punctuation.
_ALIASES = {
    "kind": ("kind", "type", "recordtype", "種別", "区分"),
    "last_name": ("lastname", "surname", "familyname", "family", "last", "姓", "氏", "苗字",
                  "名字"),
    "first_name": ("firstname", "givenname", "given", "first", "名", "下の名前"),
    "full_name": ("name", "fullname", "displayname", "contactname", "氏名", "名前", "お名前",
                  "担当者名", "フルネーム"),
    "last_name_kana": ("lastnamephonetic", "phoneticlastname", "yomilastname",
                       "姓フリガナ", "姓ふりがな", "姓カナ", "セイ", "せい", "フリガナ姓"),
    "first_name_kana": ("firstnamephonetic", "phoneticfirstname", "yomifirstname",
                        "名フリガナ", "名ふりがな", "名カナ", "メイ", "めい", "フリガナ名"),
    "full_name_kana": ("phoneticname", "yominame", "フリガナ", "ふりがな", "よみがな", "読み",
                       "氏名フリガナ", "氏名カナ", "カナ氏名"),
    "email": ("email", "emailaddress", "mail", "email1", "email1value", "primaryemail",
              "メール", "メールアドレス", "eメール", "eメールアドレス", "電子メール",
              "電子メールアドレス"),
    "phone": ("phone", "phonenumber", "telephone", "tel", "businessphone", "workphone",
              "officephone", "phone1value", "電話", "電話番号", "会社電話", "勤務先電話",
              "代表電話"),
    "mobile": ("mobile", "mobilephone", "cell", "cellphone", "携帯", "携帯電話", "携帯番号",
               "携帯電話番号"),
    "company": ("company", "companyname", "organization", "organisation", "account",
                "accountname", "organization1name", "会社", "会社名", "企業名", "勤務先",
                "所属", "法人名", "取引先名"),
    "title": ("title", "jobtitle", "position", "role", "organization1title", "役職",
              "役職名", "肩書", "肩書き", "部署役職"),
    "department": ("department", "dept", "部署", "部署名", "部門", "所属部署"),
    "website": ("website", "web", "url", "webpage", "homepage", "webサイト", "ウェブサイト",
                "ホームページ"),
    "address": ("address", "businessaddress", "street", "businessstreet", "mailingaddress",
                "住所", "所在地", "会社住所", "勤務先住所"),
    "postal_code": ("postalcode", "zip", "zipcode", "businesspostalcode", "郵便番号", "〒"),
    "notes": ("notes", "note", "description", "comments", "memo", "備考", "メモ", "コメント",
              "特記事項"),
    "source": ("source", "leadsource", "ソース", "リードソース", "流入元", "獲得経路"),
    "status": ("status", "leadstatus", "ステータス", "状態"),
}
_NOISE = re.compile(r"[\s_\-()（）・/:：.]+")


@dataclass
class CsvTable:
    columns: list[str]
    rows: list[list[str]]


def header_key(name: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", name).casefold())


_LOOKUP = {header_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases}


def map_columns(columns: list[str]) -> list[str | None]:
    """The field each column fills (None: ignored); the first column for a field wins."""
    taken: set[str] = set()
    mapping: list[str | None] = []
    for column in columns:
        field = _LOOKUP.get(header_key(column))
        if field in taken:
            field = None
        if field:
            taken.add(field)
        mapping.append(field)
    return mapping


def read_csv(text: str) -> CsvTable:
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",\t;")
    except csv.Error:
        dialect = csv.excel
    rows = [row for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]
    if not rows:
        return CsvTable([], [])
    return CsvTable([c.strip() for c in rows[0]], rows[1:])


def row_fields(row: list[str], mapping: list[str | None]) -> dict[str, str]:
    """Person fields of one row: full-name columns are split, department joins the title,
    a postal code leads the address."""
    raw: dict[str, str] = {}
    for value, field in zip(row, mapping, strict=False):
        if field and value.strip():
            raw[field] = value.strip()
    full = raw.pop("full_name", "")
    if full and not (raw.get("last_name") or raw.get("first_name")):
        raw["last_name"], raw["first_name"] = split_full_name(full)
    kana = raw.pop("full_name_kana", "")
    if kana and not (raw.get("last_name_kana") or raw.get("first_name_kana")):
        raw["last_name_kana"], raw["first_name_kana"] = split_full_name(kana)
    department = raw.pop("department", "")
    if department and department not in raw.get("title", ""):
        raw["title"] = f"{department} {raw.get('title', '')}".strip()
    code = raw.pop("postal_code", "")
    if code:
        raw["address"] = f"〒{code.lstrip('〒')} {raw.get('address', '')}".strip()
    if "kind" in raw:
        raw["kind"] = _kind(raw["kind"])
    return {k: v for k, v in raw.items() if v}


def _kind(value: str) -> str:
    folded = header_key(value)
    if folded in ("lead", "leads", "見込み客", "見込客", "リード"):
        return "lead"
    if folded in ("contact", "contacts", "連絡先", "顧客", "取引先責任者"):
        return "contact"
    return value


def write_csv(records: Iterable[RecordView], language: str = "en") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS[language])
    for record in records:
        writer.writerow([getattr(record, column) for column in COLUMNS])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
