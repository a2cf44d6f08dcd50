import email
import email.policy
import re
from datetime import datetime, timedelta, timezone

import pytest

from app.errors import EXIT_USAGE
from app.mail.compose import (
    ISO_2022_JP,
    MAX_REFERENCES,
    AttachmentFile,
    Draft,
    HeaderInjection,
    InvalidAddress,
    Mailbox,
    build_message,
    parse_mailbox,
    parse_mailboxes,
)
from app.mail.parse import attachment_payload, parse_full

JST = timezone(timedelta(hours=9))
SENDER = Mailbox("山田 太郎", "taro@example.jp")
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40


def _draft(**changes) -> Draft:
    fields = dict(
        sender=SENDER, to=parse_mailboxes(["佐藤 花子 <hanako@example.com>"]),
        cc=parse_mailboxes(['"Smith, John" <john@example.org>, bob@example.net']),
        bcc=parse_mailboxes(["hidden@example.net"]),
        subject="お見積もりの件（株式会社サンプル）",
        text="佐藤様\n\nお世話になっております。\n山田",
    )
    fields.update(changes)
    return Draft(**fields)


def _headers(raw: bytes) -> str:
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii")


def _header_names(raw: bytes) -> list[str]:
    return [line.split(":", 1)[0].lower() for line in _headers(raw).split("\r\n")
            if line and not line[0].isspace()]


@pytest.mark.parametrize("subject", [
    "hi\r\nBcc: evil@x", "hi\nBcc: evil@x", "hi\rBcc: evil@x", "hi\x00there", "見積\r\n\r\nbody",
])
def test_line_breaks_in_the_subject_are_rejected(subject):
    with pytest.raises(HeaderInjection) as caught:
        build_message(_draft(subject=subject))
    assert caught.value.exit_code == EXIT_USAGE
    assert caught.value.japanese == "件名に改行または制御文字が含まれています"


@pytest.mark.parametrize("make", [
    lambda: _draft(sender=Mailbox("Taro\r\nBcc: evil@x", "taro@example.jp")),
    lambda: _draft(to=[Mailbox("x\nBcc: evil@x", "a@example.com")]),
    lambda: _draft(to=[Mailbox("", "a@example.com\r\nBcc: evil@x")]),
    lambda: _draft(attachments=[AttachmentFile("a.pdf\r\nBcc: evil@x", b"x")]),
    lambda: _draft(attachments=[AttachmentFile("見積\n.pdf", b"x")]),
])
def test_line_breaks_in_names_addresses_and_file_names_are_rejected(make):
    with pytest.raises(HeaderInjection):
        build_message(make())


@pytest.mark.parametrize("text", [
    "a@example.com\r\nBcc: evil@x", "Name\r\n <a@example.com>", "a@example.com\x00",
])
def test_address_input_with_line_breaks_is_rejected(text):
    with pytest.raises(HeaderInjection):
        parse_mailboxes([text])


def test_bcc_is_in_the_envelope_only():
    message = build_message(_draft())
    assert "bcc" not in _header_names(message.raw)
    assert b"hidden@example.net" not in message.raw
    assert message.recipients == [
        "hanako@example.com", "john@example.org", "bob@example.net", "hidden@example.net"]
    assert message.sender == "taro@example.jp"


