"""Building outgoing RFC 5322 messages, byte for byte, the way old and new clients read them.

Every header this module writes is assembled here from checked parts: a CR, LF, NUL or other
control character in a user-supplied value (subject, names, addresses, file names, message
ids) is rejected with HeaderInjection before anything is written, so no value can end a
header early and start another. Non-ASCII text goes out as RFC 2047 encoded words, file
names also as RFC 2231 parameters. Text is UTF-8 by default; an account can ask for
ISO-2022-JP (7bit) for old Japanese systems, and text that charset cannot hold falls back
to UTF-8 on its own. The Message-ID is fixed here, once, at creation.
"""

from __future__ import annotations

import base64
import mimetypes
import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import quote

from app.errors import UsageError

UTF8 = "utf-8"
ISO_2022_JP = "iso-2022-jp"
CHARSETS = (UTF8, ISO_2022_JP)
_CODECS = {UTF8: ("utf-8", "UTF-8"), ISO_2022_JP: ("iso2022_jp", "ISO-2022-JP")}
LINE = 78  # preferred line length; RFC 5322's hard limit is 998
MAX_LINE = 998
WORD = 66  # RFC 2047 allows 75; 66 keeps "Subject: " and a word within LINE
MAX_FILENAME = 255
MAX_REFERENCES = 20
CRLF = "\r\n"

# Any C0 control but TAB, and DEL: a CR or LF would end the header, the rest has no business
# in one.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+")
_LOCAL_PART = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_MSGID = re.compile(r"[^\s<>()\[\]\\,;:\"@]+@[^\s<>()\\,;:\"@]+")
_MIME_TYPE = re.compile(r"[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+")
_RFC2231_SAFE = "!#$&+-.^_`|~"


class HeaderInjection(UsageError):
    """A header value held a line break or another control character."""


class InvalidAddress(UsageError):
    pass


@dataclass(frozen=True)
class Mailbox:
    name: str  # display name, "" if none
    addr: str  # ASCII addr-spec, the domain in IDNA form

    def __str__(self) -> str:
        return f"{self.name} <{self.addr}>" if self.name else self.addr


@dataclass(frozen=True)
class AttachmentFile:
    filename: str
    data: bytes
    content_type: str = ""  # guessed from the file name when empty


@dataclass
class Draft:
    sender: Mailbox
    to: list[Mailbox]
    subject: str
    text: str
    cc: list[Mailbox] = field(default_factory=list)
    bcc: list[Mailbox] = field(default_factory=list)  # envelope only, never a header
    html: str | None = None
    attachments: list[AttachmentFile] = field(default_factory=list)
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    charset: str = UTF8


@dataclass(frozen=True)
class ComposedMessage:
    raw: bytes  # CRLF line ends, 7-bit clean: what goes to the server as DATA
    message_id: str  # without angle brackets
    sender: str  # envelope MAIL FROM
    recipients: list[str]  # envelope RCPT TO: To, Cc and Bcc, each once


FIELD_LABELS = {  # what a header value is, for the error message
    "subject": ("The subject", "件名"),
    "name": ("A name", "名前"),
    "address": ("An address", "アドレス"),
    "filename": ("An attachment name", "添付ファイル名"),
    "message-id": ("A message id", "メッセージ ID"),
    "display-name": ("The account's display name", "アカウントの表示名"),
}


def check_header_text(field: str, value: str) -> str:
    """`value` unchanged, or HeaderInjection when it could break out of its header."""
    if _CONTROL.search(value):
        english, japanese = FIELD_LABELS[field]
        raise HeaderInjection(
            f"{english} contains a line break or control character",
            f"{japanese}に改行または制御文字が含まれています",
        )
    return value


# --- Addresses -------------------------------------------------------------------------


def _split_list(value: str) -> list[str]:
    """Split on commas outside quotes and angle brackets."""
    items, current, quoted, angle, escaped = [], [], False, False, False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            angle = True
        elif char == ">" and not quoted:
            angle = False
        elif char == "," and not quoted and not angle:
            items.append("".join(current))
            current = []
            continue
        current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _bad_address(text: str, why: str, why_ja: str) -> InvalidAddress:
    return InvalidAddress(f"'{text}' is not a usable address: {why}",
                          f"「{text}」は使用できないアドレスです: {why_ja}")


