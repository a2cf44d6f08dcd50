"""Servers for the connection test: an SMTP server with AUTH (aiosmtpd, with or without TLS)
and small lying POP3 servers for faults the test Dovecot will not produce."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.integration.dovecot import free_ports


@dataclass
class AuthSmtp:
    host: str
    port: int
    logins: list[tuple[str, str]]  # every (user, password) tried, in order


class _Accept:
    async def handle_DATA(self, server, session, envelope) -> str:
        return "250 OK"


@contextlib.contextmanager
def auth_smtp(dovecot, user: str, password: str, security: str) -> Iterator[AuthSmtp]:
    """aiosmtpd with AUTH PLAIN/LOGIN for one user; `security` ssl | starttls | none.
    TLS uses the test Dovecot's certificate, so its CA file verifies it."""
    server = AuthSmtp("127.0.0.1", free_ports(1)[0], [])

    def authenticate(_server, _session, _envelope, _mechanism, data) -> AuthResult:
        assert isinstance(data, LoginPassword)
        login, secret = data.login.decode(), data.password.decode()
        server.logins.append((login, secret))
        # handled=False: aiosmtpd itself answers a failure with 535.
        return AuthResult(success=(login, secret) == (user, password), handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(dovecot.dir / "cert.pem", dovecot.dir / "key.pem")
    # aiosmtpd knows only STARTTLS as TLS: with implicit TLS it would never offer AUTH.
    options: dict = {"authenticator": authenticate, "auth_require_tls": security == "starttls"}
    if security == "ssl":
        options["ssl_context"] = context
    elif security == "starttls":
        options["tls_context"] = context
    controller = Controller(_Accept(), hostname=server.host, port=server.port, **options)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def _serve(listener: socket.socket, stop: threading.Event, greeting: bytes,
           reply: Callable[[bytes], bytes | None]) -> None:
    """One connection at a time: greet, then answer each line until QUIT or None."""
    listener.settimeout(0.2)
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        with conn:
            conn.sendall(greeting)
            for line in conn.makefile("rb"):
                answer = reply(line.rstrip(b"\r\n").upper())
                if answer is None:
                    break
                conn.sendall(answer)


@contextlib.contextmanager
def fake_server(greeting: bytes, reply: Callable[[bytes], bytes | None]) -> Iterator[int]:
    """A line server on a free loopback port; yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()
    thread = threading.Thread(target=_serve, args=(listener, stop, greeting, reply),
                              daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def _pop3(line: bytes) -> bytes | None:
    if line.startswith(b"QUIT"):
        return None
    if line.startswith(b"CAPA"):
        return b"+OK\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n"  # no STLS
    if line.startswith(b"USER"):
        return b"+OK\r\n"
    return b"-ERR not here\r\n"


def pop3_without_stls() -> contextlib.AbstractContextManager[int]:
    """A POP3 server whose CAPA lacks STLS."""
    return fake_server(b"+OK fake POP3 ready\r\n", _pop3)


def pop3_refusing_pass(answer: bytes) -> contextlib.AbstractContextManager[int]:
    """Accepts any user name, then answers PASS with `answer` (an RFC 2449 -ERR line)."""
    def reply(line: bytes) -> bytes | None:
        return answer + b"\r\n" if line.startswith(b"PASS") else _pop3(line)

    return fake_server(b"+OK fake POP3 ready\r\n", reply)


def smtp_busy() -> contextlib.AbstractContextManager[int]:
    """An SMTP server that greets with 421 (RFC 5321: service not available, try later)."""
    return fake_server(b"421 4.3.2 too busy, come back later\r\n", lambda line: None)
