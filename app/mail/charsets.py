"""Bytes from mail into text: charset aliases, guessing, lenient base64.

Mail in the wild declares charsets loosely (Shift_JIS that is really CP932, ISO-2022-JP with
NEC extensions, bogus names), so every decode here tolerates the label being wrong and never
raises.
"""

from __future__ import annotations

import binascii
import codecs
import re
from functools import lru_cache

# Sentinel codec: ISO-2022-JP mapped through CP932, as Windows (CP50220/CP50221) writes it.
_CP50221 = "x-kizuna-cp50221"

_JIS = ("iso2022_jp", "iso2022_jp_ext", _CP50221, "iso2022_jp_2", "iso2022_jp_2004")
_SJIS = ("cp932", "shift_jis_2004")
_EUCJP = ("euc_jp", "euc_jis_2004")
_ALIAS_TABLE: tuple[tuple[tuple[str, ...], str], ...] = (
    (_SJIS, "shift-jis sjis x-sjis windows-31j ms932 cp932 ms-kanji csshiftjis x-ms-cp932"),
    (_SJIS, "shift-jisx0213 shift-jis-2004"),
    (_JIS, "iso-2022-jp csiso2022jp iso-2022-jp-1 iso-2022-jp-2 iso-2022-jp-3"),
    (_JIS, "iso-2022-jp-2004 iso2022jp cp50220 cp50221 cp50222"),
    (_EUCJP, "euc-jp x-euc-jp eucjp cseucpkdfmtjapanese cp51932"),
    # Supersets: mail labelled with the narrow name routinely uses the wider repertoire.
    (("gb18030",), "gb2312 gbk x-gbk cp936 euc-cn csgb2312 gb-2312-80 chinese"),
    (("cp949",), "ks-c-5601-1987 ks-c-5601-1989 ks-c-5601 ksc5601 euc-kr cseuckr korean"),
    (("cp950", "big5hkscs"), "big5 x-big5 csbig5 cp950"),
    (("cp1252", "latin-1"), "iso-8859-1 latin1 latin-1 iso8859-1 l1"),
    (("iso8859_8",), "iso-8859-8-i"),
    (("iso8859_6",), "iso-8859-6-i"),
    (("cp874",), "tis-620 windows-874"),
    (("utf-8",), "unicode-1-1-utf-8 x-unicode20utf8"),
)
_ALIASES = {name: codecs_ for codecs_, names in _ALIAS_TABLE for name in names.split()}
# Text codecs that are not mail charsets and would interpret bytes as escapes or code.
_REFUSED = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"}

