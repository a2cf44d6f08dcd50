"""vCard 2.1 (read), 3.0 and 4.0 (read and write) for leads and contacts.

Japanese names keep their order: N is family;given, FN is "山田 太郎". Phonetic names come
from X-PHONETIC-LAST-NAME / X-PHONETIC-FIRST-NAME (Apple, Android) or SOUND;X-IRMC-N (old
Japanese phones) and are written back as X-PHONETIC-*. TEL;TYPE=cell is the mobile number,
any other TEL the phone. X-KIZUNA-KIND, -STATUS and -SOURCE keep what vCard has no place
for, so an export imports back as it was.
"""

from __future__ import annotations

import base64
import quopri
import re
from collections.abc import Iterable

from app.crm.records import RecordView, person_name
from app.crm.textlines import (
    ContentLine,
    escape,
    fold,
    parse_line,
    split_unescaped,
    unescape,
    unfold,
)

VERSIONS = ("3.0", "4.0")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_JAPAN = {"jp", "jpn", "japan", "日本"}


def _decoded_value(line: ContentLine) -> str:
    """The value with 2.1-style ENCODING and CHARSET undone."""
    encoding = line.param("ENCODING").upper()
    charset = line.param("CHARSET") or "utf-8"
    if encoding in ("QUOTED-PRINTABLE", "B", "BASE64") or "QUOTED-PRINTABLE" in line.params:
        raw = (base64.b64decode(line.value) if encoding in ("B", "BASE64")
               else quopri.decodestring(line.value.encode("latin-1", "replace")))
        try:
            return raw.decode("cp932" if charset.lower() in ("shift_jis", "sjis") else charset)
        except (LookupError, UnicodeDecodeError):
            return raw.decode("utf-8", "replace")
    return line.value


def _join_soft_breaks(text: str) -> str:
    """vCard 2.1 quoted-printable values continue after a line ending in '='."""
    return re.sub(r"=\r?\n(?=\S)", "", text) if "QUOTED-PRINTABLE" in text.upper() else text


def read_vcards(text: str) -> list[dict[str, str]]:
    """One dict of person fields (and 'kind' when the card says) per card."""
    cards: list[dict[str, str]] = []
    current: list[ContentLine] | None = None
    for raw in unfold(_join_soft_breaks(text)):
        line = parse_line(raw)
        if line is None:
            continue
        if line.name == "BEGIN" and line.value.strip().upper() == "VCARD":
            current = []
        elif line.name == "END" and line.value.strip().upper() == "VCARD":
            if current is not None:
                cards.append(_card_fields(current))
            current = None
        elif current is not None:
            current.append(line)
    return cards


def _card_fields(lines: list[ContentLine]) -> dict[str, str]:
    fields: dict[str, str] = {}
    phones: list[tuple[set[str], str]] = []
    emails: list[tuple[set[str], str]] = []
    unit = ""
    for line in lines:
        value = _decoded_value(line)
        if line.name == "N":
            parts = [*split_unescaped(value), "", ""]
            fields["last_name"], fields["first_name"] = parts[0].strip(), parts[1].strip()
        elif line.name == "FN":
            fields.setdefault("_fn", " ".join(unescape(value).split()))
        elif line.name == "EMAIL":
            emails.append((line.types(), value.strip().removeprefix("mailto:")))
        elif line.name == "TEL":
            phones.append((line.types(), value.strip().removeprefix("tel:")))
        elif line.name == "ORG":
            parts = [p.strip() for p in split_unescaped(value)]
            fields["company"], unit = parts[0], " ".join(p for p in parts[1:] if p)
        elif line.name in ("TITLE", "URL", "NOTE"):
            key = {"TITLE": "title", "URL": "website", "NOTE": "notes"}[line.name]
            fields.setdefault(key, unescape(value).strip())
        elif line.name == "ADR":
            fields.setdefault("address", _address(split_unescaped(value)))
        elif line.name == "X-PHONETIC-LAST-NAME":
            fields["last_name_kana"] = unescape(value).strip()
        elif line.name == "X-PHONETIC-FIRST-NAME":
            fields["first_name_kana"] = unescape(value).strip()
        elif line.name == "SOUND" and "X-IRMC-N" in line.params:
            parts = [*split_unescaped(value), ""]
            fields.setdefault("last_name_kana", parts[0].strip())
            fields.setdefault("first_name_kana", parts[1].strip())
        elif line.name in ("X-KIZUNA-KIND", "X-KIZUNA-STATUS", "X-KIZUNA-SOURCE"):
            key = line.name.removeprefix("X-KIZUNA-").lower()
            fields[key] = unescape(value).strip().lower() if key != "source" else unescape(value)
    if unit and unit not in fields.get("title", ""):
        fields["title"] = f"{unit} {fields.get('title', '')}".strip()
    if emails:
        fields["email"] = _preferred(emails)
    _phones(fields, phones)
    fn = fields.pop("_fn", "")
    if fn and not (fields.get("last_name") or fields.get("first_name")):
        fields["last_name"], fields["first_name"] = split_full_name(fn)
    return {k: v for k, v in fields.items() if v}


