"""Message structure, list metadata and the full parse of the message being read.

The MIME structure is found by a small byte-level splitter rather than email.parser: even
with policy.compat32, BytesParser.parsebytes alone manages only about 3,500-3,900 msg/s on
typical 5-20 KB messages on the reference machine, below the 5,000 msg/s that list metadata
needs with the body walk included. Here parts are spans of the message bytes found with
bytes.find, only wanted header fields are kept, and only the text parts a caller reads are
ever transfer-decoded. Part paths follow IMAP numbering ("1", "2.1").
"""

from __future__ import annotations

import binascii
import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

from app.mail.charsets import decode_base64, decode_bytes
from app.mail.filenames import display_name
from app.mail.headers import (
    Address,
    decode_header_value,
    parse_addresses,
    parse_date,
    parse_message_ids,
    parse_params,
)
from app.mail.html_text import html_to_text, strip_tags
from app.mail.limits import (
    MAX_DECODED_TEXT,
    MAX_DEPTH,
    MAX_HEADER_BYTES,
    MAX_PARTS,
    METADATA_SECONDS,
    RENDER_SECONDS,
    Deadline,
)

MAX_BODY_TEXT = 64 * 1024  # characters kept for the search index
MAX_SUBJECT = 1024
MAX_REFERENCES = 200
SNIPPET_CHARS = 200
META_TEXT_BYTES = 256 * 1024  # decoded bytes of one text part read for metadata
FULL_TEXT_BYTES = 8 * 1024 * 1024  # ... and for the reader
PART_SEPARATOR = "\n\n" + "─" * 24 + "\n\n"


class ParseError(Exception):
    """The input is not a mail message at all; the store lists it raw."""


@dataclass
class AttachmentInfo:
    part: str  # IMAP-style MIME part path: "1", "2", "1.2"
    filename: str  # decoded; "" if none
    content_type: str  # lower-case "type/subtype"
    size: int  # decoded byte size
    content_id: str | None  # without <>
    inline: bool  # Content-Disposition inline or referenced by cid


@dataclass
class MessageMeta:
    message_id: str | None
    in_reply_to: str | None
    references: list[str]  # References, plus In-Reply-To appended if missing
    subject: str
    from_name: str
    from_addr: str
    to: list[Address]
    cc: list[Address]
    date: int | None  # epoch UTC; None if missing or unparseable
    has_attachments: bool
    snippet: str  # "" when headers only
    body_text: str  # for the search index, capped; "" when headers only
    attachments: list[AttachmentInfo]


@dataclass
class ParsedMessage:
    meta: MessageMeta
    text: str  # text/plain of an alternative, else HTML converted; parts joined
    html: str | None  # first text/html body part, raw (not sanitized)
    html_parts: list[str]  # every text/html body part, each rendered on its own
    attachments: list[AttachmentInfo]
    raw_from: str = ""  # the From header as sent, for spoofing checks
    # Every readable unit in order, ("html", part) or ("plain", text): a text part beside
    # HTML ones (a list footer) is shown in its place, not dropped.
    display_parts: list[tuple[str, str]] = field(default_factory=list)


def _deadline(seconds: float, deadline: Deadline | None) -> Deadline:
    return deadline if deadline is not None else Deadline(seconds)


def parse_metadata(
    raw: bytes, *, headers_only: bool = False, deadline: Deadline | None = None
) -> MessageMeta:
    """List metadata; headers_only=True when raw is just the header block (IMAP header sync).

    Raises ParseTimeout (app.mail.limits) past the deadline, METADATA_SECONDS by default.
    """
    deadline = _deadline(METADATA_SECONDS, deadline)
    root = _parse(raw, max_depth=0 if headers_only else MAX_DEPTH, deadline=deadline)
    if headers_only:
        return _meta(root, None)
    return _meta(root, _Body(root, META_TEXT_BYTES, deadline))