def test_utf8_message_parses_back_to_what_was_written():
    html = "<p>佐藤様</p><p>お世話になっております。</p>"
    draft = _draft(html=html, attachments=[
        AttachmentFile("見積書_2024年度_株式会社サンプル御中_最終版.pdf", PDF),
        AttachmentFile("notes.txt", b"plain ascii\n"),
    ])
    message = build_message(draft, date=datetime(2026, 4, 1, 9, 30, tzinfo=JST))
    assert message.raw.isascii()  # 7-bit clean: no server needs 8BITMIME or SMTPUTF8
    parsed = parse_full(message.raw)
    assert parsed.meta.subject == draft.subject
    assert parsed.meta.from_name == "山田 太郎" and parsed.meta.from_addr == "taro@example.jp"
    assert [(a.name, a.addr) for a in parsed.meta.to] == [("佐藤 花子", "hanako@example.com")]
    assert [(a.name, a.addr) for a in parsed.meta.cc] == [
        ("Smith, John", "john@example.org"), ("", "bob@example.net")]
    assert parsed.text.strip() == draft.text
    assert parsed.html.strip() == html
    names = [a.filename for a in parsed.attachments]
    assert names == ["見積書_2024年度_株式会社サンプル御中_最終版.pdf", "notes.txt"]
    assert parsed.attachments[0].content_type == "application/pdf"
    assert attachment_payload(message.raw, parsed.attachments[0].part) == PDF
    assert "Date: Wed, 01 Apr 2026 09:30:00 +0900" in _headers(message.raw)


def test_the_standard_library_reads_the_same_names():
    """An independent reader: Python's own email parser (RFC 2231 and RFC 2047 both)."""
    name = "御見積書（改訂版）2026年4月分.xlsx"
    message = build_message(_draft(attachments=[AttachmentFile(name, b"data")]))
    parsed = email.message_from_bytes(message.raw, policy=email.policy.default)
    assert str(parsed["Subject"]) == "お見積もりの件（株式会社サンプル）"
    assert parsed["To"].addresses[0].display_name == "佐藤 花子"
    part = next(parsed.iter_attachments())
    assert part.get_filename() == name
    assert part.get_content() == b"data"
    assert part.get_param("name", header="content-type") == name  # the RFC 2047 form


def test_attachment_names_use_rfc2231_and_rfc2047_and_keep_lines_short():
    message = build_message(_draft(attachments=[AttachmentFile("見積書" * 20 + ".pdf", b"x")]))
    headers = message.raw.decode("ascii")
    assert "filename*0*=UTF-8''%E8%A6%8B" in headers
    assert 'name="=?UTF-8?B?' in headers
    assert all(len(line) <= 78 for line in headers.split("\r\n"))


def test_paths_in_attachment_names_are_dropped():
    message = build_message(_draft(attachments=[AttachmentFile("../../etc/見積.pdf", b"x")]))
    assert [a.filename for a in parse_full(message.raw).attachments] == ["見積.pdf"]


def test_iso_2022_jp_account_writes_7bit_jis():
    message = build_message(_draft(charset=ISO_2022_JP, attachments=[
        AttachmentFile("見積書.pdf", PDF)]))
    raw = message.raw
    assert raw.isascii()
    assert b"Subject: =?ISO-2022-JP?B?" in raw
    assert (b"Content-Type: text/plain; charset=ISO-2022-JP\r\n"
            b"Content-Transfer-Encoding: 7bit") in raw
    jis_body = "佐藤様".encode("iso2022_jp")
    assert jis_body in raw  # the text itself, not base64 of it
    parsed = parse_full(raw)
    assert parsed.meta.subject == "お見積もりの件（株式会社サンプル）"
    assert parsed.meta.from_name == "山田 太郎"
    assert parsed.text.strip() == "佐藤様\n\nお世話になっております。\n山田"
    assert [a.filename for a in parsed.attachments] == ["見積書.pdf"]


def test_every_jis_line_returns_to_ascii():
    raw = build_message(_draft(charset=ISO_2022_JP, text="一行目\n二行目ABC\nend")).raw
    body = raw.split(b"\r\n\r\n", 1)[1]
    for line in body.split(b"\r\n"):
        if b"\x1b$B" in line:
            assert line.rfind(b"\x1b(B") > line.rfind(b"\x1b$B")


@pytest.mark.parametrize("text", ["ｱｲｳｴｵ 半角カナ", "絵文字 😀", "①②③"])
def test_text_jis_cannot_hold_falls_back_to_utf8(text):
    raw = build_message(_draft(charset=ISO_2022_JP, subject=text, text=text)).raw
    assert b"charset=UTF-8" in raw and b"=?UTF-8?B?" in raw
    parsed = parse_full(raw)
    assert parsed.meta.subject == text
    assert parsed.text.strip() == text


