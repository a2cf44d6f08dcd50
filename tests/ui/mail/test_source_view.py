"""View ▸ Message Source: the stored bytes as text, never as markup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from app.services import mailbox as mail_service
from app.ui.mail.reader import MessageReader
from app.ui.mail.source_view import SourceWindow, source_text
from app.ui.main_window import MainWindow
from tests.mail.builders import entity, message
from tests.ui.conftest import Mailbox
from tests.ui.mail.helpers import store


def _windows() -> list[SourceWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, SourceWindow)]


def test_source_is_shown_as_plain_text(qtbot, mailbox: Mailbox) -> None:
    html = '<p><b>bold</b><img src="http://tracker.example/x.gif"></p>'
    raw = message(entity("text/html; charset=utf-8", html), "Subject: 見積 <b>")
    raw += b"\r\n\xff\xfe latin \x00 bytes"
    [mid] = store(mailbox, raw)
    reader = MessageReader(fetch=lambda url: None)
    qtbot.addWidget(reader)
    assert not reader.source_action.isEnabled()
    reader.show_message(mail_service.show_message(mid))
    assert reader.source_action.isEnabled()
    assert reader.source_action.shortcut().toString() == "Ctrl+U"

    reader.source_action.trigger()
    [window] = _windows()
    qtbot.addWidget(window)
    view: QPlainTextEdit = window.text
    assert view.isReadOnly()
    assert QFontInfo(view.font()).fixedPitch()
    shown = view.toPlainText()
    assert html in shown and "Subject: 見積 <b>" in shown
    assert shown.endswith("\ufffd\ufffd latin \ufffd bytes")
    assert "見積 <b>" in window.windowTitle()
    window.close()


def test_a_huge_source_is_cut_and_says_so() -> None:
    text, left_out = source_text(b"x" * 100, limit=40)
    assert (len(text), left_out) == (40, 60)


def test_view_menu_has_source_and_conversation(qtbot, mailbox: Mailbox, settings) -> None:
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    labels = [a.text().replace("&", "") for menu in window.menuBar().actions()
              if menu.menu() is not None for a in menu.menu().actions()]
    assert "Message Source" in labels and "Show Conversation" in labels


def test_ctrl_u_in_the_window_opens_the_source(qtbot, mailbox: Mailbox, settings) -> None:
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts go to the active window
        window.show()
        window.activateWindow()
    window.open_message(mailbox.ids["quote"])
    window.message_view.setFocus()
    qtbot.keyClick(window.message_view, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(_windows()) == 1)
    [source] = _windows()
    qtbot.addWidget(source)
    assert "お見積もりのご依頼" in source.windowTitle()
    assert "Message-ID: <ui-1-" in source.text.toPlainText()
    source.close()
