"""Notifications: mail from CRM leads and contacts notifies, other mail only counts."""

from __future__ import annotations

import pytest

from app.mail.store import IncomingMessage, store_messages
from app.models.mail import Folder
from app.services import crm
from app.services import mailbox as mail
from app.ui.notifications import MODE_KEY, MailNotifier, Notice
from tests.integration.imap_helpers import imap_account
from tests.mailfactory import make_message
from tests.ui.conftest import NOW, Mailbox, make_raw
from tests.ui.engine_fixtures import WAIT_MS

_uids = iter(range(100, 10_000))


def _arrive(box: Mailbox, *senders: str) -> list[int]:
    raws = [make_raw(f"Mail {n}", "Hello", sender=sender, when=NOW - n, seq=next(_uids))
            for n, sender in enumerate(senders)]
    return store_messages(Folder.get_by_id(box.inbox),
                          [IncomingMessage(raw, uid=next(_uids)) for raw in raws])


@pytest.fixture
def notifier(qtbot, mailbox: Mailbox, window_settings):
    notifier = MailNotifier(window_settings)
    assert notifier.folders_changed(mail.list_folders()) == []  # what is there is not news
    return notifier


def test_mail_from_a_contact_notifies_and_unknown_mail_does_not(mailbox: Mailbox,
                                                                notifier) -> None:
    [from_contact, from_stranger] = _arrive(
        mailbox, "山田 太郎 <yamada@sample.co.jp>", "Someone <someone@else.example>")
    shown = notifier.folders_changed(mail.list_folders())
    assert shown == [Notice("山田 太郎 (contact)", "Mail 0", from_contact)]
    assert notifier.notices == shown
    assert notifier.unread == 4  # two before, two new: the badge counts them all
    assert notifier.tray.toolTip() == "Kizuna: 4 unread"
    assert from_stranger not in [n.message_id for n in notifier.notices]
    assert notifier.folders_changed(mail.list_folders()) == []  # told once


def test_mail_from_a_lead_notifies(mailbox: Mailbox, notifier) -> None:
    crm.add_record("lead", {"last_name": "新井", "first_name": "一郎",
                            "email": "arai@prospect.example"})
    [message] = _arrive(mailbox, "Arai <arai@prospect.example>")
    assert notifier.folders_changed(mail.list_folders()) == [
        Notice("新井 一郎 (lead)", "Mail 0", message)]


def test_read_mail_does_not_notify(mailbox: Mailbox, notifier) -> None:
    from app.mail import flags

    raw = make_raw("Seen elsewhere", "x", sender="yamada@sample.co.jp", seq=next(_uids))
    store_messages(Folder.get_by_id(mailbox.inbox),
                   [IncomingMessage(raw, uid=next(_uids), flags=flags.SEEN)])
    assert notifier.folders_changed(mail.list_folders()) == []


def test_many_become_one_summary(mailbox: Mailbox, notifier) -> None:
    _arrive(mailbox, *["山田 太郎 <yamada@sample.co.jp>"] * 5)
    [summary] = notifier.folders_changed(mail.list_folders())
    assert summary.title == "5 new messages from your leads and contacts"
    assert summary.body == "山田 太郎"


def test_modes_all_and_off(mailbox: Mailbox, notifier, window_settings) -> None:
    notifier.set_mode("all")
    assert window_settings.value(MODE_KEY) == "all"
    [message] = _arrive(mailbox, "Someone <someone@else.example>")
    assert notifier.folders_changed(mail.list_folders()) == [
        Notice("Someone", "Mail 0", message)]
    notifier.set_mode("off")
    _arrive(mailbox, "山田 太郎 <yamada@sample.co.jp>")
    assert notifier.folders_changed(mail.list_folders()) == []
    assert MailNotifier(window_settings).mode == "off"  # remembered


def test_settings_menu_switches_the_mode(qtbot, mailbox: Mailbox, notifier) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    menu = notifier.settings_menu(parent)
    choices = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert choices["For Mail from &Leads and Contacts"].isChecked()
    choices["&Off"].trigger()
    assert notifier.mode == "off"


def test_a_first_sync_of_a_new_inbox_is_quiet(mailbox: Mailbox, notifier) -> None:
    from app.mail.store import ensure_account, ensure_folder

    inbox = ensure_folder(ensure_account("Home", "ken@home.example"), "INBOX", "inbox")
    store_messages(inbox, [IncomingMessage(make_raw("Old", "x", sender="yamada@sample.co.jp",
                                                    seq=next(_uids)), uid=1)])
    assert notifier.folders_changed(mail.list_folders()) == []


def test_tray_icon_draws_the_badge(qtbot) -> None:
    from app.ui.notifications import tray_icon

    plain, badged = tray_icon(0).pixmap(64, 64).toImage(), tray_icon(7).pixmap(64, 64).toImage()
    red = badged.pixelColor(56, 6)
    assert (red.red(), red.green() < 100) == (217, True)
    assert plain.pixelColor(56, 6).alpha() == 0


@pytest.mark.integration
def test_idle_mail_from_a_contact_raises_a_notification(qtbot, tmp_path, dovecot,
                                                        mail_user, engine_window) -> None:
    session = imap_account(tmp_path / "home", dovecot, mail_user)
    try:
        crm.add_record("contact", {"last_name": "山田", "first_name": "太郎",
                                   "email": "yamada@sample.co.jp"})
        dovecot.deliver(mail_user.name, make_message("Before", seq=1))
        window, engine = engine_window
        engine.start()
        watcher, _task = engine.sync.watchers["Work"]
        qtbot.waitUntil(lambda: window.message_model.rowCount() == 1 and watcher.idling.is_set()
                        and not engine.sync.syncing(), timeout=WAIT_MS)
        assert engine.notifier.notices == []  # mail that was there is not news

        dovecot.deliver(mail_user.name, make_message("Stranger", sender="x@y.example", seq=2))
        qtbot.waitUntil(lambda: window.message_model.rowCount() == 2, timeout=WAIT_MS)
        dovecot.deliver(mail_user.name, make_message(
            "見積もりの件", sender="山田 太郎 <yamada@sample.co.jp>", seq=3))
        qtbot.waitUntil(lambda: bool(engine.notifier.notices), timeout=WAIT_MS)
        [notice] = engine.notifier.notices
        assert (notice.title, notice.body) == ("山田 太郎 (contact)", "見積もりの件")

        engine.notifier.tray.messageClicked.emit()  # the user clicks the notification
        assert window.reader.message_id == notice.message_id
    finally:
        session.close()