def parse_full(raw: bytes, *, deadline: Deadline | None = None) -> ParsedMessage:
    """Everything the reader shows. Only the cooperative deadline guards it here; rendering
    for the reader goes through app.mail.limits.ParseWorker, which can stop it for good."""
    deadline = _deadline(RENDER_SECONDS, deadline)
    root = _parse(raw, max_depth=MAX_DEPTH, deadline=deadline)
    body = _Body(root, FULL_TEXT_BYTES, deadline)
    html_parts = body.html_parts()
    return ParsedMessage(
        meta=_meta(root, body),
        text=body.joined_text(html_to_text),
        html=html_parts[0] if html_parts else None,
        html_parts=html_parts,
        attachments=body.attachments,
        raw_from=root.headers.get("from", ""),
        display_parts=body.display_parts(),
    )


def attachment_payload(raw: bytes, part: str) -> bytes:
    """Decoded bytes of the MIME part at an IMAP-style path; KeyError if there is none."""
    node = _parse(raw, max_depth=MAX_DEPTH, deadline=Deadline(RENDER_SECONDS))
    if not node.children and part == "1":
        return _decoded(node)
    for piece in part.split("."):
        index = int(piece) if piece.isascii() and piece.isdigit() and len(piece) < 6 else 0
        if not 1 <= index <= len(node.children):
            raise KeyError(part)
        node = node.children[index - 1]
    return _decoded(node)


# --- structure -------------------------------------------------------------------------


@dataclass
class _Part:
    """A MIME entity; its body is a span of the message bytes, sliced only when decoded."""

    path: str  # "" for the message itself
    headers: dict[str, str]  # wanted fields only: lower-case name -> first raw value
    content_type: str
    params: dict[str, str]
    data: bytes  # the whole message
    start: int  # body span in data, still transfer-encoded
    end: int
    children: list[_Part] = field(default_factory=list)
    capped: bool = False  # a container left unsplit by the depth or part-count cap

    @property
    def body(self) -> bytes:
        return self.data[self.start : self.end]


# Only the fields this module reads are kept: header blocks of real mail are mostly
# Received, DKIM and ARC lines.
_WANTED_FIELDS = frozenset(
    {
        "content-type", "content-transfer-encoding", "content-disposition", "content-id",
        "from", "to", "cc", "subject", "date", "message-id", "in-reply-to", "references",
    }
)  # fmt: skip
_ANY_FIELD = re.compile(rb"^[!-9;-~]+[ \t]*:", re.MULTILINE)
_MIME_TYPE = re.compile(r"^[a-z0-9!#$&.+^_-]+/[a-z0-9!#$&.+^_-]+$")


def _parse(raw: bytes, *, max_depth: int, deadline: Deadline) -> _Part:
    if not raw:
        raise ParseError("empty message")
    data = bytes(raw)
    head, body_start = _split_head(data, 0, len(data))
    if not _ANY_FIELD.search(head, 0, MAX_HEADER_BYTES):
        raise ParseError("no header fields")
    tree = _Tree(data, max_depth, deadline)
    return tree.build(head, body_start, len(data), "", "text/plain", 0)


class _Tree:
    """Builds the part tree within the part-count and depth caps.

    Parts are spans of one bytes object: copying every body at every level cost more than
    all the header work together.
    """

    def __init__(self, data: bytes, max_depth: int, deadline: Deadline) -> None:
        self.data = data
        self.max_depth = max_depth
        self.deadline = deadline
        self.count = 0

    def build(
        self, head: bytes, start: int, end: int, path: str, default_type: str, depth: int
    ) -> _Part:
        self.count += 1
        self.deadline.check()
        headers = _parse_headers(head[:MAX_HEADER_BYTES])
        content_type, params = _content_type(headers.get("content-type"), default_type)
        part = _Part(path, headers, content_type, params, self.data, start, end)
        boundary = params.get("boundary")
        if not (content_type.startswith("multipart/") and boundary):
            return part
        if depth >= self.max_depth or self.count >= MAX_PARTS:
            part.capped = True
            return part
        child_type = "message/rfc822" if content_type == "multipart/digest" else "text/plain"
        spans = _split_multipart(self.data, start, end, boundary, MAX_PARTS, self.deadline)
        for index, (child_start, child_end) in enumerate(spans, 1):
            if self.count >= MAX_PARTS:
                break
            child_path = f"{path}.{index}" if path else str(index)
            child_head, body_start = _split_head(self.data, child_start, child_end)
            part.children.append(
                self.build(child_head, body_start, child_end, child_path, child_type, depth + 1)
            )
        return part


