"""Person names: Japanese family-given order, romanized names in either order, honorifics.

山田 太郎 / 山田太郎 / 山田 太郎 様 → 山田 / 太郎; YAMADA Taro and Taro Yamada → Yamada / Taro;
Müller, Anna → Müller / Anna; Lucas van der Berg → van der Berg / Lucas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.crm.extract.surnames import ROMAJI_SURNAMES, SURNAMES
from app.crm.extract.text import CJK

HONORIFICS = ("様", "さま", "サマ", "さん", "サン", "殿", "どの", "御中", "先生", "くん", "君",
              "ちゃん")
_LATIN_HONORIFIC = re.compile(r"[\s-](?:san|sama|sensei|kun)$", re.IGNORECASE)
_PREFIXES = re.compile(
    r"^(?:mr|mrs|ms|miss|mx|dr|prof|herr|frau|mme|mlle|m|sig|sig\.ra|dott|ing|sir)\.?\s+",
    re.IGNORECASE,
)
_SUFFIXES = re.compile(
    r"(?:,?\s+(?:ph\.?d\.?|mba|jr\.?|sr\.?|ii|iii|iv|cpa|esq\.?|md|msc|m\.sc\.|dipl\.-ing\.))+$",
    re.IGNORECASE,
)
PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "del", "della", "la", "le",
                       "du", "dos", "das", "ten", "ter", "bin", "al", "el", "st."})
_CJK_TOKEN = re.compile(f"^[{CJK}]{{1,5}}$")
_LATIN_TOKEN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ʯḀ-ỿ][A-Za-zÀ-ÖØ-öø-ÿĀ-ʯḀ-ỿ'’.\-]*$")


@dataclass(frozen=True)
class Name:
    last: str
    first: str = ""
    cjk: bool = False

    @property
    def full(self) -> bool:
        return bool(self.last and self.first)

    def tokens(self) -> set[str]:
        return {t.lower() for t in f"{self.last} {self.first}".split()}


def strip_honorific(text: str) -> str:
    text = text.strip()
    for _ in range(2):  # "山田様 御中" style pile-ups
        for word in HONORIFICS:
            if text.endswith(word) and len(text) > len(word):
                text = text[: -len(word)].rstrip()
        text = _LATIN_HONORIFIC.sub("", text).strip()
    return text


def split_cjk(text: str) -> Name | None:
    """A name in kanji or kana, with or without a space between family and given name."""
    tokens = text.split()
    if not tokens or len(tokens) > 2 or not all(_CJK_TOKEN.match(t) for t in tokens):
        return None
    if len(tokens) == 2:
        return Name(tokens[0], tokens[1], cjk=True) if len(text) <= 9 else None
    token = tokens[0]
    if len(token) < 2 or len(token) > 6:
        return None
    if token in SURNAMES:
        return Name(token, cjk=True)
    for size in (3, 2, 1):
        if token[:size] in SURNAMES and len(token) > size:
            return Name(token[:size], token[size:], cjk=True)
    if len(token) == 2:
        return Name(token, cjk=True)  # most likely a family name written alone
    return Name(token[:2], token[2:], cjk=True)


def _capitalize(word: str) -> str:
    if word.lower() in PARTICLES:
        return word.lower()
    if not (word.isupper() or word.islower()) or len(word) == 1:
        return word
    return re.sub(r"(^|['’\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), word.lower())


def _clean_latin(text: str) -> str:
    text = _SUFFIXES.sub("", text.strip().strip(",")).strip()
    return _PREFIXES.sub("", text).strip()


def parse_latin(text: str) -> Name | None:
    text = _clean_latin(text)
    if "," in text:
        family, _, given = (part.strip() for part in text.partition(","))
        if family and given and all(_LATIN_TOKEN.match(t) for t in (family + " " + given).split()):
            return Name(_join(family.split()), _join(given.split()))
        return None
    tokens = text.split()
    if not tokens or len(tokens) > 5 or not all(_LATIN_TOKEN.match(t) for t in tokens):
        return None
    if len(tokens) == 1:
        word = _capitalize(tokens[0])
        return Name(word) if word.lower() in ROMAJI_SURNAMES else Name("", word)
    capitals = [i for i, t in enumerate(tokens) if t.isupper() and len(t) > 1]
    if len(capitals) == 1 and len(tokens) == 2:  # YAMADA Taro, Hiroshi SUZUKI
        family = capitals[0]
        return Name(_capitalize(tokens[family]), _capitalize(tokens[1 - family]))
    for i in range(1, len(tokens) - 1):
        if tokens[i].lower() in PARTICLES:
            return Name(_join(tokens[i:]), _join(tokens[:i]))
    if (len(tokens) == 2 and tokens[0].lower() in ROMAJI_SURNAMES
            and tokens[1].lower() not in ROMAJI_SURNAMES):
        return Name(_capitalize(tokens[0]), _capitalize(tokens[1]))  # Yamada Taro
    return Name(_capitalize(tokens[-1]), _join(tokens[:-1]))


def _join(tokens: list[str]) -> str:
    return " ".join(_capitalize(t) for t in tokens)


def parse_name(text: str) -> Name | None:
    """A name in either script, honorifics removed; None when the text is not a name."""
    text = strip_honorific(text)
    if not text:
        return None
    return split_cjk(text) or parse_latin(text)


def looks_like_latin_name(text: str) -> bool:
    """Two to four capitalized words (particles allowed): a name line in a signature."""
    tokens = _clean_latin(text).split()
    if not 2 <= len(tokens) <= 4 or not all(_LATIN_TOKEN.match(t) for t in tokens):
        return False
    return all(t[0].isupper() or t.lower() in PARTICLES for t in tokens) and not all(
        t.lower() in PARTICLES for t in tokens
    )
