"""The demo mailbox: about 230 messages over the last 90 days, the same bytes for the same seed.

Mail is built the way the senders' own programs would have built it: old Japanese mailers send
ISO-2022-JP or Shift_JIS with RFC 2047 headers, webmail base64 UTF-8 with an HTML alternative,
newsletters HTML only. Conversations follow scripts, so threads carry real Message-ID /
In-Reply-To / References chains, quoted originals and signatures. Nothing here reads the clock:
every date derives from `now`, every random choice from the seed.

The module is long because the conversations are data; the code is the first half.
"""

from __future__ import annotations

import base64
import random
import struct
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from html import escape
from itertools import groupby

from app.demo.people import (
    EXPO,
    ME,
    ME_SIGNATURE_EN,
    NEWS_EN,
    NEWS_JA,
    NEWS_SJIS,
    SALES_TEAM,
    WEBFORM,
    Person,
    person,
)
from app.mail.flags import ANSWERED, DRAFT, FLAGGED, SEEN

FOLDER_ROLES = {
    "INBOX": "inbox",
    "Sent": "sent",
    "Drafts": "drafts",
    "Archive": "archive",
    "Trash": "trash",
    "Junk": "junk",
}


@dataclass(frozen=True)
class DemoMessage:
    folder: str
    role: str
    raw: bytes
    flags: int
    received: int  # epoch seconds


# ---------------------------------------------------------------------------------------------
# Attachments, generated so the demo ships no binary files.


@dataclass(frozen=True)
class Attached:
    filename: str
    content_type: str
    data: bytes
    content_id: str | None = None  # set for images shown inside the HTML part


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF that real viewers open (ASCII text only: no font embedding)."""
    escaped = [ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for ln in lines]
    text = "BT /F1 12 Tf 72 770 Td 18 TL " + " ".join(f"({ln}) '" for ln in escaped) + " ET"
    stream = text.encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png(width: int, height: int, accent: tuple[int, int, int]) -> bytes:
    """A small RGB picture of a dialog window: title bar, grey body, a coloured banner."""

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        if y < height // 8:
            return (40, 80, 160)
        if height // 3 < y < height // 2 and width // 10 < x < width * 9 // 10:
            return accent
        return (236, 236, 240)

    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _csv(rows: list[list[str]], encoding: str) -> bytes:
    # Japanese Excel reads and writes CSV as Shift_JIS with CRLF, so that is what customers send.
    return "".join(",".join(row) + "\r\n" for row in rows).encode(encoding)


PLAN_EN = {"スタンダード": "Standard", "プロ": "Pro", "エンタープライズ": "Enterprise"}


def _attachment(kind: str, v: dict[str, str]) -> Attached:
    plan = PLAN_EN.get(v.get("plan", ""), v.get("plan", ""))
    quote = [
        "Kizuna Demo Inc. - QUOTATION",
        f"No. {v.get('quote_no', '')}   Date: {v.get('date_iso', '')}",
        f"Tsunagu Workflow {plan} plan x {v.get('users', '')} users",
        f"Monthly fee: {v.get('monthly_ascii', '')}  Setup: {v.get('setup_ascii', '')}",
        "Valid for 30 days. Prices exclude consumption tax.",
    ]
    if kind == "quote_ja":
        return Attached(f"御見積書_{v['co']}様.pdf", "application/pdf", _pdf(quote))
    if kind == "quote_en":
        return Attached(f"Quotation_{v['quote_no']}.pdf", "application/pdf", _pdf(quote))
    if kind.startswith("contract_v"):
        n = kind[-1]
        lines = ["SaaS Subscription Agreement (draft)", f"Version {n}", "Kizuna Demo Inc."]
        return Attached(f"ご利用契約書（案）_v{n}.pdf", "application/pdf", _pdf(lines))
    if kind == "redline_ja":
        lines = ["Requested changes to the draft agreement", "Art. 8 Liability", "Art. 12 Data"]
        return Attached(f"契約書修正依頼_{v['co']}.pdf", "application/pdf", _pdf(lines))
    if kind.startswith("msa_"):
        name = {"msa_v1": "draft_v1", "msa_redline": "v1_legal_comments", "msa_v2": "draft_v2"}
        lines = ["Master Subscription Agreement", f"Contoso Pacific Pte. Ltd. - {name[kind]}"]
        return Attached(f"Contoso_MSA_{name[kind]}.pdf", "application/pdf", _pdf(lines))
    if kind == "screenshot_ja":
        return Attached("エラー画面.png", "image/png", _png(240, 150, (214, 60, 60)))
    if kind == "users_en":
        domain = v["domain"]
        rows = [["manager", "name", "email", "department", "role"]] + [
            [f"mgr{i // 4}@{domain}", f"Employee {i}", f"user{i}@{domain}",
             ["Operations", "Finance", "Sales"][i % 3], "member"]
            for i in range(1, 9)
        ]
        return Attached(f"{domain.split('.')[0]}_users.csv", "text/csv", _csv(rows, "utf-8"))
    if kind == "users_ja":
        rows = [["氏名", "メールアドレス", "部署", "役職"],
                ["加藤 恵", "kato.megumi@sakura-fudosan.example.jp", "営業企画部", "主任"],
                ["西村 亮", "r.nishimura@sakura-fudosan.example.jp", "営業企画部", "部長"],
                ["岡田 美穂", "m.okada@sakura-fudosan.example.jp", "経理部", "課長"],
                ["村上 翼", "t.murakami@sakura-fudosan.example.jp", "賃貸管理部", ""]]
        return Attached("利用者一覧_さくら不動産.csv", "text/csv", _csv(rows, "cp932"))
    if kind == "invoice_ja":
        lines = ["INVOICE", f"No. {v['invoice_no']}", "Kizuna Demo Inc.", "Bank transfer"]
        return Attached(f"請求書_{v['invoice_no']}.pdf", "application/pdf", _pdf(lines))
    if kind == "invoice_en":
        lines = ["INVOICE (corrected)", f"No. {v['invoice_no']}-R1", "VAT ID DE123456789"]
        return Attached(f"Invoice_{v['invoice_no']}-R1.pdf", "application/pdf", _pdf(lines))
    if kind == "service_ja":
        lines = ["Tsunagu Workflow - Service overview", "Plans, features and case studies"]
        return Attached("ツナグ・ワークフロー_サービス資料.pdf", "application/pdf", _pdf(lines))
    if kind == "partner_en":
        lines = ["Kizuna Demo Partner Program", "Referral and reseller tiers"]
        return Attached("Kizuna_Demo_Partner_Program.pdf", "application/pdf", _pdf(lines))
    if kind == "security_q":
        lines = ["Vendor Security Questionnaire", "Sections: access control, encryption, BCP"]
        return Attached("Vendor_Security_Questionnaire.pdf", "application/pdf", _pdf(lines))
    if kind == "security_a":
        lines = ["Kizuna Demo Inc. - answers to the vendor security questionnaire"]
        return Attached("Kizuna_Demo_Security_Answers.pdf", "application/pdf", _pdf(lines))
    raise ValueError(kind)


# ---------------------------------------------------------------------------------------------
# Rendering: how each sender's program turns text into RFC 822 bytes.


@dataclass(frozen=True)
class Mailer:
    charset: str  # utf-8 | iso-2022-jp | shift_jis
    cte: str  # 8bit | base64 | quoted-printable | 7bit
    html: bool = False  # sends a multipart/alternative with an HTML copy of the text
    agent: tuple[str, str] | None = None  # (header, value), e.g. X-Mailer
    reply: str = "Re: "
    quote: str = "plain"  # plain | outlook | gmail


MAILERS = {
    "kizuna": Mailer("utf-8", "8bit", agent=("User-Agent", "Kizuna/0.1")),
    "system": Mailer("utf-8", "base64"),  # web forms, newsletters, bulk senders
    "utf8-b64": Mailer("utf-8", "base64", html=True, quote="gmail"),
    "utf8-qp": Mailer(
        "utf-8", "quoted-printable", agent=("User-Agent", "Mozilla/5.0 Thunderbird/115.9.0")
    ),
    "outlook-jis": Mailer(
        "iso-2022-jp", "7bit", agent=("X-Mailer", "Microsoft Outlook 16.0"), reply="RE: ",
        quote="outlook",
    ),
    "becky-jis": Mailer("iso-2022-jp", "7bit", agent=("X-Mailer", "Becky! ver. 2.81.04 [ja]")),
    "sjis": Mailer("shift_jis", "8bit", agent=("X-Mailer", "OfficeMail 3.2 (Windows)")),
    "sjis-b64": Mailer("shift_jis", "base64", agent=("X-Mailer", "InvoiceMailer/2.4")),
    "ascii": Mailer("utf-8", "7bit", agent=("X-Mailer", "Apple Mail (2.3774.500.171)")),
    "outlook-html": Mailer(
        "utf-8", "quoted-printable", html=True, agent=("X-Mailer", "Microsoft Outlook 16.0"),
        reply="RE: ", quote="outlook",
    ),
}
_CODECS = {"iso-2022-jp": "iso2022_jp", "shift_jis": "cp932"}
_LABELS = {"iso-2022-jp": "ISO-2022-JP", "shift_jis": "Shift_JIS"}
# What a Windows mailer does with characters JIS X 0208 lacks: it maps them to the JIS ones.
_JIS_SAFE = str.maketrans({"～": "〜", "－": "−", "¥": "円"})


@dataclass
class Mail:
    sender: Person
    to: list[Person]
    subject: str
    text: str
    when: datetime  # aware, in the sender's zone
    message_id: str
    cc: list[Person] = field(default_factory=list)
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    html: str | None = None  # replaces the generated HTML copy
    html_only: bool = False
    attachments: list[Attached] = field(default_factory=list)
    mailer: str = ""  # defaults to the sender's
    headers: list[tuple[str, str]] = field(default_factory=list)  # trace and list headers

    @property
    def profile(self) -> Mailer:
        return MAILERS[self.mailer or self.sender.mailer]


def _html_from_text(text: str) -> str:
    """The HTML copy a mail client sends beside the text: paragraphs, quotes as blockquotes."""
    body = _html_blocks(text.split("\n"))
    return f'<html><body><div dir="ltr">\n{body}\n</div></body></html>\n'


def _html_blocks(lines: list[str]) -> str:
    out = []
    for quoted, run in groupby(lines, key=lambda line: line.startswith(">")):
        group = list(run)
        if quoted:
            inner = [line[2:] if line.startswith("> ") else line[1:] for line in group]
            out.append('<blockquote style="margin:0 0 0 .8ex;border-left:1px solid #ccc;'
                       'padding-left:1ex">\n' + _html_blocks(inner) + "\n</blockquote>")
            continue
        paragraph: list[str] = []
        for line in [*group, ""]:
            if line.strip():
                paragraph.append(escape(line, quote=False))
            elif paragraph:
                out.append("<p>" + "<br>\n".join(paragraph) + "</p>")
                paragraph = []
    return "\n".join(out)


def _encoded_words(text: str, charset: str) -> str:
    """RFC 2047 B-words, each a complete ISO-2022-JP/Shift_JIS run, as Japanese mailers write."""
    codec, label = _CODECS[charset], _LABELS[charset]
    words, chunk = [], ""
    for ch in text:
        if chunk and len((chunk + ch).encode(codec)) > 42:  # 42 bytes: a word under 76 chars
            words.append(chunk)
            chunk = ""
        chunk += ch
    words.append(chunk)
    return "\r\n ".join(
        f"=?{label}?B?{base64.b64encode(w.encode(codec)).decode()}?=" for w in words
    )


def _jis_safe(text: str, charset: str) -> str:
    return text.translate(_JIS_SAFE) if charset == "iso-2022-jp" else text


def _legacy_phrase(text: str, charset: str) -> str:
    if text.isascii():
        return f'"{text}"' if any(c in text for c in '()<>[]:;@\\,."') else text
    return _encoded_words(_jis_safe(text, charset), charset)


def _legacy_subject(subject: str, charset: str) -> str:
    for prefix in ("Re: ", "RE: ", "Fw: "):
        if subject.startswith(prefix) and not subject.isascii():
            return prefix + _encoded_words(_jis_safe(subject[len(prefix):], charset), charset)
    return subject if subject.isascii() else _encoded_words(_jis_safe(subject, charset), charset)


def _legacy_body(text: str, charset: str, cte: str) -> bytes:
    data = _jis_safe(text, charset).replace("\n", "\r\n").encode(_CODECS[charset])
    return _base64_lines(data) if cte == "base64" else data


def _base64_lines(data: bytes) -> bytes:
    encoded = base64.b64encode(data)
    return b"\r\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))


def _header_block(fields: list[tuple[str, str]]) -> bytes:
    return ("\r\n".join(f"{k}: {v}" for k, v in fields) + "\r\n\r\n").encode("ascii")


def _render_legacy(mail: Mail, boundary: str) -> bytes:
    """Old Japanese mailers, built by hand: the stdlib would re-encode Shift_JIS as JIS."""
    p = mail.profile
    cs = p.charset

    def addresses(people: list[Person]) -> str:
        return ",\r\n ".join(f"{_legacy_phrase(x.name, cs)} <{x.email}>" for x in people)

    head = [*mail.headers, ("From", addresses([mail.sender])), ("To", addresses(mail.to))]
    if mail.cc:
        head.append(("Cc", addresses(mail.cc)))
    head += [("Subject", _legacy_subject(mail.subject, cs)), ("Date", format_datetime(mail.when)),
             ("Message-ID", mail.message_id)]
    if mail.in_reply_to:
        head.append(("In-Reply-To", mail.in_reply_to))
    if mail.references:
        head.append(("References", "\r\n ".join(mail.references)))
    head.append(("MIME-Version", "1.0"))
    if p.agent:
        head.append(p.agent)
    subtype = "html" if mail.html_only else "plain"
    text_type = [(
        "Content-Type", f"text/{subtype}; charset={_LABELS[cs]}"),
        ("Content-Transfer-Encoding", p.cte),
    ]
    body = _legacy_body(mail.html if mail.html_only and mail.html else mail.text, cs, p.cte)
    if not mail.attachments:
        return _header_block(head + text_type) + body + b"\r\n"
    head.append(("Content-Type", f'multipart/mixed;\r\n boundary="{boundary}"'))
    parts = [_header_block(text_type) + body]
    for a in mail.attachments:
        # Old mailers put RFC 2047 words inside the quoted filename (not RFC 2231).
        name = _legacy_phrase(a.filename, cs).strip('"')
        disposition = [
            ("Content-Type", f'{a.content_type};\r\n name="{name}"'),
            ("Content-Transfer-Encoding", "base64"),
            ("Content-Disposition", f'attachment;\r\n filename="{name}"'),
        ]
        parts.append(_header_block(disposition) + _base64_lines(a.data))
    separator = f"\r\n--{boundary}\r\n".encode("ascii")
    return (
        _header_block(head)
        + b"This is a multi-part message in MIME format.\r\n"
        + b"".join(separator + part for part in parts)
        + f"\r\n--{boundary}--\r\n".encode("ascii")
    )


def _address(p: Person) -> Address:
    return Address(p.name, addr_spec=p.email)


def _render_modern(mail: Mail, boundary: str) -> bytes:
    p = mail.profile
    ascii_only = mail.text.isascii() and (mail.html or "").isascii()
    cte = "7bit" if ascii_only and p.cte != "base64" else p.cte
    if cte == "7bit" and not ascii_only:
        cte = "quoted-printable"  # an ASCII-only mailer given non-ASCII text falls back to QP
    msg = EmailMessage(policy=SMTP)
    for name, value in mail.headers:
        msg[name] = " ".join(value.split())  # unfolded: the policy folds it again
    msg["From"] = _address(mail.sender)
    msg["To"] = [_address(x) for x in mail.to]
    if mail.cc:
        msg["Cc"] = [_address(x) for x in mail.cc]
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(mail.when)
    msg["Message-ID"] = mail.message_id
    if mail.in_reply_to:
        msg["In-Reply-To"] = mail.in_reply_to
    if mail.references:
        msg["References"] = " ".join(mail.references)
    if p.agent:
        msg[p.agent[0]] = p.agent[1]
    if mail.html_only:
        msg.set_content(mail.html or "", subtype="html", charset=p.charset, cte=cte)
    else:
        msg.set_content(mail.text, charset=p.charset, cte=cte)
        if p.html or mail.html:
            html = mail.html or _html_from_text(mail.text)
            msg.add_alternative(html, subtype="html", charset=p.charset, cte=cte)
    inline = [a for a in mail.attachments if a.content_id]
    html_part = msg.get_payload()[1] if inline and msg.is_multipart() else msg
    for a in inline:
        maintype, subtype = a.content_type.split("/")
        html_part.add_related(a.data, maintype, subtype, cid=a.content_id, filename=a.filename)
    for a in mail.attachments:
        if not a.content_id:
            maintype, subtype = a.content_type.split("/")
            msg.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.filename)
    for number, part in enumerate(msg.walk()):
        if number:
            del part["MIME-Version"]  # the stdlib repeats it on subparts; mailers do not
        if part.is_multipart():
            part.set_boundary(f"{boundary}_{number}")
    return msg.as_bytes()


def render(mail: Mail, rng: random.Random) -> bytes:
    boundary = f"----=_Part_{rng.getrandbits(48):012x}"
    if mail.profile.charset in _CODECS:
        return _render_legacy(mail, boundary)
    return _render_modern(mail, boundary)


# ---------------------------------------------------------------------------------------------
# Composing the text: salutation, body, closing, signature, quoted original.

WEEKDAYS_JA = "月火水木金土日"
CLOSINGS_EN = {
    "johnson": "Thanks,",
    "chen": "Regards,",
    "schmidt": "Kind regards,",
    "patel": "Best,",
    "obrien": "Cheers,",
    "kim": "Thanks,",
}


def _internal(p: Person) -> bool:
    return p.domain == ME.domain


def _english(a: Person, b: Person) -> bool:
    return a.lang == "en" or b.lang == "en"


def _salutation(sender: Person, to: Person, cc: list[Person]) -> str:
    if _english(sender, to):
        return f"Hi {to.given_latin or to.given},\n\n"
    if _internal(sender) and _internal(to):
        return f"{to.family}さん\n\n"
    head = f"{to.company}\n{to.family}様\n"
    if cc and _internal(sender):
        named = "、".join(f"弊社 {c.family}" if _internal(c) else f"{c.family}様" for c in cc)
        head += f"（CC：{named}）\n"
    return head + "\n"


def _signature(sender: Person, to: Person) -> str:
    if sender is ME and to.lang == "en":
        return ME_SIGNATURE_EN
    return sender.signature


def _date_ja(t: datetime) -> str:
    return f"{t.year}年{t.month}月{t.day}日({WEEKDAYS_JA[t.weekday()]}) {t:%H:%M}"


def _attribution(writer: Mailer, english: bool, prev: Mail) -> str:
    s = prev.sender
    when = prev.when
    if writer.quote == "outlook":
        to = "; ".join(x.name for x in prev.to)
        if not english:
            return (f"-----Original Message-----\n差出人: {s.name} <{s.email}>\n"
                    f"送信日時: {_date_ja(when)}\n宛先: {to}\n件名: {prev.subject}\n\n")
        return (f"-----Original Message-----\nFrom: {s.name} <{s.email}>\n"
                f"Sent: {when:%A, %B} {when.day}, {when:%Y %I:%M %p}\nTo: {to}\n"
                f"Subject: {prev.subject}\n\n")
    if english:
        return f"On {when:%a, %b} {when.day}, {when:%Y at %I:%M %p} {s.name} <{s.email}> wrote:\n"
    if writer.quote == "gmail":
        return f"{_date_ja(when)} {s.name} <{s.email}>:\n"
    return f"On {when:%Y/%m/%d %H:%M}, {s.name} 様 wrote:\n"


def _quote(text: str) -> str:
    """The original, quoted; of its own quote only one level is kept, as people trim."""
    lines = text.rstrip().split("\n")
    for i, line in enumerate(lines):
        nested_header = line.endswith(("wrote:", ">:")) or "-----Original Message" in line
        if line.startswith(">") and nested_header:
            lines = lines[:i]
            break
    while lines and lines[-1].strip(" >") == "":
        lines.pop()
    return "\n".join(f"> {ln}" if ln else ">" for ln in lines)


def compose(sender: Person, to: list[Person], cc: list[Person], body: str,
            prev: Mail | None, greet: bool = True, mailer: str = "") -> str:
    first = to[0]
    english = _english(sender, first)
    text = _salutation(sender, first, cc) if greet else ""
    text += body.strip("\n") + "\n"
    if english:
        closing = CLOSINGS_EN.get(sender.key, "Best regards,")
        text += f"\n{closing}\n{sender.given_latin or sender.given}\n"
    signature = _signature(sender, first)
    if signature:
        text += "\n" + signature + "\n"
    if prev is not None:
        writer = MAILERS[mailer or sender.mailer]
        text += "\n" + _attribution(writer, english, prev) + _quote(prev.text) + "\n"
    return text


# ---------------------------------------------------------------------------------------------
# Time: everyone writes during their own working day, Ken's inbox is in Tokyo.


def zone(p: Person) -> timezone:
    return timezone(timedelta(hours=p.utc_offset))


def working_time(t: datetime, p: Person, rng: random.Random) -> datetime:
    """The first moment at or after `t` that falls in p's working hours (weekdays 9–19)."""
    local = t.astimezone(zone(p))
    if local.hour < 9:
        local = local.replace(hour=9, minute=rng.randrange(50))
    elif local.hour >= 19:
        local = (local + timedelta(days=1)).replace(hour=9, minute=rng.randrange(50))
    while local.weekday() >= 5:
        local = (local + timedelta(days=1)).replace(hour=9, minute=rng.randrange(50))
    return local.replace(second=rng.randrange(60), microsecond=0)


