"""An account sending through a loopback port the test chooses to serve or leave closed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services.session import Session, open_session
from app.sync.accounts import AccountSettings, add_account
from tests.integration.dovecot import free_ports


@pytest.fixture
def port() -> int:
    return free_ports(1)[0]


@pytest.fixture
def home(tmp_path: Path, port: int) -> Iterator[Session]:
    """A POP3 account (Sent is local only) sending through loopback `port`."""
    session = open_session(tmp_path / "home")
    add_account(AccountSettings(
        name="Work", email="ken@example.jp", display_name="山田 健", protocol="pop3",
        host="127.0.0.1", smtp_host="127.0.0.1", smtp_port=port, smtp_security="none",
        allow_insecure=True), None)
    yield session
    session.close()


@pytest.fixture
def controller(home, engine_window):  # type: ignore[no-untyped-def]
    _window, engine = engine_window
    return engine.outbox
