"""The window as a user drives it: folders, the list, reading, search, settings."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.ui.itemmodels.message_list import COL_SUBJECT
from app.ui.main_window import MainWindow
from tests.ui.conftest import Mailbox


def _window(qtbot, settings: QSettings) -> MainWindow:
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    return window


def _subjects(window: MainWindow) -> list[str]:
    model = window.message_model
    return [model.index(r, COL_SUBJECT).data() for r in range(model.rowCount())]


def _click_row(qtbot, window: MainWindow, message_id: int) -> None:
    view = window.message_view
    index = window.message_model.index(window.message_model.row_of(message_id), COL_SUBJECT)
    view.scrollTo(index)
    center = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def type_japanese(widget: QWidget, text: str) -> None:
    """Japanese arrives as an input-method commit (QTest can only type ASCII keys)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _sidebar_text(window: MainWindow) -> str:
    return "\n".join(label.text() for label in window.sidebar.findChildren(QLabel)
                     if label.isVisibleTo(window.sidebar))


def test_opens_on_the_inbox_with_unread_counts(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    assert window.folder is not None and window.folder.id == mailbox.inbox
    assert _subjects(window) == ["お見積もりのご依頼", "Partnership inquiry", "定例会議の議事録"]
    account = window.folder_model.item(0)
    assert account.text() == "Work"
    assert [account.child(r).text() for r in range(account.rowCount())] == [
        "Inbox (2)", "Sent", "Archive", "Junk (1)",
    ]
    assert "Select a message" in window.reader.placeholder.text()


def test_selecting_a_message_shows_it_and_its_sender(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    _click_row(qtbot, window, mailbox.ids["quote"])
    reader = window.reader
    qtbot.waitUntil(lambda: reader.message_id == mailbox.ids["quote"])
    assert reader.headers.subject.text() == "お見積もりのご依頼"
    assert reader.headers.sender_name.text() == "山田 太郎"
    assert reader.headers.sender_address.text() == "<yamada@sample.co.jp>"
    assert "お見積もりをお願いいたします。" in reader.body.toPlainText()
    sidebar = _sidebar_text(window)
    for expected in ("CONTACT", "山田 太郎", "購買部 部長 · 株式会社サンプル", "03-1234-5678",
                     "年間保守契約", "Proposal · ¥1,200,000", "価格について電話"):
        assert expected in sidebar


def test_unknown_sender_offers_to_add_them(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    _click_row(qtbot, window, mailbox.ids["inquiry"])
    qtbot.waitUntil(lambda: window.reader.message_id == mailbox.ids["inquiry"])
    assert "nina@prospect.example" in _sidebar_text(window)
    unknown = window.sidebar.unknown
    assert unknown is not None and unknown.add_lead.isEnabled() and unknown.add_contact.isEnabled()
    assert window.reader.headers.cc.text() == "Bob <bob@prospect.example>"
    assert "proposal.pdf (2.0 KB)" in window.reader.attachments.text()


def test_iso_2022_jp_mail_reads_as_japanese(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    window.open_message(mailbox.ids["iso"])
    assert "定例会議の議事録を送ります" in window.reader.body.toPlainText()


def test_search_filters_the_list_and_escape_restores_it(qtbot, mailbox: Mailbox, settings):
    window = _window(qtbot, settings)
    window.focus_search()
    qtbot.waitUntil(window.search.hasFocus)
    type_japanese(window.search, "議事録")
    qtbot.waitUntil(lambda: _subjects(window) == ["定例会議の議事録"])
    qtbot.keyClicks(window.search, "x")  # no match: the list says so
    qtbot.waitUntil(lambda: _subjects(window) == [])
    assert "議事録x" in window.message_view.empty_text
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(_subjects(window)) == 3)
    assert window.search.text() == ""
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)  # again: back to the list
    qtbot.waitUntil(window.message_view.hasFocus)


def test_choosing_another_folder_switches_the_list(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    window.select_folder(mailbox.sent)
    qtbot.waitUntil(lambda: _subjects(window) == ["Re: お見積もりのご依頼"])
    assert window.statusBar().currentMessage() == "Sent: 0 unread of 1"
    window.select_folder(mailbox.archive)
    qtbot.waitUntil(lambda: _subjects(window) == [])
    assert window.message_view.empty_text == "No messages in this folder"


def test_next_and_previous_message(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    window.step_message(1)
    assert window.reader.message_id == mailbox.ids["quote"]
    window.step_message(1)
    assert window.reader.message_id == mailbox.ids["inquiry"]
    window.step_message(-1)
    assert window.reader.message_id == mailbox.ids["quote"]


def test_threaded_view_toggles(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    window.threaded_action.trigger()
    qtbot.waitUntil(lambda: "お見積もりのご依頼  (2)" in _subjects(window))
    window.threaded_action.trigger()
    qtbot.waitUntil(lambda: "お見積もりのご依頼" in _subjects(window))


def test_layout_is_remembered(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    window.resize(760, 540)  # inside the offscreen screen, so restoring needs no clamping
    window.splitter.setSizes([120, 250, 250, 140])
    sizes = window.splitter.sizes()
    window.threaded_action.setChecked(True)
    window.close()
    again = _window(qtbot, settings)
    assert again.size() == window.size()
    assert again.splitter.sizes() == sizes
    assert again.threaded_action.isChecked()


def test_menu_shortcuts(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    actions = {a.shortcut().toString(): a for a in window.findChildren(QAction)}
    assert {"Ctrl+Q", "Ctrl+F", "Ctrl+T", "Ctrl+.", "Ctrl+,"} <= set(actions)
    actions["Ctrl+F"].trigger()
    qtbot.waitUntil(window.search.hasFocus)
    actions["Ctrl+."].trigger()
    assert window.reader.message_id == mailbox.ids["quote"]
    actions["Ctrl+Q"].trigger()
    assert not window.isVisible()
