"""Header values: RFC 2047 words, addresses, message ids, dates, MIME parameters, subjects.

Every function takes the raw (possibly folded, possibly 8-bit) value and tolerates garbage:
real mail breaks every rule, and a header must never stop a message from being listed.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_tz
from urllib.parse import unquote_to_bytes

from app.mail.charsets import decode_base64, decode_bytes

MAX_ADDRESSES = 1000  # a hostile To: with a million entries must not balloon the store


@dataclass(frozen=True)
class Address:
    name: str  # decoded display name, "" if none
    addr: str  # lower-cased addr-spec, "" if unparseable


_FOLD = re.compile(r"\r?\n(?=[ \t])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\udc80-\udcff]")
# The closing "?=" is optional: truncated words are decoded as far as they go.
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)(?:\?=)?")
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_QUOTED_PAIR = re.compile(r"\\(.)", re.S)


def decode_header_value(value: str | bytes | None) -> str:
    """Decode RFC 2047 words and raw 8-bit text; the result is one clean line."""
    if not value:
        return ""
    text = _recover_raw(value)
    if "\n" in text:
        text = _FOLD.sub("", text)
    if "=?" in text:
        text = _decode_words(text)
    return _printable(text, " ").strip()


def _printable(text: str, replacement: str) -> str:
    # isprintable() is a C scan; most values never need the regex.
    return text if text.isprintable() else _CONTROL.sub(replacement, text)


def _recover_raw(value: str | bytes) -> str:
    """Undo the parser's surrogateescape so 8-bit and raw ISO-2022-JP headers read right."""
    if isinstance(value, bytes):
        return decode_bytes(value, None)
    if value.isascii():
        return decode_bytes(value.encode("ascii"), None) if "\x1b" in value else value
    if _SURROGATE.search(value):
        return decode_bytes(value.encode("utf-8", "surrogateescape"), None)
    return value


def _decode_words(text: str) -> str:
    pieces: list[str | tuple[str, list[bytes]]] = []
    pos = 0
    for match in _ENCODED_WORD.finditer(text):
        between = text[pos : match.start()]
        previous = pieces[-1] if pieces and not isinstance(pieces[-1], str) else None
        if between and not (previous and between.isspace()):
            pieces.append(between)
            previous = None
        charset = match.group(1).split("*")[0].lower()
        data = _word_bytes(match.group(2), match.group(3))
        if previous and previous[0] == charset:
            # Decode the words together: senders split multibyte characters across words.
            previous[1].append(data)
        else:
            pieces.append((charset, [data]))
        pos = match.end()
    pieces.append(text[pos:])
    return "".join(p if isinstance(p, str) else decode_bytes(b"".join(p[1]), p[0]) for p in pieces)


def _word_bytes(encoding: str, payload: str) -> bytes:
    raw = payload.encode("utf-8", "surrogateescape")
    if encoding in "bB":
        return decode_base64(raw)
    return _QP_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw.replace(b"_", b" "))


_ADDR_SPECIALS = re.compile(r'["()\\:;]')
# One token of an address list: quoted string, comment, angle address, separator, or a run
# of anything else.
_ADDR_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"?|\([^()]*\)?|<[^<>]*>?|[,;:]|[^",;:(<]+|.', re.S)


def parse_addresses(value: str | None) -> list[Address]:
    """Parse the raw header first so commas inside encoded names cannot split an entry."""
    if not value:
        return []
    text = _recover_raw(value)
    text = _FOLD.sub("", text) if "\n" in text else text
    result: list[Address] = []
    if not _ADDR_SPECIALS.search(text):
        # Common case, no quotes, comments or groups: commas are the only separators.
        for entry in text.split(",")[:MAX_ADDRESSES]:
            name, bracket, rest = entry.rpartition("<")
            if bracket:
                _add_address(name, rest.partition(">")[0], "", result)
            else:
                _add_address("", "", entry, result)
        return result
    tokens: list[str] = []
    for token in _ADDR_TOKEN.findall(text):
        if token in (",", ";"):
            _add_tokens(tokens, result)
            tokens = []
        elif token == ":" and not any(t.startswith("<") for t in tokens):
            tokens = []  # a group's display name: its members follow
        else:
            tokens.append(token)
        if len(result) >= MAX_ADDRESSES:
            return result
    _add_tokens(tokens, result)
    return result


def _add_tokens(tokens: list[str], result: list[Address]) -> None:
    comments = " ".join(t[1:].rstrip(")") for t in tokens if t.startswith("("))
    words = "".join(_unquote(t) for t in tokens if not t.startswith(("<", "(")))
    angles = [t for t in tokens if t.startswith("<")]
    if angles:
        addr = angles[-1][1:].rstrip(">").rsplit(":", 1)[-1]  # drop obsolete source routes
        _add_address(words or comments, addr, "", result)
    else:
        _add_address(comments, "", words, result)


