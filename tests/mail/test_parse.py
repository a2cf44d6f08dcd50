from __future__ import annotations

import base64
import email
import email.policy
import time

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from app.mail.headers import Address
from app.mail.parse import (
    MAX_BODY_TEXT,
    MAX_PARTS,
    PART_SEPARATOR,
    AttachmentInfo,
    ParseError,
    attachment_payload,
    parse_full,
    parse_metadata,
)
from tests.mail.builders import HANG_SECONDS, b_word, entity, message, multipart, without

JAPANESE = "お世話になっております。株式会社サンプルの山田です。"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8


def plain(
    text: str, charset: str = "utf-8", encoding: str | None = None, codec: str | None = None
) -> bytes:
    data = text.encode(codec or charset)
    return entity(f"text/plain; charset={charset}", data, encoding=encoding)


def html(markup: str, encoding: str | None = "base64") -> bytes:
    return entity("text/html; charset=utf-8", markup, encoding=encoding)


def attachment(
    data: bytes, content_type: str, disposition: str, *, headers: tuple[str, ...] = ()
) -> bytes:
    return entity(
        content_type,
        data,
        encoding="base64",
        headers=(f"Content-Disposition: {disposition}", *headers),
    )


# --- headers and metadata -------------------------------------------------------------


def test_basic_metadata() -> None:
    raw = message(
        plain("Hello Hanako,\n\nSee you tomorrow."),
        f"From: {b_word('山田 太郎')} <Taro@Example.JP>",
        "Cc: a@x.jp, B <b@x.jp>",
        "In-Reply-To: <parent@x.jp>",
        "References: <root@x.jp>",
    )
    meta = parse_metadata(raw)
    assert meta.message_id == "msg-1@example.jp"
    assert meta.subject == "Hello"
    assert (meta.from_name, meta.from_addr) == ("山田 太郎", "taro@example.jp")
    assert meta.to == [Address("Hanako Sato", "hanako@example.org")]
    assert meta.cc == [Address("", "a@x.jp"), Address("B", "b@x.jp")]
    assert meta.date == 1704070800
    assert meta.in_reply_to == "parent@x.jp"
    assert meta.references == ["root@x.jp", "parent@x.jp"]
    assert meta.snippet == "Hello Hanako, See you tomorrow."
    assert meta.body_text == "Hello Hanako,\n\nSee you tomorrow."
    assert not meta.has_attachments and meta.attachments == []


def test_in_reply_to_not_duplicated_in_references() -> None:
    raw = message(None, "In-Reply-To: <p@x>", "References: <r@x> <p@x>")
    assert parse_metadata(raw).references == ["r@x", "p@x"]


def test_missing_date_message_id_and_from() -> None:
    meta = parse_metadata(message(None, defaults=without("Date", "Message-ID", "From")))
    assert meta.date is None
    assert meta.message_id is None
    assert (meta.from_name, meta.from_addr) == ("", "")
    assert meta.subject == "Hello"
    assert meta.references == [] and meta.in_reply_to is None


def test_unparseable_date_is_none() -> None:
    assert parse_metadata(message(None, "Date: someday soon")).date is None


def test_iso_2022_jp_subject_and_body() -> None:
    subject = "=?ISO-2022-JP?B?" + base64.b64encode("お見積りの件".encode("iso2022_jp")).decode()
    raw = message(
        entity("text/plain; charset=ISO-2022-JP", JAPANESE.encode("iso2022_jp"), encoding="7bit"),
        f"Subject: {subject}?=",
    )
    meta = parse_metadata(raw)
    assert meta.subject == "お見積りの件"
    assert meta.body_text == JAPANESE
    assert parse_full(raw).text == JAPANESE


def test_shift_jis_declared_body_with_cp932_extensions() -> None:
    text = JAPANESE + "①㈱髙﨑ⅰ≒"
    raw = message(plain(text, "Shift_JIS", "8bit", codec="cp932"))
    assert parse_full(raw).text == text
    assert parse_metadata(raw).body_text == text


