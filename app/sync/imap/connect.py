"""Opening an authenticated IMAP connection under the account's security rules.

STARTTLS is strict: a server that does not offer it, or refuses it, is an error, never a
reason to continue in plaintext, and capabilities learned before TLS are thrown away.
"""

from __future__ import annotations

from dataclasses import dataclass

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from app.sync.errors import ServerUnavailable, auth_failed, classify, starttls_refused
from app.sync.tls import client_context

CONNECT_TIMEOUT = 15.0
COMMAND_TIMEOUT = 60.0


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


def _open(endpoint: ImapEndpoint) -> imapclient.IMAPClient:
    context = client_context(endpoint.ca_file)
    timeout = imapclient.SocketTimeout(connect=CONNECT_TIMEOUT, read=COMMAND_TIMEOUT)
    if endpoint.security == "ssl":
        return imapclient.IMAPClient(
            endpoint.host, endpoint.port, ssl=True, ssl_context=context, timeout=timeout
        )
    client = imapclient.IMAPClient(endpoint.host, endpoint.port, ssl=False, timeout=timeout)
    if endpoint.security == "starttls":
        if not client.has_capability("STARTTLS"):
            client.shutdown()
            raise starttls_refused(_server(endpoint))
        try:
            client.starttls(context)
        except IMAPClientError as error:
            client.shutdown()
            raise starttls_refused(_server(endpoint)) from error
        client._cached_capabilities = None  # forget what the server said before TLS
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

