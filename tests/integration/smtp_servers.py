"""aiosmtpd servers on loopback with the security variants real providers use.

- ``plain``: no TLS; AUTH offered only when users are given (and then over plaintext).
- ``ssl``: implicit TLS from the first byte (port 465 style).
- ``starttls``: plaintext greeting, STARTTLS required before MAIL and AUTH (587 style).

Each server keeps what it received, records the AUTH logins it saw, and can run a hook in
DATA (e.g. block until the test has killed the client). The certificate is self-signed for
localhost and 127.0.0.1 and is its own CA (``ca_file``).
"""

from __future__ import annotations

import contextlib
import ssl
import threading
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.integration.dovecot import free_ports, make_certificate

DataHook = Callable[[Envelope], Awaitable[str | None]]


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    tls: bool  # the session was encrypted
    login: str | None  # the authenticated user, if any


@dataclass
class SmtpServer:
    host: str
    port: int
    security: str  # plain | ssl | starttls
    ca_file: Path | None
    messages: list[Received] = field(default_factory=list)
    logins: list[tuple[str, bool]] = field(default_factory=list)  # (user, succeeded)
    # Runs before a message is kept; returning an SMTP reply refuses it with that reply.
    data_hook: DataHook | None = None
    refused_recipients: dict[str, str] = field(default_factory=dict)  # address -> reply
    lock: threading.Lock = field(default_factory=threading.Lock)

    def received(self) -> list[Received]:
        with self.lock:
            return list(self.messages)


class _Handler:
    def __init__(self, server: SmtpServer, users: dict[str, str]) -> None:
        self.server = server
        self.users = users

    def authenticate(self, smtp: SMTP, session: Session, envelope: Envelope,
                     mechanism: str, data: object) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user, password = data.login.decode(), data.password.decode()
        ok = self.users.get(user) == password
        with self.server.lock:
            self.server.logins.append((user, ok))
        return AuthResult(success=ok, handled=False, auth_data=user if ok else None)

    async def handle_RCPT(self, smtp: SMTP, session: Session, envelope: Envelope,
                          address: str, options: list[str]) -> str:
        refusal = self.server.refused_recipients.get(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: Envelope) -> str:
        if self.server.data_hook is not None:
            refusal = await self.server.data_hook(envelope)
            if refusal:
                return refusal
        encrypted = session.ssl is not None or self.server.security == "ssl"
        login = session.auth_data if session.authenticated else None
        with self.server.lock:
            self.server.messages.append(Received(
                envelope.mail_from or "", list(envelope.rcpt_tos),
                envelope.original_content or b"", encrypted, login,
            ))
        return "250 Message accepted"


def _server_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


@contextlib.contextmanager
def smtp_server(security: str, directory: Path, users: dict[str, str] | None = None,
                data_hook: DataHook | None = None, port: int | None = None,
                ) -> Iterator[SmtpServer]:
    """Start a server of the given security on loopback (a free port unless one is given)
    for one `with` block."""
    cert = key = None
    if security != "plain":
        cert, key = make_certificate(directory)
    server = SmtpServer("127.0.0.1", port or free_ports(1)[0], security, cert,
                        data_hook=data_hook)
    handler = _Handler(server, users or {})
    options: dict = {"hostname": server.host, "port": server.port,
                     "server_hostname": "localhost", "ident": "kizuna-test"}
    if users:
        options["authenticator"] = handler.authenticate
        # Implicit TLS is not STARTTLS, which aiosmtpd's own check looks for.
        options["auth_require_tls"] = security == "starttls"
    if security == "ssl":
        options["ssl_context"] = _server_context(cert, key)
    elif security == "starttls":
        options["tls_context"] = _server_context(cert, key)
        options["require_starttls"] = True
    controller = Controller(handler, **options)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
