"""Adding a mail account: address and password first, then the servers (filled in for known
providers), "Test Connection", and save.

Saving tests the connection first unless the same settings have just passed; when the test
fails the user sees why and may still "Save Anyway" (a server that is down today is no
reason to retype everything tomorrow).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.errors import KizunaError, user_language
from app.services.accounts import set_default_account
from app.sync import credentials
from app.sync.accounts import AccountSettings, AccountView, add_account, list_accounts, validate
from app.sync.presets import Preset, suggest_preset
from app.ui.bridge import LOCAL_LANE, EngineBridge, SyncCancelled, spawn
from app.ui.dialogs.connection_check import ConnectionResults, probe
from app.ui.dialogs.server_form import ServerForm
from app.ui.palette import set_text_tone


def _hint(preset: Preset | None) -> str:
    if preset is None or not preset.app_password_hint:
        return ""
    return preset.app_password_hint_ja if user_language() == "ja" else preset.app_password_hint


def _note_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    set_text_tone(label, "muted")
    return label


def save_account(settings: AccountSettings, password: str, outgoing_password: str | None,
                 make_default: bool) -> AccountView:
    """Blocking (database and keyring): run it in an executor."""
    view = add_account(settings, password)
    if outgoing_password is not None:
        credentials.set_password(settings.name, "outgoing", outgoing_password)
    if make_default and not view.is_default:
        view = set_default_account(settings.name)
    return view


def forget_passwords(names: set[str]) -> None:
    """Passwords a test filed for accounts that were never saved."""
    kept = {a.name for a in list_accounts()}
    for name in names - kept:
        credentials.delete_passwords(name)


class IdentityPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Your mail account"))
        self.setSubTitle(self.tr("Kizuna fills in the servers of common providers for you."))
        self.display_name = QLineEdit()
        self.display_name.setPlaceholderText(self.tr("The name people see, e.g. 佐藤 健"))
        self.email = QLineEdit()
        self.email.setPlaceholderText("ken@example.jp")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.detected = _note_label()
        form = QFormLayout(self)
        form.addRow(self.tr("Your name:"), self.display_name)
        form.addRow(self.tr("Email address:"), self.email)
        form.addRow(self.tr("Password:"), self.password)
        form.addRow("", self.detected)
        self.email.textChanged.connect(self._email_changed)
        self.password.textChanged.connect(self.completeChanged)

    def address(self) -> str:
        return self.email.text().strip()

    def _email_changed(self) -> None:
        preset = suggest_preset(self.address())
        if preset is None:
            self.detected.setText("")
        else:
            detected = self.tr("{provider}: the servers will be filled in.").format(
                provider=preset.label)
            self.detected.setText(" ".join(t for t in (detected, _hint(preset)) if t))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        local, at, domain = self.address().partition("@")
        return bool(local and at and "." in domain and self.password.text())


class ServerPage(QWizardPage):
    def __init__(self, identity: IdentityPage) -> None:
        super().__init__()
        self.identity = identity
        self.setTitle(self.tr("Servers"))
        self.setSubTitle(self.tr("Check the servers, then test the connection."))
        self.form = ServerForm()
        self.make_default = QCheckBox(self.tr("Send new mail from this account by default"))
        self.test_button = QPushButton(self.tr("&Test Connection"))
        self.results = ConnectionResults()
        self.hint = _note_label()
        buttons = QHBoxLayout()
        buttons.addWidget(self.make_default, 1)
        buttons.addWidget(self.test_button)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        layout.addWidget(self.results)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self._filled_for = ""

    def initializePage(self) -> None:
        address = self.identity.address()
        if address == self._filled_for:
            return  # back and forth without a new address keeps the user's edits
        form = self.form
        if form.name.text() in ("", self._filled_for):
            form.name.setText(address)
        if form.username.text() in ("", self._filled_for):
            form.username.setText(address)
        domain = address.rpartition("@")[2]
        form.host.setPlaceholderText(f"imap.{domain}")
        form.smtp_host.setPlaceholderText(f"smtp.{domain}")
        preset = suggest_preset(address)
        form.apply_preset(preset)
        self.hint.setText(_hint(preset))
        self.hint.setVisible(bool(self.hint.text()))
        others = [a for a in list_accounts() if a.protocol != "local"]
        self.make_default.setChecked(not others)
        self.make_default.setEnabled(bool(others))  # the first account sends by default
        self._filled_for = address


class AccountWizard(QWizard):
    accountAdded = Signal(str)  # the new account's name, once saved

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWindowTitle(self.tr("Add Mail Account"))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.identity = IdentityPage()
        self.servers = ServerPage(self.identity)
        self.addPage(self.identity)
        self.addPage(self.servers)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Add Account"))
        self.resize(620, 720)
        self.results = self.servers.results
        self.form = self.servers.form
        self.servers.test_button.clicked.connect(lambda _checked=False: self.test())
        self.form.changed.connect(self._settings_changed)
        for field in (self.identity.email, self.identity.password, self.identity.display_name):
            field.textChanged.connect(self._settings_changed)
        self._tested: tuple[AccountSettings, bool] | None = None  # settings, passed
        self._probed: set[str] = set()
        self._busy = False

    def settings(self) -> AccountSettings:
        return self.form.settings(self.identity.address(),
                                  self.identity.display_name.text().strip())

    def _settings_changed(self) -> None:
        self._tested = None
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Add Account"))

    def _problem(self, settings: AccountSettings) -> str | None:
        """What makes these settings unusable before any server is asked."""
        if not settings.name:
            return self.tr("Give the account a name.")
        if settings.name in {a.name for a in list_accounts()}:
            return self.tr("An account named “{name}” already exists.").format(
                name=settings.name)
        try:
            validate(settings)
        except KizunaError as error:
            return error.message()
        return None

    def test(self, then_save: bool = False) -> None:
        if not self._busy:
            spawn(self._test(then_save))

    async def _test(self, then_save: bool) -> None:
        settings = self.settings()
        problem = self._problem(settings)
        if problem:
            self.results.show_error(problem)
            return
        self._set_busy(True)
        self.results.show_busy()
        self._probed.add(settings.name)
        try:
            checks = await self.bridge.call(
                ("test", settings.name), probe, settings, self.identity.password.text(),
                self.form.outgoing_password(),
            )
        except SyncCancelled:
            return
        except KizunaError as error:
            self.results.show_error(error.message())
            return
        finally:
            self._set_busy(False)
        self.results.show_checks(checks)
        passed = all(check.ok for check in checks)
        self._tested = (settings, passed)
        if passed and then_save:
            await self._save(settings)
        elif not passed:
            self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Save Anyway"))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.servers.test_button.setEnabled(not busy)
        self.button(QWizard.WizardButton.FinishButton).setEnabled(not busy)

    def accept(self) -> None:
        """Finish: save settings that were just tested (passed, or the user saw the
        failure); test first otherwise."""
        settings = self.settings()
        if self._tested is not None and self._tested[0] == settings:
            spawn(self._save(settings))
        else:
            self.test(then_save=True)

    async def _save(self, settings: AccountSettings) -> None:
        self._set_busy(True)
        try:
            await self.bridge.call(
                LOCAL_LANE, save_account, settings, self.identity.password.text(),
                self.form.outgoing_password(), self.servers.make_default.isChecked(),
            )
        except SyncCancelled:
            return
        except KizunaError as error:
            self.results.show_error(error.message())
            return
        finally:
            self._set_busy(False)
        self._probed.discard(settings.name)
        self._forget()
        self.accountAdded.emit(settings.name)
        super().accept()

    def reject(self) -> None:
        self._forget()
        super().reject()

    def _forget(self) -> None:
        if self._probed:
            names, self._probed = set(self._probed), set()
            spawn(self.bridge.call(LOCAL_LANE, forget_passwords, names))
