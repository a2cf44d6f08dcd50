"""Cues that a message may not be what it claims: spoofed senders and deceptive links.

Checked: display names showing another address; From headers whose encoded-words hide
control characters or an address (the "Mailsploit" family); several senders; bidi controls
in the sender; look-alike (IDN) domains in the sender and in link targets; links whose
visible text names another host or address than the one they open, compared after IDNA
normalisation. Each cue names the real address or host, so the user sees the truth.
"""

from __future__ import annotations

import codecs
import html as html_lib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from app.mail.charsets import decode_base64, decode_bytes
from app.mail.headers import parse_addresses

MAX_LINK_WARNINGS = 10
MAX_SCANNED_HTML = 4 * 1024 * 1024  # characters of one part searched for links

_ADDRESS_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_HOST_IN_TEXT = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^\s/@]*@)?([\w-]+(?:\.[\w-]+)+)\.?(?:[:/?#\s]|$)", re.I
)
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_ANGLE_ADDR = re.compile(r"<[^<>]*>")
_UNSAFE_NAME_CHARS = re.compile("[\x00-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


@dataclass(frozen=True)
class MailWarning:
    kind: str  # spoofed-display-name | encoded-sender | several-senders | hidden-characters
    #            | lookalike-domain | deceptive-link | lookalike-link
    english: str
    japanese: str


# --- look-alike domains ----------------------------------------------------------------

# Scripts that may share a label with Latin: Japanese, Chinese and Korean domains do.
_CJK_MIXES = ({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}, {"LATIN", "HAN", "BOPOMOFO"},
              {"LATIN", "HAN", "HANGUL"})
# Letters of other scripts drawn like Latin ones: a label made only of these reads as Latin.
_LATIN_LOOKALIKES = set(
    "аеорсухіјѕһԁӏԛԝьвнкмтъ"  # Cyrillic
    "αεικνορτυχωϲ"  # Greek
    "ասհոռսցւօ"  # Armenian
)
# Latin letters that are not ASCII but pass for ASCII ones.
_LATIN_IMPOSTORS = set("ɑıȷɡɩſƅɒɵʀꞵ")
# Japanese characters that pass for Latin strokes or punctuation beside Latin letters.
_KANA_STROKES = set("ーノ一丶ヽヘ丿")


def _script(char: str) -> str | None:
    """Rough Unicode script from the character name; None for digits, marks and hyphens."""
    name = unicodedata.name(char, "")
    word = name.split(" ", 1)[0]
    if word in ("", "DIGIT", "HYPHEN-MINUS", "COMBINING") or unicodedata.category(char) == "Mn":
        return None
    if word in ("CJK", "IDEOGRAPHIC"):
        return "HAN"
    if word == "KATAKANA-HIRAGANA":
        return "KATAKANA"
    if word in ("FULLWIDTH", "HALFWIDTH"):
        return name.split(" ")[1]
    return word


def _unicode_label(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return codecs.decode(label[4:].encode("ascii"), "punycode")
        except (UnicodeError, ValueError):
            return label
    return unicodedata.normalize("NFKC", label).casefold()


def lookalike_reason(domain: str) -> tuple[str, str] | None:
    """Why a domain may imitate another, as (English, Japanese); None if it looks honest."""
    labels = [_unicode_label(label) for label in domain.translate(_DOTS).split(".") if label]
    if all(label.isascii() for label in labels):
        return None
    tld = labels[-1] if labels else ""
    for label in labels:
        if label.isascii():
            continue
        scripts = {s for s in map(_script, label) if s}
        if "SMALL" in scripts or any(c in _LATIN_IMPOSTORS for c in label):
            return ("uses letters that imitate Latin ones", "ラテン文字に似せた文字を使っています")
        if len(scripts) > 1 and not any(scripts <= mix for mix in _CJK_MIXES):
            mixed = " + ".join(sorted(s.title() for s in scripts))
            return (f"mixes scripts ({mixed})", f"複数の文字体系が混在しています（{mixed}）")
        if "LATIN" in scripts and any(c in _KANA_STROKES for c in label):
            return ("uses Japanese characters that look like Latin strokes",
                    "ラテン文字の記号に見える日本語の文字を使っています")
        letters = [c for c in label if _script(c)]
        if (scripts & {"CYRILLIC", "GREEK", "ARMENIAN"} and letters
                and all(c in _LATIN_LOOKALIKES for c in letters)
                and not (tld and not tld.isascii())):
            return ("is written in letters that look like Latin ones",
                    "ラテン文字に見える別の文字で書かれています")
    return None


def _display_domain(domain: str) -> str:
    """The domain as the user should read it: ASCII form, and the Unicode form beside it."""
    ascii_form = _ascii_host(domain)
    shown = ".".join(_unicode_label(label) for label in ascii_form.split("."))
    return ascii_form if shown == ascii_form else f"{ascii_form} ({shown})"


# --- senders ---------------------------------------------------------------------------


def sender_warnings(from_name: str, from_addr: str, raw_from: str | None = None
                    ) -> list[MailWarning]:
    """Cues about the sender; raw_from is the From header as sent, before decoding."""
    warnings: list[MailWarning] = []
    real = from_addr or "(none)"
    shown = {m.lower() for m in _ADDRESS_IN_TEXT.findall(unicodedata.normalize("NFKC", from_name))}
    if any(address != from_addr.lower() for address in shown):
        warnings.append(MailWarning(
            "spoofed-display-name",
            f"The sender's name shows another address; the real sender is {real}.",
            f"差出人名に別のアドレスが含まれています。実際の差出人は {real} です。",
        ))
    if raw_from and _encoded_trick(raw_from, from_addr):
        warnings.append(MailWarning(
            "encoded-sender",
            f"The sender's address is disguised with encoded text; the real sender is {real}.",
            f"差出人がエンコードされた文字列で偽装されています。実際の差出人は {real} です。",
        ))
    if raw_from and len(parse_addresses(raw_from)) > 1:
        warnings.append(MailWarning(
            "several-senders",
            f"The message names several senders; Kizuna shows the first, {real}.",
            f"複数の差出人が記載されています。最初の差出人 {real} を表示しています。",
        ))
    if _UNSAFE_NAME_CHARS.search(from_name + from_addr):
        warnings.append(MailWarning(
            "hidden-characters",
            f"The sender's name contains invisible or text-direction characters; "
            f"the real sender is {real}.",
            f"差出人名に不可視の文字や文字方向の制御文字が含まれています。"
            f"実際の差出人は {real} です。",
        ))
    domain = from_addr.rpartition("@")[2]
    reason = lookalike_reason(domain) if domain else None
    if reason:
        shown_domain = _display_domain(domain)
        warnings.append(MailWarning(
            "lookalike-domain",
            f"The sender's domain {shown_domain} {reason[0]}; it may imitate another.",
            f"差出人のドメイン {shown_domain} は{reason[1]}。なりすましの可能性があります。",
        ))
    return warnings


def _encoded_trick(raw_from: str, real: str) -> bool:
    """Encoded-words that decode to control characters or an address, or that sit inside
    the address itself, where RFC 2047 forbids them."""
    text = re.sub(r"\r?\n[ \t]", " ", raw_from)
    if any("=?" in address for address in _ANGLE_ADDR.findall(text)):
        return True
    # A bare addr-spec ("=?..?=@evil.example") glues an encoded-word to the "@".
    if re.search(r"\?=[^\s<>,]*@|@[^\s<>,]*=\?", _ANGLE_ADDR.sub(" ", text)):
        return True
    for word in _ENCODED_WORD.findall(text):
        decoded = _decode_word(word)
        if _CONTROL.search(decoded):
            return True
        hidden = _ADDRESS_IN_TEXT.findall(unicodedata.normalize("NFKC", decoded))
        if any(address.lower() != real.lower() for address in hidden):
            return True
    return False


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")


def _decode_word(word: str) -> str:
    """One encoded-word as text, control characters kept (decode_header_value would turn
    them into spaces before anyone could see them)."""
    charset, encoding, payload = word[2:-2].split("?", 2)
    raw = payload.encode("ascii", "replace")
    if encoding in "bB":
        data = decode_base64(raw)
    else:
        data = _QP_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw.replace(b"_", b" "))
    return decode_bytes(data, charset.split("*")[0])


# --- links -----------------------------------------------------------------------------

_ANCHOR = re.compile(r"<a\b([^>]*)>|</a\s*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")


def _links(html: str) -> list[tuple[str, str]]:
    """(href, visible text) of each anchor; linear, and tolerant of unclosed anchors."""
    links: list[tuple[str, str]] = []
    href: str | None = None
    start = 0
    for match in _ANCHOR.finditer(html[:MAX_SCANNED_HTML]):
        if href is not None:
            text = html_lib.unescape(_TAG.sub("", html[start : match.start()]))
            links.append((href, " ".join(text.split())))
            href = None
        if match.group(1) is not None:
            found = _HREF.search(match.group(1))
            if found:
                href = html_lib.unescape(next(g for g in found.groups() if g is not None))
                start = match.end()
    return links


def _ascii_host(value: str) -> str:
    host = value.translate(_DOTS).strip().rstrip(".").lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _same_site(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def _link_warning(href: str, text: str) -> MailWarning | None:
    href = href.strip()
    try:
        target = urlsplit(href)
        target_host = target.hostname
    except ValueError:
        return None
    shown_text = unicodedata.normalize("NFKC", text).translate(_DOTS)
    if target.scheme.lower() == "mailto":
        opened = unquote(target.path).strip().lower()
        shown = [a.lower() for a in _ADDRESS_IN_TEXT.findall(shown_text)]
        if shown and opened and opened not in shown:
            return MailWarning(
                "deceptive-link",
                f"A link shows {shown[0]} but writes to {opened}.",
                f"リンクの表示は {shown[0]} ですが、実際の宛先は {opened} です。",
            )
        return None
    if not target_host:
        return None
    target_ascii = _ascii_host(target_host)
    reason = lookalike_reason(target_ascii)
    if reason:
        shown_host = _display_domain(target_ascii)
        return MailWarning(
            "lookalike-link",
            f"A link opens {shown_host}, which {reason[0]}.",
            f"リンク先 {shown_host} は{reason[1]}。",
        )
    userinfo = target.netloc.rpartition("@")[0]
    match = _HOST_IN_TEXT.match(shown_text) or (
        _HOST_IN_TEXT.match(unquote(userinfo) + "/") if "." in userinfo else None
    )
    if not match:
        return None
    shown_ascii = _ascii_host(match.group(1))
    if _same_site(shown_ascii, target_ascii):
        return None
    return MailWarning(
        "deceptive-link",
        f"A link shows {_display_domain(shown_ascii)} but opens {_display_domain(target_ascii)}.",
        f"リンクの表示は {_display_domain(shown_ascii)} ですが、"
        f"実際の行き先は {_display_domain(target_ascii)} です。",
    )


def link_warnings(html: str) -> list[MailWarning]:
    """Deceptive and look-alike links of one HTML part, each reported once."""
    warnings: list[MailWarning] = []
    for href, text in dict.fromkeys(_links(html)):
        warning = _link_warning(href, text)
        if warning and warning not in warnings:
            warnings.append(warning)
            if len(warnings) >= MAX_LINK_WARNINGS:
                break
    return warnings
