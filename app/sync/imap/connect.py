"""Opening an authenticated IMAP connection under the account's security rules.

STARTTLS is strict: a server that does not offer it, or refuses it, or greets with PREAUTH
(which makes STARTTLS impossible), is an error, never a reason to continue in plaintext.
Nothing said before TLS survives it: bytes already buffered after the STARTTLS OK (a
response injection) abort the connection, and untagged responses, [ALERT]s included, and
capabilities from before TLS are dropped. Every response is bounded: a literal or a line
past the caps below aborts with ProtocolViolation instead of exhausting memory.
"""

from __future__ import annotations

import contextlib
import imaplib
import ssl
from dataclasses import dataclass

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError
from imapclient.imap4 import IMAP4WithTimeout
from imapclient.tls import IMAP4_TLS

from app.errors import NetworkError
from app.sync.errors import (
    ServerUnavailable,
    TlsError,
    auth_failed,
    classify,
    starttls_refused,
)
from app.sync.tls import client_context

CONNECT_TIMEOUT = 15.0
COMMAND_TIMEOUT = 60.0
MAX_LITERAL = 256 * 1024 * 1024  # one message body; larger than any provider accepts
# One response line between literals. SEARCH answers on one line: 16 MiB holds 2M UIDs.
MAX_LINE = 16 * 1024 * 1024


class ProtocolViolation(NetworkError):
    """The server sent something no honest IMAP server sends; the connection is dropped."""


def _too_large(server: str, what: str, size: int, limit: int) -> ProtocolViolation:
    mib = limit // (1024 * 1024)
    return ProtocolViolation(
        f"{server} sent {what} of {size:,} bytes (the limit is {mib} MiB); Kizuna disconnected.",
        f"{server} から {size:,} バイトの{'データ' if 'literal' in what else '行'}が送られて"
        f"きました（上限 {mib} MiB）。接続を切断しました。",
    )


class _Bounded:
    """Caps for imaplib's reader: it would allocate whatever size a literal announces."""

    host: str
    port: int
    file: object

    def read(self, size: int) -> bytes:
        if size > MAX_LITERAL:
            raise _too_large(f"{self.host}:{self.port}", "a literal", size, MAX_LITERAL)
        return super().read(size)  # type: ignore[misc]

    def readline(self) -> bytes:
        line = self.file.readline(MAX_LINE + 1)  # type: ignore[attr-defined]
        server = f"{self.host}:{self.port}"
        if len(line) > MAX_LINE:
            raise _too_large(server, "a line", len(line), MAX_LINE)
        if line and not line.endswith(b"\n"):  # imaplib would quote the whole line in its error
            raise ProtocolViolation(
                f"{server} closed the connection in the middle of a response.",
                f"{server} が応答の途中で接続を閉じました。",
            )
        return line


class _BoundedIMAP4(_Bounded, IMAP4WithTimeout):
    pass


class _BoundedIMAP4TLS(_Bounded, IMAP4_TLS):
    pass


class GuardedIMAPClient(imapclient.IMAPClient):
    """imapclient on the bounded transports (the greeting is read through them too)."""

    def _create_IMAP4(self) -> imaplib.IMAP4:
        timeout = getattr(self._timeout, "connect", None)
        if self.ssl:
            return _BoundedIMAP4TLS(self.host, self.port, self.ssl_context, timeout)
        return _BoundedIMAP4(self.host, self.port, timeout)


@dataclass(frozen=True)
class ImapEndpoint:
    host: str
    port: int
    security: str  # ssl | starttls | none
    username: str
    ca_file: str = ""
    app_password_hint: str = ""


def _server(endpoint: ImapEndpoint) -> str:
    return f"{endpoint.host}:{endpoint.port}"


def _preauth_refused(server: str) -> TlsError:
    return TlsError(
        f"{server} greeted with PREAUTH before encryption, which rules out STARTTLS; "
        "Kizuna will not continue without encryption.",
        f"{server} が暗号化の前に PREAUTH（ログイン済み）で応答したため STARTTLS を"
        "開始できません。暗号化なしでは接続しません。",
    )


