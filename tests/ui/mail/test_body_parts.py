"""Each MIME part is its own document; cid: images come from the message, nothing else."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument

from app.services import mailbox as mail_service
from app.ui.mail.body_parts import LARGE_DOCUMENT, MAX_PART_VIEWS
from app.ui.mail.reader import MessageReader
from tests.mail.builders import entity, message, multipart
from tests.ui.conftest import Mailbox
from tests.ui.mail.helpers import png, store

IMAGE = QTextDocument.ResourceType.ImageResource


def _html(body: str, *headers: str) -> bytes:
    return entity("text/html; charset=utf-8", body, headers=headers)


def _reader(qtbot) -> MessageReader:  # type: ignore[no-untyped-def]
    reader = MessageReader(fetch=lambda url: None)
    qtbot.addWidget(reader)
    reader.resize(700, 600)
    reader.show()
    qtbot.waitExposed(reader)
    return reader


def test_html_parts_are_never_joined(qtbot, mailbox: Mailbox) -> None:
    # EFAIL's shape: an attribute opened in one part would swallow the next if joined.
    raw = message(multipart(
        "mixed",
        _html('<p>first part <a href="https://a.example/?q=">unclosed'),
        _html("<p>second part</p>"),
        _html("<p>third part</p>"),
    ), "Subject: three parts")
    [mid] = store(mailbox, raw)
    reader = _reader(qtbot)
    reader.show_message(mail_service.show_message(mid))

    parts = reader.view.parts.parts
    assert len(parts) == 3
    texts = [p.toPlainText().strip() for p in parts]
    assert texts == ["first part unclosed", "second part", "third part"]
    assert len({id(p.document()) for p in parts}) == 3
    assert "second" not in parts[0].toHtml() and "first" not in parts[1].toHtml()
    assert reader.body is parts[0]

    # The next message gets fresh documents: nothing of the last one remains.
    reader.show_message(mail_service.show_message(mailbox.ids["inquiry"]))
    assert len(reader.view.parts.parts) == 1
    assert "partnership" in reader.body.toPlainText()


def test_plain_text_parts_each_in_their_own_browser(qtbot, mailbox: Mailbox) -> None:
    raw = message(multipart(
        "mixed", entity("text/plain; charset=utf-8", "本文その一"),
        entity("text/plain; charset=utf-8", "本文その二"),
    ))
    [mid] = store(mailbox, raw)
    reader = _reader(qtbot)
    reader.show_message(mail_service.show_message(mid))
    assert [p.toPlainText() for p in reader.view.parts.parts] == ["本文その一", "本文その二"]


def test_cid_images_are_drawn_from_the_message_and_not_listed(qtbot, mailbox: Mailbox) -> None:
    logo = png(37, 11)
    raw = message(multipart(
        "mixed",
        multipart(
            "related",
            _html('<p>ロゴ<img src="cid:logo%40x.example"><img src="cid:nowhere@x.example">'
                  '<img src="cid:script@x.example"></p>'),
            entity("image/png", logo, encoding="base64",
                   headers=("Content-ID: <logo@x.example>",)),
            entity("text/javascript", "alert(1)", headers=("Content-ID: <script@x.example>",)),
        ),
        entity("application/pdf", b"%PDF-1.4 quote", encoding="base64",
               headers=('Content-Disposition: attachment; filename="quote.pdf"',)),
    ), "Subject: logo")
    [mid] = store(mailbox, raw)
    reader = _reader(qtbot)
    reader.show_message(mail_service.show_message(mid))

    drawn = reader.body.loadResource(IMAGE, QUrl("cid:logo%40x.example"))
    assert (drawn.width(), drawn.height()) == (37, 11)
    # Not found, or not an image: nothing drawn (a transparent pixel, no broken icon).
    for missing in ("cid:nowhere@x.example", "cid:script@x.example"):
        blank = reader.body.loadResource(IMAGE, QUrl(missing))
        assert (blank.width(), blank.height()) == (1, 1) and blank.pixel(0, 0) == 0
    # The inline logo is part of the body, not an attachment.
    assert [a.filename for a in reader.attachments.attachments] == ["quote.pdf"]
    layout_image = reader.body.document().resource(IMAGE, QUrl("cid:logo%40x.example"))
    assert layout_image is not None and layout_image.width() == 37


def test_hundreds_of_parts_are_capped_with_a_note(qtbot, mailbox: Mailbox) -> None:
    count = MAX_PART_VIEWS + 25
    raw = message(multipart("mixed", *[_html(f"<p>part {n}</p>") for n in range(count)]))
    [mid] = store(mailbox, raw)
    reader = _reader(qtbot)
    detail = mail_service.show_message(mid)
    assert len(detail.html_parts) == count
    reader.show_message(detail)
    parts = reader.view.parts
    assert len(parts.parts) == MAX_PART_VIEWS
    assert parts.parts[-1].toPlainText().strip() == f"part {MAX_PART_VIEWS - 1}"
    assert parts.left_out.isVisibleTo(reader) and "25 more parts" in parts.left_out.text()
    reader.show_message(mail_service.show_message(mailbox.ids["inquiry"]))
    assert not reader.view.parts.left_out.isVisibleTo(reader)


def test_a_huge_text_part_scrolls_by_itself(qtbot, mailbox: Mailbox) -> None:
    line = "ログの一行です。 a line of a very long log\n"
    count = LARGE_DOCUMENT // len(line) + 100
    [mid] = store(mailbox, message(entity("text/plain; charset=utf-8", line * count)))
    reader = _reader(qtbot)
    reader.show_message(mail_service.show_message(mid))
    body = reader.body
    # Not grown to the height of megabytes of text: its own scroll bar, laid out lazily.
    assert body.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAsNeeded
    assert body.height() < 2000
    qtbot.waitUntil(lambda: body.verticalScrollBar().maximum() > 0)
    reader.show_message(mail_service.show_message(mailbox.ids["inquiry"]))
    assert reader.body.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
