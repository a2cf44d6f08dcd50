""""Test connection": log in to the incoming and outgoing servers of settings not yet saved,
and show one line per server with its category (wrong password, server not found, TLS
certificate problem, STARTTLS not offered, mailbox not reachable, try again later).

The engine's checks read passwords from the keyring by account name, so the probe files
the typed passwords there first under the new account's name; the wizard removes them
again if the account is not saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.errors import user_language
from app.sync import connection_test, credentials
from app.sync.accounts import AccountSettings
from app.sync.connection_test import ServerCheck
from app.ui.palette import set_text_tone


def probe(settings: AccountSettings, password: str | None,
          outgoing_password: str | None) -> list[ServerCheck]:
    """Blocking: run it in an executor. A missing keyring or CA file raises typed."""
    if password is not None:
        credentials.set_password(settings.name, "incoming", password)
    if outgoing_password is not None:
        credentials.set_password(settings.name, "outgoing", outgoing_password)
    # The checks read only the server fields, which AccountSettings has like a saved Account.
    checks = [connection_test.check_incoming(settings)]  # type: ignore[arg-type]
    if settings.smtp_host:
        checks.append(connection_test.check_outgoing(settings))  # type: ignore[arg-type]
    return checks


class ConnectionResults(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checks: list[ServerCheck] = []
        self.lines: list[str] = []  # what is shown, for tests and screen readers alike
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 4)

    def clear(self) -> None:
        self.checks, self.lines = [], []
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()

    def show_busy(self) -> None:
        self.clear()
        self._line(self.tr("Connecting…"))

    def show_error(self, text: str) -> None:
        self.clear()
        self._line(text, "error")

    def show_checks(self, checks: list[ServerCheck]) -> None:
        self.clear()
        self.checks = checks
        ja = user_language() == "ja"
        for check in checks:
            role = self.tr("Incoming") if check.role == "incoming" else self.tr("Outgoing")
            where = f"{check.protocol.upper()} {check.host}:{check.port}"
            label = check.label_ja if ja else check.label
            mark = "✔" if check.ok else "✘"
            self._line(f"{mark} {role} ({where}): {label}", "success" if check.ok else "error",
                       bold=True)
            detail = check.message_ja if ja else check.message
            note = check.note_ja if ja else check.note
            for text in (detail, note):
                if text:
                    self._line(text)

    def _line(self, text: str, tone: str | None = None, bold: bool = False) -> None:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # server replies are not markup
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if tone:
            set_text_tone(label, tone)
        if bold:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        self._layout.addWidget(label)
        self.lines.append(text)