def test_euc_jp_body() -> None:
    assert parse_full(message(plain(JAPANESE, "EUC-JP", "8bit"))).text == JAPANESE


def test_utf8_base64_and_quoted_printable_bodies() -> None:
    assert parse_full(message(plain(JAPANESE, "utf-8", "base64"))).text == JAPANESE
    body = "caf=C3=A9 =E6=97=A5=E6=9C=AC soft=\r\nbreak"
    raw = message(
        entity("text/plain; charset=utf-8", body, encoding="quoted-printable"),
    )
    assert parse_full(raw).text == "café 日本 softbreak"


def test_unknown_body_charset_falls_back_without_crash() -> None:
    raw = message(entity("text/plain; charset=x-made-up", JAPANESE.encode("cp932")))
    assert parse_full(raw).text == JAPANESE


def test_undeclared_8bit_body_is_guessed() -> None:
    raw = message(entity("text/plain", JAPANESE.encode("cp932")))
    assert parse_full(raw).text == JAPANESE
    no_content_type = b"Subject: x\r\n\r\n" + JAPANESE.encode("euc_jp")
    assert parse_full(no_content_type).text == JAPANESE


def test_malformed_base64_body_is_tolerated() -> None:
    data = base64.b64encode(JAPANESE.encode()).decode().rstrip("=")
    body = f"{data[:20]}!!\r\n{data[20:]}"  # junk characters, no padding
    cte = ("Content-Transfer-Encoding: base64",)
    raw = message(entity("text/plain; charset=utf-8", body, headers=cte))
    assert parse_full(raw).text == JAPANESE


def test_crlf_normalised_and_nul_removed() -> None:
    raw = message(entity("text/plain; charset=utf-8", b"a\r\nb\x00c\rd"))
    assert parse_full(raw).text == "a\nbc\nd"


# --- structure --------------------------------------------------------------------------


def test_html_only_mail_becomes_text() -> None:
    raw = message(
        html("<p>Hello <b>world</b><br>次の行</p><p><a href='https://x.example/'>link</a></p>")
    )
    parsed = parse_full(raw)
    assert parsed.text == "Hello world\n次の行\n\n[link](https://x.example/)"
    assert parsed.html is not None and parsed.html.startswith("<p>Hello")
    assert parsed.html_parts == [parsed.html]
    meta = parse_metadata(raw)
    assert meta.snippet == "Hello world 次の行 link"


def test_alternative_picks_text_plain_for_text_and_keeps_html() -> None:
    raw = message(multipart("alternative", plain("Plain version"), html("<p>HTML version</p>")))
    parsed = parse_full(raw)
    assert parsed.text == "Plain version"
    assert parsed.html == "<p>HTML version</p>"
    assert parsed.meta.body_text == "Plain version"
    assert parsed.attachments == []


def test_alternative_with_only_html_member_and_nested_related() -> None:
    related = multipart(
        "related",
        html('<p>Logo: <img src="cid:logo@x" alt="logo"></p>'),
        attachment(b"PNG", "image/png", "inline", headers=("Content-ID: <logo@x>",)),
    )
    raw = message(multipart("alternative", plain("Plain"), related))
    parsed = parse_full(raw)
    assert parsed.text == "Plain"
    assert parsed.html == '<p>Logo: <img src="cid:logo@x" alt="logo"></p>'
    assert parsed.attachments == [AttachmentInfo("2.2", "", "image/png", 3, "logo@x", True)]
    assert not parsed.meta.has_attachments  # the logo is part of the HTML


