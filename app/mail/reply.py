"""What a reply, a reply to all or a forward starts with: subject, recipients, the
In-Reply-To/References chain and the quoted or forwarded text. Pure functions over an
`Original` read once from the stored bytes (`read_original`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import compat32

from app.mail.compose import trimmed_references
from app.mail.headers import Address, decode_header_value, parse_addresses
from app.mail.html_text import html_to_text
from app.mail.parse import parse_full

REPLY, REPLY_ALL, FORWARD = "reply", "all", "forward"
MODES = (REPLY, REPLY_ALL, FORWARD)
MAX_QUOTE_CHARS = 256 * 1024  # a reply to a huge message quotes its beginning

# A run of markers at the start: "Re:", "RE[2]:", "Aw:", "返信：" ...; NFKC has turned
# full-width letters and colons into ASCII before these run.
_REPLY_MARKS = re.compile(
    r"^(?:\s*(?:re|aw|sv|vs|antw|odp|返信|回复)\s*(?:\[\d+\]|\(\d+\))?\s*:)+", re.IGNORECASE)
_FORWARD_MARKS = re.compile(
    r"^(?:\s*(?:fwd?|wg|tr|enc|転送|转发)\s*(?:\[\d+\]|\(\d+\))?\s*:)+", re.IGNORECASE)

WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
             "Dec")
WEEKDAYS_JA = "月火水木金土日"


@dataclass
class Person:
    name: str
    addr: str

    def __str__(self) -> str:
        return f"{self.name} <{self.addr}>" if self.name else self.addr


@dataclass
class OriginalPart:
    """An attachment of the original, by where it is: forwarding carries it over."""

    part: str
    filename: str
    content_type: str
    size: int


@dataclass
class Original:
    subject: str
    sender: Person
    reply_to: list[Person]
    to: list[Person]
    cc: list[Person]
    date: int | None  # epoch seconds
    message_id: str | None
    references: list[str]  # oldest first, without the message's own id
    text: str  # the text/plain body, or "" when there is none
    html: str | None = None
    attachments: list[OriginalPart] = field(default_factory=list)


@dataclass
class ReplyContent:
    to: list[Person]
    cc: list[Person]
    subject: str
    text: str  # starts with an empty line for the user, then the quote or forwarded block
    in_reply_to: str | None
    references: list[str]
    attachments: list[OriginalPart]


# --- reading the original ----------------------------------------------------------------


def _people(addresses: Iterable[Address]) -> list[Person]:
    return [Person(a.name, a.addr) for a in addresses if a.addr]


def read_original(raw: bytes) -> Original:
    """The parts of a stored message a reply needs. Runs the full parse (HTML included):
    callers with mail from strangers run it in the render worker (app.mail.limits)."""
    parsed = parse_full(raw)
    meta = parsed.meta
    head = BytesHeaderParser(policy=compat32).parsebytes(raw)
    reply_to = parse_addresses(head.get("reply-to"))
    references = [r for r in meta.references if r != meta.message_id]
    plain = parsed.text if parsed.text.strip() else ""
    return Original(
        subject=decode_header_value(meta.subject), sender=Person(meta.from_name, meta.from_addr),
        reply_to=_people(reply_to), to=_people(meta.to), cc=_people(meta.cc), date=meta.date,
        message_id=meta.message_id, references=references, text=plain, html=parsed.html,
        attachments=[OriginalPart(a.part, a.filename, a.content_type, a.size)
                     for a in parsed.attachments if not a.inline],
    )


# --- subject ------------------------------------------------------------------------------


def _without(marks: re.Pattern[str], subject: str) -> str:
    text = unicodedata.normalize("NFKC", subject)
    match = marks.match(text)
    if match is None:
        return subject.strip()
    # Cut the original (not the normalised) text: NFKC would change the rest, e.g.
    # half-width kana. Normalisation keeps the length of these ASCII-only markers.
    cut = len(match.group(0))
    if unicodedata.normalize("NFKC", subject[:cut]) != match.group(0):
        return text[cut:].strip()
    return subject[cut:].strip()


def reply_subject(subject: str) -> str:
    """"Re: " once, however many reply markers (in any language) the original had."""
    return f"Re: {_without(_REPLY_MARKS, subject)}"


def forward_subject(subject: str) -> str:
    return f"Fwd: {_without(_FORWARD_MARKS, subject)}"


# --- recipients ---------------------------------------------------------------------------


def _unique(people: Iterable[Person], taken: set[str], own: set[str]) -> list[Person]:
    """Each address once (case-insensitively) across lists, never one of the user's own."""
    kept = []
    for person in people:
        key = person.addr.lower()
        if key and key not in taken and key not in own:
            taken.add(key)
            kept.append(person)
    return kept