def test_ascii_text_goes_as_7bit_and_long_subjects_fold_without_change():
    subject = " ".join(f"word{i}" for i in range(40))
    message = build_message(_draft(subject=subject, text="Hello\nworld"))
    headers = _headers(message.raw)
    assert all(len(line) <= 78 for line in headers.split("\r\n"))
    assert "Content-Transfer-Encoding: 7bit" in message.raw.decode()
    assert parse_full(message.raw).meta.subject == subject
    assert message.raw.endswith(b"Hello\r\nworld\r\n")


def test_a_literal_encoded_word_in_the_subject_is_not_passed_raw():
    subject = "=?utf-8?b?5LuK?= is how it looks"
    raw = build_message(_draft(subject=subject)).raw
    assert parse_full(raw).meta.subject == subject


def test_message_id_is_fixed_at_creation_on_the_sender_domain():
    first, second = build_message(_draft()), build_message(_draft())
    assert first.message_id != second.message_id
    assert re.fullmatch(r"[0-9a-f]{32}@example\.jp", first.message_id)
    assert f"Message-ID: <{first.message_id}>" in _headers(first.raw)
    again = build_message(_draft(), message_id=first.message_id)
    assert again.message_id == first.message_id


def test_reply_headers_and_unwritable_references_left_out():
    raw = build_message(_draft(in_reply_to="<parent@example.com>",
                               references=["root@example.com", "bad id", "x>\r\nBcc: y@z"])).raw
    headers = _headers(raw)
    assert "In-Reply-To: <parent@example.com>" in headers
    assert "References: <root@example.com> <parent@example.com>" in headers
    assert "bcc" not in _header_names(raw)
    meta = parse_full(raw).meta
    assert meta.in_reply_to == "parent@example.com"


def test_references_of_a_long_thread_keep_the_root_and_the_newest():
    ancestors = [f"m{n}@example.com" for n in range(60)]
    raw = build_message(_draft(in_reply_to="<m59@example.com>", references=ancestors)).raw
    references = parse_full(raw).meta.references
    assert len(references) == MAX_REFERENCES
    assert references[0] == "m0@example.com" and references[-1] == "m59@example.com"
    assert references[1] == f"m{60 - MAX_REFERENCES + 1}@example.com"


def test_address_parsing():
    assert parse_mailbox("Ken <Ken@Example.JP>") == Mailbox("Ken", "Ken@example.jp")
    assert parse_mailbox('"山田, 太郎" <t@example.jp>') == Mailbox("山田, 太郎", "t@example.jp")
    assert parse_mailbox("a@例え.jp").addr == "a@xn--r8jz45g.jp"
    listed = parse_mailboxes(['"A, B" <a@example.com>, c@example.com', "d@example.com"])
    assert [m.addr for m in listed] == ["a@example.com", "c@example.com", "d@example.com"]


@pytest.mark.parametrize("text", [
    "no-at-sign", "a@b", "山田@example.jp", "a b@example.com", "a@exa mple.com",
    "Name a@example.com", "<a@example.com", "a@-bad-.com",
])
def test_unusable_addresses_are_rejected(text):
    with pytest.raises(InvalidAddress):
        parse_mailbox(text)


def test_names_with_specials_are_quoted():
    raw = build_message(_draft(to=[Mailbox('Yamada "Ken" (Sales)', "ken@example.jp")])).raw
    assert 'To: "Yamada \\"Ken\\" (Sales)" <ken@example.jp>' in _headers(raw)
    assert parse_full(raw).meta.to[0].name == 'Yamada "Ken" (Sales)'


def test_a_message_needs_a_recipient():
    with pytest.raises(Exception, match="recipient"):
        build_message(_draft(to=[], cc=[], bcc=[]))