def _addr_spec(text: str) -> str:
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        raise _bad_address(text, "no user@domain", "user@domain の形式ではありません")
    if not local.isascii() or not _LOCAL_PART.fullmatch(local) or len(local) > 64:
        raise _bad_address(text, "the part before @ must be plain ASCII",
                           "@ の前は半角英数字などに限られます")
    try:
        ascii_domain = domain.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError as error:
        raise _bad_address(text, "bad domain", "ドメインが正しくありません") from error
    labels = ascii_domain.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        raise _bad_address(text, "bad domain", "ドメインが正しくありません")
    return f"{local}@{ascii_domain.lower()}"


def _unquote_name(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return " ".join(name.split())


def parse_mailbox(text: str) -> Mailbox:
    """'addr', 'Name <addr>' or '"Name" <addr>'; anything else is an InvalidAddress."""
    check_header_text("address", text)
    text = text.strip()
    if text.endswith(">") and "<" in text:
        name, _, rest = text[:-1].rpartition("<")
        return Mailbox(_unquote_name(name), _addr_spec(rest.strip()))
    if "<" in text or ">" in text or " " in text:
        raise _bad_address(text, "write it as Name <user@domain>",
                           "「名前 <user@domain>」の形式で指定してください")
    return Mailbox("", _addr_spec(text))


def parse_mailboxes(values: Iterable[str]) -> list[Mailbox]:
    """Each value may itself be a comma-separated list."""
    return [parse_mailbox(item) for value in values for item in _split_list(value)]


# --- Header encoding -------------------------------------------------------------------


def _b_word(text: str, charset: str) -> str | None:
    codec, label = _CODECS[charset]
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return None
    return f"=?{label}?B?{base64.b64encode(data).decode('ascii')}?="


def _encoded_words(text: str, charset: str) -> list[str]:
    """RFC 2047 B words of at most WORD characters, split between characters (each
    ISO-2022-JP word ends in ASCII mode on its own). Falls back to UTF-8 when `charset`
    cannot hold the text."""
    if charset != UTF8 and _b_word(text, charset) is None:
        charset = UTF8
    words: list[str] = []
    chunk = ""
    for char in text:
        longer = _b_word(chunk + char, charset)
        if chunk and longer is not None and len(longer) > WORD:
            words.append(_b_word(chunk, charset) or "")
            chunk = char
        else:
            chunk += char
    if chunk:
        words.append(_b_word(chunk, charset) or "")
    return words


def _fold(name: str, tokens: list[str]) -> str:
    """`Name: t1 t2 ...`, folded before a token where the line would pass LINE characters.

    Folding only adds CRLF before a space that is already there, so unfolding gives back
    exactly the tokens joined by single spaces."""
    head = f"{name}:"
    lines = [head]
    for token in tokens:
        if token and lines[-1] != head and len(lines[-1]) + 1 + len(token) > LINE:
            lines.append(" " + token)
        else:
            lines[-1] += " " + token
    return CRLF.join(lines)


def _needs_encoding(text: str) -> bool:
    return not text.isascii() or "=?" in text or any(len(w) > MAX_LINE - 40 for w in text.split())


def _unstructured(name: str, text: str, charset: str) -> str:
    if _needs_encoding(text):
        return _fold(name, _encoded_words(text, charset))
    return _fold(name, text.split(" "))


def _phrase_tokens(name: str, charset: str) -> list[str]:
    if not name:
        return []
    if _needs_encoding(name):
        return _encoded_words(name, charset)
    if all(_ATOM.fullmatch(word) for word in name.split(" ")):
        return name.split(" ")
    escaped = name.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'.split(" ")


def _address_list(name: str, boxes: list[Mailbox], charset: str) -> str:
    tokens: list[str] = []
    for index, box in enumerate(boxes):
        comma = "," if index < len(boxes) - 1 else ""
        if box.name:
            tokens += [*_phrase_tokens(box.name, charset), f"<{box.addr}>{comma}"]
        else:
            tokens.append(f"{box.addr}{comma}")
    return _fold(name, tokens)


def _msg_id(value: str) -> str:
    check_header_text("message-id", value)
    inner = value.strip().removeprefix("<").removesuffix(">")
    if not _MSGID.fullmatch(inner):
        raise UsageError(f"'{value}' is not a message id",
                         f"「{value}」はメッセージ ID ではありません")
    return inner


def _writable_ids(values: Iterable[str | None]) -> list[str]:
    """Ids of stored mail to refer to; one that cannot be written safely is left out."""
    ids: list[str] = []
    for value in values:
        inner = (value or "").strip().removeprefix("<").removesuffix(">")
        if _MSGID.fullmatch(inner) and inner not in ids:
            ids.append(inner)
    return ids


def trimmed_references(ids: Iterable[str]) -> list[str]:
    """Each id once, in order; past MAX_REFERENCES the thread's root and the newest
    ancestors, which is what threading needs (a long thread would grow the header forever)."""
    chain = list(dict.fromkeys(ids))
    if len(chain) > MAX_REFERENCES:
        chain = [chain[0], *chain[-(MAX_REFERENCES - 1):]]
    return chain


def new_message_id(sender: Mailbox) -> str:
    return f"{uuid.uuid4().hex}@{sender.addr.rpartition('@')[2]}"


# --- Bodies ----------------------------------------------------------------------------


@dataclass
class _Part:
    headers: list[str]
    body: bytes


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").removesuffix("\n").split("\n")


def _base64_body(data: bytes) -> bytes:
    encoded = base64.b64encode(data)
    return b"".join(encoded[i:i + 76] + b"\r\n" for i in range(0, len(encoded), 76))


def _jis_body(lines: list[str]) -> bytes | None:
    """7-bit ISO-2022-JP, each line back in ASCII mode at its end (RFC 1468)."""
    out = []
    for line in lines:
        if _CONTROL.search(line):
            return None
        try:
            data = line.encode("iso2022_jp")
        except UnicodeEncodeError:
            return None
        if len(data) > MAX_LINE:
            return None
        out.append(data)
    return b"\r\n".join(out) + b"\r\n"


def _text_part(text: str, subtype: str, charset: str) -> _Part:
    lines = _lines(text)
    if charset == ISO_2022_JP and subtype == "plain":
        body = _jis_body(lines)
        if body is not None:
            return _Part([f"Content-Type: text/{subtype}; charset=ISO-2022-JP",
                          "Content-Transfer-Encoding: 7bit"], body)
    joined = "\n".join(lines)
    content_type = f"Content-Type: text/{subtype}; charset=UTF-8"
    if joined.isascii() and not any(_CONTROL.search(line) or len(line) > MAX_LINE
                                    for line in lines):
        body = ("\r\n".join(lines) + "\r\n").encode("ascii")
        return _Part([content_type, "Content-Transfer-Encoding: 7bit"], body)
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    return _Part([content_type, "Content-Transfer-Encoding: base64"], _base64_body(data))


def _rfc2231(param: str, value: str) -> list[str]:
    """param*0*=UTF-8''...; param*1*=... sections split between characters, lines short."""
    sections = [""]
    for char in value:
        escaped = quote(char.encode("utf-8"), safe=_RFC2231_SAFE)
        if sections[-1] and len(sections[-1]) + len(escaped) > 48:
            sections.append("")
        sections[-1] += escaped
    prefix = "UTF-8''"
    if len(sections) == 1:
        return [f"{param}*={prefix}{sections[0]}"]
    return [f"{param}*{i}*={prefix if i == 0 else ''}{s}" for i, s in enumerate(sections)]


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _attachment_part(attachment: AttachmentFile, charset: str) -> _Part:
    filename = check_header_text("filename", attachment.filename)
    filename = re.split(r"[/\\]", filename)[-1].strip() or "attachment"
    if len(filename) > MAX_FILENAME:
        raise UsageError(f"Attachment name longer than {MAX_FILENAME} characters",
                         f"添付ファイル名が {MAX_FILENAME} 文字を超えています")
    content_type = attachment.content_type or mimetypes.guess_type(filename)[0] or ""
    if not _MIME_TYPE.fullmatch(content_type):
        content_type = "application/octet-stream"
    if filename.isascii() and not _needs_encoding(filename) and len(filename) <= 60:
        name_params, file_params = [f"name={_quoted(filename)}"], [f"filename={_quoted(filename)}"]
    else:
        # RFC 2047 inside a quoted name= is not standard, but is what old clients read.
        words = _encoded_words(filename, charset)
        name_params = [f'name="{words[0]}', *words[1:]]
        name_params[-1] += '"'
        file_params = _rfc2231("filename", filename)
    type_tokens = [f"{content_type.lower()};", *name_params]
    disposition = ["attachment;"] + [p + ";" for p in file_params[:-1]] + [file_params[-1]]
    return _Part(
        [_fold("Content-Type", type_tokens), _fold("Content-Disposition", disposition),
         "Content-Transfer-Encoding: base64"],
        _base64_body(attachment.data),
    )


def _multipart(subtype: str, parts: list[_Part]) -> _Part:
    boundary = f"=_kizuna_{secrets.token_hex(12)}"
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + _render(p) + b"\r\n" for p in parts)
    body += b"--" + boundary.encode() + b"--\r\n"
    return _Part([f'Content-Type: multipart/{subtype}; boundary="{boundary}"'], body)


