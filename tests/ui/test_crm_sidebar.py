"""The CRM sidebar as a salesperson uses it: add a sender from their mail, log what happened,
create deals, convert a lead, edit a card."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.mail.store import IncomingMessage, store_messages
from app.models.mail import Folder
from app.services import crm
from app.ui.crm.record_panel import RecordPanel
from app.ui.crm.unknown_sender import UnknownSender
from app.ui.main_window import MainWindow
from tests.ui.conftest import NOW, Mailbox, make_raw

SIGNED = (
    "佐藤様\n\nお世話になっております。あおば精機の加藤です。\n図面の修正版をお送りします。\n\n"
    "--\nあおば精機株式会社\n技術部 主任　加藤 直樹\n〒980-0021 宮城県仙台市青葉区中央4-5-6\n"
    "ＴＥＬ：０２２－３４５－６７８９\n携帯：090-1111-2222\n"
)


def _add_mail(box: Mailbox, sender: str, body: str, subject: str, uid: int) -> int:
    [message_id] = store_messages(
        Folder.get_by_id(box.inbox),
        [IncomingMessage(make_raw(subject, body, sender=sender, when=NOW - 60, seq=uid),
                         uid=uid)],
    )
    return message_id


def _window(qtbot, settings: QSettings) -> MainWindow:
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    return window


def _unknown(qtbot, window: MainWindow, message_id: int) -> UnknownSender:
    window.open_message(message_id)
    unknown = window.sidebar.unknown
    assert unknown is not None
    qtbot.waitUntil(lambda: unknown.form.edits["last_name"].text() != "")
    return unknown


def _panel(window: MainWindow) -> RecordPanel:
    panel = window.sidebar.panel
    assert panel is not None and window.sidebar.currentWidget() is window.sidebar.scroll
    return panel


def _text(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel)
                     if label.isVisibleTo(widget))


def _click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _new_lead(qtbot, window: MainWindow, box: Mailbox) -> RecordPanel:
    message_id = _add_mail(box, "加藤 直樹 <kato@aoba-seiki.co.jp>", SIGNED, "図面の件", 50)
    unknown = _unknown(qtbot, window, message_id)
    _click(qtbot, unknown.add_lead)
    qtbot.waitUntil(lambda: window.sidebar.panel is not None)
    return _panel(window)


def test_unknown_sender_shows_the_add_form_prefilled(qtbot, mailbox: Mailbox, settings) -> None:
    message_id = _add_mail(mailbox, "加藤 直樹 <kato@aoba-seiki.co.jp>", SIGNED, "図面の件", 50)
    window = _window(qtbot, settings)
    unknown = _unknown(qtbot, window, message_id)
    assert unknown.form.values() == {
        "last_name": "加藤", "first_name": "直樹", "email": "kato@aoba-seiki.co.jp",
        "phone": "022-345-6789", "mobile": "090-1111-2222", "company": "あおば精機株式会社",
        "title": "技術部 主任", "website": "", "address": "〒980-0021 宮城県仙台市青葉区中央4-5-6",
    }
    assert "kato@aoba-seiki.co.jp" in _text(unknown)
    assert unknown.add_lead.isEnabled() and unknown.add_contact.isEnabled()


def test_saving_creates_the_record_and_shows_its_card(qtbot, mailbox: Mailbox, settings) -> None:
    message_id = _add_mail(mailbox, "加藤 直樹 <kato@aoba-seiki.co.jp>", SIGNED, "図面の件", 50)
    window = _window(qtbot, settings)
    unknown = _unknown(qtbot, window, message_id)
    unknown.form.edits["title"].setText("技術部 課長")  # the user corrects what was read
    with qtbot.waitSignal(window.sidebar.recordChanged) as changed:
        _click(qtbot, unknown.add_contact)
    record = crm.lookup("kato@aoba-seiki.co.jp").record
    assert record is not None and changed.args == [record.id]
    assert (record.kind, record.last_name, record.title, record.phone) == (
        "contact", "加藤", "技術部 課長", "022-345-6789")
    panel = _panel(window)
    text = _text(panel)
    for expected in ("CONTACT", "加藤 直樹", "技術部 課長 · あおば精機株式会社", "022-345-6789",
                     "図面の件"):  # the mail itself is linked and in the timeline
        assert expected in text
    window.open_message(message_id)  # opening the mail again: the card, not the form
    assert window.sidebar.unknown is None and _panel(window).record.id == record.id


def test_a_likely_duplicate_is_offered_before_creating(qtbot, mailbox: Mailbox, settings) -> None:
    existing = crm.add_record("contact", {"last_name": "加藤", "first_name": "直樹",
                                          "company": "あおば精機株式会社",
                                          "email": "n.kato@aoba-seiki.co.jp"})
    message_id = _add_mail(mailbox, "加藤 直樹 <kato@aoba-seiki.co.jp>", SIGNED, "図面の件", 50)
    window = _window(qtbot, settings)
    unknown = _unknown(qtbot, window, message_id)
    _click(qtbot, unknown.add_lead)
    assert unknown.duplicates.isVisible()
    assert existing.id in unknown.duplicate_text.text()
    assert crm.list_records("leads") == []  # nothing created yet
    _click(qtbot, unknown.open_existing)
    assert _panel(window).record.id == existing.id
    window.open_message(message_id)
    unknown = _unknown(qtbot, window, message_id)
    _click(qtbot, unknown.add_lead)
    _click(qtbot, unknown.create_anyway)
    assert [lead.email for lead in crm.list_records("leads")] == ["kato@aoba-seiki.co.jp"]


def test_each_action_logs_an_activity_in_the_timeline(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    panel = _new_lead(qtbot, window, mailbox)
    record_id = panel.record.id
    subjects = {"task": "見積書を再送", "event": "製品デモ", "call": "価格の確認",
                "note": "予算は来期"}
    for kind, subject in subjects.items():
        form = _panel(window).open_form(kind)
        form.subject.setText(subject)
        with qtbot.waitSignal(window.sidebar.recordChanged):
            _click(qtbot, form.save_button)
        assert subject in _text(_panel(window).timeline)
    logged = {a.kind: a.subject for a in crm.list_records("activities", record=record_id)}
    assert logged == subjects


def test_a_form_shows_why_it_cannot_save(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    panel = _new_lead(qtbot, window, mailbox)
    form = panel.open_form("task")
    _click(qtbot, form.save_button)  # no subject
    assert form.error.isVisible() and form.error.text()
    _click(qtbot, form.cancel_button)
    qtbot.waitUntil(lambda: panel.form is None)


def test_deals_are_for_contacts_only(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    lead = _new_lead(qtbot, window, mailbox)
    assert "deal" not in lead.actions and "convert" in lead.actions
    window.open_message(mailbox.ids["quote"])  # 山田 太郎, a contact with one deal
    contact = _panel(window)
    assert "deal" in contact.actions and "convert" not in contact.actions
    form = contact.open_form("deal")
    form.name.setText("追加ライセンス")
    form.amount.setText("300,000")
    with qtbot.waitSignal(window.sidebar.recordChanged):
        _click(qtbot, form.save_button)
    text = _text(_panel(window))
    assert "追加ライセンス" in text and "¥300,000" in text and "年間保守契約" in text


def test_convert_keeps_the_timeline(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    panel = _new_lead(qtbot, window, mailbox)
    form = panel.open_form("note")
    form.subject.setText("展示会で名刺交換")
    with qtbot.waitSignal(window.sidebar.recordChanged):
        _click(qtbot, form.save_button)
    before = _text(_panel(window).timeline)
    assert "展示会で名刺交換" in before and "図面の件" in before
    convert = _panel(window).open_form("convert")
    convert.with_deal.setChecked(True)
    convert.deal_name.setText("検査装置の更新")
    with qtbot.waitSignal(window.sidebar.recordChanged) as changed:
        _click(qtbot, convert.save_button)
    contact = _panel(window)
    assert contact.record.kind == "contact" and changed.args == [contact.record.id]
    assert _text(contact.timeline) == before
    assert "検査装置の更新" in _text(contact) and "deal" in contact.actions


def test_card_fields_are_edited_in_place(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    panel = _new_lead(qtbot, window, mailbox)
    _click(qtbot, panel.edit_button)
    form = panel.form
    assert form is not None
    form.person.edits["mobile"].setText("080-9999-0000")
    form.person.status.setCurrentIndex(form.person.status.findData("contacted"))
    with qtbot.waitSignal(window.sidebar.recordChanged):
        _click(qtbot, form.save_button)
    record = crm.get_record(panel.record.id)
    assert (record.mobile, record.status, record.phone) == ("080-9999-0000", "contacted",
                                                            "022-345-6789")
    assert "LEAD · CONTACTED" in _text(_panel(window))


def test_ticking_a_task_completes_it(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    panel = _new_lead(qtbot, window, mailbox)
    task = crm.log_activity(panel.record.id, "task", "電話する", due="2030-01-10")
    window.sidebar.reload()
    box = _panel(window).timeline.checkboxes[task.id]
    with qtbot.waitSignal(window.sidebar.recordChanged):
        box.setChecked(True)
    assert crm.list_records("activities", record=panel.record.id)[0].done


def test_a_linked_mail_in_the_timeline_opens(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    window.open_message(mailbox.ids["quote"])
    _panel(window).timeline.messageRequested.emit(mailbox.ids["reply"])
    assert window.reader.message_id == mailbox.ids["reply"]


def test_the_sidebar_follows_the_selection(qtbot, mailbox: Mailbox, settings) -> None:
    signed = _add_mail(mailbox, "加藤 直樹 <kato@aoba-seiki.co.jp>", SIGNED, "図面の件", 50)
    window = _window(qtbot, settings)
    window.open_message(signed)
    window.open_message(mailbox.ids["quote"])  # moved on before the signature was read
    assert _panel(window).record.email == "yamada@sample.co.jp"
    window.open_message(mailbox.ids["inquiry"])
    unknown = window.sidebar.unknown
    assert unknown is not None
    qtbot.waitUntil(lambda: unknown.form.edits["last_name"].text() == "Newcomer")
    assert unknown.form.edits["first_name"].text() == "Nina"


def test_mail_the_user_sent_shows_the_recipient(qtbot, mailbox: Mailbox, settings) -> None:
    window = _window(qtbot, settings)
    window.open_message(mailbox.ids["reply"])  # Ken's reply to 山田 太郎
    assert _panel(window).record.email == "yamada@sample.co.jp"
    [sent] = store_messages(
        Folder.get_by_id(mailbox.sent),
        [IncomingMessage(make_raw(
            "Kizuna demo", "Hi Nina,\n\nThanks for your time.\n\n--\nKen Sato\nTel: 03-6300-1234",
            sender="Ken Sato <ken@example.jp>", to="Nina Newcomer <nina@prospect.example>",
            when=NOW - 30, seq=60), uid=9)],
    )
    window.open_message(sent)
    unknown = window.sidebar.unknown
    assert unknown is not None
    qtbot.waitUntil(lambda: unknown.form.edits["last_name"].text() == "Newcomer")
    values = unknown.form.values()
    assert (values["first_name"], values["email"], values["phone"]) == (
        "Nina", "nina@prospect.example", "")  # the signature below is Ken's, not hers
    assert "YOU WROTE TO" in _text(unknown)