def reply_recipients(original: Original, own: Iterable[str],
                     to_all: bool) -> tuple[list[Person], list[Person]]:
    """(to, cc). Reply-To wins over From; a reply to the user's own mail goes back to its
    recipients; reply-all adds the original To and Cc, never the user."""
    mine = {a.lower() for a in own}
    sent_by_me = original.sender.addr.lower() in mine and not original.reply_to
    if sent_by_me:
        first = list(original.to) or [original.sender]
    else:
        first = list(original.reply_to) or [original.sender]
    if not to_all:
        taken: set[str] = set()
        to = _unique(first, taken, mine) or _unique(first, set(), set())
        return to, []
    taken = set()
    extra = [original.sender] if original.reply_to else []
    to = _unique([*first, *extra, *original.to], taken, mine)
    cc = _unique(original.cc, taken, mine)
    if not to and not cc:  # the user wrote only to themselves
        to = _unique(first, set(), set())
    return to, cc


# --- threading headers -------------------------------------------------------------------


def reference_chain(original: Original) -> tuple[str | None, list[str]]:
    """(In-Reply-To, References): the original's references plus its own id, trimmed to
    the root and the newest ancestors when the thread is long."""
    own = [original.message_id] if original.message_id else []
    return original.message_id, trimmed_references([*original.references, *own])


# --- bodies -------------------------------------------------------------------------------


def format_date(epoch: int | None, language: str, tz: dt.tzinfo | None = None) -> str:
    if epoch is None:
        return ""
    when = dt.datetime.fromtimestamp(epoch, dt.UTC).astimezone(tz)
    if language == "ja":
        return f"{when:%Y年%m月%d日}({WEEKDAYS_JA[when.weekday()]}) {when:%H:%M}"
    return (f"{WEEKDAYS_EN[when.weekday()]}, {when.day} {MONTHS_EN[when.month - 1]} "
            f"{when.year} at {when:%H:%M}")


def attribution(original: Original, language: str, tz: dt.tzinfo | None = None) -> str:
    who = original.sender.name or original.sender.addr
    date = format_date(original.date, language, tz)
    if language == "ja":
        return f"{date} {who} さんは書きました:".lstrip()
    return f"On {date}, {who} wrote:" if date else f"{who} wrote:"


def body_text(original: Original) -> str:
    """The original's text, or its HTML as text; capped."""
    text = original.text if original.text.strip() else html_to_text(original.html or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_QUOTE_CHARS:
        text = text[:MAX_QUOTE_CHARS] + "\n[…]"
    return text.strip("\n")


def quote(text: str) -> str:
    """Each line under "> "; lines already quoted get one more ">"."""
    lines = []
    for line in text.split("\n"):
        if not line:
            lines.append(">")
        elif line.startswith(">"):
            lines.append(">" + line)
        else:
            lines.append("> " + line)
    return "\n".join(lines)


_FORWARD_LABELS = {
    "en": ("---------- Forwarded message ----------", "From", "Date", "Subject", "To", "Cc"),
    "ja": ("---------- 転送メッセージ ----------", "差出人", "日付", "件名", "宛先", "Cc"),
}


def forward_block(original: Original, language: str, tz: dt.tzinfo | None = None) -> str:
    rule, sender, date, subject, to, cc = _FORWARD_LABELS.get(language, _FORWARD_LABELS["en"])
    lines = [rule, f"{sender}: {original.sender}"]
    if original.date is not None:
        lines.append(f"{date}: {format_date(original.date, language, tz)}")
    lines.append(f"{subject}: {original.subject}")
    if original.to:
        lines.append(f"{to}: {', '.join(map(str, original.to))}")
    if original.cc:
        lines.append(f"{cc}: {', '.join(map(str, original.cc))}")
    return "\n".join(lines) + "\n\n" + body_text(original)


def build_reply(original: Original, mode: str, own: Iterable[str], language: str = "en",
                tz: dt.tzinfo | None = None) -> ReplyContent:
    """The draft content for `mode` (reply, all, forward); `own` are the user's addresses."""
    if mode not in MODES:
        raise ValueError(f"unknown reply mode {mode!r}")
    if mode == FORWARD:
        return ReplyContent(
            to=[], cc=[], subject=forward_subject(original.subject),
            text="\n\n" + forward_block(original, language, tz) + "\n",
            in_reply_to=None, references=[], attachments=list(original.attachments),
        )
    to, cc = reply_recipients(original, own, to_all=mode == REPLY_ALL)
    in_reply_to, references = reference_chain(original)
    quoted = quote(body_text(original))
    return ReplyContent(
        to=to, cc=cc, subject=reply_subject(original.subject),
        text=f"\n\n{attribution(original, language, tz)}\n{quoted}\n",
        in_reply_to=in_reply_to, references=references, attachments=[],
    )
