"""Company names in a signature line: legal forms in Japanese and Western styles."""

from __future__ import annotations

import re
from dataclasses import dataclass

JA_FORMS = (
    "特定非営利活動法人", "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人",
    "独立行政法人", "国立大学法人", "社会福祉法人", "社会医療法人", "株式会社", "有限会社",
    "合同会社", "合名会社", "合資会社", "NPO法人", "学校法人", "医療法人", "宗教法人",
)
# Names of organizations that carry no legal form (an office, a farm, a clinic).
ORG_SUFFIXES = (
    "事務所", "協会", "組合", "研究所", "大学", "病院", "クリニック", "商店", "商会",
    "製作所", "工務店", "銀行", "信用金庫", "農園", "農場", "学園", "役場", "市役所",
)
_EN_FORM = re.compile(
    r"(?:^|[\s,])(?:Inc\.?|Incorporated|Corp\.?|Corporation|Co\.,?\s*Ltd\.?|Co\.|Company|"
    r"Ltd\.?|Limited|LLC|L\.L\.C\.|LLP|L\.P\.|PLC|plc|GmbH(?:\s*&\s*Co\.\s*KG)?|AG|KG|SE|"
    r"S\.A\.S\.?|SAS|SARL|S\.A\.R\.L\.|S\.A\.|S\.p\.A\.?|SpA|S\.r\.l\.?|Srl|B\.V\.?|BV|"
    r"N\.V\.?|NV|Pty\.?\s+Ltd\.?|Pvt\.?\s+Ltd\.?|Pte\.?\s+Ltd\.?|Private\s+Limited|"
    r"K\.K\.?|KK|Oy|AB|A/S|ApS|Sdn\.?\s+Bhd\.?)$"
)
_FORM_ONLY = re.compile(r"^(?:Inc|Ltd|LLC|L\.L\.C|Co\.,?\s*Ltd|Corp|GmbH|S\.A|AG|plc)\.?$")
PIECE_SEPARATORS = re.compile(r"\s*(?:\||｜|/|／|\s[·•–—-]\s|\t|\s{3,})\s*")


@dataclass
class CompanyHit:
    name: str
    rest: str  # the line without the company, for titles and names
    strong: bool  # a legal form, not only a suffix or a match with the domain


def _ja_company(line: str) -> CompanyHit | None:
    tokens = line.split()
    for i, token in enumerate(tokens):
        if not any(form in token for form in JA_FORMS):
            continue
        used = [i]
        if token in JA_FORMS:
            # The form written apart from the name: 一般社団法人 日本観光推進協会.
            if i + 1 < len(tokens):
                token, used = f"{token} {tokens[i + 1]}", [i, i + 1]
            elif i > 0:
                token, used = f"{tokens[i - 1]} {token}", [i - 1, i]
        rest = " ".join(t for j, t in enumerate(tokens) if j not in used)
        return CompanyHit(token, rest, strong=True)
    return None


def split_pieces(text: str) -> list[str]:
    """'VP of Sales | Cobalt Freight Inc.' → two pieces; 'Partners, Inc.' stays whole."""
    pieces: list[str] = []
    for part in PIECE_SEPARATORS.split(text):
        for chunk in part.split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            if pieces and _FORM_ONLY.match(chunk):
                pieces[-1] = f"{pieces[-1]}, {chunk}"
            else:
                pieces.append(chunk)
    return pieces


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


def find_company(line: str, domain_label: str = "") -> CompanyHit | None:
    """The company named in a line, if any, and what is left of the line."""
    hit = _ja_company(line)
    if hit is not None:
        return hit
    pieces = split_pieces(line)
    for piece in pieces:
        if _EN_FORM.search(piece) and len(piece.split()) >= 2:
            return CompanyHit(piece, _without(pieces, piece), strong=True)
    for token in line.split():
        if token.endswith(ORG_SUFFIXES) and not token.startswith(ORG_SUFFIXES):
            rest = " ".join(t for t in line.split() if t is not token)
            return CompanyHit(token, rest, strong=False)
    label = _squash(domain_label)
    if len(label) >= 4:
        for piece in pieces:
            squashed = _squash(piece)
            if len(squashed) < 4:
                continue
            contains = label in squashed and len(piece.split()) <= 4
            contained = squashed in label and len(squashed) * 5 >= len(label) * 3
            if contains or contained:
                return CompanyHit(piece, _without(pieces, piece), strong=False)
    return None


def _without(pieces: list[str], piece: str) -> str:
    return " | ".join(p for p in pieces if p is not piece)