def test_cid_image_without_inline_disposition_is_marked_inline() -> None:
    related = multipart(
        "related",
        html('<img src="CID:Pic%40x">'),
        entity("image/gif", b"GIF89a", encoding="base64", headers=("Content-ID: <pic@x>",)),
        entity("image/gif", b"GIF89a", encoding="base64", headers=("Content-ID: <unused@x>",)),
    )
    meta = parse_metadata(message(related))
    assert [(a.part, a.inline) for a in meta.attachments] == [("2", True), ("3", False)]
    assert meta.has_attachments  # the unreferenced image is a real attachment


def test_mixed_message_parts_paths_sizes_and_payloads() -> None:
    forwarded = message(plain("inner body"), "Subject: inner")
    raw = message(
        multipart(
            "mixed",
            multipart("alternative", plain("Body text"), html("<p>Body</p>")),
            attachment(PDF, 'application/pdf; name="report.pdf"', "attachment"),
            entity("message/rfc822", forwarded),
            attachment(b"col1,col2\r\n1,2\r\n", "text/csv", 'attachment; filename="data.csv"'),
        )
    )
    meta = parse_metadata(raw)
    assert meta.has_attachments
    assert meta.body_text == "Body text"
    assert meta.attachments == [
        AttachmentInfo("2", "report.pdf", "application/pdf", len(PDF), None, False),
        AttachmentInfo("3", "", "message/rfc822", len(forwarded), None, False),
        AttachmentInfo("4", "data.csv", "text/csv", 16, None, False),
    ]
    assert attachment_payload(raw, "2") == PDF
    assert attachment_payload(raw, "3") == forwarded
    assert attachment_payload(raw, "4") == b"col1,col2\r\n1,2\r\n"
    assert attachment_payload(raw, "1.1") == b"Body text"
    assert parse_full(raw).attachments == meta.attachments


@pytest.mark.parametrize(
    "path", ["0", "5", "1.3", "2.1", "x", "", "1..1", "-1", "²", "١", "9" * 5000]
)
def test_attachment_payload_unknown_part(path: str) -> None:
    raw = message(multipart("mixed", plain("a"), attachment(PDF, "application/pdf", "attachment")))
    with pytest.raises(KeyError):
        attachment_payload(raw, path)


def test_single_part_message_is_part_1() -> None:
    raw = message(attachment(PDF, "application/pdf", 'attachment; filename="a.pdf"'))
    meta = parse_metadata(raw)
    assert meta.attachments == [
        AttachmentInfo("1", "a.pdf", "application/pdf", len(PDF), None, False)
    ]
    assert meta.body_text == "" and meta.has_attachments
    assert attachment_payload(raw, "1") == PDF
    assert attachment_payload(message(plain("hi")), "1") == b"hi"


@pytest.mark.parametrize(
    ("disposition", "content_type", "expected"),
    [
        ("attachment; filename*=UTF-8''%E8%A6%8B%E7%A9%8D.pdf", "application/pdf", "見積.pdf"),
        (
            "attachment; filename*0*=UTF-8''%E8%A6%8B%E7%A9%8D%E6%9B%B8;\r\n"
            " filename*1*=%E3%81%AE%E4%BB%B6.pdf",
            "application/pdf",
            "見積書の件.pdf",
        ),
        ("attachment", f'application/pdf; name="{b_word("請求書.pdf")}"', "請求書.pdf"),
        (
            f'attachment; filename="{b_word("請求書.pdf", "iso-2022-jp")}"',
            "application/pdf",
            "請求書.pdf",
        ),
        ('attachment; filename="見積.pdf"', "application/pdf", "見積.pdf"),
    ],
)
def test_attachment_filenames(disposition: str, content_type: str, expected: str) -> None:
    raw = message(
        multipart("mixed", plain("see attached"), attachment(PDF, content_type, disposition))
    )
    assert parse_metadata(raw).attachments[0].filename == expected


