"""The open list catching up with the store: only the differences are applied, so the
selection and the rows in view stay where the user left them."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex

from app.mail import flags
from app.mail.store import IncomingMessage, store_messages
from app.models.mail import Folder
from app.services import actions
from app.ui.itemmodels.list_sources import FolderMessages, FolderThreads
from app.ui.itemmodels.message_list import COL_SUBJECT, MessageListModel
from app.ui.live_list import refresh_in_place
from tests.ui.conftest import NOW, Mailbox, fill_archive, make_raw, shown_list_view


def _arrive(box: Mailbox, folder: int, *subjects: str, start: int = 500) -> list[int]:
    """New mail, newer than anything stored so far; later `start`, newer mail."""
    return store_messages(Folder.get_by_id(folder), [
        IncomingMessage(make_raw(s, "x", when=NOW + start + n, seq=start + n), uid=start + n)
        for n, s in enumerate(subjects)
    ])



def _subjects(model: MessageListModel) -> list[str]:
    return [model.index(r, COL_SUBJECT).data() for r in range(model.rowCount())]


def test_new_removed_and_changed_rows_keep_the_selection(qtbot, mailbox: Mailbox,
                                                         qtmodeltester) -> None:
    fill_archive(mailbox, 30)
    model = MessageListModel(page_size=20)
    model.set_source(FolderMessages(mailbox.archive))
    qtmodeltester.check(model, force_py=True)  # reads all 30; checks every change below
    view = shown_list_view(qtbot, model, width=600)
    chosen = model.message(10).id
    view.setCurrentIndex(model.index(10, COL_SUBJECT))
    gone = [model.message(2).id, model.message(3).id, model.message(15).id]
    actions.delete_messages(gone)
    actions.mark_starred([chosen])
    _arrive(mailbox, mailbox.archive, "New A", "New B")
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))

    model.refresh()
    assert resets == [] and inserted == [(0, 1)]
    assert _subjects(model)[:3] == ["New B", "New A", "Weekly report 0"]
    assert model.rowCount() == 30 - 3 + 2
    fresh = MessageListModel(page_size=100)
    fresh.set_source(FolderMessages(mailbox.archive))
    assert _subjects(model) == _subjects(fresh)  # the same as reading it again
    current = view.currentIndex()
    assert model.message(current.row()).id == chosen
    assert "flagged" in model.message(current.row()).flags


def test_paging_goes_on_after_a_refresh(mailbox: Mailbox) -> None:
    fill_archive(mailbox, 50)
    model = MessageListModel(page_size=20)
    model.set_source(FolderMessages(mailbox.archive))
    _arrive(mailbox, mailbox.archive, "New A")
    last = model.message(19).id
    model.refresh()
    assert model.rowCount() == 21 and model.message(20).id == last  # nothing pushed out
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 51 and not model.canFetchMore(QModelIndex())
    assert len({model.message(r).id for r in range(51)}) == 51


def test_scrolled_list_keeps_its_place_and_the_top_shows_new_mail(qtbot,
                                                                  mailbox: Mailbox) -> None:
    fill_archive(mailbox, 60)
    model = MessageListModel(page_size=60)
    model.set_source(FolderMessages(mailbox.archive))
    view = shown_list_view(qtbot, model, width=600)
    view.verticalScrollBar().setValue(view.rowViewportPosition(25))
    top = view.indexAt(view.viewport().rect().topLeft()).row()
    top_id = model.message(top).id
    _arrive(mailbox, mailbox.archive, "New A", "New B", "New C")
    refresh_in_place(view, model)
    assert model.message(view.indexAt(view.viewport().rect().topLeft()).row()).id == top_id

    view.scrollToTop()
    _arrive(mailbox, mailbox.archive, "Newest", start=600)
    refresh_in_place(view, model)
    assert view.indexAt(view.viewport().rect().topLeft()).row() == 0
    assert model.message(0).subject == "Newest"


def test_a_conversation_with_a_new_reply_moves_up_and_stays_selected(
    qtbot, mailbox: Mailbox
) -> None:
    model = MessageListModel()
    model.set_source(FolderThreads(mailbox.inbox))
    view = shown_list_view(qtbot, model, width=600)
    assert _subjects(model) == ["お見積もりのご依頼  (2)", "Partnership inquiry",
                                "定例会議の議事録"]
    view.setCurrentIndex(model.index(1, COL_SUBJECT))
    moved: list[int] = []
    model.rowsMoved.connect(lambda _p, start, _end, _d, row: moved.append(row))
    raw = make_raw("Re: Partnership inquiry", "Any news?", sender="nina@prospect.example",
                   when=NOW, seq=700)
    header = f"In-Reply-To: <ui-2-{NOW - 7200}@test.example>\n".encode()
    store_messages(Folder.get_by_id(mailbox.inbox),
                   [IncomingMessage(header + raw, uid=700, flags=flags.SEEN)])
    model.refresh()
    assert _subjects(model) == ["Re: Partnership inquiry  (2)", "お見積もりのご依頼  (2)",
                                "定例会議の議事録"]
    assert moved == [0]
    assert view.currentIndex().row() == 0  # the conversation the user had selected
