"""A person from an email: name, company, title, numbers, website and address.

The display name and the signature block of the sender's own text are read; the mail domain
suggests a company only when nothing else names one and it is not a free-mail domain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers

from app.crm.extract.company import find_company, split_pieces
from app.crm.extract.domain import company_from_domain, domain_of, organization_label
from app.crm.extract.fields import is_en_title, is_ja_title_token
from app.crm.extract.message import message_parts
from app.crm.extract.names import Name, parse_name
from app.crm.extract.phones import DEFAULT_REGION, best
from app.crm.extract.reader import SignatureFacts, read_signature
from app.crm.extract.signature import own_lines, signature_lines
from app.crm.extract.surnames import SURNAMES
from app.crm.extract.text import CJK_RE, normalize

# 「株式会社白川工業の井上です」: how a sender without a signature introduces themselves.
_SELF_INTRO = re.compile(
    r"(?:^|[。、\s])(?:(?P<company>[^\s。、]{2,30}?)の)?"
    r"(?P<name>[\u3005\u4e00-\u9fff]{1,4})(?:です|でございます|と申します|と言います)"
)
_INTRO_LINES = 8
_INTRO_CHARS = 300  # the greeting opens the line; the rest of a long line is body text
# Country codes sold as generic names (.io, .co, .ai …): they say nothing about the phone.
_GENERIC_TLDS = frozenset({"IO", "CO", "AI", "ME", "TV", "LY", "FM", "AM", "GG", "SH", "AC",
                           "TO", "VC", "WS", "CC", "BZ", "NU", "IM", "LA", "MS", "SO", "ST"})
_PARENS = re.compile(r"\(([^()]*)\)")
_TEAM = re.compile(
    r"\b(team|support|info|desk|service|services|customer|office|no-?reply|notifications?|"
    r"admin|helpdesk|newsletter)\b|事務局|窓口|サポート|お問い合わせ|通信|編集部",
    re.IGNORECASE,
)


@dataclass
class ExtractedPerson:
    last_name: str = ""
    first_name: str = ""
    email: str = ""
    phone: str = ""
    mobile: str = ""
    company: str = ""
    title: str = ""
    website: str = ""
    address: str = ""


@dataclass
class _Display:
    name: Name | None
    company: str


def _read_display(display: str, address: str) -> _Display:
    text = normalize(display).strip().strip("\"'")
    if not text or text.lower() == address.lower():
        return _Display(None, "")
    company = ""
    for inner in _PARENS.findall(text):
        hit = find_company(inner)
        if hit is not None and hit.strong:
            company = hit.name
    text = _PARENS.sub(" ", text)
    remaining = []
    for piece in split_pieces(text) if "," not in text else [text]:
        hit = find_company(piece)
        if hit is not None and hit.strong:
            company = company or hit.name
            piece = hit.rest
        if piece and "@" not in piece:
            remaining.append(piece)
    text = " ".join(remaining)
    if not text or _TEAM.search(text) or is_en_title(text) or all(
        is_ja_title_token(token) for token in text.split()
    ):
        return _Display(None, company)  # 'Acme Sales', '営業部': a team, not a person
    return _Display(parse_name(text), company)


def _regions(domain: str, signature: list[str]) -> list[str]:
    """Regions to read national numbers in: the domain's country first, then Japan, or the
    US for a signature written wholly in Latin script (a Japanese number starts with 0, which
    no US number does, so it still falls through to Japan)."""
    tld = domain.rsplit(".", 1)[-1].upper()
    country = {"UK": "GB"}.get(tld, tld)
    local = country in phonenumbers.SUPPORTED_REGIONS and country not in _GENERIC_TLDS
    regions = [country] if local else []
    latin = not any(CJK_RE.search(line) for line in signature)
    return list(dict.fromkeys([*regions, *(["US", DEFAULT_REGION] if latin else
                                           [DEFAULT_REGION, "US"])]))


def _self_intro(own: list[str]) -> tuple[Name | None, str]:
    for line in own[:_INTRO_LINES]:
        for match in _SELF_INTRO.finditer(normalize(line[:_INTRO_CHARS])):
            family = match.group("name")
            if family not in SURNAMES:
                continue
            hit = find_company(match.group("company") or "")
            return Name(family, cjk=True), hit.name if hit is not None and hit.strong else ""
    return None, ""


def _choose_name(display: Name | None, found: list[Name], local_part: str) -> Name | None:
    full_cjk = [n for n in found if n.cjk and n.full]
    if display is not None and display.full:
        if not display.cjk and full_cjk:
            return full_cjk[0]  # Kenji Watanabe signing 渡辺 健二: the kanji is what a user keeps
        # 'Chen Wei-Ling' signing 'Wei-Ling Chen': the order they chose beats a directory's.
        reordered = [n for n in found if n.full and n.tokens() == display.tokens()]
        if reordered and not display.cjk:
            return reordered[0]
        same = [n for n in full_cjk if n.last + n.first == display.last + display.first]
        return same[0] if same else display
    if display is not None:
        known = display.tokens()
        for candidate in found:
            if candidate.full and known & candidate.tokens():
                return candidate
        return display
    local = set(re.split(r"[._\-+]", local_part.lower()))
    for candidate in found:
        if candidate.full and (candidate.cjk or local & candidate.tokens()):
            return candidate
    return next((n for n in found if n.full), found[0] if found else None)


def _choose_company(facts: SignatureFacts, display_company: str, intro_company: str,
                    name: Name | None, address: str) -> str:
    strong = [hit.name for hit in facts.companies if hit.strong]
    if strong:
        return strong[0]
    if display_company:
        return display_company
    person = (name.tokens() if name else set())
    for hit in facts.companies:
        if {t.lower() for t in hit.name.split()} != person:
            return hit.name
    return intro_company or company_from_domain(address)


def extract(from_name: str, from_addr: str, body_text: str) -> ExtractedPerson:
    address = from_addr.strip().lower()
    domain = domain_of(address)
    display = _read_display(from_name or "", address)
    own = own_lines(body_text or "")
    signature = signature_lines(own)
    facts = read_signature(signature, organization_label(domain), _regions(domain, signature))
    intro_name, intro_company = _self_intro(own)
    name = _choose_name(display.name, facts.names, address.partition("@")[0]) or intro_name
    return ExtractedPerson(
        last_name=name.last if name else "",
        first_name=name.first if name else "",
        email=address,
        phone=best(facts.phones, "phone"),
        mobile=best(facts.phones, "mobile"),
        company=_choose_company(facts, display.company, intro_company, name, address),
        title=" ".join(dict.fromkeys(facts.titles)),
        website=facts.website,
        address=facts.address,
    )


def extract_from_message(message_id: int) -> ExtractedPerson:
    """Read a stored message (its body when it has been fetched) and extract its sender."""
    from_name, from_addr, text = message_parts(message_id)
    return extract(from_name, from_addr, text)
