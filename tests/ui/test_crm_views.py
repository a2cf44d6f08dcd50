"""The CRM views of the main window: lists with cards, the pipeline board, my activities,
customer mail, and the way between them and the mail."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QSettings, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel

from app.services import crm
from app.ui.crm.record_panel import RecordPanel
from app.ui.main_window import MainWindow
from tests.ui.conftest import Mailbox


def _window(qtbot, settings: QSettings) -> MainWindow:
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def _column(page, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    model = page.proxy
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _nina() -> str:
    """A lead for the fixture's unknown sender; her mail is linked to her on creation."""
    return crm.add_record("lead", {"last_name": "Newcomer", "first_name": "Nina",
                                   "email": "nina@prospect.example",
                                   "company": "Prospect Inc."}).id


def test_the_crm_menu_switches_between_mail_and_views(qtbot, mailbox: Mailbox,
                                                      settings) -> None:
    window = _window(qtbot, settings)
    mode = window.crm
    assert mode.stack.currentWidget() is mode.mail and mode.mail_button.isChecked()
    shortcuts = {action.text(): action.shortcut().toString() for action in mode.actions}
    assert shortcuts["&Leads"] == "Ctrl+2" and shortcuts["&Mail"] == "Ctrl+1"
    mode.actions[2].trigger()  # Contacts
    assert mode.stack.currentWidget() is mode.views and mode.crm_button.isChecked()
    assert mode.views.currentWidget() is mode.views.contacts
    assert _column(mode.views.contacts, 0) == ["山田 太郎"]
    qtbot.mouseClick(mode.mail_button, Qt.MouseButton.LeftButton)
    assert mode.stack.currentWidget() is mode.mail


def test_leads_list_search_and_card(qtbot, mailbox: Mailbox, settings) -> None:
    lead_id = _nina()
    crm.add_record("lead", {"last_name": "鈴木", "first_name": "一郎",
                            "company": "株式会社ナナホシ", "email": "suzuki@nanahoshi.example"})
    window = _window(qtbot, settings)
    window.crm.show_crm("leads")
    page = window.crm.views.leads
    assert _column(page, 0) == ["Nina Newcomer", "鈴木 一郎"]
    assert _column(page, 5) == ["New", "New"]
    page.search.setText("ナナホシ")
    qtbot.waitUntil(lambda: _column(page, 0) == ["鈴木 一郎"])
    page.search.clear()
    qtbot.waitUntil(lambda: len(_column(page, 0)) == 2)
    assert page.select(lead_id)
    panel = page.detail.widget()
    assert isinstance(panel, RecordPanel) and panel.record.id == lead_id
    assert "Partnership inquiry" in "\n".join(
        label.text() for label in panel.timeline.findChildren(QLabel))
    form = panel.open_form("task")
    form.subject.setText("Send the partner deck")
    with qtbot.waitSignal(window.crm.views.recordChanged):
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert page.selected_id() == lead_id
    assert "Send the partner deck" in "\n".join(
        label.text() for label in page.detail.widget().timeline.findChildren(QLabel))


def test_a_company_lists_its_contacts(qtbot, mailbox: Mailbox, settings) -> None:
    contact = crm.add_record("contact", {"last_name": "Hart", "first_name": "Mia",
                                         "email": "mia@harbor.example", "title": "CTO",
                                         "company": "Harbor Labs"})
    window = _window(qtbot, settings)
    window.crm.show_crm("companies")
    page = window.crm.views.companies
    assert "Harbor Labs" in _column(page, 0)
    page.select(next(row.id for row in page.model.rows if row.name == "Harbor Labs"))
    links = [label for label in page.detail.widget().findChildren(QLabel)
             if contact.id in label.text()]
    assert links and "Mia Hart" in links[0].text()
    links[0].linkActivated.emit(contact.id)
    views = window.crm.views
    assert views.currentWidget() is views.contacts and views.contacts.selected_id() == contact.id


