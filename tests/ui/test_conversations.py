"""Conversations that open in the threaded list: their messages as rows below them, by
click or key, kept open through live updates; a message row acts on that message alone."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt

from app.mail.store import IncomingMessage, store_messages
from app.models.mail import Folder
from app.services import mailbox as mail
from app.ui.itemmodels.list_sources import FolderThreads
from app.ui.itemmodels.message_list import COL_FROM, COL_MARKS, COL_SUBJECT, MessageListModel
from app.ui.mail.message_list_view import MessageListView
from tests.ui.conftest import NOW, Mailbox, make_raw, shown_list_view

QUOTE = "お見積もりのご依頼  (2)"



def _subjects(model: MessageListModel) -> list[str]:
    return [model.index(r, COL_SUBJECT).data() for r in range(model.rowCount())]


def _click_marker(qtbot, view: MessageListView, row: int) -> None:
    cell = view.visualRect(view.model().index(row, COL_SUBJECT))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(cell.left() + 10, cell.center().y()))


def test_clicking_the_marker_opens_and_closes_the_conversation(qtbot, mailbox: Mailbox,
                                                               qtmodeltester) -> None:
    model = MessageListModel()
    view = shown_list_view(qtbot, model)
    model.set_source(FolderThreads(mailbox.inbox))
    qtmodeltester.check(model, force_py=True)
    assert _subjects(model) == [QUOTE, "Partnership inquiry", "定例会議の議事録"]
    assert model.can_expand(0) and not model.can_expand(1)
    assert model.index(0, COL_SUBJECT).data(Qt.ItemDataRole.DecorationRole) is not None
    view.setCurrentIndex(model.index(2, COL_SUBJECT))

    _click_marker(qtbot, view, 0)
    assert model.is_expanded(0)
    assert _subjects(model) == [QUOTE, "お見積もりのご依頼", "Re: お見積もりのご依頼",
                                "Partnership inquiry", "定例会議の議事録"]
    assert [model.message(r).id for r in (1, 2)] == [mailbox.ids["quote"], mailbox.ids["reply"]]
    assert model.is_child(1) and model.is_child(2) and not model.is_conversation(1)
    # The reply lives in Sent: shown greyed, and the tooltip says where.
    assert model.index(1, COL_FROM).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(2, COL_FROM).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "Sent" in model.index(2, COL_SUBJECT).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(view.currentIndex().row(), COL_SUBJECT).data() == "定例会議の議事録"

    _click_marker(qtbot, view, 0)
    assert not model.is_expanded(0)
    assert _subjects(model) == [QUOTE, "Partnership inquiry", "定例会議の議事録"]


def test_keys_open_and_close_and_left_goes_back_to_the_conversation(qtbot,
                                                                    mailbox: Mailbox) -> None:
    model = MessageListModel()
    view = shown_list_view(qtbot, model)
    model.set_source(FolderThreads(mailbox.inbox))
    view.setCurrentIndex(model.index(0, COL_SUBJECT))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert model.rowCount() == 5
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 2 and model.is_child(2)
    qtbot.keyClick(view, Qt.Key.Key_Left)  # from a message: back up to its conversation
    assert view.currentIndex().row() == 0 and model.rowCount() == 3
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert model.rowCount() == 5
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert model.rowCount() == 3


def test_an_open_conversation_stays_open_when_a_reply_arrives(qtbot, mailbox: Mailbox) -> None:
    model = MessageListModel()
    view = shown_list_view(qtbot, model)
    model.set_source(FolderThreads(mailbox.inbox))
    model.expand(0)
    view.setCurrentIndex(model.index(2, COL_SUBJECT))  # the reply in Sent
    raw = make_raw("Re: お見積もりのご依頼", "追加です。", sender="山田 太郎 <yamada@sample.co.jp>",
                   when=NOW - 60, seq=800)
    header = f"In-Reply-To: <ui-1-{NOW - 3600}@test.example>\n".encode()
    [late] = store_messages(Folder.get_by_id(mailbox.inbox),
                            [IncomingMessage(header + raw, uid=800)])
    model.refresh()
    assert model.is_expanded(0)
    assert model.index(0, COL_SUBJECT).data() == "Re: お見積もりのご依頼  (3)"
    assert [model.message(r).id for r in (1, 2, 3)] == [
        mailbox.ids["quote"], mailbox.ids["reply"], late]
    assert model.message(view.currentIndex().row()).id == mailbox.ids["reply"]
    assert model.index(0, COL_SUBJECT).data(Qt.ItemDataRole.FontRole).bold()  # one unread


def test_conversation_marks_cover_all_its_messages(qtbot, mailbox: Mailbox) -> None:
    from app.services import actions

    actions.mark_starred([mailbox.ids["quote"]], False)
    actions.mark_read([mailbox.ids["quote"]], True)
    actions.mark_starred([mailbox.ids["reply"]], True)  # in Sent: not the row's own message
    actions.mark_read([mailbox.ids["reply"]], False)
    model = MessageListModel()
    model.set_source(FolderThreads(mailbox.inbox))
    assert model.index(0, COL_MARKS).data(Qt.ItemDataRole.ToolTipRole) == "Starred"
    assert model.index(0, COL_SUBJECT).data(Qt.ItemDataRole.FontRole).bold()


def test_a_child_row_opens_and_acts_on_its_own_message(qtbot, mailbox: Mailbox,
                                                       engine_window) -> None:
    window, _engine = engine_window
    window.threaded_action.trigger()
    model, view = window.message_model, window.message_view
    qtbot.waitUntil(lambda: model.can_expand(0))
    model.expand(0)
    view.setCurrentIndex(model.index(2, COL_SUBJECT))  # the reply, in Sent
    view.setFocus()
    qtbot.waitUntil(lambda: window.reader.message_id == mailbox.ids["reply"])
    qtbot.keyClick(view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: "flagged" in mail.get_summary(mailbox.ids["reply"]).flags)
    assert "flagged" in mail.get_summary(mailbox.ids["quote"]).flags  # starred before
    assert "flagged" not in mail.get_summary(mailbox.ids["inquiry"]).flags

    # A conversation row and a message row together: the conversation's messages in this
    # folder, and that one message.
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.setCurrentIndex(model.index(2, COL_SUBJECT))
    selection.select(model.index(3, COL_SUBJECT), flags)  # and Partnership inquiry
    qtbot.keyClick(view, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: mail.get_summary(mailbox.ids["inquiry"]).folder == "Archive")
    assert mail.get_summary(mailbox.ids["reply"]).folder == "Archive"
    assert mail.get_summary(mailbox.ids["quote"]).folder == "INBOX"
