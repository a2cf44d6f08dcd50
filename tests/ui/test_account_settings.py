"""Account settings: edit, passwords, default account, remove, test the saved account."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.services.accounts import account_settings
from app.sync import credentials
from app.sync.accounts import AccountSettings, add_account, list_accounts
from tests.integration.imap_helpers import imap_account
from tests.ui.engine_fixtures import WAIT_MS


def _add(name: str, email: str) -> None:
    add_account(AccountSettings(name=name, email=email, protocol="imap",
                                host=f"imap.{email.partition('@')[2]}"), "old-secret")


@pytest.fixture
def dialog(qtbot, empty_home, engine_window):
    _add("Work", "ken@example.jp")
    _add("Home", "ken@home.example")
    _window, engine = engine_window
    dialog = engine.edit_accounts()
    changed: list[bool] = []
    dialog.accountsChanged.connect(lambda: changed.append(True))
    dialog.changed = changed
    return dialog


def _choose(dialog, name: str) -> None:
    for row in range(dialog.accounts.count()):
        if dialog.accounts.item(row).text().startswith(name):
            dialog.accounts.setCurrentRow(row)
    assert dialog.current() == name


def _answer_modal(qtbot, answer) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(0, lambda: answer(QApplication.activeModalWidget()))


def test_lists_accounts_with_the_default(qtbot, dialog) -> None:
    names = [dialog.accounts.item(r).text() for r in range(dialog.accounts.count())]
    assert names == ["Home", "Work  (default)"]
    _choose(dialog, "Work")
    assert dialog.form.name.isReadOnly() and not dialog.form.protocol.isEnabled()
    assert dialog.form.host.text() == "imap.example.jp"
    assert not dialog.buttons["default"].isEnabled()


def test_edit_and_save(qtbot, dialog) -> None:
    _choose(dialog, "Home")
    dialog.display_name.setText("佐藤 健")
    dialog.form.port.setValue(10993)
    dialog.buttons["save"].click()
    qtbot.waitUntil(lambda: dialog.changed == [True], timeout=WAIT_MS)
    settings = account_settings("Home")
    assert (settings.display_name, settings.port) == ("佐藤 健", 10993)
    assert dialog.default_label.text() == "Changes saved."


def test_make_default(qtbot, dialog) -> None:
    _choose(dialog, "Home")
    dialog.buttons["default"].click()
    qtbot.waitUntil(lambda: dialog.changed == [True], timeout=WAIT_MS)
    assert {a.name for a in list_accounts() if a.is_default} == {"Home"}
    assert dialog.current() == "Home" and not dialog.buttons["default"].isEnabled()


def test_change_incoming_password(qtbot, dialog) -> None:
    _choose(dialog, "Work")

    def answer(box: QInputDialog) -> None:
        box.setTextValue("new-secret")
        box.accept()

    _answer_modal(qtbot, answer)
    dialog.buttons["incoming"].click()
    qtbot.waitUntil(lambda: credentials.get_password("Work", "incoming") == "new-secret",
                    timeout=WAIT_MS)
    assert not dialog.buttons["outgoing"].isEnabled()  # sends with the same credentials


def test_remove_after_confirmation(qtbot, dialog) -> None:
    _choose(dialog, "Home")
    _answer_modal(qtbot, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    dialog.buttons["remove"].click()
    qtbot.waitUntil(lambda: dialog.changed == [True], timeout=WAIT_MS)
    assert [a.name for a in list_accounts()] == ["Work"]
    assert credentials.get_password("Home", "incoming") is None
    assert dialog.accounts.count() == 1


@pytest.mark.integration
def test_saved_account_connection_test(qtbot, tmp_path, dovecot, mail_user,
                                       engine_window) -> None:
    session = imap_account(tmp_path / "home", dovecot, mail_user)
    try:
        _window, engine = engine_window
        dialog = engine.edit_accounts()
        dialog.buttons["test"].click()
        qtbot.waitUntil(lambda: bool(dialog.results.checks), timeout=WAIT_MS)
        assert [c.category for c in dialog.results.checks] == ["ok"]
    finally:
        session.close()