def slot_text(t: datetime, lang: str) -> str:
    if lang == "ja":
        return f"{t.month}月{t.day}日（{WEEKDAYS_JA[t.weekday()]}）{t:%H:%M}〜{t.hour + 1}:{t:%M}"
    return f"{t:%A, %B} {t.day} at {t.hour % 12 or 12}:{t:%M} {'AM' if t.hour < 12 else 'PM'}"


def slots(start: datetime, p: Person, rng: random.Random) -> list[datetime]:
    """Three meeting proposals, 4 to 8 working days after `start`, in p's time zone."""
    out, day = [], start.astimezone(zone(p))
    for hour, ahead in ((10, 4), (14, 5), (16, 7)):
        t = day + timedelta(days=ahead)
        while t.weekday() >= 5:
            t += timedelta(days=1)
        out.append(t.replace(hour=hour, minute=rng.choice((0, 30)), second=0, microsecond=0))
    return out


# ---------------------------------------------------------------------------------------------
# The generator: conversations and one-off mails placed on the timeline.


@dataclass(frozen=True)
class Step:
    who: str  # "me", "them" (the plan's counterpart) or a colleague's key
    text: str
    gap: float = 0.0  # hours after the previous message, before moving into working hours
    attach: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()  # people copied from this message on
    parent: int | None = None  # the step this one replies to; by default the previous one
    greet: bool = True  # False when the text opens with its own salutation


