"""Reading helpers of the mailbox service: cid: images, attachment copies, remote choices."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.errors import NotFound
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.services import mailbox
from app.services.session import open_session
from tests.mail.builders import entity, message, multipart

GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"  # noqa: E501


def _store(raw: bytes) -> int:
    folder = ensure_folder(ensure_account("Work", "ken@example.jp"), "INBOX", "inbox")
    return store_messages(folder, [IncomingMessage(raw)])[0]


def _related(*parts: bytes) -> bytes:
    html = entity("text/html; charset=utf-8", '<img src="cid:Logo@X"><img src="cid:big@x">')
    return message(multipart("related", html, *parts))


def test_inline_image_by_content_id(db) -> None:
    mid = _store(_related(
        entity("image/gif", GIF, encoding="base64", headers=("Content-ID: <Logo@X>",)),
        entity("image/svg+xml", "<svg/>", headers=("Content-ID: <vector@x>",)),
        entity("text/html", "<p>x</p>", headers=("Content-ID: <page@x>",)),
    ))
    # Decoded, matched without brackets, %-escapes or case.
    assert mailbox.inline_image(mid, "logo%40x") == GIF
    assert mailbox.inline_image(mid, "<Logo@X>") == GIF
    # Raster images only; no such part; another message's part.
    assert mailbox.inline_image(mid, "vector@x") is None
    assert mailbox.inline_image(mid, "page@x") is None
    assert mailbox.inline_image(mid, "missing@x") is None
    assert mailbox.inline_image(mid, "") is None
    other = _store(message())
    assert mailbox.inline_image(other, "logo@x") is None


def test_inline_image_size_cap(db, monkeypatch: pytest.MonkeyPatch) -> None:
    mid = _store(_related(
        entity("image/gif", GIF, encoding="base64", headers=("Content-ID: <Logo@X>",)),
    ))
    monkeypatch.setattr(mailbox, "MAX_INLINE_IMAGE", len(GIF) - 1)
    assert mailbox.inline_image(mid, "logo@x") is None


def test_open_attachment_writes_a_private_copy(tmp_path: Path) -> None:
    session = open_session(tmp_path / "home")
    data = bytes(range(256)) * 4
    mid = _store(message(multipart(
        "mixed", entity("text/plain", "see attached"),
        entity("application/pdf", data, encoding="base64",
               headers=('Content-Disposition: attachment; filename="C:\\\\tmp\\\\見積.pdf"',)),
    )))
    [attachment] = mailbox.show_message(mid).attachments
    first = mailbox.open_attachment(mid, attachment.part)
    assert first.parent.parent == session.home / "attachments"
    assert first.name == "見積.pdf" and first.read_bytes() == data
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600
    assert {stat.S_IMODE(os.stat(d).st_mode) for d in (first.parent, first.parent.parent)} == {
        0o700
    }
    # Opened again: the same copy while unchanged; a new one once the program changed it.
    assert mailbox.open_attachment(mid, attachment.part) == first
    first.write_bytes(b"edited")
    again = mailbox.open_attachment(mid, attachment.part)
    assert again.name == "見積 (2).pdf" and again.read_bytes() == data
    assert mailbox.attachment_file_name(attachment.filename, attachment.content_type) == "見積.pdf"

    chosen = tmp_path / "out" / "renamed.pdf"
    chosen.parent.mkdir()
    chosen.write_bytes(b"old")
    assert mailbox.save_attachment_as(mid, attachment.part, chosen) == chosen
    assert chosen.read_bytes() == data
    assert stat.S_IMODE(os.stat(chosen).st_mode) == 0o600
    assert [p.name for p in chosen.parent.iterdir()] == ["renamed.pdf"]
    with pytest.raises(NotFound):
        mailbox.save_attachment_as(mid, "9", tmp_path / "out" / "x")
    session.close()


def test_open_attachment_needs_a_data_directory(db) -> None:
    mid = _store(message(multipart(
        "mixed", entity("text/plain", "x"),
        entity("application/pdf", b"%PDF",
               headers=('Content-Disposition: attachment; filename="a.pdf"',)),
    )))
    with pytest.raises(NotFound):
        mailbox.open_attachment(mid, "2")


def test_always_allow_remote_from_a_sender(db) -> None:
    html = entity("text/html", '<p>hi<img src="https://cdn.example/a.png"></p>')
    mid = _store(message(html, "From: News <News@Sender.example>"))
    assert mailbox.show_message(mid).blocked_remote == 1
    assert not mailbox.sender_allows_remote("news@sender.example")

    mailbox.set_sender_allows_remote("News@Sender.example")
    assert mailbox.sender_allows_remote("news@sender.example")
    detail = mailbox.show_message(mid)
    assert detail.blocked_remote == 0 and "https://cdn.example/a.png" in detail.html_parts[0]

    mailbox.set_sender_allows_remote("news@sender.example", allow=False)
    assert mailbox.show_message(mid).blocked_remote == 1
    with pytest.raises(NotFound):
        mailbox.set_sender_allows_remote("  ")


def test_inline_parts_not_drawn_by_the_html_stay_listed(db) -> None:
    # Apple Mail's shape: an image marked inline between two text parts, no HTML to show it.
    mid = _store(message(multipart(
        "mixed", entity("text/plain", "before"),
        entity("image/gif", GIF, encoding="base64",
               headers=('Content-Disposition: inline; filename="photo.gif"',)),
        entity("text/plain", "after"),
    )))
    [photo] = mailbox.show_message(mid).attachments
    assert (photo.filename, photo.inline) == ("photo.gif", False)
    # Drawn by the HTML through its Content-ID: part of the body, not an attachment.
    drawn = _store(_related(
        entity("image/gif", GIF, encoding="base64", headers=("Content-ID: <Logo@X>",)),
    ))
    assert [a.inline for a in mailbox.show_message(drawn).attachments] == [True]
