"""Attachments: open a private copy, confirm programs first, save under safe names."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services import mailbox as mail_service
from app.ui.mail.attachments import AttachmentList, is_risky
from app.ui.mail.reader import MessageReader
from tests.mail.builders import entity, message, multipart
from tests.ui.conftest import Mailbox
from tests.ui.mail.helpers import store

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 8
SCRIPT = b"MZ\x90\x00 not really a program"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _attached(name: str, data: bytes, content_type: str = "application/pdf") -> bytes:
    return entity(content_type, data, encoding="base64",
                  headers=(f'Content-Disposition: attachment; filename="{name}"',))


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[QUrl]:
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


@pytest.fixture
def reader(qtbot, mailbox: Mailbox) -> MessageReader:  # type: ignore[no-untyped-def]
    raw = message(multipart(
        "mixed", entity("text/plain; charset=utf-8", "資料を添付します。"),
        _attached("見積書.pdf", PDF),
        _attached("../../請求書\u202egpj.exe", SCRIPT, "application/octet-stream"),
    ), "Subject: attachments")
    [mid] = store(mailbox, raw)
    widget = MessageReader(fetch=lambda url: None)
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.show_message(mail_service.show_message(mid))
    return widget


def test_rows_show_safe_names_sizes_and_icons(reader: MessageReader) -> None:
    listing: AttachmentList = reader.attachments
    assert listing.isVisibleTo(reader)
    rows = [listing.list.item(i) for i in range(listing.list.count())]
    assert [r.text() for r in rows] == ["見積書.pdf (2.0 KB)", "請求書gpj.exe (25 B)"]
    assert all(not r.icon().isNull() for r in rows)
    assert "見積書.pdf (2.0 KB)" in listing.text()
    assert [is_risky(a) for a in listing.attachments] == [False, True]
    assert listing.summary.text().startswith("2 attachments")


def test_double_click_opens_a_private_copy(qtbot, reader: MessageReader, mailbox: Mailbox,
                                           opened: list[QUrl]) -> None:
    listing = reader.attachments.list
    rect = listing.visualItemRect(listing.item(0))
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: len(opened) == 1)
    path = Path(opened[0].toLocalFile())
    assert path.parent.parent == mailbox.session.home / "attachments"
    assert path.name == "見積書.pdf"
    assert path.read_bytes() == PDF
    assert _mode(path) == 0o600 and _mode(path.parent) == _mode(path.parent.parent) == 0o700


def test_a_program_is_confirmed_before_it_opens(reader: MessageReader, mailbox: Mailbox,
                                                opened: list[QUrl],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def answer(choice: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def warning(parent, title, text, *args):  # type: ignore[no-untyped-def]
            asked.append(text)
            return choice
        return warning

    program = reader.attachments.attachments[1]
    cache = mailbox.session.home / "attachments"
    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Cancel))
    reader.attachments.open(program)
    assert len(asked) == 1 and "請求書gpj.exe" in asked[0]
    assert opened == [] and not (cache.exists() and any(cache.rglob("*")))

    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Open))
    reader.attachments.open(program)
    [url] = opened
    path = Path(url.toLocalFile())
    # Only the last path component survives, in the cache, with the exact bytes.
    assert path.parent.parent == cache and path.name == "請求書gpj.exe"
    assert path.read_bytes() == SCRIPT and _mode(path) == 0o600


def test_save_uses_the_safe_name_and_writes_the_exact_bytes(
    reader: MessageReader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered: list[str] = []
    target = tmp_path / "chosen" / "renamed.exe"
    target.parent.mkdir()

    def save_dialog(parent, caption, directory, *args):  # type: ignore[no-untyped-def]
        offered.append(directory)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    messages: list[str] = []
    reader.statusMessage.connect(messages.append)
    reader.attachments.save(reader.attachments.attachments[1])
    assert Path(offered[0]).name == "請求書gpj.exe"
    assert target.read_bytes() == SCRIPT and _mode(target) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["renamed.exe"]
    assert messages and str(target) in messages[-1]

    # Cancelled: nothing written.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: ("", ""))
    reader.attachments.save(reader.attachments.attachments[0])
    assert sorted(p.name for p in target.parent.iterdir()) == ["renamed.exe"]


def test_save_all_and_the_context_menu(reader: MessageReader, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "all"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a: str(folder))
    menu = reader.attachments.context_menu(reader.attachments.attachments[0])
    labels = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert labels == ["Open", "Save…", "Save All…"]
    menu.actions()[-1].trigger()
    assert sorted(p.name for p in folder.iterdir()) == ["見積書.pdf", "請求書gpj.exe"]
    assert (folder / "見積書.pdf").read_bytes() == PDF
    assert {_mode(p) for p in folder.iterdir()} == {0o600}
    # Again: nothing is overwritten, copies get a number.
    reader.attachments.save_all_button.click()
    assert len(list(folder.iterdir())) == 4
