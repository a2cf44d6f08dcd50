"""Setting up a Kizuna IMAP account against the test Dovecot, and looking at the server."""

from __future__ import annotations

import ssl
from pathlib import Path

import imapclient

from app.services.session import Session, open_session
from app.sync.accounts import AccountSettings, add_account


def imap_account(home: Path, dovecot, user, name: str = "Work", **overrides) -> Session:
    """Open a session in `home` with one IMAP account for `user` (implicit TLS by default)."""
    session = open_session(home)
    fields = {
        "name": name, "email": f"{user.name}@example.com", "protocol": "imap",
        "host": "127.0.0.1", "port": dovecot.imaps_port, "username": user.name,
        "ca_file": str(dovecot.ca_file),
    }
    fields.update(overrides)
    add_account(AccountSettings(**fields), user.password)
    return session


def server_client(dovecot, user) -> imapclient.IMAPClient:
    context = ssl.create_default_context(cafile=str(dovecot.ca_file))
    client = imapclient.IMAPClient("127.0.0.1", dovecot.imaps_port, ssl_context=context)
    client.login(user.name, user.password)
    return client
