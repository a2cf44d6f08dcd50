"""The account wizard: presets, safe security choices, "Test Connection" against a real
Dovecot with its categorized errors, and saving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from app.sync import credentials
from app.sync.accounts import list_accounts
from app.ui.bridge import EngineBridge
from app.ui.dialogs.account_wizard import AccountWizard
from tests.integration.dovecot import free_ports
from tests.ui.engine_fixtures import WAIT_MS


@pytest.fixture
def wizard(qtbot, qloop, empty_home):
    bridge = EngineBridge()
    wizard = AccountWizard(bridge)
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    bridge.shutdown()


def _start(wizard: AccountWizard, address: str, password: str = "secret") -> None:
    wizard.identity.email.setText(address)
    wizard.identity.password.setText(password)
    assert wizard.identity.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.servers


def _point_at(wizard: AccountWizard, server, user, *, port: int | None = None) -> None:
    form = wizard.form
    form.host.setText(server.host)
    form.port.setValue(port or server.imaps_port)
    form.username.setText(user.name)
    form.ca_file.setText(str(server.ca_file))
    form.smtp_host.setText("")


def _test(qtbot, wizard: AccountWizard) -> None:
    qtbot.mouseClick(wizard.servers.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(wizard.results.checks) or _error_shown(wizard),
                    timeout=WAIT_MS)


def _error_shown(wizard: AccountWizard) -> bool:
    return bool(wizard.results.lines) and wizard.results.lines != ["Connecting…"]


def test_a_known_provider_fills_the_servers(qtbot, wizard) -> None:
    wizard.identity.email.setText("ken@gmail.com")
    assert "Gmail" in wizard.identity.detected.text()
    assert "app password" in wizard.identity.detected.text()
    _start(wizard, "ken@gmail.com")
    form = wizard.form
    assert form.provider.currentText() == "Gmail"
    assert (form.host.text(), form.port.value(), form.security.currentData()) == (
        "imap.gmail.com", 993, "ssl")
    assert (form.smtp_host.text(), form.smtp_port.value()) == ("smtp.gmail.com", 465)
    assert form.name.text() == form.username.text() == "ken@gmail.com"
    form.protocol.setCurrentIndex(form.protocol.findData("pop3"))
    assert (form.host.text(), form.port.value()) == ("pop.gmail.com", 995)
    assert wizard.servers.make_default.isChecked()  # the first account sends by default
    assert not wizard.servers.make_default.isEnabled()


def test_an_unknown_domain_asks_for_the_servers(qtbot, wizard) -> None:
    _start(wizard, "ken@sample.co.jp")
    form = wizard.form
    assert form.provider.currentData() == ""
    assert form.host.text() == "" and form.host.placeholderText() == "imap.sample.co.jp"
    assert (form.port.value(), form.smtp_port.value()) == (993, 465)


def test_plaintext_only_behind_the_insecure_box(qtbot, wizard) -> None:
    _start(wizard, "ken@sample.co.jp")
    form = wizard.form
    none = form.security.model().item(form.security.findData("none"))
    assert not none.isEnabled()
    form.security.setCurrentIndex(form.security.findData("starttls"))
    assert form.port.value() == 143  # a standard port follows the security choice
    form.port.setValue(10143)
    form.security.setCurrentIndex(form.security.findData("ssl"))
    assert form.port.value() == 10143  # a port the user typed stays
    form.insecure.setChecked(True)
    assert none.isEnabled()
    form.security.setCurrentIndex(form.security.findData("none"))
    form.insecure.setChecked(False)
    assert form.security.currentData() == "ssl" and not none.isEnabled()


def test_pop3_retention_choice(qtbot, wizard) -> None:
    _start(wizard, "ken@sample.co.jp")
    form = wizard.form
    assert not form._retention_row.isVisibleTo(form)
    form.protocol.setCurrentIndex(form.protocol.findData("pop3"))
    assert form.port.value() == 995
    assert form._retention_row.isVisibleTo(form)
    form.retention.setCurrentIndex(form.retention.findData("days"))
    form.retention_days.setValue(30)
    form.host.setText("pop.sample.co.jp")
    assert wizard.settings().pop_retention == "days:30"


@pytest.mark.integration
def test_wrong_password_shows_the_auth_category(qtbot, wizard, dovecot, mail_user) -> None:
    _start(wizard, f"{mail_user.name}@example.com", password="not-the-password")
    _point_at(wizard, dovecot, mail_user)
    _test(qtbot, wizard)
    [incoming] = wizard.results.checks
    assert (incoming.ok, incoming.category) == (False, "auth")
    assert wizard.results.lines[0].startswith("✘ Incoming (IMAP 127.0.0.1:")
    assert "wrong user name or password" in wizard.results.lines[0]
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.text() == "&Save Anyway"
    wizard.reject()  # the password filed for the test goes again
    qtbot.waitUntil(lambda: credentials.get_password(wizard.form.name.text(), "incoming")
                    is None, timeout=WAIT_MS)
    assert list_accounts() == []


@pytest.mark.integration
def test_closed_port_is_unreachable(qtbot, wizard, dovecot, mail_user) -> None:
    _start(wizard, f"{mail_user.name}@example.com", password=mail_user.password)
    _point_at(wizard, dovecot, mail_user, port=free_ports(1)[0])
    _test(qtbot, wizard)
    assert wizard.results.checks[0].category == "unreachable"


@pytest.mark.integration
def test_a_name_in_use_is_refused_before_connecting(qtbot, wizard, dovecot, mail_user) -> None:
    from app.mail.store import ensure_account

    ensure_account("Work", "old@example.com", protocol="imap")
    _start(wizard, f"{mail_user.name}@example.com", password=mail_user.password)
    _point_at(wizard, dovecot, mail_user)
    wizard.form.name.setText("Work")
    _test(qtbot, wizard)
    assert wizard.results.checks == []
    assert wizard.results.lines == ["An account named “Work” already exists."]


@pytest.mark.integration
def test_adds_an_imap_account_and_syncs_it(qtbot, engine_window, dovecot, mail_user,
                                           smtpd, empty_home) -> None:
    from tests.mailfactory import make_message

    dovecot.deliver(mail_user.name, make_message("Welcome aboard", seq=1))
    window, engine = engine_window
    wizard = engine.add_account()
    added: list[str] = []
    wizard.accountAdded.connect(added.append)
    wizard.identity.display_name.setText("佐藤 健")
    _start(wizard, f"{mail_user.name}@example.com", password=mail_user.password)
    _point_at(wizard, dovecot, mail_user)
    form = wizard.form
    form.name.setText("Work")
    form.insecure.setChecked(True)  # the test SMTP server speaks plaintext only
    form.smtp_host.setText(smtpd.host)
    form.smtp_security.setCurrentIndex(form.smtp_security.findData("none"))
    form.smtp_port.setValue(smtpd.port)
    _test(qtbot, wizard)
    assert [(c.role, c.ok, c.category) for c in wizard.results.checks] == [
        ("incoming", True, "ok"), ("outgoing", True, "ok")]
    assert wizard.results.lines[0].startswith("✔ Incoming (IMAP")
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: added == ["Work"], timeout=WAIT_MS)
    assert not wizard.isVisible()
    [view] = list_accounts()
    assert (view.name, view.protocol, view.port, view.display_name, view.is_default) == (
        "Work", "imap", dovecot.imaps_port, "佐藤 健", True)
    assert credentials.get_password("Work", "incoming") == mail_user.password
    # The new account syncs at once and its mail shows in the window.
    qtbot.waitUntil(lambda: window.message_model.rowCount() == 1, timeout=WAIT_MS)
    assert window.message_model.message(0).subject == "Welcome aboard"
    assert "Work" in engine.sync.watchers


@pytest.mark.integration
def test_pop3_account_passes_the_test(qtbot, wizard, dovecot, mail_user) -> None:
    _start(wizard, f"{mail_user.name}@example.com", password=mail_user.password)
    form = wizard.form
    form.protocol.setCurrentIndex(form.protocol.findData("pop3"))
    _point_at(wizard, dovecot, mail_user, port=dovecot.pop3s_port)
    form.retention.setCurrentIndex(form.retention.findData("delete"))
    _test(qtbot, wizard)
    assert [(c.protocol, c.category) for c in wizard.results.checks] == [("pop3", "ok")]
    assert wizard.settings().pop_retention == "delete"
