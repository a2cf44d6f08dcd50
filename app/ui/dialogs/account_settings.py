"""Accounts after the wizard: edit servers, change the incoming or outgoing password, test,
choose the default account for sending, remove.

The name and protocol stay as they are (the keyring and the stored folders depend on them);
passwords are only ever written to the keyring, from their own buttons.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services.accounts import account_settings, set_default_account, update_account
from app.sync import credentials
from app.sync.accounts import AccountSettings, AccountView, list_accounts, remove_account
from app.ui.bridge import LOCAL_LANE, EngineBridge, SyncCancelled, spawn
from app.ui.dialogs.connection_check import ConnectionResults, probe
from app.ui.dialogs.server_form import ServerForm


class AccountSettingsDialog(QDialog):
    accountsChanged = Signal()  # saved, removed, default changed: the window reloads
    addRequested = Signal()

    def __init__(self, bridge: EngineBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.setWindowTitle(self.tr("Mail Accounts"))
        self.accounts = QListWidget()
        self.accounts.setMinimumWidth(180)
        self.accounts.currentItemChanged.connect(lambda _now, _before: self._load())
        add = QPushButton(self.tr("&Add Account…"))
        add.clicked.connect(lambda _checked=False: self._add())
        left = QVBoxLayout()
        left.addWidget(self.accounts, 1)
        left.addWidget(add)

        self.email, self.display_name = QLineEdit(), QLineEdit()
        identity = QFormLayout()
        identity.addRow(self.tr("Email address:"), self.email)
        identity.addRow(self.tr("Your name:"), self.display_name)
        self.form = ServerForm(editing=True)
        self.default_label = QLabel()
        self.results = ConnectionResults()
        self.buttons = {
            "save": self._button(self.tr("&Save Changes"), self._save),
            "test": self._button(self.tr("&Test Connection"), self._test),
            "incoming": self._button(self.tr("Change &Incoming Password…"),
                                     lambda: self._change_password("incoming")),
            "outgoing": self._button(self.tr("Change &Outgoing Password…"),
                                     lambda: self._change_password("outgoing")),
            "default": self._button(self.tr("Send from This Account by &Default"),
                                    self._make_default),
            "remove": self._button(self.tr("&Remove Account…"), self._remove),
        }
        grid = QGridLayout()
        for position, key in enumerate(("save", "test", "incoming", "outgoing", "default",
                                        "remove")):
            grid.addWidget(self.buttons[key], position // 2, position % 2)
        content = QWidget()
        right = QVBoxLayout(content)
        right.addLayout(identity)
        right.addWidget(self.form)
        right.addWidget(self.default_label)
        right.addLayout(grid)
        right.addWidget(self.results)
        right.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)

        body = QHBoxLayout()
        body.addLayout(left)
        body.addWidget(scroll, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.resize(900, 760)
        self.reload()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def reload(self, select: str | None = None) -> None:
        current = select or self.current()
        self.accounts.clear()
        for view in list_accounts():
            if view.protocol == "local":
                continue  # demo data: nothing to configure
            item = QListWidgetItem(view.name + (self.tr("  (default)") if view.is_default
                                                else ""))
            item.setData(Qt.ItemDataRole.UserRole, view)
            self.accounts.addItem(item)
            if view.name == current:
                self.accounts.setCurrentItem(item)
        if self.accounts.currentItem() is None and self.accounts.count():
            self.accounts.setCurrentRow(0)
        self._load()

    def current(self) -> str | None:
        view = self._view()
        return view.name if view else None

    def _view(self) -> AccountView | None:
        item = self.accounts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _load(self) -> None:
        view = self._view()
        for button in self.buttons.values():
            button.setEnabled(view is not None)
        self.form.setEnabled(view is not None)
        self.results.clear()
        if view is None:
            self.default_label.setText(self.tr("No accounts yet: add one."))
            return
        settings = account_settings(view.name)
        self.email.setText(settings.email)
        self.display_name.setText(settings.display_name)
        self.form.load(settings)
        self.buttons["outgoing"].setEnabled(not view.same_credentials)
        self.buttons["default"].setEnabled(not view.is_default)
        self.default_label.setText(
            self.tr("New mail is sent from this account unless you choose another.")
            if view.is_default else ""
        )

    def _settings(self) -> AccountSettings:
        return self.form.settings(self.email.text().strip(), self.display_name.text().strip())

    # --- the buttons ------------------------------------------------------------------------
    def _run(self, work: Callable[..., object], *args: object, done: str = "") -> None:
        spawn(self._call(work, *args, done=done))

    async def _call(self, work: Callable[..., object], *args: object, done: str) -> None:
        name = self.current()
        try:
            await self.bridge.call(LOCAL_LANE, work, *args)
        except SyncCancelled:
            return
        except KizunaError as error:
            self.results.show_error(error.message())
            return
        self.accountsChanged.emit()
        self.reload(name)
        if done:
            self.default_label.setText(done)

    def _save(self) -> None:
        self._run(update_account, self._settings(), done=self.tr("Changes saved."))

    def _make_default(self) -> None:
        name = self.current()
        if name:
            self._run(set_default_account, name)

    def _change_password(self, direction: str) -> None:
        name = self.current()
        if not name:
            return
        title = (self.tr("Incoming Password") if direction == "incoming"
                 else self.tr("Outgoing Password"))
        password, ok = QInputDialog.getText(
            self, title, self.tr("New password for {name}:").format(name=name),
            QLineEdit.EchoMode.Password,
        )
        if ok and password:
            self._run(credentials.set_password, name, direction, password,
                      done=self.tr("Password changed."))

    def _remove(self) -> None:
        name = self.current()
        if not name:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove Account"),
            self.tr("Remove “{name}” and the mail downloaded for it from this computer? "
                    "Mail on the server is not touched.").format(name=name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(remove_account, name)

    def _test(self) -> None:
        spawn(self._check())

    async def _check(self) -> None:
        self.results.show_busy()
        try:
            checks = await self.bridge.call(("test", self.current() or ""), probe,
                                            self._settings(), None, None)
        except SyncCancelled:
            return
        except KizunaError as error:
            self.results.show_error(error.message())
            return
        self.results.show_checks(checks)

    def _add(self) -> None:
        self.addRequested.emit()