@dataclass(frozen=True)
class Script:
    subject: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Plan:
    script: Script
    with_: str  # the counterpart's key
    days_ago: float
    length: int = 99  # fewer steps: the conversation is still going
    values: dict[str, str] = field(default_factory=dict)
    to: str = ""  # the first message goes to this list (the sales team) instead of a person
    missing: tuple[int, ...] = ()  # steps referenced by later mail that never arrived here
    archived: bool = False
    starred: bool = False
    jitter: float = 8.0  # hours the start may move earlier, so mail is not all sent at one time


@dataclass
class Context:
    now: datetime
    rng: random.Random
    out: list[DemoMessage] = field(default_factory=list)

    def ago(self, days: float, jitter: float = 8.0) -> datetime:
        return self.now - timedelta(days=days, minutes=self.rng.randrange(int(jitter * 60) + 1))

    def message_id(self, sender: Person, when: datetime) -> str:
        return f"<{when:%Y%m%d%H%M%S}.{self.rng.getrandbits(40):010x}@{sender.domain}>"

    def seen(self, when: datetime, bulk: bool = False) -> bool:
        """Recent mail mostly unread, older mail read; bulk mail is often left unread."""
        if when > self.now - timedelta(hours=30):
            return self.rng.random() < 0.25
        return self.rng.random() > (0.3 if bulk else 0.03)

    def emit(self, mail: Mail, folder: str, flags: int) -> None:
        inbound = mail.sender is not ME
        arrived = mail.when + timedelta(seconds=self.rng.randrange(4, 180) if inbound else 0)
        if inbound:
            mail.headers = [_trace_header(mail.sender, arrived, self.rng), *mail.headers]
        raw = render(mail, self.rng)
        self.out.append(
            DemoMessage(folder, FOLDER_ROLES[folder], raw, flags, int(arrived.timestamp()))
        )

    def single(self, sender: Person, to: list[Person], subject: str, text: str,
               when: datetime, folder: str, flags: int, **extra: object) -> Mail:
        mail = Mail(sender, to, subject, text, when, self.message_id(sender, when), **extra)
        self.emit(mail, folder, flags)
        return mail


def _trace_header(sender: Person, arrived: datetime, rng: random.Random) -> tuple[str, str]:
    host = f"mail.{sender.domain}"
    ip = f"192.0.2.{rng.randrange(2, 250)}"  # TEST-NET-1: never a real host
    stamp = format_datetime(arrived.astimezone(zone(ME)))
    return (
        "Received",
        f"from {host} ({host} [{ip}])\r\n\tby mx.kizuna-demo.example with ESMTPS id "
        f"{rng.getrandbits(36):09X};\r\n\t{stamp}",
    )


def _recipients(sender: Person, prev: Mail | None, people_in: list[Person],
                 list_key: str) -> tuple[list[Person], list[Person]]:
    """Reply-all semantics: answer the previous sender, copy everyone else in the thread."""
    if prev is None:
        to = [person(list_key)] if list_key else [next(p for p in people_in if p is not sender)]
    elif prev.sender is sender:
        to = prev.to
    else:
        to = [prev.sender]
    if list_key:
        return to, []
    return to, [p for p in people_in if p is not sender and p not in to]


def _thread_values(ctx: Context, plan: Plan, them: Person, start: datetime) -> dict[str, str]:
    rng = ctx.rng
    local = start.astimezone(zone(ME))
    v = {
        "co": them.company,
        "fam": them.family,
        "given": them.given,
        "title": them.title,
        "domain": them.domain,
        "quote_no": f"Q-{local:%Y%m}-{rng.randrange(100, 1000)}",
        "invoice_no": f"INV-{local:%Y%m}-{rng.randrange(1000, 10000)}",
        "meeting_id": str(rng.randrange(10**9, 10**10)),
        "date_iso": f"{local:%Y-%m-%d}",
        "month": f"{(local.replace(day=1) - timedelta(days=1)).month}月",
    }
    for n, t in enumerate(slots(start, them if them.lang == "en" else ME, rng), 1):
        v[f"slot{n}"] = slot_text(t, them.lang)
    until = local + timedelta(days=18)
    v["until"] = f"{until:%A, %B} {until.day}"
    v.update(plan.values)
    for key in ("monthly", "setup"):
        if key in v:
            v[f"{key}_ascii"] = f"JPY {v[key][:-1]}" if v[key].endswith("円") else v[key]
    return v


def run_thread(ctx: Context, plan: Plan) -> list[Mail]:
    rng = ctx.rng
    them = person(plan.with_)
    t = ctx.ago(plan.days_ago, plan.jitter)
    v = _thread_values(ctx, plan, them, t)
    subject = plan.script.subject.format_map(v)
    people_in = [ME, them]
    mails: list[Mail] = []
    parents: list[int | None] = []
    for i, step in enumerate(plan.script.steps[: plan.length]):
        sender = {"me": ME, "them": them}.get(step.who) or person(step.who)
        people_in += [person(k) for k in step.cc if person(k) not in people_in]
        t = working_time(t + timedelta(hours=step.gap * rng.uniform(0.85, 1.15)), sender, rng)
        if t > ctx.now - timedelta(minutes=15):
            break  # the rest of this conversation has not happened yet
        parent = None if i == 0 else (i - 1 if step.parent is None else step.parent)
        prev = None if parent is None else mails[parent]
        to, cc = _recipients(sender, prev, people_in, plan.to)
        mails.append(
            Mail(
                sender,
                to,
                subject if prev is None else MAILERS[sender.mailer].reply + subject,
                compose(sender, to, cc, step.text.format_map(v), prev, step.greet),
                t,
                ctx.message_id(sender, t),
                cc=cc,
                in_reply_to=prev.message_id if prev else None,
                references=[*prev.references, prev.message_id] if prev else [],
                attachments=[_attachment(kind, v) for kind in step.attach],
            )
        )
        parents.append(parent)
    answered = {p for p, m in zip(parents, mails, strict=True) if m.sender is ME}
    inbound = [i for i, m in enumerate(mails) if m.sender is not ME and i not in plan.missing]
    for i, mail in enumerate(mails):
        if i in plan.missing:
            continue
        if mail.sender is ME:
            ctx.emit(mail, "Sent", SEEN)
            continue
        flags = (SEEN if ctx.seen(mail.when) else 0) | (ANSWERED if i in answered else 0)
        if plan.starred and i == inbound[-1]:
            flags |= FLAGGED
        ctx.emit(mail, "Archive" if plan.archived else "INBOX", flags)
    return mails


def generate_mail(now: datetime, seed: int = 7) -> list[DemoMessage]:
    """The whole mailbox, oldest first. A naive `now` is taken as UTC."""
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    ctx = Context(now=now, rng=random.Random(seed))
    for plan in _plans(now):
        run_thread(ctx, plan)
    _web_forms(ctx)
    _first_contacts(ctx)
    _newsletters(ctx)
    _notices(ctx)
    _junk(ctx)
    _trash(ctx)
    _drafts(ctx)
    return sorted(ctx.out, key=lambda m: (m.received, m.folder))


# ---------------------------------------------------------------------------------------------
# Conversations. {co} {fam} {given} are the counterpart's; other fields come from the plan.

JA_QUOTE = Script("お見積もりのお願い（ツナグ・ワークフロー）", (
    Step("them", greet=False, text="""\
株式会社キズナデモ
営業ご担当者様

突然のご連絡失礼いたします。
{co}の{fam}と申します。

貴社のWebサイトを拝見し、クラウド型ワークフローシステム
「ツナグ・ワークフロー」の導入を検討しております。
つきましては、下記の条件でお見積もりをお願いできますでしょうか。

・利用人数：約{users}名
・希望プラン：{plan}
・導入希望時期：{start}
・現状：紙の稟議書とExcelで申請・承認を管理

お忙しいところ恐縮ですが、{deadline}頃までにご回答いただけますと幸いです。
何卒よろしくお願いいたします。
"""),
    Step("me", gap=5, attach=("quote_ja",), text="""\
はじめまして。株式会社キズナデモの佐藤と申します。
このたびは「ツナグ・ワークフロー」にお問い合わせいただき、誠にありがとうございます。

ご依頼いただきましたお見積書を添付にてお送りいたします。

■お見積概要（{quote_no}）
・プラン：{plan}（{users}ユーザー）
・月額費用：{monthly}（税別）
・初期設定費用：{setup}（税別）
・契約期間：1年間（以降自動更新）

初期設定費用には、申請フォームの作成支援と管理者向けオンライン研修（2回）が含まれております。
ご不明な点がございましたら、お気軽にお問い合わせください。

引き続きよろしくお願いいたします。
"""),
    Step("them", gap=26, text="""\
お世話になっております。{co}の{fam}です。

早速お見積書をお送りいただき、ありがとうございました。
社内で確認したところ、2点お伺いしたいことがございます。

1. 年間一括払いの場合、割引はございますでしょうか。
2. 現在Excelで管理している過去の申請データを移行することは可能でしょうか。

お手数をおかけしますが、ご確認のほどよろしくお願いいたします。
"""),
    Step("me", gap=4, text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

ご質問いただきありがとうございます。以下のとおり回答いたします。

1. 年間一括払いの場合、月額費用から10%お値引きいたします。
   （年額：{annual}（税別））
2. 過去の申請データは、弊社指定のCSV形式に変換いただければ一括で取り込めます。
   変換作業の代行も承っております（別途お見積り）。

よろしければ、一度オンラインで実際の画面をご覧いただく機会を頂戴できませんでしょうか。
下記の日程はいかがでしょうか。

・{slot1}
・{slot2}

何卒よろしくお願いいたします。
"""),
    Step("them", gap=20, text="""\
お世話になっております。{co}の{fam}です。

ご丁寧にご回答いただき、ありがとうございます。
デモの件、{slot2}でお願いできますでしょうか。
当日は弊社の情報システム担当も同席させていただきます。

よろしくお願いいたします。
"""),
    Step("me", gap=2, text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

ご調整いただき、ありがとうございます。
それでは{slot2}に、オンラインでデモを実施させていただきます。

■接続先URL
https://meet.kizuna-demo.example/j/{meeting_id}

当日はどうぞよろしくお願いいたします。
"""),
))

JA_MEETING = Script("ご提案のお打ち合わせ日程について", (
    Step("me", text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

先日はヒアリングのお時間をいただき、誠にありがとうございました。
伺った課題をもとに、ご提案内容をまとめております。

つきましては、ご提案のお打ち合わせを下記いずれかの日程でお願いできませんでしょうか。

・{slot1}
・{slot2}
・{slot3}

所要時間は1時間程度を予定しております。
ご都合のよい日時をお知らせいただけますと幸いです。

よろしくお願いいたします。
"""),
    Step("them", gap=20, text="""\
お世話になっております。{co}の{fam}です。

ご連絡ありがとうございます。
{slot3}でお願いいたします。
場所は弊社の会議室でもよろしいでしょうか。
当日は{boss_title}の{boss}も同席する予定です。

よろしくお願いいたします。
"""),
    Step("me", gap=3, text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

ご調整いただき、ありがとうございます。
それでは{slot3}に、貴社へお伺いいたします。
当日は弊社カスタマーサクセス担当の高橋も同行させていただきます。

{boss}{boss_title}にもご同席いただけるとのこと、ありがとうございます。
どうぞよろしくお願いいたします。
"""),
    Step("them", gap=5, text="""\
{co}の{fam}です。

承知いたしました。
当日は受付で{fam}をお呼び出しください。

お待ちしております。
"""),
))