def _split_head(data: bytes, start: int, end: int) -> tuple[bytes, int]:
    """Header block of data[start:end] (with its last line break) and where the body starts."""
    if data.startswith(b"\n", start, end):
        return b"", start + 1
    if data.startswith(b"\r\n", start, end):
        return b"", start + 2
    # Look for the ending the first line uses: a second full scan costs more than the rest.
    first = data.find(b"\n", start, end)
    if (
        first > start
        and data[first - 1] == 0x0D
        and (blank := data.find(b"\n\r\n", start, end)) >= 0
    ):
        return data[start : blank + 1], blank + 3
    if (blank := data.find(b"\n\n", start, end)) >= 0:
        return data[start : blank + 1], blank + 2
    if (blank := data.find(b"\n\r\n", start, end)) >= 0:
        return data[start : blank + 1], blank + 3
    return data[start:end], end


def _parse_headers(block: bytes) -> dict[str, str]:
    """First occurrence of each wanted field, still folded (line splitting beats a regex)."""
    lines: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in block.decode("ascii", "surrogateescape").split("\n"):
        if line[:1] in (" ", "\t"):
            if current is not None:
                current.append(line)
            continue
        name, colon, value = line.partition(":")
        current = None
        if not colon:
            continue
        name = name.lower()
        if name not in _WANTED_FIELDS:  # strip only when needed: most lines are unwanted
            name = name.strip()
        if name in _WANTED_FIELDS and name not in lines:
            current = lines[name] = [value]
    return {name: "\n".join(values).strip() for name, values in lines.items()}


def _content_type(value: str | None, default: str) -> tuple[str, dict[str, str]]:
    if value is None:
        return default, {}
    main, params = parse_params(value)
    # RFC 2045: an unparseable Content-Type means text/plain.
    return (main if _MIME_TYPE.match(main) else "text/plain"), params


def _split_multipart(
    data: bytes, start: int, end: int, boundary: str, limit: int, deadline: Deadline
) -> list[tuple[int, int]]:
    """Spans of the parts of the multipart body data[start:end]; an unterminated last part
    is kept. A body full of near-delimiters loops here, hence the deadline."""
    try:
        delimiter = b"--" + boundary.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        delimiter = b"--" + boundary.encode("utf-8", "surrogateescape")
    spans: list[tuple[int, int]] = []
    part_start = -1  # -1 while in the preamble
    pos = start
    while (hit := data.find(delimiter, pos, end)) >= 0:
        pos = hit + 1
        deadline.check()
        if hit > start and data[hit - 1] != 0x0A:  # delimiters start a line
            continue
        after = hit + len(delimiter)
        closing = data.startswith(b"--", after, end)
        line_end = data.find(b"\n", after, end)
        line_end = end if line_end < 0 else line_end
        if data[after + 2 * closing : line_end].strip(b" \t\r"):
            continue  # the boundary is only a prefix of a longer line
        if part_start >= 0:
            part_end = max(part_start, hit - 1)  # the line break before a delimiter is its own
            if part_end > part_start and data[part_end - 1] == 0x0D:
                part_end -= 1
            spans.append((part_start, part_end))
        if closing or len(spans) >= limit:
            return spans
        part_start = pos = line_end + 1
    if 0 <= part_start < end:
        spans.append((part_start, end))
    return spans


def _transfer_encoding(part: _Part) -> str:
    value = part.headers.get("content-transfer-encoding", "")
    return value.split(";")[0].strip().strip('"').lower()


def _decoded(part: _Part, limit: int | None = None) -> bytes:
    """The part's bytes, transfer-decoded; with a limit, only about that many are decoded."""
    encoding = _transfer_encoding(part)
    # Encoded input needed for `limit` output bytes: base64 lines run 4:3 plus line ends,
    # quoted-printable at most 3:1 plus soft breaks.
    ratio = {"base64": 2, "quoted-printable": 4}.get(encoding, 1)
    end = part.end if limit is None else min(part.end, part.start + limit * ratio)
    body = part.data[part.start : end]
    if encoding == "base64":
        body = decode_base64(body)
    elif encoding == "quoted-printable":
        body = binascii.a2b_qp(body)
    return body if limit is None else body[:limit]