def test_raw_shift_jis_filename() -> None:
    part = (
        b'Content-Type: application/pdf\r\nContent-Disposition: attachment; filename="'
        + "見積.pdf".encode("cp932")
        + b'"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERg==\r\n'
    )
    raw = message(multipart("mixed", plain("x"), part))
    assert parse_metadata(raw).attachments[0].filename == "見積.pdf"
    assert attachment_payload(raw, "2") == b"%PDF"


def test_mixed_text_parts_are_joined_with_a_separator() -> None:
    raw = message(
        multipart(
            "mixed",
            plain("First part"),
            attachment(PDF, "application/pdf", "attachment"),
            html("<p>Second part</p>"),
        )
    )
    parsed = parse_full(raw)
    assert parsed.text == "First part" + PART_SEPARATOR + "Second part"
    assert parsed.html_parts == ["<p>Second part</p>"]


def test_text_part_with_filename_or_attachment_disposition_is_an_attachment() -> None:
    raw = message(
        multipart(
            "mixed",
            plain("Body"),
            entity(
                "text/plain; charset=utf-8",
                "notes",
                headers=('Content-Disposition: inline; filename="notes.txt"',),
            ),
            entity(
                "text/html; charset=utf-8", "<p>x</p>", headers=("Content-Disposition: attachment",)
            ),
            entity("text/calendar; method=REQUEST", "BEGIN:VCALENDAR"),
        )
    )
    parsed = parse_full(raw)
    assert parsed.text == "Body"
    assert [(a.part, a.filename, a.content_type, a.inline) for a in parsed.attachments] == [
        ("2", "notes.txt", "text/plain", True),
        ("3", "", "text/html", False),
        ("4", "", "text/calendar", False),
    ]


def test_digest_parts_default_to_message_rfc822() -> None:
    inner = b"Subject: one\r\n\r\nfirst"
    body = b"--d\r\n\r\n" + inner + b"\r\n--d--\r\n"
    raw = message(entity('multipart/digest; boundary="d"', body))
    assert [(a.part, a.content_type) for a in parse_metadata(raw).attachments] == [
        ("1", "message/rfc822")
    ]
    assert attachment_payload(raw, "1") == inner


def test_agrees_with_the_stdlib_parser_on_part_payloads() -> None:
    raw = message(
        multipart(
            "mixed",
            multipart(
                "alternative",
                plain(JAPANESE, "iso-2022-jp", "7bit"),
                multipart("related", html("<p>x</p>"), attachment(b"img", "image/png", "inline")),
            ),
            attachment(PDF, "application/pdf", "attachment"),
            entity("text/plain; charset=utf-8", "q=3D", encoding="quoted-printable"),
        )
    )
    stdlib = email.message_from_bytes(raw, policy=email.policy.compat32)

    def leaves(part, path):
        if part.is_multipart():
            for index, child in enumerate(part.get_payload(), 1):
                yield from leaves(child, f"{path}.{index}" if path else str(index))
        else:
            yield path or "1", part.get_payload(decode=True)

    expected = list(leaves(stdlib, ""))
    assert [p for p, _ in expected] == ["1.1", "1.2.1", "1.2.2", "2", "3"]
    for path, payload in expected:
        assert attachment_payload(raw, path) == payload


# --- malformed and hostile input --------------------------------------------------------


def test_unterminated_multipart_keeps_the_last_part() -> None:
    body = b"--b\r\nContent-Type: text/plain\r\n\r\nfirst\r\n--b\r\n\r\nsecond, cut off"
    parsed = parse_full(message(entity('multipart/mixed; boundary="b"', body)))
    assert parsed.text == "first" + PART_SEPARATOR + "second, cut off"


def test_multipart_without_boundary_is_shown_as_text() -> None:
    raw = message(entity("multipart/mixed", b"just some text"))
    assert parse_full(raw).text == "just some text"


def test_boundary_prefix_lines_are_not_delimiters() -> None:
    body = b"--b\r\n\r\nline\r\n--bogus line\r\n--b--\r\n"
    parsed = parse_full(message(entity('multipart/mixed; boundary="b"', body)))
    assert parsed.text == "line\n--bogus line"


