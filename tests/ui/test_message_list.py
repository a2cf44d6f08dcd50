"""The message list reads a folder a page at a time, newest first, never the whole folder."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from app.ui.itemmodels.list_sources import FolderMessages, FolderThreads
from app.ui.itemmodels.message_list import (
    COL_DATE,
    COL_FROM,
    COL_MARKS,
    COL_SUBJECT,
    MessageListModel,
)
from tests.ui.conftest import Mailbox, fill_archive

ROOT = QModelIndex()
PAGE = 20  # the real page is 200; a small one keeps the test fast and the arithmetic the same


def test_pages_arrive_one_at_a_time(mailbox: Mailbox, qtmodeltester) -> None:
    fill_archive(mailbox, 2 * PAGE + 5)
    model = MessageListModel(page_size=PAGE)
    model.set_source(FolderMessages(mailbox.archive))
    assert model.rowCount() == PAGE
    assert model.canFetchMore(ROOT)

    model.fetchMore(ROOT)
    assert model.rowCount() == 2 * PAGE
    model.fetchMore(ROOT)
    assert model.rowCount() == 2 * PAGE + 5
    assert not model.canFetchMore(ROOT)

    subjects = [model.index(r, COL_SUBJECT).data() for r in range(model.rowCount())]
    assert subjects == [f"Weekly report {n}" for n in range(2 * PAGE + 5)]
    qtmodeltester.check(model, force_py=True)


def test_scrolling_the_view_fetches_the_next_page(mailbox: Mailbox, qtbot) -> None:
    from app.ui.mail.message_list_view import MessageListView

    fill_archive(mailbox, 3 * PAGE)
    model = MessageListModel(page_size=PAGE)
    view = MessageListView()
    qtbot.addWidget(view)
    view.setModel(model)
    model.set_source(FolderMessages(mailbox.archive))
    view.resize(600, 200)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() == PAGE
    view.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE)
    assert model.canFetchMore(ROOT)  # one page per scroll, not the rest of the folder


def test_columns_show_marks_sender_subject_and_compact_date(mailbox: Mailbox) -> None:
    model = MessageListModel()
    model.set_source(FolderMessages(mailbox.inbox))
    row = model.row_of(mailbox.ids["quote"])
    assert model.index(row, COL_FROM).data() == "山田 太郎"
    assert model.index(row, COL_FROM).data(Qt.ItemDataRole.ToolTipRole) == (
        "山田 太郎 <yamada@sample.co.jp>"
    )
    assert model.index(row, COL_SUBJECT).data() == "お見積もりのご依頼"
    assert ":" in model.index(row, COL_DATE).data()  # an hour ago: shown as HH:MM (or M/D)
    assert model.index(row, COL_MARKS).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(row, COL_MARKS).data(Qt.ItemDataRole.ToolTipRole) == "Starred"
    # Unread rows are bold, read ones are not.
    assert model.index(row, COL_SUBJECT).data(Qt.ItemDataRole.FontRole).bold()
    iso_row = model.row_of(mailbox.ids["iso"])
    assert model.index(iso_row, COL_SUBJECT).data(Qt.ItemDataRole.FontRole) is None
    inquiry_row = model.row_of(mailbox.ids["inquiry"])
    assert model.index(inquiry_row, COL_MARKS).data(Qt.ItemDataRole.ToolTipRole) == (
        "Has attachments"
    )


def test_threaded_rows_are_conversations(mailbox: Mailbox) -> None:
    model = MessageListModel()
    model.set_source(FolderThreads(mailbox.inbox))
    assert model.rowCount() == 3
    # The quote and its reply in Sent are one conversation of two messages.
    row = model.row_of(mailbox.ids["quote"])
    assert model.index(row, COL_SUBJECT).data() == "お見積もりのご依頼  (2)"


def test_answered_mail_shows_the_reply_mark_flat_and_threaded(mailbox: Mailbox) -> None:
    from app.services import actions

    actions.mark_answered([mailbox.ids["inquiry"]], True)
    for source in (FolderMessages(mailbox.inbox), FolderThreads(mailbox.inbox)):
        model = MessageListModel()
        model.set_source(source)
        answered = model.index(model.row_of(mailbox.ids["inquiry"]), COL_SUBJECT)
        plain = model.index(model.row_of(mailbox.ids["iso"]), COL_SUBJECT)
        assert answered.data(Qt.ItemDataRole.ToolTipRole).startswith("Replied")
        assert not (plain.data(Qt.ItemDataRole.ToolTipRole) or "").startswith("Replied")
        icons = [i.data(Qt.ItemDataRole.DecorationRole).cacheKey() for i in (answered, plain)]
        assert icons[0] != icons[1]  # every row has the mark's slot, so subjects line up


def test_rows_stay_lean_and_the_snippet_comes_with_the_tooltip(mailbox: Mailbox) -> None:
    model = MessageListModel()
    model.set_source(FolderMessages(mailbox.inbox))
    row = model.row_of(mailbox.ids["quote"])
    message = model.message(row)
    # Recipients, snippet and Message-ID are not kept per row: most of a 100k list's memory.
    assert message.snippet == "" and message.to == [] and message.message_id is None
    tooltip = model.index(row, COL_SUBJECT).data(Qt.ItemDataRole.ToolTipRole)
    assert "お見積もりをお願いいたします。" in tooltip
