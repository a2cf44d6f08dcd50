"""The server fields of an account, shared by the wizard and the settings dialog.

Encrypted connections only, unless the user ticks "Allow unencrypted connections": the
"None" security choice stays disabled until then, and unticking it moves any "None" back
to SSL/TLS. Changing the security or protocol moves a port that still holds a standard
number to the new standard one, and leaves a port the user typed alone.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.sync.accounts import DEFAULT_PORTS, AccountSettings
from app.sync.presets import PRESETS, Preset

RETENTIONS = ("keep", "delete", "days", "mirror")


def _security_combo() -> QComboBox:
    combo = QComboBox()
    combo.addItem(QCoreApplication.translate("ServerForm", "SSL/TLS"), "ssl")
    combo.addItem(QCoreApplication.translate("ServerForm", "STARTTLS"), "starttls")
    combo.addItem(QCoreApplication.translate("ServerForm", "None (unencrypted)"), "none")
    return combo


def _port_field() -> QSpinBox:
    port = QSpinBox()
    port.setRange(1, 65535)
    return port


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class ServerForm(QWidget):
    changed = Signal()  # any field: an earlier connection test no longer applies

    def __init__(self, parent: QWidget | None = None, *, editing: bool = False) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        top = QFormLayout()
        self.provider = QComboBox()
        self.provider.addItem(self.tr("Other (enter the servers)"), "")
        for preset in PRESETS.values():
            self.provider.addItem(preset.label, preset.key)
        self.provider.activated.connect(lambda _index: self.apply_preset(self.preset()))
        self.name = QLineEdit()
        self.name.setReadOnly(editing)  # the keyring knows passwords by this name
        top.addRow(self.tr("Provider:"), self.provider)
        top.addRow(self.tr("Account name:"), self.name)
        layout.addLayout(top)

        incoming = QGroupBox(self.tr("Incoming mail"))
        form = QFormLayout(incoming)
        self.protocol = QComboBox()
        self.protocol.addItem("IMAP", "imap")
        self.protocol.addItem("POP3", "pop3")
        self.protocol.setEnabled(not editing)  # stored folders belong to one protocol
        self.host, self.port, self.security = QLineEdit(), _port_field(), _security_combo()
        self.username = QLineEdit()
        self.retention = QComboBox()
        self.retention.addItem(self.tr("Leave messages on the server"), "keep")
        self.retention.addItem(self.tr("Delete from the server once downloaded"), "delete")
        self.retention.addItem(self.tr("Delete from the server after some days"), "days")
        self.retention.addItem(self.tr("Delete from the server when deleted here"), "mirror")
        self.retention_days = QSpinBox()
        self.retention_days.setRange(1, 3650)
        self.retention_days.setValue(14)
        self.retention_days.setSuffix(self.tr(" days"))
        retention = QWidget()
        row = QHBoxLayout(retention)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.retention, 1)
        row.addWidget(self.retention_days)
        form.addRow(self.tr("Protocol:"), self.protocol)
        form.addRow(self.tr("Server:"), self.host)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Security:"), self.security)
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("POP3 messages:"), retention)
        self._incoming_form, self._retention_row = form, retention
        layout.addWidget(incoming)

        outgoing = QGroupBox(self.tr("Outgoing mail (SMTP)"))
        form = QFormLayout(outgoing)
        self.smtp_host, self.smtp_port = QLineEdit(), _port_field()
        self.smtp_security = _security_combo()
        self.same_credentials = QCheckBox(self.tr("Use the incoming user name and password"))
        self.same_credentials.setChecked(True)
        self.smtp_username = QLineEdit()
        self.smtp_password = QLineEdit()
        self.smtp_password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Server:"), self.smtp_host)
        form.addRow(self.tr("Port:"), self.smtp_port)
        form.addRow(self.tr("Security:"), self.smtp_security)
        form.addRow("", self.same_credentials)
        form.addRow(self.tr("User name:"), self.smtp_username)
        form.addRow(self.tr("Password:"), self.smtp_password)
        self._outgoing_form = form
        self._editing = editing
        layout.addWidget(outgoing)

        self.insecure = QCheckBox(
            self.tr("Allow unencrypted connections (passwords and mail travel readable)")
        )
        self.ca_file = QLineEdit()
        self.ca_file.setPlaceholderText(self.tr("Only for servers with their own certificate"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        ca_row = QWidget()
        row = QHBoxLayout(ca_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.ca_file, 1)
        row.addWidget(browse)
        extra = QFormLayout()
        extra.addRow("", self.insecure)
        extra.addRow(self.tr("Trusted certificate:"), ca_row)
        layout.addLayout(extra)

        self.protocol.currentIndexChanged.connect(self._protocol_changed)
        self.security.currentIndexChanged.connect(lambda _i: self._standard_port("in"))
        self.smtp_security.currentIndexChanged.connect(lambda _i: self._standard_port("out"))
        self.retention.currentIndexChanged.connect(self._show_rows)
        self.same_credentials.toggled.connect(self._show_rows)
        self.insecure.toggled.connect(self._insecure_toggled)
        for field in (self.name, self.host, self.username, self.smtp_host, self.smtp_username,
                      self.smtp_password, self.ca_file):
            field.textChanged.connect(self.changed)
        for box in (self.port, self.smtp_port, self.retention_days):
            box.valueChanged.connect(self.changed)
        for combo in (self.protocol, self.security, self.smtp_security, self.retention):
            combo.currentIndexChanged.connect(self.changed)
        for check in (self.same_credentials, self.insecure):
            check.toggled.connect(self.changed)
        self._ports = {"in": self._default_port("in"), "out": self._default_port("out")}
        self.port.setValue(self._ports["in"])
        self.smtp_port.setValue(self._ports["out"])
        self._insecure_toggled(False)
        self._show_rows()

    # --- filling ----------------------------------------------------------------------------
    def preset(self) -> Preset | None:
        return PRESETS.get(self.provider.currentData() or "")

    def apply_preset(self, preset: Preset | None) -> None:
        """Fill the servers of a provider; "Other" leaves what the user typed."""
        _select(self.provider, preset.key if preset else "")
        if preset is None:
            return
        incoming = preset.imap if self.protocol.currentData() == "imap" else preset.pop3
        self.host.setText(incoming.host)
        _select(self.security, incoming.security)
        self.port.setValue(incoming.port)
        self.smtp_host.setText(preset.smtp.host)
        _select(self.smtp_security, preset.smtp.security)
        self.smtp_port.setValue(preset.smtp.port)
        self._ports = {"in": incoming.port, "out": preset.smtp.port}

    def load(self, view: AccountSettings) -> None:
        self.name.setText(view.name)
        _select(self.protocol, view.protocol)
        _select(self.provider, view.preset)
        self.insecure.setChecked(view.allow_insecure)
        self.host.setText(view.host)
        _select(self.security, view.security)
        self.port.setValue(view.port)
        self.username.setText(view.username)
        self.smtp_host.setText(view.smtp_host)
        _select(self.smtp_security, view.smtp_security)
        if view.smtp_port:
            self.smtp_port.setValue(view.smtp_port)
        self.same_credentials.setChecked(view.same_credentials)
        kind, _colon, days = view.pop_retention.partition(":")
        _select(self.retention, kind)
        if days.isdigit():
            self.retention_days.setValue(int(days))
        self.smtp_username.setText(view.smtp_username)
        self.ca_file.setText(view.ca_file)
        self._ports = {"in": view.port, "out": view.smtp_port}
        self._show_rows()

    def settings(self, email: str, display_name: str) -> AccountSettings:
        retention = self.retention.currentData()
        if retention == "days":
            retention = f"days:{self.retention_days.value()}"
        smtp_host = self.smtp_host.text().strip()
        same = self.same_credentials.isChecked()
        return AccountSettings(
            name=self.name.text().strip(), email=email, protocol=self.protocol.currentData(),
            host=self.host.text().strip(), port=self.port.value(),
            security=self.security.currentData(),
            username=self.username.text().strip() or email, display_name=display_name,
            smtp_host=smtp_host, smtp_port=self.smtp_port.value() if smtp_host else 0,
            smtp_security=self.smtp_security.currentData(),
            smtp_username="" if same else self.smtp_username.text().strip(),
            same_credentials=same,
            pop_retention=retention if self.protocol.currentData() == "pop3" else "keep",
            ca_file=self.ca_file.text().strip(), allow_insecure=self.insecure.isChecked(),
        )

    def outgoing_password(self) -> str | None:
        """A separate sending password, when the user gave one."""
        if self.same_credentials.isChecked() or not self.smtp_password.text():
            return None
        return self.smtp_password.text()

    # --- keeping the fields consistent ------------------------------------------------------
    def _default_port(self, side: str) -> int:
        if side == "in":
            return DEFAULT_PORTS[(self.protocol.currentData(), self.security.currentData())]
        return DEFAULT_PORTS[("smtp", self.smtp_security.currentData())]

    def _standard_port(self, side: str) -> None:
        field = self.port if side == "in" else self.smtp_port
        if field.value() == self._ports[side]:  # not a port the user typed
            self._ports[side] = self._default_port(side)
            field.setValue(self._ports[side])

    def _protocol_changed(self) -> None:
        preset = self.preset()
        if preset is not None:
            self.apply_preset(preset)
        else:
            self._standard_port("in")
        self._show_rows()

    def _insecure_toggled(self, allowed: bool) -> None:
        for combo in (self.security, self.smtp_security):
            model = combo.model()
            assert isinstance(model, QStandardItemModel)
            model.item(combo.findData("none")).setEnabled(allowed)
            if not allowed and combo.currentData() == "none":
                _select(combo, "ssl")

    def _show_rows(self) -> None:
        pop3 = self.protocol.currentData() == "pop3"
        self._incoming_form.setRowVisible(self._retention_row, pop3)
        self.retention_days.setVisible(self.retention.currentData() == "days")
        separate = not self.same_credentials.isChecked()
        self._outgoing_form.setRowVisible(self.smtp_username, separate)
        # Editing changes the sending password from its own button, never by retyping here.
        self._outgoing_form.setRowVisible(self.smtp_password, separate and not self._editing)

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Trusted certificate"), "",
            self.tr("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        if path:
            self.ca_file.setText(path)
