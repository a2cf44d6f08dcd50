"""Line-level helpers shared by the extractors: normalization, rules, decorations, prose."""

from __future__ import annotations

import re
import unicodedata

# Kanji, kana and the iteration mark: the characters Japanese (and Chinese) names are made of.
CJK = r"\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
# Dashes people type between the digits of a phone number or postal code.
_DASHES = re.compile(r"(?<=\d)\s*[\u2010-\u2015\u2212\u30fc\uff0d\-]\s*(?=\d)")
_DECORATION = "■□◆◇●○◎★☆※◼◻▪▫▶►・*|>〓♪♦◯§¶•·"
_RULE_CHARS = set("-=_~*#+.:･・─━═―‐−–—～〜＿＝＊◆◇■□●○★☆◎♪…▼▲▽△※♦◯/\\|'\"` ")
# A closing line: what ends the body and starts the signature.
_CLOSINGS = re.compile(
    r"^(best|best regards|kind regards|warm regards|warmest regards|regards|many thanks|"
    r"thanks|thank you|thanks again|cheers|sincerely|yours sincerely|yours truly|yours|"
    r"all the best|respectfully|with best regards|best wishes|"
    r"mit freundlichen grüßen|viele grüße|beste grüße|cordialement|bien cordialement|"
    r"salutations|cordiali saluti|distinti saluti|saluti|un saluto)\b[\s,.!]*$",
    re.IGNORECASE,
)
_JA_CLOSINGS = re.compile(
    r"(よろしくお願い|宜しくお願い|よろしくおねがい|^以上[。.]?$|^敬具$|^草々$)"
)


# After NFKC, ㈱ and ㈲ read (株) and (有).
_JA_ABBREVIATIONS = {"(株)": "株式会社", "(有)": "有限会社", "(同)": "合同会社",
                     "(社)": "社団法人", "(財)": "財団法人"}


def normalize(line: str) -> str:
    """NFKC (full-width digits and letters, ℡ → TEL), ASCII dashes in numbers, (株) spelled out."""
    text = unicodedata.normalize("NFKC", line).replace("\u3000", " ")
    for short, full in _JA_ABBREVIATIONS.items():
        text = text.replace(short, full)
    return _DASHES.sub("-", text).strip()


def is_rule(line: str) -> bool:
    """A decorative separator: ━━━━, ----, ◆◇◆◇, ☆☆☆ (at least four symbols, no words)."""
    text = line.strip()
    return len(text) >= 4 and all(ch in _RULE_CHARS for ch in text) and text.strip() != ""


def is_delimiter(line: str) -> bool:
    """The RFC 3676 signature delimiter, also as people mistype it."""
    return line.strip() == "--"


def strip_decoration(line: str) -> str:
    return line.strip().strip(_DECORATION).strip()


def is_closing(line: str) -> bool:
    text = line.strip()
    if not text:
        return False
    return bool(_CLOSINGS.match(text)) or bool(_JA_CLOSINGS.search(text))


def is_prose(line: str) -> bool:
    """A sentence of the mail, not a signature line."""
    text = line.strip()
    if "。" in text or text.endswith(("、", "?", "？", "!", "！")):
        return True
    if CJK_RE.search(text):
        return len(text) > 45
    # English: a sentence is mostly lower-case words; a title, company or number line is not.
    words = text.split()
    lower = sum(1 for word in words if word[:1].islower())
    return len(words) > 4 and lower * 2 >= len(words)