_ISO2022_ESC = re.compile(rb"\x1b(?:\$[@B]|\$\([DOPQ]|\([BJI])")
_SURROGATE = re.compile("[\ud800-\udfff]")
# The only mail-plausible codecs that decode to lone surrogates, which SQLite and Qt refuse;
# scrubbing every decode would cost more than the decode itself.
_SURROGATE_CODECS = {"utf-7"}
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")
_B64_CHUNK = re.compile(rb"[A-Za-z0-9+/]+=*")


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Decode with the declared charset, falling back to a guess; never raises."""
    if not data:
        return ""
    candidates = _codecs_for(charset) if charset else ()
    for codec in candidates:
        text = _attempt(data, codec)
        if text is not None:
            return _scrub(text) if codec in _SURROGATE_CODECS else text
    name, text = _guess(data)
    if name == "latin-1" and candidates:
        # Nothing fits cleanly: the declared charset with replacements beats mojibake.
        text = _scrub(data.decode(candidates[0], "replace"))
    return text


def guess_charset(data: bytes) -> str:
    """Best guess for undeclared bytes: iso-2022-jp, ascii, utf-8, shift_jis, euc-jp, latin-1."""
    return _guess(data)[0]


def decode_base64(data: bytes) -> bytes:
    """Base64 that survives missing padding, junk characters and padding mid-stream."""
    pad = data.find(b"=")
    if pad < 0 or not data[pad:].strip(b"= \t\r\n"):
        try:
            return binascii.a2b_base64(data)
        except binascii.Error:
            pass
    # Decoded chunk by chunk: a2b_base64 silently stops at the first padding it meets.
    return b"".join(_b64_chunk(chunk) for chunk in _B64_CHUNK.findall(data))


def _b64_chunk(chunk: bytes) -> bytes:
    chunk = chunk.rstrip(b"=")
    chunk = chunk[: len(chunk) - 1] if len(chunk) % 4 == 1 else chunk
    return binascii.a2b_base64(chunk + b"=" * (-len(chunk) % 4))


def _guess(data: bytes) -> tuple[str, str]:
    if b"\x1b" in data and _ISO2022_ESC.search(data):
        for codec in _JIS:
            text = _attempt(data, codec)
            if text is not None:
                return "iso-2022-jp", text
    if data.isascii():
        return "ascii", data.decode("ascii")
    text = _attempt(data, "utf-8")
    if text is not None:
        return "utf-8", text
    sjis = _attempt(data, "cp932")
    euc = _attempt(data, "euc_jp")
    if euc is not None and (sjis is None or _kana_count(sjis) > _kana_count(euc)):
        # EUC-JP read as Shift_JIS turns into half-width katakana soup; real EUC-JP does not.
        return "euc-jp", euc
    if sjis is not None:
        return "shift_jis", sjis
    return "latin-1", data.decode("latin-1")


def _kana_count(text: str) -> int:
    return len(_HALFWIDTH_KANA.findall(text))


def _attempt(data: bytes, codec: str) -> str | None:
    """Strict decode, but forgive a multibyte character cut off at the very end."""
    try:
        return _decode_strict(data, codec)
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        if exc.start < len(data) - 3 or head.isascii():
            return None
        try:
            return _decode_strict(head, codec) + "\ufffd"
        except (ValueError, LookupError, TypeError):
            return None
    except (ValueError, LookupError, TypeError):
        return None


def _decode_strict(data: bytes, codec: str) -> str:
    if codec == _CP50221:
        return _jis_via_cp932(data)
    return data.decode(codec)


def _scrub(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text) if not text.isascii() else text


@lru_cache(maxsize=256)
def _codecs_for(charset: str) -> tuple[str, ...]:
    key = charset.strip().strip("\"'").split(";")[0].strip().lower().replace("_", "-")
    if not key or len(key) > 64 or not (key.isascii() and key.isprintable()):
        return ()
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        info = codecs.lookup(key)
    except (LookupError, ValueError):
        return ()
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED:
        return ()
    return (info.name,)


_JIS_MODES = {
    b"\x1b(B": "ascii",
    b"\x1b(J": "ascii",
    b"\x1b(I": "kana",
    b"\x0f": "ascii",
    b"\x0e": "kana",
    b"\x1b$B": "jis",
    b"\x1b$@": "jis",
}
_JIS_SPLIT = re.compile(rb"(\x1b\(B|\x1b\(J|\x1b\(I|\x1b\$B|\x1b\$@|\x0e|\x0f)")


def _jis_via_cp932(data: bytes) -> str:
    """ISO-2022-JP with NEC row 13, NEC-selected IBM rows 89-92 and half-width kana."""
    if not data.isascii() or b"\x1b$(" in data:
        raise ValueError("not CP50221")
    out = bytearray()
    mode = "ascii"
    for chunk in _JIS_SPLIT.split(data):
        if chunk in _JIS_MODES:
            mode = _JIS_MODES[chunk]
        elif mode == "ascii":
            out += chunk
        elif mode == "kana":
            out += bytes(b | 0x80 if 0x21 <= b <= 0x5F else b for b in chunk)
        else:
            out += _jis_pairs_to_sjis(chunk)
    return out.decode("cp932")


def _jis_pairs_to_sjis(chunk: bytes) -> bytes:
    out = bytearray()
    i = 0
    while i < len(chunk):
        j1 = chunk[i]
        if j1 < 0x21:  # line breaks inside a two-byte run
            out.append(j1)
            i += 1
            continue
        if i + 1 >= len(chunk) or not 0x21 <= chunk[i + 1] <= 0x7E or j1 > 0x7E:
            raise ValueError("broken JIS pair")
        j2 = chunk[i + 1]
        s1 = ((j1 - 0x21) >> 1) + 0x81
        s1 += 0x40 if s1 > 0x9F else 0
        # Odd JIS rows land in the low half of the Shift_JIS trail range, skipping 0x7F.
        s2 = j2 + 0x1F + (j2 >= 0x60) if j1 & 1 else j2 + 0x7E
        out += bytes((s1, s2))
        i += 2
    return bytes(out)
