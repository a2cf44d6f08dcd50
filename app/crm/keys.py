"""Comparison keys for duplicate detection: the same person or company written differently.

"株式会社サンプル", "サンプル株式会社", "(株)サンプル" and "ｻﾝﾌﾟﾙ" are one company; "Acme, Inc."
and "ACME Inc" are one company; "Yamada Taro" and "taro yamada" are one name.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Legal forms, after NFKC and casefold ("㈱" becomes "(株)").
_LEGAL_FORMS = (
    "株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人", "一般財団法人",
    "(株)", "(有)", "(同)",
)
_LATIN_FORMS = re.compile(
    r"\b(inc|incorporated|ltd|limited|llc|llp|plc|corp|corporation|co|company|gmbh|ag|sa|"
    r"s\.?p\.?a|s\.?a\.?s|bv|nv|oy|ab|kk|k\.k|pte|pty)\b\.?"
)
_NOISE = re.compile(r"[\s\W_]+")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


@functools.lru_cache(maxsize=4096)  # duplicate checks compare one name with every company
def company_key(name: str) -> str:
    text = fold(name)
    for form in _LEGAL_FORMS:
        text = text.replace(form, " ")
    text = _LATIN_FORMS.sub(" ", text)
    return _NOISE.sub("", text)


def name_key(last_name: str, first_name: str) -> frozenset[str]:
    """Order-free, so family-given and given-family spellings of one name match."""
    return frozenset(part for part in (_NOISE.sub("", fold(last_name)),
                                       _NOISE.sub("", fold(first_name))) if part)