def test_invalid_content_type_means_text_plain() -> None:
    raw = message(entity("garbage", b"hello"))
    assert parse_full(raw).text == "hello"


def test_not_mail_at_all_raises_parse_error() -> None:
    for raw in (b"", b"\r\n\r\nbody only", b"\x00\x01\x02 binary junk", b"no header here\r\n\r\n"):
        with pytest.raises(ParseError):
            parse_metadata(raw)
        with pytest.raises(ParseError):
            parse_full(raw)


def test_part_count_is_capped() -> None:
    parts = [plain(f"p{i}") for i in range(MAX_PARTS + 100)]
    meta = parse_metadata(message(multipart("mixed", *parts)))
    assert meta.body_text.count("p") < MAX_PARTS


def test_container_reached_at_the_part_cap_is_not_shown_raw() -> None:
    parts = [plain("p")] * (MAX_PARTS - 2) + [multipart("alternative", plain("hidden"))]
    text = parse_full(message(multipart("mixed", *parts))).text
    assert "hidden" not in text and "Content-Type" not in text


def test_thousands_of_delimiter_lines_are_capped() -> None:
    body = b"--b\r\n\r\nx\r\n" * 200_000
    started = time.perf_counter()
    meta = parse_metadata(message(entity('multipart/mixed; boundary="b"', body)))
    assert time.perf_counter() - started < HANG_SECONDS
    assert meta.body_text.count("x") < MAX_PARTS


def test_deep_nesting_is_capped() -> None:
    inner = plain("deep")
    for _ in range(200):
        inner = multipart("mixed", inner, boundary=f"b{_}")
    parsed = parse_full(message(inner))
    assert parsed.text == "" and parsed.attachments == []  # below the cap nothing is read


def test_body_text_and_snippet_are_capped() -> None:
    meta = parse_metadata(message(plain("長い本文 " * 50_000)))
    assert len(meta.body_text) == MAX_BODY_TEXT
    assert len(meta.snippet) == 200


def test_snippet_skips_quoted_lines_and_collapses_whitespace() -> None:
    text = "> quoted\n>> more\n\nThanks,\n\n   Taro\t Yamada\n"
    assert parse_metadata(message(plain(text))).snippet == "Thanks, Taro Yamada"


def test_headers_only() -> None:
    raw = message(multipart("mixed", plain("x"), attachment(PDF, "application/pdf", "attachment")))
    head = raw[: raw.index(b"\r\n\r\n") + 4]
    meta = parse_metadata(head, headers_only=True)
    assert meta.subject == "Hello" and meta.from_addr == "taro@example.jp"
    assert meta.snippet == "" and meta.body_text == "" and meta.attachments == []
    assert meta.has_attachments  # multipart/mixed: a paperclip before the body is fetched
    plain_head = message(plain("x"))
    assert not parse_metadata(plain_head, headers_only=True).has_attachments
    assert parse_metadata(plain_head, headers_only=True).body_text == ""


def test_mbox_from_line_and_lf_line_endings() -> None:
    raw = b"From taro@example.jp Mon Jan  1 10:00:00 2024\nSubject: lf only\nFrom: a@x.jp\n\nbody\n"
    parsed = parse_full(raw)
    assert parsed.meta.subject == "lf only" and parsed.meta.from_addr == "a@x.jp"
    assert parsed.text == "body"


def test_large_attachment_metadata_does_not_decode_it() -> None:
    big = bytes(8 * 1024 * 1024)
    raw = message(
        multipart("mixed", plain("x"), attachment(big, "application/octet-stream", "attachment"))
    )
    started = time.perf_counter()
    meta = parse_metadata(raw)
    assert meta.attachments[0].size == len(big)
    assert time.perf_counter() - started < HANG_SECONDS