def _decoded_size(part: _Part) -> int:
    encoding = _transfer_encoding(part)
    if encoding == "quoted-printable":
        return len(_decoded(part))
    if encoding != "base64":
        return part.end - part.start
    # Arithmetic instead of decoding: metadata must not decode large attachments.
    data, start, end = part.data, part.start, part.end
    chars = end - start - sum(data.count(c, start, end) for c in (b"\r", b"\n", b" ", b"\t"))
    padding = data[max(start, end - 8) : end].rstrip()[-2:].count(b"=")
    return max(0, chars * 3 // 4 - padding)


# --- body walk -------------------------------------------------------------------------


@dataclass
class _Segment:
    """One readable unit: a text part, or the chosen members of an alternative."""

    plain: list[_Part]  # empty when the unit has only HTML
    html: list[_Part]


_CID_REF = re.compile(r"cid:([^\"'\s>)]+)", re.IGNORECASE)


class _Body:
    """Body parts and attachments of a tree; text is decoded only when someone asks."""

    def __init__(self, root: _Part, text_limit: int, deadline: Deadline) -> None:
        self.text_limit = text_limit
        self.deadline = deadline
        self.budget = MAX_DECODED_TEXT  # all text parts together
        self.attachments: list[AttachmentInfo] = []
        self.segments = self._visit(root)
        self._texts: dict[str, str] = {}

    def text(self, part: _Part) -> str:
        if part.path not in self._texts:
            self.deadline.check()
            data = _decoded(part, min(self.text_limit, self.budget))
            self.budget -= len(data)
            text = decode_bytes(data, part.params.get("charset"))
            if "\r" in text:
                text = text.replace("\r\n", "\n").replace("\r", "\n")
            self._texts[part.path] = text.replace("\x00", "") if "\x00" in text else text
        return self._texts[part.path]

    def html_parts(self) -> list[str]:
        return [self.text(part) for segment in self.segments for part in segment.html]

    def display_parts(self) -> list[tuple[str, str]]:
        parts: list[tuple[str, str]] = []
        for segment in self.segments:
            if segment.html:
                parts += [("html", self.text(part)) for part in segment.html]
            else:
                text = "\n\n".join(self.text(part) for part in segment.plain)
                if text.strip():
                    parts.append(("plain", text))
        return parts

    def joined_text(self, convert: Callable[[str], str]) -> str:
        """Plain text where there is some, else converted HTML; units joined by a rule."""
        texts = []
        for segment in self.segments:
            if segment.plain:
                text = "\n\n".join(self.text(part) for part in segment.plain)
            else:
                text = "\n\n".join(convert(self.text(part)) for part in segment.html)
            if text.strip():
                texts.append(text.strip("\n"))
        return PART_SEPARATOR.join(texts)

    def mark_embedded(self) -> bool:
        """Mark cid-referenced parts inline; True if any other attachment remains.

        Images the HTML embeds by cid are part of the body, so they earn no paperclip.
        """
        if not any(info.content_id for info in self.attachments):
            return bool(self.attachments)
        referenced = {
            unquote(ref).lower() for html in self.html_parts() for ref in _CID_REF.findall(html)
        }
        listed = False
        for info in self.attachments:
            embedded = info.content_id is not None and info.content_id.lower() in referenced
            info.inline = info.inline or embedded
            listed = listed or not embedded
        return listed

    def _visit(self, part: _Part) -> list[_Segment]:
        if part.children:
            groups = [self._visit(child) for child in part.children]
            if part.content_type == "multipart/alternative":
                return _choose_alternative(groups)
            return [segment for group in groups for segment in group]
        if part.capped:
            return []  # nesting this deep or wide is an attack, not content
        disposition, disposition_params = parse_params(part.headers.get("content-disposition"))
        filename = disposition_params.get("filename") or part.params.get("name") or ""
        kind = _body_kind(part.content_type, disposition, filename)
        if kind == "plain":
            return [_Segment([part], [])]
        if kind == "html":
            return [_Segment([], [part])]
        content_id = decode_header_value(part.headers.get("content-id")).strip("<> ")
        self.attachments.append(
            AttachmentInfo(
                part=part.path or "1",
                filename=display_name(decode_header_value(filename)),
                content_type=part.content_type,
                size=_decoded_size(part),
                content_id=content_id or None,
                inline=disposition == "inline",
            )
        )
        return []


def _body_kind(content_type: str, disposition: str, filename: str) -> str | None:
    if disposition == "attachment" or filename:
        return None
    if content_type == "text/html":
        return "html"
    # A multipart without a usable boundary is shown as the text it is.
    if content_type == "text/plain" or content_type.startswith("multipart/"):
        return "plain"
    return None


def _choose_alternative(groups: list[list[_Segment]]) -> list[_Segment]:
    """Plain text from the first plain alternative, HTML from the last (richest) HTML one."""
    plain = next((g for g in groups if g and all(s.plain for s in g)), None)
    rich = next((g for g in reversed(groups) if any(s.html for s in g)), None)
    if plain is None and rich is None:
        return next((g for g in groups if g), [])
    return [
        _Segment(
            [part for s in plain or [] for part in s.plain],
            [part for s in rich or [] for part in s.html],
        )
    ]


def _snippet(text: str) -> str:
    """The first words of the body, whitespace collapsed, read only as far as needed."""
    kept: list[str] = []
    length = pos = 0
    while length < SNIPPET_CHARS and pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        pos = end + 1
        if line.startswith(">"):  # quoted lines of a reply say nothing new
            continue
        words = " ".join(line.split())
        if words:
            kept.append(words)
            length += len(words) + 1
    return " ".join(kept)[:SNIPPET_CHARS]


_FILE_TYPES = frozenset({"application", "image", "audio", "video"})


def _looks_attached(root: _Part) -> bool:
    """Header-only guess, as list views need a paperclip before any body is fetched."""
    major = root.content_type.split("/")[0]
    return root.content_type == "multipart/mixed" or major in _FILE_TYPES


# --- metadata --------------------------------------------------------------------------


# "Tue, 14 Nov 2023 22:13:20 +0900": what nearly every client writes, read here without
# email.utils (a sixth of a header-only parse). Named zones, two-digit years, folding and
# the rest go to parse_date, which gives the same result for everything this matches.
_COMMON_DATE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([1-9]\d{3}) "
    r"(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)(?: \([ -'*-~]*\))?",
    re.ASCII,
)
_MONTH_NUMBERS = {name: n for n, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1)}


