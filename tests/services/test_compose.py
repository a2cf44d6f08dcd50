"""Starting new mail, replies and forwards from stored mail, and sending through the outbox."""

from __future__ import annotations

import email
import json
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest

from app.errors import NotFound, UsageError
from app.mail.compose import HeaderInjection, InvalidAddress
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.mail import OutboxMessage
from app.services import compose, outbox
from app.services.compose import DATA, FILE, MESSAGE, AttachmentRef, ComposeData


@dataclass
class Work:
    quote: int  # Japanese mail from a known customer, with a PDF, cc'd to a colleague
    mine: int  # mail the user sent


def raw_message(subject: str, sender: str, to: str, *, cc: str = "", msgid: str,
                references: str = "", body: str = "本文です。\n",
                attachment: tuple[str, bytes] | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = "Fri, 20 Nov 2026 10:30:00 +0900"
    message["Message-ID"] = f"<{msgid}>"
    if references:
        message["References"] = references
    message.set_content(body)
    if attachment:
        message.add_attachment(attachment[1], maintype="application", subtype="pdf",
                               filename=attachment[0])
    return message.as_bytes()


def make_work(charset: str = "") -> Work:
    settings = json.dumps({"charset": charset, "send_delay": 10}) if charset else "{}"
    account = ensure_account("Work", "ken@example.jp", "imap", display_name="佐藤 健",
                             smtp_host="127.0.0.1", smtp_port=2525, is_default=True,
                             settings=settings)
    inbox = ensure_folder(account, "INBOX", "inbox")
    sent = ensure_folder(account, "Sent", "sent")
    [quote] = store_messages(inbox, [IncomingMessage(raw_message(
        "お見積もりのご依頼", "山田 太郎 <yamada@sample.co.jp>",
        "Ken Sato <ken@example.jp>", cc="鈴木 花子 <suzuki@sample.co.jp>",
        msgid="q1@sample.co.jp", references="<root@sample.co.jp>",
        body="佐藤様\n\nお見積もりをお願いいたします。\n",
        attachment=("仕様書.pdf", b"%PDF-1.4 spec")), uid=1)])
    [mine] = store_messages(sent, [IncomingMessage(raw_message(
        "Proposal", "佐藤 健 <ken@example.jp>", "Nina <nina@prospect.example>",
        msgid="p1@example.jp"), uid=1)])
    return Work(quote, mine)


@pytest.fixture
def work(db) -> Work:
    return make_work()


def stored(entry_id: int) -> email.message.EmailMessage:
    raw = bytes(OutboxMessage.get_by_id(entry_id).raw)
    return email.message_from_bytes(raw, policy=default)  # type: ignore[return-value]


def test_new_message_uses_the_default_sending_account(work: Work) -> None:
    ensure_account("Demo", "demo@example.jp")  # a local account cannot send
    data = compose.start_new()
    assert data.account == "Work" and data.to == [] and data.mode == "new"
    assert [c.name for c in compose.sending_accounts()] == ["Work", "Demo"]
    assert compose.sending_accounts()[0].label == "佐藤 健 <ken@example.jp>"


def test_reply_fills_recipients_subject_and_quote(work: Work) -> None:
    data = compose.start_reply(work.quote, "reply")
    assert data.account == "Work"
    assert data.to == ["山田 太郎 <yamada@sample.co.jp>"] and data.cc == []
    assert data.subject == "Re: お見積もりのご依頼"
    assert data.text.startswith("\n\n") and "> お見積もりをお願いいたします。" in data.text
    assert data.in_reply_to == "q1@sample.co.jp"
    assert data.references == ["root@sample.co.jp", "q1@sample.co.jp"]
    assert data.source_id == work.quote and data.attachments == []


def test_reply_all_and_forward(work: Work) -> None:
    everyone = compose.start_reply(work.quote, "all")
    assert everyone.to == ["山田 太郎 <yamada@sample.co.jp>"]
    assert everyone.cc == ["鈴木 花子 <suzuki@sample.co.jp>"]
    forward = compose.start_reply(work.quote, "forward")
    assert forward.subject == "Fwd: お見積もりのご依頼" and forward.to == []
    [pdf] = forward.attachments
    assert (pdf.filename, pdf.source, pdf.message_id) == ("仕様書.pdf", MESSAGE, work.quote)
    assert compose.payload(pdf) == b"%PDF-1.4 spec"


def test_reply_to_my_own_mail_goes_to_its_recipient(work: Work) -> None:
    assert compose.start_reply(work.mine, "reply").to == ["Nina <nina@prospect.example>"]


def test_reply_arrived_in_a_local_account_is_sent_from_the_default(work: Work) -> None:
    demo = ensure_account("Demo", "demo@example.jp")
    [local] = store_messages(ensure_folder(demo, "INBOX", "inbox"), [IncomingMessage(
        raw_message("Hi", "a@x.example", "demo@example.jp", msgid="l1@x.example"), uid=1)])
    assert compose.start_reply(local, "reply").account == "Work"


def test_unknown_mode_and_message(work: Work) -> None:
    with pytest.raises(UsageError):
        compose.start_reply(work.quote, "sideways")
    with pytest.raises(NotFound):
        compose.start_reply(9999, "reply")


def test_send_reply_queues_threaded_japanese_mail(work: Work, tmp_path: Path) -> None:
    data = compose.start_reply(work.quote, "reply")
    data.text = "承知しました。" + data.text
    file = tmp_path / "見積書.pdf"
    file.write_bytes(b"%PDF-1.4 quote")
    data.attachments.append(compose.attach_file(file))
    entry_id = compose.send(data)
    [entry] = outbox.list_outbox()
    assert entry.id == entry_id and entry.state == "queued"
    assert entry.recipients == ["yamada@sample.co.jp"]
    message = stored(entry_id)
    raw_subject = bytes(OutboxMessage.get_by_id(entry_id).raw).split(b"\r\nSubject: ")[1]
    assert raw_subject.startswith(b"=?UTF-8?B?")  # encoded, never raw 8-bit
    assert message["Subject"] == "Re: お見積もりのご依頼"
    assert message["In-Reply-To"] == "<q1@sample.co.jp>"
    assert message["References"] == "<root@sample.co.jp> <q1@sample.co.jp>"
    assert str(message["From"]) == "佐藤 健 <ken@example.jp>"
    body = message.get_body(("plain",))
    assert body.get_content().replace("\r\n", "\n").startswith("承知しました。\n\nOn ")
    assert body.get_content_charset() == "utf-8"
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "見積書.pdf"
    assert attached.get_content() == b"%PDF-1.4 quote"


def test_send_forward_carries_the_original_attachment(work: Work) -> None:
    data = compose.start_reply(work.quote, "forward")
    data.to = ["Bob <bob@prospect.example>"]
    message = stored(compose.send(data))
    assert message["In-Reply-To"] is None
    assert [(a.get_filename(), a.get_content()) for a in message.iter_attachments()] == [
        ("仕様書.pdf", b"%PDF-1.4 spec")]


def test_iso_2022_jp_when_the_account_asks(db) -> None:
    make_work(charset="iso-2022-jp")
    data = compose.start_new()
    data.to, data.subject, data.text = ["yamada@sample.co.jp"], "ご挨拶", "よろしくお願いします。"
    message = stored(compose.send(data))
    assert message.get_content_charset() == "iso-2022-jp"
    assert message.get_content().replace("\r\n", "\n") == "よろしくお願いします。\n"


def test_bad_input_is_refused_and_nothing_is_queued(work: Work) -> None:
    data = compose.start_new()
    data.to = ["not an address"]
    with pytest.raises(InvalidAddress) as refused:
        compose.send(data)
    assert "使用できないアドレス" in refused.value.japanese
    data.to, data.subject = ["yamada@sample.co.jp"], "Hello\r\nBcc: evil@x.example"
    with pytest.raises(HeaderInjection):
        compose.send(data)
    data.subject = "Hello"
    data.attachments = [AttachmentRef("gone.pdf", 3, FILE, path="/nonexistent/gone.pdf")]
    with pytest.raises(UsageError):
        compose.send(data)
    assert outbox.list_outbox() == []


def test_undo_gives_back_what_reopens(work: Work) -> None:
    data = compose.start_reply(work.quote, "reply")
    data.bcc = ["boss@example.jp"]
    data.attachments = [AttachmentRef("メモ.txt", 6, DATA, data=b"memo\r\n")]
    entry_id = compose.send(data)
    again = compose.from_cancelled(outbox.cancel(entry_id))
    assert outbox.list_outbox() == []
    assert again.to == data.to and again.bcc == ["boss@example.jp"]
    assert again.subject == data.subject and again.text.strip() == data.text.strip()
    assert again.source_id == work.quote and again.mode == "reply"
    assert [(a.filename, a.data) for a in again.attachments] == [("メモ.txt", b"memo\r\n")]
    message = stored(compose.send(again))
    assert message["In-Reply-To"] == "<q1@sample.co.jp>"


def test_no_account_to_send_from(db) -> None:
    with pytest.raises(NotFound):
        compose.send(ComposeData(account="", to=["a@x.example"]))
