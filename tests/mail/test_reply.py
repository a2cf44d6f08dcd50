"""Reply, reply-all and forward content: subjects, recipients, threading headers, quotes."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from app.mail.compose import MAX_REFERENCES, Draft, Mailbox, build_message
from app.mail.parse import parse_metadata
from app.mail.reply import (
    Original,
    OriginalPart,
    Person,
    build_reply,
    forward_subject,
    quote,
    read_original,
    reference_chain,
    reply_recipients,
    reply_subject,
)

JST = dt.timezone(dt.timedelta(hours=9))
WHEN = int(dt.datetime(2026, 11, 20, 1, 30, tzinfo=dt.UTC).timestamp())  # Fri 10:30 JST
ME = "ken@example.jp"


def original(**changes: object) -> Original:
    fields: dict[str, object] = dict(
        subject="お見積もりのご依頼", sender=Person("山田 太郎", "yamada@sample.co.jp"),
        reply_to=[], to=[Person("Ken Sato", ME)], cc=[], date=WHEN,
        message_id="q1@sample.co.jp", references=["root@sample.co.jp"],
        text="佐藤様\n\nお見積もりをお願いいたします。\n", html=None, attachments=[],
    )
    fields.update(changes)
    return Original(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("subject", "expected"), [
    ("Hello", "Re: Hello"),
    ("Re: Hello", "Re: Hello"),
    ("RE: re: Re: Hello", "Re: Hello"),
    ("Re[2]: Hello", "Re: Hello"),
    ("Re(3): Hello", "Re: Hello"),
    ("AW: SV: Hello", "Re: Hello"),
    ("返信: お見積もり", "Re: お見積もり"),
    ("Ｒｅ：お見積もり", "Re: お見積もり"),
    ("Re: 返信： ｶﾀｶﾅ", "Re: ｶﾀｶﾅ"),  # half-width kana after the marker stay as they are
    ("Fwd: Hello", "Re: Fwd: Hello"),  # what was forwarded stays visible
    ("", "Re: "),
    ("Regarding the plan", "Re: Regarding the plan"),  # "Re" only as a marker
])
def test_reply_subject_never_stacks(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


@pytest.mark.parametrize(("subject", "expected"), [
    ("Hello", "Fwd: Hello"),
    ("Fwd: Hello", "Fwd: Hello"),
    ("FW: Fw: Hello", "Fwd: Hello"),
    ("転送: 資料", "Fwd: 資料"),
    ("Re: Hello", "Fwd: Re: Hello"),
])
def test_forward_subject(subject: str, expected: str) -> None:
    assert forward_subject(subject) == expected


def test_reply_goes_to_reply_to_over_from() -> None:
    lists = original(reply_to=[Person("Sales", "sales@sample.co.jp")])
    to, cc = reply_recipients(lists, [ME], to_all=False)
    assert to == [Person("Sales", "sales@sample.co.jp")] and cc == []
    to, _ = reply_recipients(original(), [ME], to_all=False)
    assert to == [Person("山田 太郎", "yamada@sample.co.jp")]


def test_reply_all_keeps_everyone_but_me_once() -> None:
    message = original(
        to=[Person("Ken Sato", "Ken@Example.jp"), Person("鈴木 花子", "suzuki@sample.co.jp")],
        cc=[Person("", "YAMADA@sample.co.jp"), Person("Bob", "bob@prospect.example"),
            Person("Me again", "ken@home.example")],
    )
    to, cc = reply_recipients(message, [ME, "ken@home.example"], to_all=True)
    assert [p.addr for p in to] == ["yamada@sample.co.jp", "suzuki@sample.co.jp"]
    assert [p.addr for p in cc] == ["bob@prospect.example"]


def test_reply_all_with_reply_to_keeps_the_sender() -> None:
    message = original(reply_to=[Person("", "list@sample.co.jp")])
    to, _ = reply_recipients(message, [ME], to_all=True)
    assert [p.addr for p in to] == ["list@sample.co.jp", "yamada@sample.co.jp"]


def test_reply_to_my_own_mail_goes_to_its_recipients() -> None:
    mine = original(sender=Person("Ken Sato", ME), to=[Person("山田 太郎", "yamada@sample.co.jp")])
    to, _ = reply_recipients(mine, [ME], to_all=False)
    assert to == [Person("山田 太郎", "yamada@sample.co.jp")]
    note_to_self = original(sender=Person("Ken", ME), to=[Person("Ken", ME)])
    assert reply_recipients(note_to_self, [ME], to_all=True)[0] == [Person("Ken", ME)]


def test_reference_chain_appends_the_original_and_trims_long_threads() -> None:
    assert reference_chain(original()) == ("q1@sample.co.jp",
                                           ["root@sample.co.jp", "q1@sample.co.jp"])
    long = original(references=[f"r{n}@x.example" for n in range(50)], message_id="last@x")
    parent, chain = reference_chain(long)
    assert parent == "last@x" and len(chain) == MAX_REFERENCES
    assert chain[0] == "r0@x.example" and chain[-2:] == ["r49@x.example", "last@x"]
    assert reference_chain(original(message_id=None, references=[])) == (None, [])


def test_reply_quotes_under_an_english_attribution() -> None:
    content = build_reply(original(), "reply", [ME], "en", tz=JST)
    assert content.subject == "Re: お見積もりのご依頼"
    assert content.text == (
        "\n\nOn Fri, 20 Nov 2026 at 10:30, 山田 太郎 wrote:\n"
        "> 佐藤様\n>\n> お見積もりをお願いいたします。\n"
    )
    assert content.in_reply_to == "q1@sample.co.jp"
    assert content.attachments == []


def test_japanese_attribution_and_nested_quotes() -> None:
    content = build_reply(original(text="了解です。\n> 前のメール\n"), "reply", [ME], "ja",
                          tz=JST)
    lines = content.text.split("\n")
    assert lines[2] == "2026年11月20日(金) 10:30 山田 太郎 さんは書きました:"
    assert lines[3:5] == ["> 了解です。", ">> 前のメール"]


def test_html_only_mail_is_quoted_as_text() -> None:
    html = "<p>Hello <b>Ken</b>,</p><p>see <a href='https://x.example/'>the plan</a></p>"
    content = build_reply(original(text="", html=html), "reply", [ME], "en")
    quoted = [line for line in content.text.split("\n") if line.startswith(">")]
    assert "> Hello Ken," in quoted
    assert "> see [the plan](https://x.example/)" in quoted
    assert not any("<p>" in line for line in quoted)


def test_quote_marks_every_line() -> None:
    assert quote("a\n\n> b\nc") == "> a\n>\n>> b\n> c"


def test_forward_inline_with_headers_and_attachments() -> None:
    pdf = OriginalPart("2", "見積書.pdf", "application/pdf", 2048)
    message = original(cc=[Person("", "bob@prospect.example")], attachments=[pdf])
    content = build_reply(message, "forward", [ME], "en", tz=JST)
    assert (content.to, content.cc, content.subject) == ([], [], "Fwd: お見積もりのご依頼")
    assert content.attachments == [pdf]
    assert content.in_reply_to is None and content.references == []
    assert content.text.startswith("\n\n---------- Forwarded message ----------\n")
    assert "From: 山田 太郎 <yamada@sample.co.jp>\n" in content.text
    assert "Date: Fri, 20 Nov 2026 at 10:30\n" in content.text
    assert "Subject: お見積もりのご依頼\nTo: Ken Sato <ken@example.jp>\n" in content.text
    assert "Cc: bob@prospect.example\n\n佐藤様\n" in content.text
    ja = build_reply(message, "forward", [ME], "ja", tz=JST)
    assert "---------- 転送メッセージ ----------\n差出人: 山田 太郎" in ja.text
    assert "件名: お見積もりのご依頼" in ja.text


def _raw(subject: str, **headers: str) -> bytes:
    message = EmailMessage()
    message["From"] = "山田 太郎 <yamada@sample.co.jp>"
    message["To"] = "Ken Sato <ken@example.jp>, 鈴木 花子 <suzuki@sample.co.jp>"
    message["Subject"] = subject
    message["Date"] = "Fri, 20 Nov 2026 10:30:00 +0900"
    message["Message-ID"] = "<q1@sample.co.jp>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content("佐藤様\n\nよろしくお願いいたします。\n", charset="iso-2022-jp")
    message.add_attachment(b"%PDF-1.4 data", maintype="application", subtype="pdf",
                           filename="見積書.pdf")
    return message.as_bytes()


def test_read_original_from_stored_bytes() -> None:
    raw = _raw("Re: 見積もり", Reply_To="営業部 <sales@sample.co.jp>",
               References="<root@sample.co.jp>", Cc="Bob <bob@prospect.example>")
    found = read_original(raw)
    assert found.subject == "Re: 見積もり"
    assert found.sender == Person("山田 太郎", "yamada@sample.co.jp")
    assert found.reply_to == [Person("営業部", "sales@sample.co.jp")]
    assert [p.addr for p in found.to] == ["ken@example.jp", "suzuki@sample.co.jp"]
    assert found.cc == [Person("Bob", "bob@prospect.example")]
    assert found.references == ["root@sample.co.jp"] and found.message_id == "q1@sample.co.jp"
    assert "よろしくお願いいたします。" in found.text
    assert [(a.filename, a.content_type) for a in found.attachments] == [
        ("見積書.pdf", "application/pdf")]


def test_japanese_subject_and_names_round_trip_through_a_built_reply() -> None:
    found = read_original(_raw("返信：お見積もりのご依頼"))
    content = build_reply(found, "all", [ME], "ja")
    draft = Draft(
        sender=Mailbox("佐藤 健", ME), subject=content.subject, text=content.text,
        to=[Mailbox(p.name, p.addr) for p in content.to],
        cc=[Mailbox(p.name, p.addr) for p in content.cc],
        in_reply_to=content.in_reply_to, references=content.references,
    )
    meta = parse_metadata(build_message(draft).raw)
    assert meta.subject == "Re: お見積もりのご依頼"
    assert [(a.name, a.addr) for a in meta.to] == [("山田 太郎", "yamada@sample.co.jp"),
                                                   ("鈴木 花子", "suzuki@sample.co.jp")]
    assert meta.in_reply_to == "q1@sample.co.jp"
    assert meta.references == ["q1@sample.co.jp"]
