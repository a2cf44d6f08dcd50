"""Phone numbers in a signature: labelled (TEL, 携帯, Mobile, FAX …), normalized by phonenumbers.

Japanese numbers come out in national form (03-1234-5678), others in international form
(+1 415-555-0132). A fax number is recognized so that it is never taken for the phone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import (
    Leniency,
    PhoneNumberFormat,
    PhoneNumberMatch,
    PhoneNumberMatcher,
    PhoneNumberType,
)

DEFAULT_REGION = "JP"

# Longer labels first, so that TEL/FAX is not read as FAX.
_LABELS: list[tuple[str, str]] = [
    (r"tel\s*/\s*fax|電話\s*/\s*fax", "phone"),
    (r"携帯電話|携帯|ケータイ|mobile|mob|cell(?:ular)?|handy|portable|cellulare|cel|m", "mobile"),
    (r"fax|facsimile|ファックス|ファクス|f", "fax"),
    (r"直通|direct(?:\s+line)?|dir", "direct"),
    (r"代表|main|switchboard|reception", "main"),
    (r"tel|tél|phone|ph|電話|office|work|telefon|telefono|téléphone|☎|📞|t", "phone"),
]
# Too short to trust as a label without a colon or a dot after them.
_SHORT = {"t", "m", "f", "ph", "dir", "cel", "mob"}
_LABEL_RE = re.compile(
    "|".join(f"(?P<g{i}>(?<![A-Za-z])(?:{pattern})(?![A-Za-z]))" for i, (pattern, _) in
             enumerate(_LABELS)),
    re.IGNORECASE,
)
_AFTER = re.compile(r"^\s*\((直通|代表|携帯|mobile|direct|main|fax)\)", re.IGNORECASE)
# Which number wins when several carry the same kind: a direct line over a switchboard.
_RANK = {"direct": 0, "phone": 1, "": 2, "main": 3}


@dataclass
class PhoneHit:
    number: str  # formatted
    kind: str  # phone | mobile | fax
    rank: int
    position: int


def _labels(line: str) -> list[tuple[int, str]]:
    found = []
    for match in _LABEL_RE.finditer(line):
        index = next(i for i in range(len(_LABELS)) if match.group(f"g{i}"))
        word = match.group(0).lower()
        if word in _SHORT and not _trusted_short(line, match.start(), match.end()):
            continue
        found.append((match.end(), _LABELS[index][1]))
    return found


def _trusted_short(line: str, start: int, end: int) -> bool:
    """'T: 03…', or 'M +43 664…' at the start of the line or after a separator."""
    if re.match(r"\s*[.:]", line[end:]):
        return True
    opens_field = not line[:start].strip() or re.search(r"(\||/|\s{2})\s*$", line[:start])
    return bool(opens_field) and bool(re.match(r"\s+[+(\d]", line[end:]))


def _matches(line: str, regions: list[str]) -> list[PhoneNumberMatch]:
    """Candidate spans, found with each region's rules (a US number is no Japanese one)."""
    found: dict[int, PhoneNumberMatch] = {}
    for region in regions:
        for match in PhoneNumberMatcher(line, region, leniency=Leniency.POSSIBLE):
            found.setdefault(match.start, match)
    spans = sorted(found.values(), key=lambda m: (m.start, -m.end))
    kept: list[PhoneNumberMatch] = []
    for match in spans:
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def _parse(raw: str, regions: list[str]) -> phonenumbers.PhoneNumber | None:
    for region in regions:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return number
    if raw.lstrip().startswith("+"):  # an explicit country code: trust a possible number
        try:
            number = phonenumbers.parse(raw, None)
        except phonenumbers.NumberParseException:
            return None
        return number if phonenumbers.is_possible_number(number) else None
    return None


def format_number(number: phonenumbers.PhoneNumber) -> str:
    if phonenumbers.region_code_for_number(number) == DEFAULT_REGION:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


def _is_mobile(number: phonenumbers.PhoneNumber) -> bool:
    return phonenumbers.number_type(number) == PhoneNumberType.MOBILE


def phones_in_line(line: str, regions: list[str], offset: int = 0) -> list[PhoneHit]:
    """Numbers in one normalized line; each takes the nearest label before it."""
    labels = _labels(line)
    hits = []
    previous_end = 0
    for match in _matches(line, regions):
        number = _parse(match.raw_string, regions)
        if number is None:
            continue
        label = next((kind for end, kind in reversed(labels)
                      if previous_end <= end <= match.start), "")
        trailing = _AFTER.match(line[match.end:])
        if trailing:
            label = {"直通": "direct", "代表": "main", "携帯": "mobile"}.get(
                trailing.group(1), trailing.group(1).lower())
        previous_end = match.end
        if label in ("", "phone", "direct", "main"):
            kind = "mobile" if not label and _is_mobile(number) else "phone"
        else:
            kind = label
        hits.append(PhoneHit(format_number(number), kind, _RANK.get(label, 1),
                             offset + match.start))
    return hits


def best(hits: list[PhoneHit], kind: str) -> str:
    matching = [h for h in hits if h.kind == kind]
    if not matching:
        return ""
    return min(matching, key=lambda h: (h.rank, h.position)).number