JA_CONTRACT = Script("【{co}様】ご利用契約書（案）の送付", (
    Step("me", attach=("contract_v1",), text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

先日はお打ち合わせのお時間をいただき、誠にありがとうございました。
お打ち合わせの内容を反映したご利用契約書（案）を添付にてお送りいたします。

・ご契約プラン：エンタープライズ（{users}ユーザー）
・ご契約期間：{start}から1年間
・ご契約金額：{amount}（税別・年額）

貴社法務部門でのご確認をお願いできますでしょうか。
修正のご要望がございましたら、Word形式でのやり取りも可能です。

よろしくお願いいたします。
"""),
    Step("them", gap=70, attach=("redline_ja",), text="""\
いつもお世話になっております。
{co}の{fam}です。

契約書（案）をお送りいただき、ありがとうございました。
弊社法務にて確認し、修正のお願いを添付にまとめております。

主な点は以下の2点です。
1. 第8条（損害賠償）：上限額を「直近12か月の利用料金相当額」としていただきたい
2. 第12条（データの取扱い）：契約終了後のデータ削除期限を明記いただきたい

ご検討のほど、よろしくお願いいたします。
"""),
    Step("me", gap=2, text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

ご確認いただき、ありがとうございます。
ご指摘の2点につきまして、弊社法務に確認のうえ、今週中に改めてご回答いたします。

取り急ぎ、受領のご連絡まで。
"""),
    Step("them", gap=4, text="""\
お世話になっております。{fam}です。

承知いたしました。ご回答をお待ちしております。
なお、社内の決裁スケジュールの都合上、来週中に最終版をいただけますと大変助かります。
"""),
    Step("me", gap=50, attach=("contract_v2",), text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

お待たせいたしました。法務確認の結果、以下のとおり修正いたしました。
修正版（v2）を添付いたしますので、ご確認ください。

1. 第8条：上限額を「直近12か月の利用料金相当額」に変更いたしました。
2. 第12条：契約終了後30日以内にデータを削除し、削除証明書を発行する旨を追記いたしました。

来週中に最終版を、とのご要望も承知しております。
ご確認のほど、よろしくお願いいたします。
"""),
    Step("them", gap=45, text="""\
いつもお世話になっております。
{co}の{fam}です。

迅速にご対応いただき、ありがとうございます。
第8条・第12条とも、修正内容で問題ございません。

1点だけ、お支払い条件を「月末締め翌月末払い」に変更いただくことは可能でしょうか。
弊社の経理規程上、請求書払いはこの条件に統一しております。

よろしくお願いいたします。
"""),
    Step("me", gap=5, attach=("contract_v3",), text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

お支払い条件の件、承知いたしました。
「月末締め翌月末払い」に変更した最終版（v3）を添付いたします。

問題なければ、製本版を2部郵送いたしますので、
ご押印のうえ1部をご返送いただけますでしょうか。
電子契約をご希望の場合は、その旨お知らせください。

よろしくお願いいたします。
"""),
    Step("them", gap=24, text="""\
いつもお世話になっております。
{co}の{fam}です。

最終版を確認いたしました。
本日、社内決裁が下りましたので、電子契約でお願いできますでしょうか。
署名者は取締役の佐々木となります。

これから長いお付き合いになりますが、今後ともどうぞよろしくお願いいたします。
"""),
))

JA_SUPPORT = Script("承認通知メールが届かない件", (
    Step("them", attach=("screenshot_ja",), text="""\
いつもお世話になっております。
{co}の{fam}です。

昨日から、申請の承認通知メールが一部の職員に届いていないようです。
申請画面では「承認待ち」となっているのですが、承認者にメールが届きません。
画面のキャプチャを添付いたしますので、ご確認いただけますでしょうか。

月末の経費精算が重なる時期のため、お早めにご対応いただけますと助かります。
"""),
    Step("me", gap=1, cc=("takahashi",), text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

ご不便をおかけしており、申し訳ございません。
本件、弊社カスタマーサクセスの高橋（CC）に連携いたしました。
高橋より、本日中に状況をご連絡いたします。

よろしくお願いいたします。
"""),
    Step("takahashi", gap=3, text="""\
いつもお世話になっております。
株式会社キズナデモ カスタマーサクセスの高橋です。

ご連絡いただいた件、確認いたしました。
承認者の方のメールサーバーで、通知メールが迷惑メールと判定され、
受信拒否されている形跡がございました。

お手数ですが、貴社のメールサーバーで「noreply@kizuna-demo.example」を
受信許可リストにご登録いただけますでしょうか。
設定後、未送信分の通知は弊社で再送いたします。
"""),
    Step("them", gap=5, greet=False, text="""\
株式会社キズナデモ
高橋様、佐藤様

ご確認いただき、ありがとうございます。
メールサーバーの設定を変更いたしましたので、再送をお願いできますでしょうか。
"""),
    Step("takahashi", gap=1, text="""\
ご対応ありがとうございます。
先ほど未送信分（12件）の通知を再送いたしました。
承認者の方に届いているか、ご確認いただけますと幸いです。
"""),
    Step("them", gap=2, text="""\
先ほど承認者に確認したところ、無事に届いておりました。
迅速にご対応いただき、本当にありがとうございました。
今後ともよろしくお願いいたします。
"""),
))

JA_REISSUE = Script("請求書の宛名変更のお願い", (
    Step("them", text="""\
いつもお世話になっております。
{co}の{fam}です。

先日お送りいただいた{month}分の請求書について、
宛名を「{co} 営業企画部」としていただきたく、再発行をお願いできますでしょうか。

経理からの依頼のため、お手数ですがよろしくお願いいたします。
"""),
    Step("me", gap=3, attach=("invoice_ja",), text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

ご連絡ありがとうございます。
宛名を変更した請求書を再発行し、添付にてお送りいたします。
原本が必要な場合は郵送いたしますので、お申し付けください。
"""),
    Step("them", gap=2, text="""\
早速ご対応いただき、ありがとうございます。
PDFで問題ございません。経理に回付いたします。
"""),
))