def _injection(server: str) -> TlsError:
    return TlsError(
        f"{server} sent data after agreeing to STARTTLS but before encryption began. "
        "That is how responses are injected into a connection; Kizuna disconnected.",
        f"{server} が STARTTLS に同意した後、暗号化の開始前にデータを送ってきました。"
        "応答の注入攻撃の可能性があるため、接続を切断しました。",
    )


def _plaintext_waiting(imap: imaplib.IMAP4) -> bool:
    """Whether bytes follow the STARTTLS OK, already buffered or already on the socket."""
    sock = imap.sock
    timeout = sock.gettimeout()
    sock.settimeout(0.0)  # peek must not wait for bytes that have not come
    try:
        return bool(imap.file.peek(1))
    except OSError:
        return False
    finally:
        sock.settimeout(timeout)


def _start_tls(client: imapclient.IMAPClient, endpoint: ImapEndpoint,
               context: ssl.SSLContext) -> None:
    """STARTTLS done here rather than by imaplib, which drops pre-TLS leftovers silently."""
    server = _server(endpoint)
    imap = client._imap
    if imap.state != "NONAUTH":
        raise _preauth_refused(server)
    if not client.has_capability("STARTTLS"):
        raise starttls_refused(server)
    try:
        kind, _ = imap._simple_command("STARTTLS")
    except IMAPClientError as error:
        raise starttls_refused(server) from error
    if kind != "OK":
        raise starttls_refused(server)
    if _plaintext_waiting(imap):
        raise _injection(server)
    imap.sock = context.wrap_socket(imap.sock, server_hostname=endpoint.host)
    imap.file = imap.sock.makefile("rb")
    imap._tls_established = True
    imap.untagged_responses.clear()  # [ALERT]s and the rest of the plaintext session
    imap.welcome = b""
    client._starttls_done = True
    client._cached_capabilities = None
    imap._get_capabilities()


def _open(endpoint: ImapEndpoint) -> imapclient.IMAPClient:
    context = client_context(endpoint.ca_file)
    timeout = imapclient.SocketTimeout(connect=CONNECT_TIMEOUT, read=COMMAND_TIMEOUT)
    if endpoint.security == "ssl":
        return GuardedIMAPClient(
            endpoint.host, endpoint.port, ssl=True, ssl_context=context, timeout=timeout
        )
    client = GuardedIMAPClient(endpoint.host, endpoint.port, ssl=False, timeout=timeout)
    if endpoint.security == "starttls":
        try:
            _start_tls(client, endpoint, context)
        except BaseException:
            with contextlib.suppress(OSError):
                client.shutdown()
            raise
    return client


def _temporary(error: LoginError) -> bool:
    """RFC 5530 codes a server sends when the failure is its own, not the password's."""
    text = str(error).upper()
    return any(code in text for code in ("[UNAVAILABLE]", "[SERVERBUG]", "TEMPORARY FAILURE"))


def connect(endpoint: ImapEndpoint, password: str) -> imapclient.IMAPClient:
    """A logged-in client; raises the categorized errors of app.sync.errors."""
    server = _server(endpoint)
    try:
        client = _open(endpoint)
    except (TimeoutError, OSError, IMAPClientError) as error:
        raise classify(error, server) from error
    try:
        if client._imap.state == "NONAUTH":  # PREAUTH over TLS: the server knows us already
            client.login(endpoint.username, password)
    except LoginError as error:
        client.shutdown()
        if _temporary(error):
            raise ServerUnavailable(
                f"{server} cannot check passwords right now; try again later.",
                f"{server} は現在ログインを受け付けられません。"
                "しばらくしてから再度お試しください。",
            ) from error
        raise auth_failed(server, endpoint.app_password_hint) from error
    except (OSError, IMAPClientError) as error:
        raise classify(error, server) from error
    return client

