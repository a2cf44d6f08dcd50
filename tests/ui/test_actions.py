"""Message actions from the keyboard and the menu: rows change at once, selection follows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.services import mailbox as mail
from app.ui.itemmodels.message_list import COL_SUBJECT
from tests.ui.conftest import Mailbox


def _select(qtbot, window, message_id: int) -> None:
    view = window.message_view
    index = window.message_model.index(window.message_model.row_of(message_id), COL_SUBJECT)
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.waitUntil(lambda: window.reader.message_id == message_id)


def _folder_names(window) -> list[str]:
    account = window.folder_model.item(0)
    return [account.child(r).text() for r in range(account.rowCount())]


def _ids(window) -> list[int]:
    model = window.message_model
    return [model.message(r).id for r in range(model.rowCount())]


def test_star_shortcut_toggles_the_row(qtbot, mailbox: Mailbox, engine_window) -> None:
    window, _engine = engine_window
    inquiry = mailbox.ids["inquiry"]
    _select(qtbot, window, inquiry)
    qtbot.keyClick(window.message_view, Qt.Key.Key_S)
    row = window.message_model.row_of(inquiry)
    qtbot.waitUntil(lambda: "flagged" in window.message_model.message(row).flags)
    assert "flagged" in mail.get_summary(inquiry).flags
    qtbot.keyClick(window.message_view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: "flagged" not in window.message_model.message(row).flags)


def test_delete_removes_the_row_and_opens_the_next(qtbot, mailbox: Mailbox,
                                                   engine_window) -> None:
    window, _engine = engine_window
    quote, inquiry = mailbox.ids["quote"], mailbox.ids["inquiry"]
    _select(qtbot, window, quote)
    qtbot.keyClick(window.message_view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: quote not in _ids(window))
    assert _ids(window) == [inquiry, mailbox.ids["iso"]]
    qtbot.waitUntil(lambda: window.reader.message_id == inquiry)
    assert mail.get_summary(quote).folder == "Trash"
    qtbot.waitUntil(lambda: "Trash (1)" in _folder_names(window))  # unread


def test_archive_and_counts_update_without_reloading_the_list(qtbot, mailbox: Mailbox,
                                                              engine_window) -> None:
    window, _engine = engine_window
    inquiry = mailbox.ids["inquiry"]
    account = window.folder_model.item(0)
    assert account.child(0).text() == "Inbox (2)"
    kept_row = window.message_model.index(0, COL_SUBJECT)  # the quote stays where it is
    _select(qtbot, window, inquiry)
    qtbot.keyClick(window.message_view, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: inquiry not in _ids(window))
    qtbot.waitUntil(lambda: window.folder_model.item(0).child(0).text() == "Inbox (1)")
    assert kept_row.isValid() and window.folder.id == mailbox.inbox
    assert mail.get_summary(inquiry).folder == "Archive"
    archive = window.folder_model.item(0).child(2)
    assert archive.text() == "Archive (1)"


def test_mark_unread_and_read_change_the_font(qtbot, mailbox: Mailbox, engine_window) -> None:
    window, engine = engine_window
    engine.actions.mark_read_delay_ms = -1  # opening does not mark here
    iso = mailbox.ids["iso"]
    _select(qtbot, window, iso)
    model = window.message_model
    bold = lambda: model.index(model.row_of(iso), COL_SUBJECT).data(Qt.ItemDataRole.FontRole)  # noqa: E731
    assert bold() is None
    qtbot.keyClick(window.message_view, Qt.Key.Key_U, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bold() is not None and bold().bold())
    qtbot.waitUntil(lambda: window.folder_model.item(0).child(0).text() == "Inbox (3)")
    qtbot.keyClick(window.message_view, Qt.Key.Key_I, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: bold() is None)
    assert window.message_view.currentIndex().row() == model.row_of(iso)


def test_opening_an_unread_message_marks_it_read(qtbot, mailbox: Mailbox,
                                                 engine_window) -> None:
    window, engine = engine_window
    engine.actions.mark_read_delay_ms = 50
    inquiry = mailbox.ids["inquiry"]
    _select(qtbot, window, inquiry)
    qtbot.waitUntil(lambda: "seen" in mail.get_summary(inquiry).flags)
    model = window.message_model
    qtbot.waitUntil(lambda: "seen" in model.message(model.row_of(inquiry)).flags)
    assert window.message_view.currentIndex().row() == model.row_of(inquiry)
    assert window.reader.message_id == inquiry


def test_moving_away_before_the_delay_leaves_it_unread(qtbot, mailbox: Mailbox,
                                                       engine_window) -> None:
    window, engine = engine_window
    engine.actions.mark_read_delay_ms = 60_000
    _select(qtbot, window, mailbox.ids["inquiry"])
    assert engine.actions.read_timer.isActive()
    _select(qtbot, window, mailbox.ids["iso"])  # already read: nothing to wait for
    assert not engine.actions.read_timer.isActive()
    assert "seen" not in mail.get_summary(mailbox.ids["inquiry"]).flags


def test_move_to_folder_dialog(qtbot, mailbox: Mailbox, engine_window) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.dialogs.folder_picker import FolderPickerDialog

    window, _engine = engine_window
    iso = mailbox.ids["iso"]
    _select(qtbot, window, iso)
    seen: list[list[str]] = []

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, FolderPickerDialog)
        seen.append([dialog.list.item(r).text() for r in range(dialog.list.count())])
        qtbot.keyClicks(dialog.filter, "sen")
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)

    QTimer.singleShot(0, choose)
    qtbot.keyClick(window.message_view, Qt.Key.Key_V)
    assert seen == [["Sent", "Archive", "Junk"]]  # not the folder it is in
    qtbot.waitUntil(lambda: iso not in _ids(window))
    assert mail.get_summary(iso).folder == "Sent"


def test_threaded_row_archives_the_whole_conversation_in_this_folder(
    qtbot, mailbox: Mailbox, engine_window
) -> None:
    from app.mail.store import IncomingMessage, store_messages
    from app.models.mail import Folder
    from tests.ui.conftest import NOW, make_raw

    window, _engine = engine_window
    raw = make_raw("Re: Partnership inquiry", "Any news?", sender="nina@prospect.example",
                   when=NOW - 60, seq=9)
    reply_to = f"In-Reply-To: <ui-2-{NOW - 7200}@test.example>\n".encode()
    [follow_up] = store_messages(Folder.get_by_id(mailbox.inbox),
                                 [IncomingMessage(reply_to + raw, uid=9)])
    window.threaded_action.trigger()
    qtbot.waitUntil(lambda: window.message_model.row_of(follow_up) == 0)
    _select(qtbot, window, follow_up)
    qtbot.keyClick(window.message_view, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: follow_up not in _ids(window))
    assert mail.get_summary(follow_up).folder == "Archive"
    assert mail.get_summary(mailbox.ids["inquiry"]).folder == "Archive"
    assert mail.get_summary(mailbox.ids["quote"]).folder == "INBOX"


def test_keys_typed_in_the_search_box_stay_there(qtbot, mailbox: Mailbox,
                                                 engine_window) -> None:
    window, _engine = engine_window
    window.focus_search()
    qtbot.waitUntil(window.search.hasFocus)
    qtbot.keyClicks(window.search, "Se")
    qtbot.keyClick(window.search, Qt.Key.Key_Delete)
    qtbot.keyClick(window.search, Qt.Key.Key_E)
    assert window.search.text() == "See"
    assert all(mail.get_summary(i).folder != "Trash" for i in mailbox.ids.values())


def test_message_menu_shows_the_shortcuts(qtbot, mailbox: Mailbox, engine_window) -> None:
    window, engine = engine_window
    shown = {a.text(): a.shortcut().toString() for a in engine.actions.menu.actions()
             if not a.isSeparator()}
    assert shown == {
        "Mark as &Read": "Shift+I", "Mark as &Unread": "Shift+U", "&Star / Unstar": "S",
        "&Move to Folder…": "V", "&Archive": "E", "&Delete": "Del",
    }
    window_shortcuts = [a.shortcut().toString() for a in window.findChildren(QAction)
                        if not a.shortcut().isEmpty()]
    duplicates = {s for s in window_shortcuts if window_shortcuts.count(s) > 1}
    assert not duplicates
