"""Setting up a Kizuna POP3 account against the test Dovecot, and looking at the server."""

from __future__ import annotations

import poplib
import re
import ssl
from pathlib import Path

from app.services.session import Session, open_session
from app.sync import credentials
from app.sync.accounts import AccountSettings, add_account


def pop3_account(home: Path, dovecot, user, name: str = "Pop", **overrides) -> Session:
    """Open a session in `home` with one POP3 account for `user` (implicit TLS, keep)."""
    session = open_session(home)
    fields = {
        "name": name, "email": f"{user.name}@example.com", "protocol": "pop3",
        "host": "127.0.0.1", "port": dovecot.pop3s_port, "username": user.name,
        "ca_file": str(dovecot.ca_file),
    }
    fields.update(overrides)
    # The test keyring outlives the data directory: forget an earlier test's passwords.
    credentials.delete_passwords(fields["name"])
    add_account(AccountSettings(**fields), user.password)
    return session


def _login(dovecot, user) -> poplib.POP3_SSL:
    context = ssl.create_default_context(cafile=str(dovecot.ca_file))
    client = poplib.POP3_SSL("127.0.0.1", dovecot.pop3s_port, context=context)
    client.user(user.name)
    client.pass_(user.password)
    return client


def server_count(dovecot, user) -> int:
    client = _login(dovecot, user)
    count = client.stat()[0]
    client.quit()
    return count


def server_message_ids(dovecot, user) -> list[str]:
    """Message-IDs of the mail on the server, in POP3 order (what a fresh client sees)."""
    client = _login(dovecot, user)
    found = []
    for number in range(1, client.stat()[0] + 1):
        header = b"\n".join(client.top(number, 0)[1])
        match = re.search(rb"^Message-ID: <([^>]+)>", header, re.MULTILINE | re.IGNORECASE)
        found.append(match.group(1).decode() if match else "")
    client.quit()
    return found


def retr_count(dovecot, user) -> int:
    """Messages the server has handed out by RETR to this user, over all sessions so far."""
    pattern = re.compile(rf"pop3\({re.escape(user.name)}\).*Disconnected:.* retr=(\d+)/")
    return sum(int(m.group(1)) for m in pattern.finditer(dovecot.log_text()))