def _render(part: _Part) -> bytes:
    return (CRLF.join(part.headers) + CRLF + CRLF).encode("ascii") + part.body


def _body(draft: Draft) -> _Part:
    text = _text_part(draft.text, "plain", draft.charset)
    body = text
    if draft.html is not None:
        body = _multipart("alternative", [text, _text_part(draft.html, "html", UTF8)])
    if draft.attachments:
        attached = [_attachment_part(a, draft.charset) for a in draft.attachments]
        body = _multipart("mixed", [body, *attached])
    return body


# --- The message -----------------------------------------------------------------------


def _envelope(draft: Draft) -> list[str]:
    seen: dict[str, None] = {}
    for box in [*draft.to, *draft.cc, *draft.bcc]:
        seen.setdefault(box.addr, None)
    return list(seen)


def build_message(draft: Draft, *, date: datetime | None = None,
                  message_id: str | None = None) -> ComposedMessage:
    if draft.charset not in CHARSETS:
        raise UsageError(f"Unsupported charset {draft.charset}", f"{draft.charset} は使えません")
    if not (draft.to or draft.cc or draft.bcc):
        raise UsageError("A message needs at least one recipient", "宛先を指定してください")
    check_header_text("subject", draft.subject)
    for box in [draft.sender, *draft.to, *draft.cc, *draft.bcc]:
        check_header_text("name", box.name)
        check_header_text("address", box.addr)
    mid = _msg_id(message_id) if message_id else new_message_id(draft.sender)
    when = date or datetime.now().astimezone()
    charset = draft.charset
    headers = [
        f"Date: {format_datetime(when)}",
        _address_list("From", [draft.sender], charset),
    ]
    if draft.to:
        headers.append(_address_list("To", draft.to, charset))
    if draft.cc:
        headers.append(_address_list("Cc", draft.cc, charset))
    headers.append(_unstructured("Subject", draft.subject, charset))
    headers.append(f"Message-ID: <{mid}>")
    parent = _writable_ids([draft.in_reply_to])
    references = trimmed_references(_writable_ids([*draft.references, *parent]))
    if parent:
        headers.append(f"In-Reply-To: <{parent[0]}>")
    if references:
        headers.append(_fold("References", [f"<{r}>" for r in references]))
    headers.append("MIME-Version: 1.0")
    body = _body(draft)
    raw = (CRLF.join(headers) + CRLF).encode("ascii") + _render(body)
    return ComposedMessage(raw, mid, draft.sender.addr, _envelope(draft))