def _add_address(name: str, addr: str, bare: str, result: list[Address]) -> None:
    """name and addr from "name <addr>"; bare is an entry without angle brackets."""
    addr = "".join((addr or bare).split()).lower()
    if "@" not in addr:  # "MAILER-DAEMON", "Foo <>": keep the text as a name
        name, addr = name.strip() or bare.strip(), ""
    name = _strip_quotes(decode_header_value(name)) if name else ""
    if name or addr:
        result.append(Address(name, _printable(addr, "")))


def _unquote(word: str) -> str:
    if not word.startswith('"'):
        return word
    inner = word[1:-1] if word.endswith('"') and len(word) > 1 else word[1:]
    return _QUOTED_PAIR.sub(r"\1", inner) if "\\" in inner else inner


def _strip_quotes(name: str) -> str:
    while len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1].strip()
    return name


_MSGID = re.compile(r"<([^<>\s]+)>")


def parse_message_ids(value: str | None) -> list[str]:
    if not value:
        return []
    text = _recover_raw(value)
    ids = _MSGID.findall(text)
    if not ids:  # bare ids without brackets, as some old clients write them
        ids = [t.strip("<>") for t in re.split(r"[\s,]+", text) if "@" in t]
    return list(dict.fromkeys(i for i in (_printable(i, "") for i in ids) if i))


def parse_date(value: str | None) -> int | None:
    """Epoch seconds UTC, or None; a date without a zone is taken as UTC."""
    if not value:
        return None
    text = _printable(_recover_raw(value), " ").strip()
    try:
        parts = parsedate_tz(text)
        if parts is not None:
            return calendar.timegm(parts[:6]) - (parts[9] or 0)
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            return calendar.timegm(moment.timetuple())
        return int(moment.timestamp())
    except (ValueError, OverflowError, TypeError, IndexError):
        return None


# All leading markers in one anchored match: stripping them one by one would be quadratic
# on a hostile "Re: Re: Re: ..." subject.
_SUBJECT_PREFIXES = re.compile(
    r"^(?:\s*(?:(?:re|fwd?|aw|wg|sv|vs|tr|réf|ref|antw|rif|enc|odp|返信|転送|回复|转发)"
    r"\s*(?:\[\d+\]|\(\d+\)|\^\d+)?\s*:|\[[^\]]*\]))+",
    re.IGNORECASE,
)


def normalize_subject(subject: str) -> str:
    """Base subject for threading: reply/forward markers and list tags gone, casefolded."""
    # NFKC turns full-width "Ｒｅ：" into "Re:" so one pattern covers both.
    text = _SUBJECT_PREFIXES.sub("", unicodedata.normalize("NFKC", subject or ""), count=1)
    return " ".join(text.split()).casefold()


_PARAM = re.compile(r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)', re.S)
_SECTION = re.compile(r"^(.+?)\*(\d+)?(\*)?$")
MAX_SECTIONS = 64


def parse_params(value: str | None) -> tuple[str, dict[str, str]]:
    """Split 'type/subtype; a=b; name*0*=...' into the lower-case main value and params.

    RFC 2231 sections and charsets are joined and decoded; plain values are unquoted but
    otherwise left raw (an RFC 2047 filename is decoded by the caller).
    """
    if not value:
        return "", {}
    text = value.replace("\r", "").replace("\n", "")
    main, _, rest = text.partition(";")
    params: dict[str, str] = {}
    sections: dict[str, list[tuple[int, bool, str]]] = {}
    for match in _PARAM.finditer(";" + rest):
        name, raw = match.group(1).lower(), match.group(2).strip()
        raw = _unquote(raw) if raw.startswith('"') else raw
        section = _SECTION.match(name)
        if section:
            base, number, star = section.groups()
            parts = sections.setdefault(base, [])
            if len(parts) < MAX_SECTIONS:
                parts.append((int(number or 0), number is None or star is not None, raw))
        else:
            params.setdefault(name, raw)
    for base, parts in sections.items():
        params[base] = _join_sections(sorted(parts))
    return main.strip().lower(), params


def _join_sections(parts: list[tuple[int, bool, str]]) -> str:
    charset = ""
    data = b""
    for index, (_, encoded, raw) in enumerate(parts):
        if encoded and index == 0 and raw.count("'") >= 2:
            charset, _, raw = raw.split("'", 2)
        raw_bytes = raw.encode("utf-8", "surrogateescape")  # raw 8-bit stays as it came
        data += unquote_to_bytes(raw_bytes) if encoded else raw_bytes
    return decode_bytes(data, charset or None)