JA_HEARING = Script("本日のヒアリングのお礼", (
    Step("me", attach=("service_ja",), text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

本日はお忙しい中、ヒアリングのお時間をいただき誠にありがとうございました。
伺った内容を以下にまとめましたので、認識に相違がないかご確認いただけますでしょうか。

■現状の課題
・{issue1}
・{issue2}
・{issue3}

■次回までの宿題（弊社）
・{todo1}
・{todo2}

サービス資料を添付いたしますので、社内でのご共有にご活用ください。
"""),
    Step("them", gap=22, greet=False, text="""\
佐藤様

お世話になっております。{co}の{fam}です。

まとめていただき、ありがとうございます。内容に相違ございません。
1点補足ですが、{note}
その点も踏まえてご提案いただけますと幸いです。
"""),
    Step("me", gap=2, text="""\
補足いただきありがとうございます。承知いたしました。
{answer}
次回のお打ち合わせでは、実機でのデモもご用意いたします。
"""),
))

JA_FOLLOW_UP = Script("資料送付のご案内（株式会社キズナデモ）", (
    Step("me", attach=("service_ja",), text="""\
はじめまして。株式会社キズナデモの佐藤と申します。
このたびは「ツナグ・ワークフロー」の資料をご請求いただき、誠にありがとうございます。

ご請求いただいたサービス資料を添付にてお送りいたします。
料金プランや導入事例も掲載しておりますので、ご検討の際にお役立てください。

もしよろしければ、貴社の現在の申請・承認フローについて
30分ほどお話を伺えませんでしょうか。オンラインでも対応可能です。
"""),
    Step("them", gap=30, text="""\
ご丁寧にありがとうございます。{co}の{fam}です。

資料を拝見しました。
現在は紙の申請書を回覧している状況で、まさに電子化を検討しております。
来週であれば、{slot1}か{slot2}が空いております。
"""),
    Step("me", gap=2, text="""\
ご返信いただきありがとうございます。
それでは{slot2}に、オンラインでお打ち合わせをお願いいたします。
後ほどカレンダーの招待をお送りいたします。

接続先：https://meet.kizuna-demo.example/j/{meeting_id}
"""),
))

JA_DISCOUNT = Script("【値引き承認のお願い】{co}様 {plan}プラン", (
    Step("me", text="""\
お疲れさまです。佐藤です。

{co}様の案件について、値引きの承認をお願いいたします。

・プラン：{plan}（{users}ユーザー）
・定価：年額 {list_price}
・提示希望額：年額 {offer_price}（{discount}%値引き）
・理由：他社製品と比較検討中のため。年間一括払い・2年契約を条件とします。

先方の決裁会議が来週のため、今週中にご判断いただけますと助かります。
よろしくお願いいたします。
"""),
    Step("them", gap=6, text="""\
お疲れさまです。鈴木です。

内容を確認しました。2年契約が条件であれば、{discount}%で承認します。
ただし、初期設定費用は値引きなしでお願いします。

先方の決裁会議の結果も共有してください。
"""),
    Step("me", gap=1, text="""\
承認ありがとうございます。承知しました。
初期設定費用は定価のまま、先方に提示します。
決裁会議の結果は改めて共有いたします。
"""),
))

JA_HANDOVER = Script("【共有】{client}様 利用者登録について", (
    Step("them", attach=("users_ja",), text="""\
お疲れさまです。高橋です。

{client}様のオンボーディングの件、先方から利用者一覧をいただきました（添付）。
初期登録は明日中に完了する予定です。
管理者研修の日程調整は、佐藤さんからお願いできますか。
"""),
    Step("me", gap=2, text="""\
お疲れさまです。佐藤です。

ありがとうございます。研修の日程は加藤様に確認して、改めて共有します。
"""),
))

JA_CS_REPORT = Script("【共有】{client}様 通知メール不達の件（対応完了）", (
    Step("them", text="""\
お疲れさまです。高橋です。

{client}様の通知メール不達の件、対応が完了しましたので共有します。

・原因：先方メールサーバーの迷惑メール判定
・対応：送信元アドレスの受信許可設定を依頼し、未送信12件を再送
・再発防止：導入時チェックリストに「受信許可設定」を追加します

井上様には、佐藤さんからもフォローいただけると助かります。
"""),
))

WEEKLY_AGENDA = Step("them", greet=False, text="""\
営業部の皆さん

お疲れさまです。鈴木です。
明日の営業定例のアジェンダを共有します。

日時：{meeting}　13:00〜14:00
場所：5F 会議室A（オンライン参加可）

1. 今週の受注・失注報告
2. パイプラインの確認
3. {topic}
4. その他

各自、CRMの案件ステージを本日中に更新しておいてください。
""")
WEEKLY_REPLY = Step("me", gap=1.5, text="""\
お疲れさまです。佐藤です。

明日は{visit}のため、13時30分頃からの参加となります。
先に今週の状況を共有いたします。

・新規問い合わせ：{inquiries}件（うち商談化 {opportunities}件）
・{highlight}

よろしくお願いいたします。
""")
WEEKLY_MINUTES = Step("them", gap=26, parent=0, greet=False, text="""\
営業部の皆さん

お疲れさまです。鈴木です。
{meeting}の営業定例の議事録を共有します。

■受注・失注
・{result}
■パイプライン
・今月の受注見込み：{forecast}
・提案中の案件は、次回アクションと期日をCRMに必ず登録してください
■{topic}
・{decision}

引き続きよろしくお願いします。
""")
WEEKLY = Script("【営業定例】アジェンダ（{meeting_short}）", (WEEKLY_AGENDA, WEEKLY_MINUTES))
WEEKLY_ANSWERED = Script(WEEKLY.subject, (WEEKLY_AGENDA, WEEKLY_REPLY, WEEKLY_MINUTES))

JA_UPSELL = Script("追加ライセンスのご相談", (
    Step("them", text="""\
いつもお世話になっております。
{co}の{fam}です。

おかげさまで、営業企画部でのツナグ・ワークフローの運用が定着してまいりました。
来月から賃貸管理部でも利用を開始したいと考えており、20ユーザーの追加をご相談させてください。

あわせて、部署ごとに承認ルートを分ける設定が可能かも教えていただけますでしょうか。
"""),
    Step("me", gap=3, text="""\
いつもお世話になっております。
株式会社キズナデモの佐藤です。

運用が定着しているとのこと、大変嬉しく思います。
追加ライセンスは、現在のご契約と同じ単価（1ユーザーあたり月額900円）で、
契約期間の残り月数分をご請求いたします。

部署ごとの承認ルートも設定可能です。
賃貸管理部様の申請フローを伺えれば設定案をお作りいたしますので、
30分ほどお時間をいただけますでしょうか。
"""),
    Step("them", gap=20, text="""\
ご回答ありがとうございます。
それでは来週、賃貸管理部の村上も交えてお打ち合わせをお願いできますでしょうか。
候補日を改めてご連絡いたします。
"""),
))

EN_RENEWAL = Script("Tsunagu Workflow for your Munich office", (
    Step("me", text="""\
I hope the Berlin team is getting on well with Tsunagu Workflow. When we
last spoke, you mentioned the Munich office might follow. Would they be
interested in a 30-day pilot? We could set it up in the same workspace.
"""),
    Step("them", gap=30, text="""\
Thanks for following up. Unfortunately the Munich office has decided to
stay on the group's SAP workflow for now, so we won't be expanding this
year. I'll let you know if that changes.
"""),
    Step("me", gap=3, text="""\
Thanks for letting me know - understood. I'll check in again next year.
In the meantime, we're always happy to help the Berlin team get more out of
the tool.
"""),
))

EN_QUOTE = Script("Request for quote: Tsunagu Workflow ({users} users)", (
    Step("them", greet=False, text="""\
Hello,

I'm {given} {fam}, {title} at {co}. We are looking for a workflow and
approval tool to replace our email-and-spreadsheet process, and Tsunagu
Workflow came up in our research.

Could you send us a quote for the following?

- Around {users} users
- {plan} plan
- Single sign-on with our existing identity provider
- Target go-live: {start}

We would also appreciate any case studies from companies of a similar size.
"""),
    Step("me", gap=6, attach=("quote_en",), text="""\
Thank you for your interest in Tsunagu Workflow. Please find our quotation
{quote_no} attached. In summary:

- {plan} plan, {users} users: {monthly} per month
- One-time onboarding package: {setup}
- SSO (SAML 2.0) is included in the {plan} plan

You can find case studies at https://www.kizuna-demo.example/en/cases/ -
the one from a 300-person logistics company is probably closest to you.

Would you be open to a 30-minute demo? Either of these would work for me
(your time):

- {slot1}
- {slot2}
"""),
    Step("them", gap=20, text="""\
Thanks for the quick reply. {slot2} works for me.

I'll bring our security lead, as she will want to go through your data
residency and backup policies.

One more question: is there a discount for a two-year commitment?
"""),
    Step("me", gap=3, text="""\
Great, I've sent a calendar invitation for {slot2}.

On the two-year commitment: we can offer 15% off the monthly fee for a
24-month term, paid annually. I'll include it as an option in the revised
quote after the demo.

For your security lead, our security white paper is here:
https://www.kizuna-demo.example/en/security/
"""),
    Step("them", gap=120, text="""\
Thanks for the demo today - the team was impressed with the mobile approvals.

Could you send the revised quote with the 24-month option? I'd like to take
it to our budget meeting next Thursday.
"""),
))

EN_MEETING = Script("Demo call next week?", (
    Step("me", text="""\
Thanks again for the call last week. As promised, I'd like to set up a demo
of Tsunagu Workflow for your operations team.

Would any of these times work for you? (all in your time zone)

- {slot1}
- {slot2}
- {slot3}

It takes about 45 minutes, and I'll tailor it to the purchase-approval flow
you described.
"""),
    Step("them", gap=14, text="""\
{slot1} doesn't work for me, but {slot3} is fine.
Can we make it 30 minutes? My team has a hard stop.

Also, could you show how delegation works when an approver is on leave?
"""),
    Step("me", gap=2, text="""\
{slot3} it is, 30 minutes. I'll send the invite shortly.

And yes, I'll cover delegation and out-of-office rules - it's one of our
most-used features.
"""),
    Step("them", gap=3, text="Got the invite, thanks. Looking forward to it.\n"),
))

EN_IMPORT = Script("Trial: user import fails", (
    Step("them", attach=("users_en",), text="""\
We're trying out the trial workspace, but the user import keeps failing with
"Invalid file format". I've attached the CSV we exported from our HR system.

Is there something wrong with the columns?
"""),
    Step("me", gap=3, text="""\
Thanks for sending the file. The import expects the columns
"name,email,department,role"; your export has a "manager" column first,
which the importer doesn't recognise yet.

If you move that column to the end (or delete it), the import should go
through. Support for manager columns is planned for next month's release.
"""),
    Step("them", gap=4, text="That did it - all 118 users imported. Thanks for the quick help!\n"),
))

EN_MSA = Script("MSA redlines - {co} / Kizuna Demo", (
    Step("me", attach=("msa_v1",), text="""\
As discussed, attached is our Master Subscription Agreement for your review,
together with the order form for {users} Enterprise seats.

Key terms:
- Term: 12 months from {start}
- Fees: {amount} per year, invoiced annually in advance
- Data hosting: Tokyo region, with backups in Osaka

Let me know if your legal team has any comments.
"""),
    Step("them", gap=60, attach=("msa_redline",), text="""\
Thanks. Our legal team has reviewed the MSA; their redline is attached.

The main points:
1. Governing law: we need Singapore law, or at least arbitration at SIAC.
2. Liability cap: 12 months of fees is fine, but data breaches should be
   uncapped.
3. Payment terms: net 45 instead of net 30.

Happy to get on a call if that's easier.
"""),
    Step("me", gap=3, text="""\
Thanks for this. I've passed it to our legal team and will come back to you
by Friday.
"""),
    Step("them", gap=75, text="""\
Just checking in on the redlines. Our procurement committee meets on
{slot2}, and I'd like to have the final version by then.
"""),
    Step("me", gap=4, attach=("msa_v2",), text="""\
Apologies for the wait. Our legal team has accepted most of your changes;
the updated draft is attached.

1. Governing law: we agree to Singapore law with arbitration at SIAC.
2. Liability: uncapped liability is difficult for us; we propose a super-cap
   of 3x annual fees for data protection breaches.
3. Payment: net 45 is fine.

I hope this works for your committee.
"""),
    Step("them", gap=24, text="""\
Thanks, this is very close. Legal is OK with the 3x super-cap.

One last item: can you add a clause allowing us to terminate for
convenience after 6 months with 60 days' notice?
"""),
    Step("me", gap=20, text="""\
I checked with our management. We can't offer termination for convenience
on a 12-month term, but we can offer either:

a) a 30-day money-back guarantee from the go-live date, or
b) a 6-month initial term at the same monthly rate.

Let me know which works better and I'll prepare the signature version.
"""),
))

EN_INVOICE = Script("Question about invoice {invoice_no}", (
    Step("them", text="""\
We have received your invoice {invoice_no} for the annual subscription.
Before we can process it, our accounts payable team needs two changes:

1. Please add our VAT ID (DE123456789) to the invoice.
2. The billing address should be our Berlin office, not Munich.

Could you send a corrected invoice?
"""),
    Step("me", gap=2, text="""\
Thank you for letting me know, and apologies for the trouble. I've asked our
accounting team to reissue the invoice with your VAT ID and the Berlin
address. You should have it within two business days.
"""),
    Step("me", gap=30, attach=("invoice_en",), text="""\
Please find attached the corrected invoice {invoice_no}-R1. The amount and
due date are unchanged.
"""),
    Step("them", gap=6, text="""\
Received, thank you. It has been approved and is scheduled for the next
payment run.
"""),
))

EN_PARTNER = Script("Partnership: {co} x Kizuna Demo", (
    Step("them", greet=False, text="""\
Dear Ken,

We met briefly at SaaS EXPO TOKYO last month - I run Tailspin Partners, a
consultancy that implements back-office systems for mid-sized companies in
Australia and New Zealand.

Several of our clients have Japanese parent companies that already use
Tsunagu Workflow, and we'd like to explore a referral or reseller
partnership.

Would you have time for a call in the next couple of weeks? I'm in Sydney,
so mornings in Tokyo suit me best.
"""),
    Step("me", gap=4, text="""\
Thanks for reaching out - it was good to meet you at the expo.

A partnership in ANZ sounds very interesting. Would either of these work
for you (your time)?

- {slot1}
- {slot2}

I'll bring an overview of our partner programme.
"""),
    Step("them", gap=8, text="{slot2} works well. Please send the invite to this address.\n"),
    Step("me", gap=2, attach=("partner_en",), text="""\
Invitation sent. I've attached our partner programme overview so you can
have a look beforehand.
"""),
))

EN_TRIAL = Script("Trial extension request", (
    Step("them", text="""\
Our 14-day trial ends on Friday, but two of our department heads were away
this week and haven't had a chance to test the approval flows.

Would it be possible to extend the trial by two weeks?
"""),
    Step("me", gap=2, text="""\
Of course. I've extended your trial workspace until {until}. All the data
you've entered so far will be kept.

If it helps, I could run a short session for the two department heads when
they're back - just let me know.
"""),
    Step("them", gap=5, text="""\
Much appreciated, thank you. I'll check with them and get back to you
about the session.
"""),
))

JA_BILLING = Script("請求書発行のお願い（{client}様）", (
    Step("me", text="""\
お疲れさまです。佐藤です。

下記のとおり、請求書の発行をお願いいたします。

・請求先：{client} {client_contact}様
・品目：ツナグ・ワークフロー {plan}プラン（{users}ユーザー）年額
・金額：{amount}（税別）
・支払条件：{terms}
・送付方法：PDFをメールで送付（CCに佐藤）

契約書の写しは共有フォルダに格納済みです。
よろしくお願いいたします。
"""),
    Step("them", gap=5, text="""\
お疲れさまです。伊藤です。

請求書を発行し、{client_contact}様へ送付しました。
請求番号は {invoice_no} です。入金を確認しましたら、改めてご連絡します。
"""),
))

EN_SECURITY = Script("Vendor security questionnaire", (
    Step("them", attach=("security_q",), text="""\
Our IT team sent over their standard vendor security questionnaire (attached).
Could you fill it in by next Friday? It's a required step before we can sign
anything.
"""),
    Step("me", gap=2, text="""\
Thanks for sending this over. I've shared it with our security team and we'll return it by
Wednesday.
"""),
    Step("me", gap=60, attach=("security_a",), text="""\
Please find attached our answers to the questionnaire, together with a copy
of our ISO/IEC 27001 certificate.

Happy to set up a call with our security lead if your IT team has any
follow-up questions.
"""),
    Step("them", gap=8, text="Thank you - forwarded to IT. I'll let you know if they ask.\n"),
))

# ---------------------------------------------------------------------------------------------
# Who talks about what, and when (days before `now`).

HEARING_YOSHIDA = {
    "issue1": "現場からの申請が紙とFAXで、本社での承認まで平均5営業日かかっている",
    "issue2": "工事案件ごとの稟議の進捗が見えない",
    "issue3": "外出先から承認したいというご要望が多い",
    "todo1": "現場申請用のテンプレート案の作成",
    "todo2": "既存の原価管理システムとの連携方法のご提案",
    "note": "現場の職長はスマートフォンではなくタブレットを使用しているケースが多いです。",
    "answer": "タブレットでの申請・承認画面も含めてご提案いたします。",
}
HEARING_TANAKA = {
    "issue1": "全国12か所の配送センターからの購買申請が、メールとExcelで行われている",
    "issue2": "承認ルートが拠点ごとに異なり、総務部で管理しきれていない",
    "issue3": "監査対応のため、承認履歴を5年間保管する必要がある",
    "todo1": "拠点別の承認ルート設定案の作成",
    "todo2": "承認履歴の保管・出力機能のご説明資料",
    "note": "監査法人から、承認履歴をCSVだけでなくPDFでも出力できるか確認されています。",
    "answer": "承認履歴はPDFでも出力できますので、次回画面でご説明いたします。",
}

# (topic, decision) per week, most recent first; the expo was five weeks ago.
WEEKLY_TOPICS = [
    ("新料金プランの説明資料", "説明資料は来週中に鈴木が最終化し、全員に共有する"),
    ("値引き承認ルールの確認", "10%を超える値引きは部長承認とする（従来どおり）"),
    ("インサイドセールスとの連携", "資料請求から初回連絡までの目標を24時間以内とする"),
    ("上期の目標達成状況", "達成率は現在82%。提案中案件のクロージングを優先する"),
    ("SaaS EXPO TOKYO の振り返り", "獲得した名刺は今週中にCRMへ登録し、お礼メールを送付する"),
    ("導入事例の取材候補", "さくら不動産様に事例取材を打診する（担当：佐藤）"),
    ("SaaS EXPO TOKYO の出展準備", "ブースのデモ担当シフトを金曜までに確定する"),
    ("競合製品の動向", "競合の新価格に対する比較資料を高橋さんと作成する"),
    ("今期の契約更新対応", "更新対象の顧客リストを今週中に各自確認する"),
    ("新人研修のロールプレイ", "来週から毎週木曜にロールプレイを実施する"),
    ("パートナー経由の案件管理", "パートナー経由の案件はCRMのリードソースを「パートナー」とする"),
    ("Webセミナーの企画", "来月のWebセミナーのテーマは「稟議の電子化入門」とする"),
    ("四半期の振り返り", "次四半期の重点業種は建設・物流・医療とする"),
]
WEEKLY_RESULTS = [
    "今週の受注・失注はなし",
    "受注：1件（スタンダードプラン）",
    "受注：2件／失注：1件（価格面で競合に決定）",
    "受注：1件（高橋さん支援案件）",
    "失注：1件（予算凍結のため来期に再提案）",
]
# Ken's replies, keyed by week: what he is doing that morning and his headline deal.
WEEKLY_REPLIES = {
    0: ("みらい物流様へのご提案", "5", "2", "サンプル商事様：契約条件の最終調整中（今月受注予定）"),
    2: ("ネクスト建設様へのヒアリング", "3", "1", "ネクスト建設様：ヒアリング完了、次回ご提案予定"),
    5: ("サンプル商事様とのお打ち合わせ", "4", "2", "サンプル商事様：値引き承認後、契約書案を準備"),
    8: ("さくら不動産様の管理者研修", "6", "3", "さくら不動産様：導入完了、追加ライセンスの相談"),
    11: ("コスモ会計事務所様へのご提案", "2", "1", "さくら不動産様：お見積もり提出済み"),
}


def _weekly_plans(now: datetime) -> list[Plan]:
    local = now.astimezone(zone(ME))
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=16, minute=40, second=0, microsecond=0
    )
    plans = []
    for k, (topic, decision) in enumerate(WEEKLY_TOPICS):
        sent = monday - timedelta(weeks=k)
        meeting = sent + timedelta(days=1)
        values = {
            "topic": topic,
            "decision": decision,
            "meeting": f"{meeting.month}月{meeting.day}日（火）",
            "meeting_short": f"{meeting.month}/{meeting.day}",
            "result": WEEKLY_RESULTS[k % len(WEEKLY_RESULTS)],
            "forecast": f"約{980 - 45 * k:,}万円",
        }
        script = WEEKLY
        if k in WEEKLY_REPLIES:
            visit, inquiries, opportunities, highlight = WEEKLY_REPLIES[k]
            values |= {"visit": visit, "inquiries": inquiries,
                       "opportunities": opportunities, "highlight": highlight}
            script = WEEKLY_ANSWERED
        days_ago = (now - sent).total_seconds() / 86400
        plans.append(Plan(script, "suzuki", days_ago, values=values, to="sales",
                          archived=k >= 4, jitter=0))
    return plans


def _plans(now: datetime) -> list[Plan]:
    return [
        # 株式会社さくら不動産: quoted, met, won, onboarded; now asks for an invoice fix.
        Plan(JA_QUOTE, "kato", 84, archived=True, values={
            "users": "40", "plan": "プロ", "monthly": "36,000円", "annual": "388,800円",
            "setup": "100,000円", "start": "来月中", "deadline": "今週末"}),
        Plan(JA_MEETING, "kato", 77, archived=True, values={"boss": "西村", "boss_title": "部長"}),
        Plan(JA_BILLING, "ito", 70, archived=True, values={
            "client": "株式会社さくら不動産", "client_contact": "加藤", "plan": "プロ",
            "users": "40", "amount": "432,000円", "terms": "月末締め翌月末払い"}),
        Plan(JA_HANDOVER, "takahashi", 58, archived=True,
             values={"client": "株式会社さくら不動産"}),
        Plan(JA_REISSUE, "kato", 33),
        Plan(JA_UPSELL, "kato", 20),
        # コスモ会計事務所: won two months ago, then a support incident.
        Plan(JA_MEETING, "inoue", 72, archived=True, values={"boss": "大野", "boss_title": "所長"}),
        Plan(JA_BILLING, "ito", 64, archived=True, values={
            "client": "コスモ会計事務所", "client_contact": "井上", "plan": "スタンダード",
            "users": "30", "amount": "180,000円", "terms": "請求書発行後30日以内"}),
        Plan(JA_SUPPORT, "inoue", 12),
        Plan(JA_CS_REPORT, "takahashi", 11, values={"client": "コスモ会計事務所"}),
        # 株式会社サンプル商事: the big deal in negotiation.
        Plan(JA_MEETING, "yamada", 48, values={"boss": "佐々木", "boss_title": "取締役"}),
        Plan(JA_DISCOUNT, "suzuki", 38, archived=True, values={
            "co": "株式会社サンプル商事", "plan": "エンタープライズ", "users": "300",
            "list_price": "5,040,000円", "offer_price": "4,536,000円", "discount": "10"}),
        Plan(JA_CONTRACT, "yamada", 24, missing=(3,), starred=True, values={
            "users": "300", "start": "来月1日", "amount": "4,536,000円"}),
        # Deals in progress and new prospects.
        Plan(JA_HEARING, "tanaka", 40, values=HEARING_TANAKA),
        Plan(JA_MEETING, "tanaka", 27, values={"boss": "西田", "boss_title": "部長"}),
        Plan(JA_DISCOUNT, "suzuki", 8, values={
            "co": "株式会社みらい物流", "plan": "プロ", "users": "180",
            "list_price": "1,944,000円", "offer_price": "1,749,600円", "discount": "10"}),
        Plan(JA_HEARING, "yoshida", 16, values=HEARING_YOSHIDA),
        Plan(JA_MEETING, "yoshida", 6, length=3, values={"boss": "松井", "boss_title": "取締役"}),
        Plan(JA_QUOTE, "matsumoto", 19, starred=True, values={
            "users": "150", "plan": "プロ", "monthly": "135,000円", "annual": "1,458,000円",
            "setup": "300,000円", "start": "来年4月", "deadline": "今月末"}),
        Plan(JA_QUOTE, "nakamura", 9, length=5, missing=(2,), values={
            "users": "25", "plan": "スタンダード", "monthly": "12,500円", "annual": "135,000円",
            "setup": "100,000円", "start": "来月", "deadline": "来週中"}),
        Plan(JA_QUOTE, "mori", 2.3, length=2, values={
            "users": "60", "plan": "スタンダード", "monthly": "30,000円", "annual": "324,000円",
            "setup": "100,000円", "start": "新年度", "deadline": "今月20日"}),
        Plan(JA_FOLLOW_UP, "kobayashi", 44),
        Plan(JA_FOLLOW_UP, "saito", 30),
        Plan(JA_FOLLOW_UP, "ishii", 14, length=2),
        Plan(JA_FOLLOW_UP, "shimizu", 6, length=1),
        Plan(JA_FOLLOW_UP, "maeda", 3, length=1),
        # Overseas customers and prospects.
        Plan(EN_QUOTE, "chen", 86, length=4, archived=True, values={
            "users": "250", "plan": "Enterprise", "monthly": "USD 3,500", "setup": "USD 4,000",
            "start": "next quarter"}),
        Plan(EN_MSA, "chen", 21, missing=(2,), starred=True, values={
            "users": "250", "start": "the first of next month", "amount": "USD 42,000"}),
        Plan(EN_QUOTE, "patel", 36, values={
            "users": "120", "plan": "Pro", "monthly": "GBP 1,080", "setup": "GBP 2,000",
            "start": "early next quarter"}),
        Plan(EN_IMPORT, "patel", 12),
        Plan(EN_TRIAL, "patel", 4),
        Plan(EN_MEETING, "johnson", 26),
        Plan(EN_SECURITY, "johnson", 18),
        Plan(EN_IMPORT, "johnson", 7),
        Plan(JA_BILLING, "ito", 18, values={
            "client": "Adatum GmbH", "client_contact": "Laura Schmidt", "plan": "スタンダード",
            "users": "40", "amount": "EUR 9,600", "terms": "Net 30",
            "invoice_no": "INV-10482"}),
        Plan(EN_INVOICE, "schmidt", 15, values={"invoice_no": "INV-10482"}),
        Plan(EN_RENEWAL, "schmidt", 55, archived=True),
        Plan(EN_PARTNER, "obrien", 11),
        *_weekly_plans(now),
    ]


# ---------------------------------------------------------------------------------------------
# One-off mail: the web form, first contacts, newsletters, notices, junk, trash, drafts.

WEB_FORMS = [
    ("kobayashi", 44.4, "51〜100名", "情報収集中",
     "院内の稟議・購買申請を電子化したいと考えています。医療機関での導入事例があれば教えてください。"),
    ("saito", 30.4, "1〜10名", "情報収集中",
     "小規模な事務所ですが、外注先への発注承認に使えるか知りたいです。"),
    ("ishii", 14.4, "301〜1000名", "半年以内に導入予定",
     "複数拠点（工場3か所）での承認フローに対応できるか確認したいです。"),
    ("shimizu", 6.4, "101〜300名", "導入時期未定",
     "人事関連の申請（休暇・経費）をまとめて電子化したいです。"),
    ("maeda", 3.4, "11〜50名", "3か月以内に導入予定",
     "顧問先への請求書発行前の承認フローに利用したいと考えています。"),
]


def _web_forms(ctx: Context) -> None:
    for key, days_ago, employees, stage, message in WEB_FORMS:
        p = person(key)
        when = ctx.ago(days_ago, 3).astimezone(zone(ME)).replace(microsecond=0)
        text = f"""\
Webサイトから資料請求がありました。担当者は24時間以内にご連絡ください。

━━━━━━━━━━━━━━━━━━━━━━━━
■会社名：{p.company}
■部署・役職：{p.title}
■お名前：{p.name}
■メールアドレス：{p.email}
■電話番号：{p.phone or p.mobile}
■従業員数：{employees}
■ご検討状況：{stage}
■お問い合わせ内容：
{message}
━━━━━━━━━━━━━━━━━━━━━━━━

受付日時：{when:%Y/%m/%d %H:%M}
※このメールは送信専用アドレスから自動送信されています。
"""
        ctx.single(WEBFORM, [ME], f"【資料請求】{p.company} {p.name}様", text, when, "INBOX",
                   SEEN if ctx.seen(when) else 0, mailer="system")


def _first_contacts(ctx: Context) -> None:
    """The newest mail: two people not in the CRM yet, and Ken's unfinished reply."""
    watanabe, kim = person("watanabe"), person("kim")
    when = (ctx.now - timedelta(minutes=47)).astimezone(zone(watanabe)).replace(microsecond=0)
    text = compose(watanabe, [ME], [], """\
突然のご連絡失礼いたします。
株式会社フラワーデザインの渡辺と申します。

知人の紹介で、貴社の「ツナグ・ワークフロー」を知りました。
弊社は従業員30名ほどのデザイン会社で、現在、経費精算と稟議を紙で運用しております。
店舗が3か所に分かれているため、承認に時間がかかることが課題です。

一度、詳しいお話を伺えればと思っております。
来週以降でご都合のよい日時をいくつかご提示いただけますでしょうか。

何卒よろしくお願いいたします。
""", None)
    hero = ctx.single(watanabe, [ME], "サービス導入についてのご相談", text, when, "INBOX", 0)
    draft_when = (ctx.now - timedelta(minutes=12)).astimezone(zone(ME)).replace(microsecond=0)
    draft = """\
株式会社フラワーデザイン
渡辺様

はじめまして。株式会社キズナデモの佐藤と申します。
このたびはお問い合わせいただき、誠にありがとうございます。

ご紹介いただいた方にも、よろしくお伝えくださいませ。
お打ち合わせの日程につきまして、下記はいかがでしょうか。

・
"""
    ctx.single(ME, [watanabe], "Re: サービス導入についてのご相談", draft, draft_when, "Drafts",
               SEEN | DRAFT, in_reply_to=hero.message_id, references=[hero.message_id])
    when = (ctx.now - timedelta(hours=3, minutes=10)).astimezone(zone(kim)).replace(microsecond=0)
    text = compose(kim, [ME], [], """\
Hello,

I'm an independent consultant in Seoul, advising a few Japanese subsidiaries
on their back-office processes. One of my clients is evaluating Tsunagu
Workflow.

Two quick questions:
1. Do you have an English-language administrator guide?
2. Does the Standard plan support approval routes with more than three steps?
""", None, greet=False)
    ctx.single(kim, [ME], "Tsunagu Workflow for a small consultancy - two questions",
               text, when, "INBOX", 0)


NEWS_EN_ISSUES = [
    ("Why your follow-ups go unanswered", "Most follow-up emails ask for something without "
     "giving anything. Three rewrites that doubled reply rates in our reader survey."),
    ("Discount discipline at quarter end", "Buyers have learned to wait for the last week of "
     "the quarter. How top teams trade discounts for commitments instead."),
    ("The five-minute pre-call checklist", "Know the org chart, the trigger event and the one "
     "question you must leave the call with."),
    ("Multi-threading enterprise deals", "Deals with three or more engaged contacts close at "
     "twice the rate of single-threaded ones."),
    ("What buyers read before the first meeting", "Your pricing and security pages get more "
     "visits than your homepage. Are they ready?"),
    ("Running a mutual action plan", "A shared timeline turns 'we'll get back to you' into "
     "dates both sides own."),
    ("Cold email benchmarks for B2B SaaS", "Reply rates, send times and subject-line lengths "
     "from 40,000 campaigns."),
    ("Handling procurement like a pro", "Procurement is not the enemy of your deal; surprises "
     "are. Prepare the answers before they ask."),
    ("The art of the renewal call", "Renewals start on day one. A simple 90-day rhythm that "
     "keeps customers from shopping around."),
    ("Building pipeline in a slow quarter", "Webinars, partner referrals and old closed-lost "
     "deals: where pipeline hides when inbound dries up."),
    ("From demo to decision in 30 days", "Shorter sales cycles come from fewer, better "
     "meetings, not from pushing harder."),
    ("Objection handling: 'We already have a tool'", "Treat it as a request for a "
     "comparison, not as a rejection."),
    ("Selling to Japanese enterprises", "Consensus building takes time. How to support your "
     "champion through nemawashi."),
]
NEWS_JA_ISSUES = [
    "初回商談で信頼を得る3つの質問",
    "見積もり提出後のフォローのタイミング",
    "決裁者を巻き込む提案書の作り方",
    "失注理由の分析で次の受注につなげる",
    "オンライン商談で気をつけたい5つのこと",
    "紹介営業を仕組みにする方法",
    "CRM入力を習慣にするコツ",
    "値引き要求への上手な切り返し",
    "展示会後のフォローで差をつける",
    "メール一本で商談を前に進める書き方",
    "既存顧客のアップセル、最初の一歩",
    "競合比較表を作るときの注意点",
    "年間計画から逆算する営業活動",
]
NEWS_SJIS_ISSUES = [
    "中小企業のDX、まず何から始めるか",
    "インボイス制度後の経理業務の見直し",
    "電子帳簿保存法への実務対応",
    "テレワーク時代の稟議のあり方",
    "人手不足を乗り切る業務効率化",
    "IT導入補助金の活用ポイント",
    "経営者が知っておきたい情報セキュリティ",
    "決算期を前に見直したい経費の基準",
    "賃上げと人材定着の両立",
    "取引先との契約書管理のポイント",
    "経営会議を短くする資料の作り方",
    "BCP（事業継続計画）の基本",
    "クラウド会計の選び方",
]


def _weekly(now: datetime, weekday: int, hour: int, minute: int) -> list[datetime]:
    """This weekday at this JST time in each of the last 13 weeks, newest first, past only."""
    local = now.astimezone(zone(ME))
    day = (local - timedelta(days=(local.weekday() - weekday) % 7)).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
    return [t for t in (day - timedelta(weeks=k) for k in range(13)) if t < now]


def _list_headers(sender: Person, unsubscribe: str) -> list[tuple[str, str]]:
    return [
        ("List-Id", f"<{sender.email.replace('@', '.')}>"),
        ("List-Unsubscribe", f"<{unsubscribe}>"),
        ("Precedence", "bulk"),
    ]


def _newsletters(ctx: Context) -> None:
    for k, when in enumerate(_weekly(ctx.now, 3, 21, 5)):
        headline, teaser = NEWS_EN_ISSUES[k]
        number = 212 - k
        html = f"""\
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>SaaS Sales Weekly #{number}</title></head>
<body style="margin:0;background:#f4f4f7;font-family:Helvetica,Arial,sans-serif">
<table width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table width="600" cellpadding="24" style="background:#ffffff">
<tr><td><img src="http://images.example/ssw/header-{number}.png" width="552" height="120"
 alt="SaaS Sales Weekly"></td></tr>
<tr><td><h1 style="font-size:22px;color:#1d2b4f">{headline}</h1>
<p style="font-size:15px;line-height:1.6;color:#333">{teaser}</p>
<p><a href="https://saas-sales-weekly.example/issues/{number}?utm_source=email"
 style="background:#1d2b4f;color:#fff;padding:10px 18px;text-decoration:none">Read the
 full issue</a></p>
<h2 style="font-size:16px;color:#1d2b4f">Also this week</h2>
<ul><li>Tool of the week: a meeting scheduler that respects time zones</li>
<li>Reader question: how many follow-ups are too many?</li></ul></td></tr>
<tr><td style="font-size:12px;color:#888">You are receiving this because you subscribed at
 saas-sales-weekly.example.<br><a href="https://saas-sales-weekly.example/unsubscribe?u=4f2a9c">
Unsubscribe</a></td></tr>
</table></td></tr></table>
<img src="http://images.example/ssw/open.gif?i={number}&amp;u=4f2a9c" width="1" height="1"
 alt="">
</body></html>
"""
        old = k >= 9  # Ken deletes old issues he has read
        ctx.single(NEWS_EN, [ME], f"SaaS Sales Weekly #{number}: {headline}", "",
                   when.astimezone(zone(NEWS_EN)), "Trash" if old else "INBOX",
                   SEEN if old or ctx.seen(when, bulk=True) else 0, html=html, html_only=True,
                   mailer="system",
                   headers=_list_headers(NEWS_EN, "https://saas-sales-weekly.example/unsub"))
    for k, when in enumerate(_weekly(ctx.now, 1, 8, 0)):
        headline, number = NEWS_JA_ISSUES[k], 148 - k
        text = f"""\
━━━━━━━━━━━━━━━━━━━━━━━━
営業力アップ通信 vol.{number}
━━━━━━━━━━━━━━━━━━━━━━━━

■今週のテーマ：{headline}

お客様から「検討します」と言われたまま、商談が止まってしまった経験はありませんか。
今週は、現場の営業担当者100名へのアンケートをもとに、すぐに使えるコツをご紹介します。

▼続きはWebで
https://eigyo-tsushin.example.jp/vol{number}

――――――――――――――――――――――――
配信停止：https://eigyo-tsushin.example.jp/unsubscribe
発行：営業力アップ通信編集部
"""
        html = f"""\
<html><body style="font-family:sans-serif;color:#333">
<div style="max-width:600px;margin:auto">
<img src="http://images.example/eigyo/vol{number}.jpg" width="600" height="200"
 alt="営業力アップ通信">
<h1 style="font-size:20px;color:#c0392b">{headline}</h1>
<p>お客様から「検討します」と言われたまま、商談が止まってしまった経験はありませんか。<br>
今週は、現場の営業担当者100名へのアンケートをもとに、すぐに使えるコツをご紹介します。</p>
<p><a href="https://eigyo-tsushin.example.jp/vol{number}">続きはWebで</a></p>
<p style="font-size:11px;color:#999"><a href="https://eigyo-tsushin.example.jp/unsubscribe">配信停止</a></p>
</div>
<img src="http://images.example/eigyo/beacon.gif?v={number}" width="1" height="1" alt="">
</body></html>
"""
        ctx.single(NEWS_JA, [ME], f"【営業力アップ通信 vol.{number}】{headline}", text, when,
                   "INBOX", SEEN if ctx.seen(when, bulk=True) else 0, html=html,
                   mailer="system",
                   headers=_list_headers(NEWS_JA, "https://eigyo-tsushin.example.jp/unsubscribe"))
    for k, when in enumerate(_weekly(ctx.now, 2, 6, 30)):
        headline, number = NEWS_SJIS_ISSUES[k], 431 - k
        html = f"""\
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">
<title>週刊 経営ナビ 第{number}号</title></head>
<body bgcolor="#ffffff">
<center><img src="http://images.example/keiei-navi/banner.gif" width="560" height="90"
 alt="週刊 経営ナビ"></center>
<h2><font color="#004080">第{number}号　{headline}</font></h2>
<p>経営者・管理部門の皆様に、毎号ひとつのテーマを分かりやすく解説します。</p>
<p>▼本文はこちら<br><a href="https://keiei-navi.example.jp/backnumber/{number}.html">https://keiei-navi.example.jp/backnumber/{number}.html</a></p>
<hr><font size="2">配信の停止は<a href="https://keiei-navi.example.jp/stop">こちら</a></font>
</body></html>
"""
        ctx.single(NEWS_SJIS, [ME], f"週刊 経営ナビ 第{number}号「{headline}」", "", when,
                   "INBOX", SEEN if ctx.seen(when, bulk=True) else 0, html=html, html_only=True,
                   headers=_list_headers(NEWS_SJIS, "https://keiei-navi.example.jp/stop"))


EXPO_MAILS = [
    (75, "【SaaS EXPO TOKYO】出展のご案内（出展申込締切のお知らせ）",
     "来月開催の「SaaS EXPO TOKYO」の出展申込締切が近づいてまいりました。\n"
     "小間数に限りがございますので、ご検討中の企業様はお早めにお申し込みください。"),
    (50, "【SaaS EXPO TOKYO】出展者説明会のご案内",
     "出展者説明会を下記のとおり開催いたします。\n"
     "搬入出のスケジュールや、ブース装飾の規定についてご説明いたします。"),
    (33, "【SaaS EXPO TOKYO】ご出展の御礼と来場者アンケートのお願い",
     "このたびは「SaaS EXPO TOKYO」にご出展いただき、誠にありがとうございました。\n"
     "3日間で延べ12,480名の皆様にご来場いただきました。"),
]
VENDOR_INVOICES = [(62, "38,280"), (32, "52,800"), (2, "19,470")]
EXPO_MANUAL = ["SaaS EXPO TOKYO - Exhibitor manual", "Move-in: day before, 13:00-18:00",
               "Booth rules, power, Wi-Fi and deliveries"]


def _notices(ctx: Context) -> None:
    logo = Attached("logo.png", "image/png", _png(120, 40, (230, 120, 20)),
                    content_id="<logo@saas-expo.example.jp>")
    for days_ago, subject, lead in EXPO_MAILS:
        when = working_time(ctx.ago(days_ago), EXPO, ctx.rng)
        text = f"""\
株式会社キズナデモ
佐藤 健 様

いつもお世話になっております。
SaaS EXPO TOKYO 運営事務局です。

{lead}

詳細は出展者専用ページをご確認ください。
https://saas-expo.example.jp/exhibitor/

SaaS EXPO TOKYO 運営事務局
TEL：03-5555-8080（平日10:00〜17:00）
"""
        body = "".join(f"<p>{line}</p>" for line in lead.split("\n"))
        html = f"""\
<html><body style="font-family:sans-serif">
<p><img src="cid:logo@saas-expo.example.jp" width="120" height="40" alt="SaaS EXPO TOKYO"></p>
<p>株式会社キズナデモ<br>佐藤 健 様</p>
<p>いつもお世話になっております。SaaS EXPO TOKYO 運営事務局です。</p>
{body}
<p><a href="https://saas-expo.example.jp/exhibitor/">出展者専用ページ</a></p>
</body></html>
"""
        # The briefing notice carries the exhibitor manual and the floor plan as files.
        files = [Attached("出展者マニュアル.pdf", "application/pdf", _pdf(EXPO_MANUAL)),
                 Attached("会場レイアウト.png", "image/png", _png(320, 200, (30, 110, 200)))]
        ctx.single(EXPO, [ME], subject, text, when, "INBOX",
                   SEEN if ctx.seen(when, bulk=True) else 0, html=html,
                   attachments=[logo, *(files if "説明会" in subject else [])])
    kimura = person("kimura")
    for days_ago, amount in VENDOR_INVOICES:
        when = working_time(ctx.ago(days_ago), kimura, ctx.rng)
        if when > ctx.now:
            continue
        month = (when.replace(day=1) - timedelta(days=1)).month
        billing = f"{when.year}{when.month:02d}"
        text = f"""\
株式会社キズナデモ
営業部 佐藤様

いつもお世話になっております。
株式会社ミナト印刷 経理課の木村でございます。

{month}月分のご請求書をお送りいたします。
添付のPDFファイルをご確認くださいますようお願い申し上げます。

　品目：名刺・会社案内パンフレット印刷
　ご請求金額：{amount}円（税込）
　お支払期限：{when.month}月末日

ご不明な点がございましたら、お気軽にお問い合わせください。
今後ともよろしくお願い申し上げます。

{kimura.signature}
"""
        pdf = Attached(f"請求書_{billing}.pdf", "application/pdf",
                       _pdf(["INVOICE", f"Minato Printing Co. - {billing}", f"JPY {amount}"]))
        ctx.single(kimura, [ME], f"【ミナト印刷】ご請求書送付のご案内（{month}月分）", text, when,
                   "INBOX", SEEN if ctx.seen(when) else 0, attachments=[pdf])
    ito = person("ito")
    for days_ago in (68, 38, 8):
        when = working_time(ctx.ago(days_ago), ito, ctx.rng)
        deadline = when + timedelta(days=(4 - when.weekday()) % 7 + 7)
        text = f"""\
営業部の皆さん

お疲れさまです。経理の伊藤です。

{when.month}月分の経費精算の締め切りは、{deadline.month}月{deadline.day}日（金）17時です。
ツナグ・ワークフローから申請し、領収書の画像を必ず添付してください。

・交通費：訪問先と目的を備考欄に記入
・接待交際費：参加者の氏名と会社名を記入
・締め切り後の申請は翌月の処理となります

ご協力をお願いします。

{ito.signature}
"""
        ctx.single(ito, [SALES_TEAM], f"【経理】{when.month}月分 経費精算の締め切りについて",
                   text, when, "INBOX" if days_ago < 30 else "Archive",
                   SEEN if ctx.seen(when) else 0)


def _junk_sender(key: str, name: str, email: str, lang: str, mailer: str = "system") -> Person:
    return Person(key=key, name=name, email=email, lang=lang, mailer=mailer, utc_offset=8)


def _phish_html(lead: str, shown: str, target: str, button: str) -> str:
    # The link text shows one site and opens another: what the reader's warnings catch.
    return f"""\
<html><body style="font-family:sans-serif">
<p>{lead}</p>
<p><a href="{target}">{shown}</a></p>
<p><a href="{target}" style="background:#e47911;color:#fff;padding:8px 16px">{button}</a></p>
<img src="http://images.example/t/pixel.gif" width="1" height="1">
</body></html>
"""


def _junk(ctx: Context) -> None:
    empty_zip = b"PK\x05\x06" + bytes(18)
    mails = [
        (_junk_sender("j1", "カイモノマーケット", "security@kaimono-market-support.test", "ja"),
         "【重要】お客様のアカウントを一時的に停止しました", "", _phish_html(
             "お客様のアカウントで不審なログインが検出されたため、一時的に利用を停止しました。"
             "24時間以内に下記URLから本人確認を行ってください。",
             "https://www.kaimono-market.example.jp/account/verify",
             "http://kaimono-market.account-verify.test/login.php?id=8812", "本人確認を行う"), 1),
        (_junk_sender("j2", "admin@kizuna-demo.example", "mail-admin@quota-alert.test", "en"),
         "Your mailbox is almost full (98%)", "", _phish_html(
             "Your mailbox has reached 98% of its storage limit. Incoming messages will be "
             "rejected within 24 hours unless you upgrade your quota.",
             "https://mail.kizuna-demo.example/quota",
             "http://quota-alert.test/owa/upgrade", "Increase storage"), 4),
        (_junk_sender("j3", "鈴木 美咲", "misaki.suzuki.office@freemail.example", "ja", "utf8-b64"),
         "至急のお願い", """\
佐藤さん

お疲れさまです。
至急お願いしたい件があります。今、会議中で電話に出られません。
取引先への支払いを本日中に行う必要があるため、このメールに返信してください。
詳細を送ります。

鈴木
""", None, 9),
        (_junk_sender("j4", "Accounts Payable", "ap@invoices-online.test", "en"),
         "Invoice #88231 - payment overdue", """\
Dear customer,

Your invoice #88231 is now 14 days overdue. Please see the attached invoice
and arrange payment immediately to avoid a late fee.

Accounts Payable
""", None, 13),
        (_junk_sender("j5", "プレゼントキャンペーン事務局", "campaign@lucky-present.test", "ja"),
         "【当選】ギフトカード50,000円分が当選しました", "", _phish_html(
             "おめでとうございます！厳正なる抽選の結果、ギフトカード50,000円分が当選しました。"
             "受け取り手続きは本日23:59までです。",
             "https://present.example.jp/receive", "http://lucky-present.test/r/5521",
             "今すぐ受け取る"), 20),
        (_junk_sender("j6", "ひまわり銀行", "info@himawari-bank.security-check.test", "ja",
                      "sjis-b64"),
         "【ひまわり銀行】お取引を一時的に制限しております", "", _phish_html(
             "お客様の口座において、第三者による不正な取引の可能性が確認されました。"
             "お取引を再開するには、下記よりお手続きをお願いいたします。",
             "https://www.himawari-bank.example.jp/", "http://himawari-bank.security-check.test/auth",
             "お手続きはこちら"), 27),
        (_junk_sender("j7", "Webマーケティング事業部", "info@seo-rank-up.test", "ja"),
         "【上位表示保証】SEO対策のご案内", """\
ご担当者様

突然のご連絡失礼いたします。
弊社は、検索順位1位を保証するSEO対策サービスを提供しております。
成果が出なければ費用は一切いただきません。

今なら初月無料キャンペーン中です。ご興味があれば、本メールにご返信ください。
""", None, 35),
        (_junk_sender("j8", "Parcel Express", "no-reply@parcel-express-track.test", "en"),
         "Delivery attempt failed - reschedule your package", "", _phish_html(
             "We were unable to deliver your package because no one was available to sign for "
             "it. Please confirm your address and pay the redelivery fee of 1.99 USD.",
             "https://parcelexpress.example/track", "http://pe-track.test/r?id=55",
             "Reschedule delivery"), 48),
        (_junk_sender("j9", "Investment Desk", "desk@alpha-returns.test", "en"),
         "Exclusive: 30% monthly returns, limited seats", """\
Hello,

You have been selected for our private investment programme. Members earn up
to 30% per month with zero risk. Only 20 seats remain for this round.

Reply YES to receive your invitation code.
""", None, 63),
        (_junk_sender("j10", "料金回収センター", "notice@miharai-center.test", "ja"),
         "【最終通告】未払い料金のお知らせ", """\
お客様がご利用のサービスについて、未払い料金が発生しております。
本日中にご連絡がない場合、法的手続きに移行いたします。

お問い合わせ窓口：050-0000-0000
""", None, 79),
    ]
    for sender, subject, text, html, days_ago in mails:
        ago = timedelta(days=days_ago, seconds=ctx.rng.randrange(86400))
        when = (ctx.now - ago).astimezone(zone(sender)).replace(microsecond=0)
        attachments = [Attached("Invoice_88231.zip", "application/zip", empty_zip)] if (
            sender.key == "j4") else []
        ctx.single(sender, [ME], subject, text, when, "Junk",
                   SEEN if ctx.seen(when, bulk=True) else 0, html=html, html_only=bool(html),
                   attachments=attachments)


def _trash(ctx: Context) -> None:
    pitches = [
        (_junk_sender("t1", "株式会社ウェブクリエイト", "sales@web-create.test", "ja"),
         "Webサイト制作のご提案", """\
株式会社キズナデモ
ご担当者様

突然のご連絡失礼いたします。株式会社ウェブクリエイトの営業担当でございます。
貴社Webサイトを拝見し、スマートフォン対応の改善についてご提案させていただきたく
ご連絡いたしました。初回のご相談は無料です。
""", 41),
        (_junk_sender("t2", "Lead Lists Asia", "data@leadlists.test", "en"),
         "Japan B2B lead lists - 50,000 verified contacts", """\
Hi there,

Looking to grow your pipeline in Japan? Our database has 50,000 verified
decision-maker contacts across manufacturing, logistics and healthcare.

Reply to get a free sample of 100 records.
""", 22),
    ]
    for sender, subject, text, days_ago in pitches:
        when = working_time(ctx.ago(days_ago), sender, ctx.rng)
        ctx.single(sender, [ME], subject, text, when, "Trash", SEEN)


def _drafts(ctx: Context) -> None:
    johnson, suzuki = person("johnson"), person("suzuki")
    when = (ctx.now - timedelta(hours=20)).astimezone(zone(ME)).replace(microsecond=0)
    ctx.single(ME, [johnson], "Revised proposal - Northwind Traders", """\
Hi Sarah,

Following our demo, here is the revised proposal:

- Pro plan, 150 seats
- 24-month term, 15% off the monthly fee
- Onboarding package included

""", when, "Drafts", SEEN | DRAFT)
    when = (ctx.now - timedelta(days=3, hours=2)).astimezone(zone(ME)).replace(microsecond=0)
    ctx.single(ME, [suzuki], "来期の目標について（ご相談）", """\
鈴木さん

お疲れさまです。佐藤です。
来期の個人目標について、一度ご相談のお時間をいただけますでしょうか。

""", when, "Drafts", SEEN | DRAFT)