def test_dragging_a_deal_on_the_board_changes_its_stage(qtbot, mailbox: Mailbox,
                                                        settings) -> None:
    window = _window(qtbot, settings)
    window.crm.show_crm("deals")
    deals = window.crm.views.deals
    assert _column(deals.list, 0) == ["年間保守契約"]
    deals.show_view(1)
    board = deals.board
    source, target = board.lists["Proposal"], board.lists["Negotiation"]
    assert (source.count(), target.count()) == (1, 0)
    data = source.mimeData([source.item(0)])
    # What a drag out of a QListWidget offers: copy or move.
    offered = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    drop = QDropEvent(QPointF(10, 10), offered, data,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(board.dealMoved):
        target.dropEvent(drop)
    assert drop.dropAction() == Qt.DropAction.CopyAction  # the source column is left alone
    qtbot.waitUntil(lambda: board.lists["Negotiation"].count() == 1)
    assert board.lists["Proposal"].count() == 0
    [deal] = crm.list_records("deals")
    assert deal.stage == "Negotiation"
    window.crm.show_mail()
    window.open_message(mailbox.ids["quote"])
    assert "Negotiation · ¥1,200,000" in "\n".join(
        label.text() for label in window.sidebar.findChildren(QLabel))


def test_my_activities_by_day_with_done_boxes(qtbot, mailbox: Mailbox, settings) -> None:
    record = crm.lookup("yamada@sample.co.jp").record
    assert record is not None
    today = dt.date.today()
    late = crm.log_activity(record.id, "task", "請求書を確認", due=today - dt.timedelta(days=2))
    crm.log_activity(record.id, "task", "見積書を送る", due=today)
    crm.log_activity(record.id, "event", "定例会", start=dt.datetime.combine(
        today + dt.timedelta(days=3), dt.time(10, 0)))
    window = _window(qtbot, settings)
    window.crm.show_crm("activities")
    page = window.crm.views.activities
    groups = page.groups
    assert [groups[g].text(0) for g in ("overdue", "today", "upcoming")] == [
        "Overdue (1)", "Today (1)", "Upcoming (1)"]
    item = groups["overdue"].child(0)
    assert (item.text(0), item.text(1), item.text(3)) == ("請求書を確認", "Task", "山田 太郎")
    with qtbot.waitSignal(page.recordChanged):
        item.setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: page.groups["overdue"].text(0) == "Overdue (0)")
    assert [a.done for a in crm.list_records("activities", record=record.id)
            if a.id == late.id] == [True]


def test_customer_mail_opens_in_the_reader(qtbot, mailbox: Mailbox, settings) -> None:
    _nina()
    window = _window(qtbot, settings)
    window.crm.show_crm("mail")
    page = window.crm.views.mail
    assert _column(page, 3) == ["Partnership inquiry"]
    assert _column(page, 1) == ["Nina Newcomer"]
    page.table.doubleClicked.emit(page.proxy.index(0, 3))
    assert window.crm.stack.currentWidget() is window.crm.mail
    assert window.reader.message_id == mailbox.ids["inquiry"]
    assert window.sidebar.panel is not None
    assert window.sidebar.panel.record.email == "nina@prospect.example"


def test_a_lead_added_in_the_sidebar_is_in_the_leads_view(qtbot, mailbox: Mailbox,
                                                         settings) -> None:
    window = _window(qtbot, settings)
    window.crm.show_crm("leads")
    assert window.crm.views.leads.model.rows == []
    window.crm.show_mail()
    window.open_message(mailbox.ids["inquiry"])
    unknown = window.sidebar.unknown
    assert unknown is not None
    qtbot.waitUntil(lambda: unknown.form.edits["last_name"].text() == "Newcomer")
    qtbot.mouseClick(unknown.add_lead, Qt.MouseButton.LeftButton)
    window.crm.show_crm("leads")
    assert _column(window.crm.views.leads, 0) == ["Nina Newcomer"]
