"""Reading a signature block line by line into candidate names, companies, titles, numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.crm.extract import fields
from app.crm.extract.company import CompanyHit, find_company, split_pieces
from app.crm.extract.names import (
    HONORIFICS,
    Name,
    looks_like_latin_name,
    parse_latin,
    split_cjk,
)
from app.crm.extract.phones import PhoneHit, phones_in_line
from app.crm.extract.surnames import SURNAMES
from app.crm.extract.text import CJK, CJK_RE, is_closing, is_prose, normalize, strip_decoration

_GREETING = re.compile(
    r"^(hi|hello|hey|dear|good (morning|afternoon|evening)|bonjour|hallo|ciao|g'day|"
    r"sehr geehrte[rs]?)\b",
    re.IGNORECASE,
)
_PARENS = re.compile(r"\(([^()]*)\)")
_KANJI_NAME = re.compile(r"^[\u3005\u3400-\u9fff\uf900-\ufaff]{2,5}$")
_CJK_GIVEN = re.compile(f"^[{CJK}]{{1,4}}$")
_NOT_NAMES = frozenset({"以上", "敬具", "草々", "取り急ぎ", "追伸", "署名"})


@dataclass
class SignatureFacts:
    names: list[Name] = field(default_factory=list)
    companies: list[CompanyHit] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    phones: list[PhoneHit] = field(default_factory=list)
    website: str = ""
    address: str = ""


def _is_contact_piece(piece: str) -> bool:
    return "@" in piece or sum(ch.isdigit() for ch in piece) >= 6


def _addressed_to_someone(line: str) -> bool:
    """A line naming the recipient: 佐藤様, 営業部 佐藤 健 様."""
    return CJK_RE.search(line) is not None and line.rstrip(" ,、").endswith(HONORIFICS)


def _cjk_name(tokens: list[str]) -> Name | None:
    text = " ".join(tokens)
    if text in _NOT_NAMES or re.search(r"\d", text):
        return None
    if len(tokens) == 2:
        family, given = tokens
        if not (family in SURNAMES or (_KANJI_NAME.match(family) and len(family) <= 3)):
            return None
        return split_cjk(text) if _CJK_GIVEN.match(given) else None
    if len(tokens) == 1 and (_KANJI_NAME.match(tokens[0]) or tokens[0][:2] in SURNAMES):
        return split_cjk(text)
    return None


def _addresses(lines: list[str]) -> tuple[str, set[int], dict[int, str]]:
    """The first postal address, Japanese or Western, the lines it took, and what else those
    lines hold ('Adatum GmbH · Friedrichstraße 100 · 10117 Berlin' also names the company)."""
    for i, raw in enumerate(lines):
        line = fields.strip_address_label(raw)
        if fields.is_postal_only(line) and i + 1 < len(lines) and fields.is_ja_address(
            "〒" + lines[i + 1]
        ):
            return f"{line} {lines[i + 1]}", {i, i + 1}, {}
        if fields.is_ja_address(line):
            return line, {i}, {}
        if fields.is_street(line):
            pieces = split_pieces(line)
            first = next((k for k, p in enumerate(pieces) if fields.is_street(p)), 0)
            parts, used = [", ".join(pieces[first:]) if first else line], {i}
            others = {i: " | ".join(pieces[:first])} if first else {}
            for j in range(i + 1, min(i + 3, len(lines))):
                if fields.is_suite(lines[j]) or fields.is_city_line(lines[j]):
                    parts.append(lines[j])
                    used.add(j)
                else:
                    break
            return ", ".join(parts), used, others
    return "", set(), {}


def read_signature(lines: list[str], domain_label: str, regions: list[str]) -> SignatureFacts:
    facts = SignatureFacts()
    clean = [strip_decoration(normalize(line)) for line in lines]
    facts.address, address_lines, around_address = _addresses(clean)
    english_title = ""
    for index, line in enumerate(clean):
        line = around_address.get(index, line)
        if (not line or (index in address_lines and index not in around_address)
                or is_prose(line) or is_closing(line)
                or _GREETING.match(line) or _addressed_to_someone(line)):
            continue
        website = fields.website_in(line)
        if website:
            facts.website = facts.website or website
            continue
        phones = phones_in_line(line, regions, offset=index * 1000)
        facts.phones.extend(phones)
        if phones or "@" in line:
            # 鈴木 一郎 | 営業部 | 株式会社ナナホシ | 03-1111-2222: keep the pieces around them.
            line = " | ".join(p for p in split_pieces(line) if not _is_contact_piece(p))
            if not line:
                continue
        hit = find_company(line, domain_label)
        rest = line
        if hit is not None:
            facts.companies.append(hit)
            rest = hit.rest
        rest = _PARENS.sub(" ", rest)  # 渡辺 健二 (Kenji Watanabe): the kanji is enough
        line_titles: list[str] = []
        company_found = hit is not None
        for piece in split_pieces(rest):
            if CJK_RE.search(piece):
                tokens = piece.split()
                while tokens and fields.is_ja_title_token(tokens[0]):
                    facts.titles.append(tokens.pop(0))
                trailing: list[str] = []
                while tokens and fields.is_ja_title_token(tokens[-1]):
                    trailing.insert(0, tokens.pop())
                facts.titles.extend(trailing)
                name = _cjk_name(tokens) if tokens else None
            elif fields.is_en_title(piece):
                line_titles.append(piece)
                name = None
            elif line_titles and not company_found and looks_like_latin_name(piece):
                # 'Principal Consultant, Kim Consulting': what follows a title is the company.
                facts.companies.append(CompanyHit(piece, "", strong=False))
                company_found = True
                name = None
            else:
                name = parse_latin(piece) if looks_like_latin_name(piece) else None
            if name is not None:
                facts.names.append(name)
        if line_titles and not english_title:
            english_title = ", ".join(line_titles)
    if not facts.titles and english_title:
        facts.titles = [english_title]
    return facts