def _date(value: str | None) -> int | None:
    match = _COMMON_DATE.fullmatch(value) if value else None
    if match is None:
        return parse_date(value)
    day, month, year, hh, mm, ss, sign, oh, om = match.groups()
    stamp = calendar.timegm(
        (int(year), _MONTH_NUMBERS[month], int(day), int(hh), int(mm), int(ss), 0, 0, 0)
    )
    offset = int(oh) * 3600 + int(om) * 60
    return stamp - offset if sign == "+" else stamp + offset


def _meta(root: _Part, body: _Body | None) -> MessageMeta:
    """Metadata from the root headers; body is None for a header-only fetch."""
    headers = root.headers
    message_ids = parse_message_ids(headers.get("message-id"))
    parents = parse_message_ids(headers.get("in-reply-to"))
    in_reply_to = parents[0] if parents else None
    references = parse_message_ids(headers.get("references"))
    if in_reply_to and in_reply_to not in references:
        references.append(in_reply_to)
    if len(references) > MAX_REFERENCES:  # keep the root and the nearest ancestors
        references = references[:1] + references[-(MAX_REFERENCES - 1) :]
    senders = parse_addresses(headers.get("from"))
    body_text = body.joined_text(strip_tags)[:MAX_BODY_TEXT] if body else ""
    return MessageMeta(
        message_id=message_ids[0] if message_ids else None,
        in_reply_to=in_reply_to,
        references=references,
        subject=decode_header_value(headers.get("subject"))[:MAX_SUBJECT],
        from_name=senders[0].name if senders else "",
        from_addr=senders[0].addr if senders else "",
        to=parse_addresses(headers.get("to")),
        cc=parse_addresses(headers.get("cc")),
        date=_date(headers.get("date")),
        has_attachments=body.mark_embedded() if body else _looks_attached(root),
        snippet=_snippet(body_text),
        body_text=body_text,
        attachments=body.attachments if body else [],
    )