@settings(max_examples=200)
@given(st.binary(max_size=2000))
def test_arbitrary_bodies_never_crash(body: bytes) -> None:
    for content_type in (b"multipart/mixed; boundary=b", b"text/html; charset=iso-2022-jp"):
        raw = (
            b"Subject: x\r\nContent-Type: "
            + content_type
            + b"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + body
        )
        parse_full(raw)
        parse_metadata(raw)


@settings(max_examples=200)
@given(st.binary(max_size=1000))
def test_arbitrary_bytes_parse_or_raise_parse_error(raw: bytes) -> None:
    try:
        parse_metadata(raw)
        parse_metadata(raw, headers_only=True)
        parse_full(raw)
    except ParseError:
        pass


# The common-date fast path of the metadata parse must agree with parse_date everywhere.
_DAYS = st.sampled_from(["", "Mon, ", "Sun, ", "Xyz, ", "Tue,", "tue, "])
_MONTHS = st.sampled_from(["Jan", "Feb", "Nov", "Dec", "nov", "Foo", "Sept"])


def _digits(usual: int) -> st.SearchStrategy[str]:
    """Mostly the usual width, so the fast path is exercised; sometimes any width."""
    exact = st.text("0123456789", min_size=usual, max_size=usual)
    return st.one_of(exact, exact, exact, st.text("0123456789١", min_size=1, max_size=5))


@st.composite
def _date_headers(draw) -> str:
    return (
        draw(_DAYS) + draw(_digits(2)) + draw(st.sampled_from([" ", " ", "  ", "-"]))
        + draw(_MONTHS) + " " + draw(_digits(4)) + " " + draw(_digits(2)) + ":"
        + draw(_digits(2)) + ":" + draw(_digits(2)) + draw(st.sampled_from([" ", " ", ""]))
        + draw(st.sampled_from(["+", "-", "+", "-", "", "GMT", "Z"])) + draw(_digits(4))
        + draw(st.sampled_from(["", "", " (UTC)", " (JST, Japan)", "(x)", " (a(b))", " \t"]))
    )


@st.composite
def _common_dates(draw) -> str:
    """Exactly the shape of the fast path, every field any value of its width."""
    two = st.text("0123456789", min_size=2, max_size=2)
    return (
        draw(st.sampled_from(["", "Mon, ", "Sat, "])) + draw(st.text("0123456789", min_size=1,
                                                                   max_size=2))
        + " " + draw(st.sampled_from(["Jan", "Feb", "Jun", "Sep", "Dec"])) + " "
        + draw(st.sampled_from("123456789")) + draw(st.text("0123456789", min_size=3,
                                                            max_size=3))
        + " " + draw(two) + ":" + draw(two) + ":" + draw(two) + " "
        + draw(st.sampled_from("+-")) + draw(two) + draw(two)
        + draw(st.sampled_from(["", " (UTC)", " (JST, Japan)"]))
    )


@settings(max_examples=600)
@given(st.one_of(_common_dates(), _date_headers(), st.text(max_size=40)))
def test_common_date_fast_path_equals_parse_date(value: str) -> None:
    from app.mail.headers import parse_date
    from app.mail.parse import _COMMON_DATE, _date

    event("fast path" if _COMMON_DATE.fullmatch(value) else "parse_date")
    assert _date(value) == parse_date(value)


def test_common_dates_take_the_fast_path_and_agree():
    from app.mail.headers import parse_date
    from app.mail.parse import _COMMON_DATE, _date

    for value in ("Tue, 14 Nov 2023 22:13:20 +0900", "1 Jan 2024 00:00:00 -0000",
                  "Mon, 29 Feb 2024 23:59:60 +1400 (UTC)", "31 Feb 1999 99:99:99 -0960"):
        assert _COMMON_DATE.fullmatch(value)
        assert _date(value) == parse_date(value)
    assert _date("Tue, 14 Nov 2023 22:13:20 +0900") == 1699967600
