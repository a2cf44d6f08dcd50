"""Real servers on loopback for integration tests.

- ``dovecot`` (session): one Dovecot with IMAP, IMAPS, POP3 and POP3S; see ``dovecot.py``.
- ``mail_user`` (function): a fresh Dovecot account for one test, so tests never share
  a mailbox.
- ``smtpd`` (function): an aiosmtpd server that keeps every message it receives.
"""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from tests.integration.dovecot import Dovecot, DovecotError, free_ports


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dovecot]:
    directory = tmp_path_factory.mktemp("dovecot")
    try:
        server = Dovecot.start(directory, traversable_from=tmp_path_factory.getbasetemp().parent)
    except DovecotError as e:
        error = str(e)
    else:
        error = ""
    if error:  # failing outside the except keeps the chained traceback out of the report
        pytest.fail(f"cannot start the test Dovecot: {error}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@dataclass(frozen=True)
class MailUser:
    name: str
    password: str


_user_numbers = itertools.count(1)


@pytest.fixture
def mail_user(dovecot: Dovecot, request: pytest.FixtureRequest) -> MailUser:
    """A new account named after the test, with a random password and an empty INBOX."""
    stem = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:40]
    user = MailUser(f"{stem}-{next(_user_numbers)}", secrets.token_urlsafe(12))
    dovecot.add_user(user.name, user.password)
    return user


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes


@dataclass
class SmtpSink:
    """Where ``smtpd`` listens, and what it has received so far (in arrival order)."""

    host: str
    port: int
    messages: list[ReceivedMail] = field(default_factory=list)


class _Collector:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        self.sink.messages.append(
            ReceivedMail(envelope.mail_from or "", list(envelope.rcpt_tos), raw)
        )
        return "250 Message accepted"


@pytest.fixture
def smtpd() -> Iterator[SmtpSink]:
    """Plaintext SMTP on a free loopback port, no AUTH; SMTPUTF8 is offered."""
    sink = SmtpSink("127.0.0.1", free_ports(1)[0])
    controller = Controller(
        _Collector(sink), hostname=sink.host, port=sink.port, enable_SMTPUTF8=True
    )
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()