def _preferred(values: list[tuple[set[str], str]]) -> str:
    for types, value in values:
        if "pref" in types:
            return value
    return values[0][1]


def _phones(fields: dict[str, str], phones: list[tuple[set[str], str]]) -> None:
    mobiles = [(t, v) for t, v in phones if t & {"cell", "mobile", "iphone"}]
    others = [(t, v) for t, v in phones if not t & {"cell", "mobile", "iphone", "fax"}]
    if mobiles:
        fields["mobile"] = _preferred(mobiles)
    work = [(t, v) for t, v in others if "work" in t] or others
    if work:
        fields["phone"] = _preferred(work)


def _address(parts: list[str]) -> str:
    """ADR components (pobox;ext;street;locality;region;code;country) as one line,
    in the order the country writes addresses."""
    pobox, ext, street, locality, region, code, country = [*map(str.strip, parts), *[""] * 7][:7]
    if country.lower() in _JAPAN or _CJK.search(region + locality + street):
        mark = f"〒{code}" if code else ""
        return " ".join(p for p in (mark, region + locality + street, ext, pobox) if p)
    line = " ".join(p for p in (region, code) if p)
    return ", ".join(p for p in (pobox, street, ext, locality, line, country) if p)


def split_full_name(name: str) -> tuple[str, str]:
    """(last, first) of a one-field name: family first for Japanese, 'Last, First' with a
    comma, else given names then the family name."""
    if "," in name:
        last, _, first = name.partition(",")
        return last.strip(), first.strip()
    words = name.replace("\u3000", " ").split()
    if not words:
        return "", ""
    if len(words) == 1:
        return words[0], ""
    if _CJK.search(name):
        return words[0], " ".join(words[1:])
    return words[-1], " ".join(words[:-1])


def write_vcards(records: Iterable[RecordView], version: str = "3.0") -> str:
    return "".join(_card(record, version) for record in records)


def _card(r: RecordView, version: str) -> str:
    v4 = version == "4.0"
    lines = ["BEGIN:VCARD", f"VERSION:{version}",
             f"N:{escape(r.last_name)};{escape(r.first_name)};;;",
             f"FN:{escape(person_name(r.last_name, r.first_name, r.email))}"]
    if r.last_name_kana:
        lines.append(f"X-PHONETIC-LAST-NAME:{escape(r.last_name_kana)}")
    if r.first_name_kana:
        lines.append(f"X-PHONETIC-FIRST-NAME:{escape(r.first_name_kana)}")
    if r.company:
        lines.append(f"ORG:{escape(r.company)}")
    if r.title:
        lines.append(f"TITLE:{escape(r.title)}")
    if r.email:
        lines.append(f"EMAIL;TYPE={'work' if v4 else 'INTERNET,WORK'}:{r.email}")
    text = ";VALUE=text" if v4 else ""
    if r.phone:
        lines.append(f"TEL;TYPE={'work,voice' if v4 else 'WORK,VOICE'}{text}:{escape(r.phone)}")
    if r.mobile:
        lines.append(f"TEL;TYPE={'cell' if v4 else 'CELL'}{text}:{escape(r.mobile)}")
    if r.website:
        lines.append(f"URL:{escape(r.website)}")
    if r.address:
        lines.append(f"ADR;TYPE={'work' if v4 else 'WORK'}:;;{escape(r.address)};;;;")
    if r.notes:
        lines.append(f"NOTE:{escape(r.notes)}")
    if r.source:
        lines.append(f"X-KIZUNA-SOURCE:{escape(r.source)}")
    if r.status:
        lines.append(f"X-KIZUNA-STATUS:{r.status}")
    lines += [f"X-KIZUNA-KIND:{r.kind}", "END:VCARD"]
    return "".join(fold(line) for line in lines)
