"""Sorting the list by its column headers: pages keep coming in the chosen order, live
updates keep the selection, a search keeps its own order, and a new window remembers."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QSettings, Qt
from PySide6.QtWidgets import QHeaderView

from app.mail import flags
from app.mail.search import index_pending
from app.mail.store import IncomingMessage, store_messages
from app.models.mail import Folder, Message
from app.services.mailbox import ListOrder, list_messages
from app.ui.itemmodels.list_sources import FolderMessages, FolderThreads, SearchResults
from app.ui.itemmodels.message_list import (
    COL_DATE,
    COL_FROM,
    COL_MARKS,
    COL_SUBJECT,
    MessageListModel,
)
from app.ui.mail.message_list_view import MessageListView
from app.ui.main_window import MainWindow
from tests.ui.conftest import NOW, Mailbox, make_raw, shown_list_view

ROOT = QModelIndex()
PAGE = 10
SENDERS = ["Zoe <zoe@x.example>", "adam@x.example", "Mika <mika@x.example>",
           "ｂｅｎ <ben@x.example>", "山本 <yamamoto@x.example>"]
SUBJECTS = ["Re: Budget", "agenda", "Fwd: Contract", "Budget", "返信: 見積", "zeta"]


def _fill(box: Mailbox, count: int = 33) -> None:
    store_messages(Folder.get_by_id(box.archive), [
        IncomingMessage(make_raw(f"{SUBJECTS[n % 6]} {n % 4}", "x", sender=SENDERS[n % 5],
                                 when=NOW - 60 * n, seq=100 + n), uid=n + 1, flags=flags.SEEN)
        for n in range(count)
    ])


def _all_ids(model: MessageListModel) -> list[int]:
    while model.canFetchMore(ROOT):
        model.fetchMore(ROOT)
    return [model.message(r).id for r in range(model.rowCount())]



def _click_header(qtbot, view: MessageListView, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def _expected(box: Mailbox, column: str, descending: bool) -> list[int]:
    return [m.id for m in list_messages(box.archive, limit=1000,
                                        order=ListOrder(column, descending))]


def test_each_column_sorts_both_ways_across_page_boundaries(qtbot, mailbox: Mailbox,
                                                            qtmodeltester) -> None:
    _fill(mailbox)
    model = MessageListModel(page_size=PAGE)
    view = shown_list_view(qtbot, model)
    model.set_source(FolderMessages(mailbox.archive))
    header = view.horizontalHeader()
    for column, name in ((COL_FROM, "sender"), (COL_SUBJECT, "subject"), (COL_DATE, "date")):
        _click_header(qtbot, view, column)
        first = Qt.SortOrder.DescendingOrder if column == COL_DATE else Qt.SortOrder.AscendingOrder
        assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (column, first)
        assert model.rowCount() == PAGE  # read again from the first page, not all of it
        assert _all_ids(model) == _expected(mailbox, name, column == COL_DATE)
        _click_header(qtbot, view, column)  # the same header again: the other way
        assert header.sortIndicatorOrder() != first
        assert _all_ids(model) == _expected(mailbox, name, column != COL_DATE)
    qtmodeltester.check(model, force_py=True)


def test_sender_order_reads_names_without_case_or_width(qtbot, mailbox: Mailbox) -> None:
    _fill(mailbox, 5)
    model = MessageListModel(page_size=PAGE)
    model.set_source(FolderMessages(mailbox.archive))
    model.sort(COL_FROM, Qt.SortOrder.AscendingOrder)
    senders = [model.index(r, COL_FROM).data() for r in range(model.rowCount())]
    assert senders == ["adam@x.example", "ｂｅｎ", "Mika", "Zoe", "山本"]
    model.sort(COL_SUBJECT, Qt.SortOrder.AscendingOrder)
    subjects = [model.index(r, COL_SUBJECT).data() for r in range(model.rowCount())]
    assert subjects == ["agenda 1", "Re: Budget 0", "Budget 3", "Fwd: Contract 2", "返信: 見積 0"]


def test_the_marks_column_and_a_search_do_not_sort(qtbot, mailbox: Mailbox) -> None:
    _fill(mailbox, 12)
    index_pending()
    model = MessageListModel(page_size=PAGE)
    view = shown_list_view(qtbot, model)
    model.set_source(FolderMessages(mailbox.archive))
    _click_header(qtbot, view, COL_FROM)
    _click_header(qtbot, view, COL_MARKS)
    header = view.horizontalHeader()
    assert header.sortIndicatorSection() == COL_FROM  # the indicator shows the real order
    assert model.order == ListOrder("sender", False)

    model.set_source(SearchResults("Budget"))
    shown = [model.message(r).id for r in range(model.rowCount())]
    assert shown and not header.isSortIndicatorShown() and not header.sectionsClickable()
    _click_header(qtbot, view, COL_SUBJECT)
    assert [model.message(r).id for r in range(model.rowCount())] == shown  # FTS order
    model.set_source(FolderMessages(mailbox.archive))  # back to the folder, still by sender
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == COL_FROM
    assert [m.id for m in list_messages(mailbox.archive, limit=PAGE,
                                        order=ListOrder("sender", False))] == (
        [model.message(r).id for r in range(model.rowCount())])


def test_new_mail_lands_in_its_place_in_sender_order_and_the_selection_stays(
    qtbot, mailbox: Mailbox, qtmodeltester
) -> None:
    _fill(mailbox, 25)
    model = MessageListModel(page_size=PAGE)
    view = shown_list_view(qtbot, model)
    model.set_source(FolderMessages(mailbox.archive))
    model.sort(COL_FROM, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model, force_py=True)  # reads all 25; checks every change below
    chosen = model.message(12).id
    view.setCurrentIndex(model.index(12, COL_SUBJECT))
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    store_messages(Folder.get_by_id(mailbox.archive), [
        IncomingMessage(make_raw("Hello", "x", sender="Bea <bea@x.example>", when=NOW + 5,
                                 seq=900), uid=900)])
    Message.update(flags=flags.SEEN | flags.FLAGGED).where(Message.id == chosen).execute()

    model.refresh()
    assert len(inserted) == 1  # only the new row, where "bea" sorts
    fresh = _expected(mailbox, "sender", False)
    shown = [model.message(r).id for r in range(model.rowCount())]
    assert shown == fresh and len(shown) == 26
    assert model.message(view.currentIndex().row()).id == chosen
    assert "flagged" in model.message(view.currentIndex().row()).flags


def test_conversations_sort_by_subject_and_refresh_in_place(qtbot, mailbox: Mailbox) -> None:
    model = MessageListModel()
    view = shown_list_view(qtbot, model)
    model.sort(COL_SUBJECT, Qt.SortOrder.AscendingOrder)
    model.set_source(FolderThreads(mailbox.inbox))
    subjects = [model.index(r, COL_SUBJECT).data() for r in range(model.rowCount())]
    assert subjects == ["Partnership inquiry", "お見積もりのご依頼  (2)", "定例会議の議事録"]
    view.setCurrentIndex(model.index(2, COL_SUBJECT))
    store_messages(Folder.get_by_id(mailbox.inbox), [
        IncomingMessage(make_raw("Agenda", "x", when=NOW, seq=901), uid=901)])
    model.refresh()
    subjects = [model.index(r, COL_SUBJECT).data() for r in range(model.rowCount())]
    assert subjects[0] == "Agenda" and len(subjects) == 4
    assert model.index(view.currentIndex().row(), COL_SUBJECT).data() == "定例会議の議事録"


def _window(qtbot, settings: QSettings) -> MainWindow:
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_new_window_restores_widths_column_order_and_sort(qtbot, mailbox: Mailbox,
                                                           settings) -> None:
    window = _window(qtbot, settings)
    header = window.message_view.horizontalHeader()
    _click_header(qtbot, window.message_view, COL_SUBJECT)
    _click_header(qtbot, window.message_view, COL_SUBJECT)  # Z→A
    header.resizeSection(COL_FROM, 222)
    header.moveSection(header.visualIndex(COL_DATE), 1)
    window.close()

    again = _window(qtbot, settings)
    header = again.message_view.horizontalHeader()
    assert header.sortIndicatorSection() == COL_SUBJECT
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert header.sectionSize(COL_FROM) == 222
    assert header.visualIndex(COL_DATE) == 1
    assert header.sectionResizeMode(COL_SUBJECT) == QHeaderView.ResizeMode.Stretch
    model = again.message_model
    assert [model.index(r, COL_SUBJECT).data() for r in range(model.rowCount())] == [
        "定例会議の議事録", "お見積もりのご依頼", "Partnership inquiry"]
    again.threaded_action.trigger()  # one state for both modes: still by subject, Z→A
    assert model.index(0, COL_SUBJECT).data() == "定例会議の議事録"
    assert header.sortIndicatorSection() == COL_SUBJECT


def test_closing_during_a_search_still_restores_a_sortable_header(qtbot, mailbox: Mailbox,
                                                                  settings) -> None:
    index_pending()
    window = _window(qtbot, settings)
    _click_header(qtbot, window.message_view, COL_FROM)
    qtbot.keyClicks(window.search, "inquiry")  # as typed: the search runs once typing pauses
    qtbot.waitUntil(lambda: not window.message_view.horizontalHeader().isSortIndicatorShown())
    window.close()

    again = _window(qtbot, settings)
    header = again.message_view.horizontalHeader()
    assert header.isSortIndicatorShown() and header.sectionsClickable()
    assert (header.sortIndicatorSection(), again.message_model.order) == (
        COL_FROM, ListOrder("sender", False))
