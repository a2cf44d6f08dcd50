"""Logging in to an account's incoming and outgoing servers, one category per server.

The same connection rules as syncing and sending: implicit TLS by default, strict STARTTLS,
plaintext only when the account allows it, certificates verified (plus the account's CA
file). Incoming is checked up to opening the INBOX, outgoing up to a successful AUTH.

Blocking (imapclient, poplib, and aiosmtplib on a private loop): call it from a worker
thread, never from a running event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import poplib
from dataclasses import dataclass

from imapclient.exceptions import IMAPClientError

from app.models.mail import Account
from app.sync import credentials, smtp
from app.sync.errors import (
    CATEGORIES,
    MailboxError,
    NetworkError,
    ServerUnavailable,
    category,
    classify,
    password_missing,
)
from app.sync.imap.account_sync import endpoint_for as imap_endpoint
from app.sync.imap.connect import connect as imap_connect
from app.sync.pop3 import session as pop3


@dataclass
class ServerCheck:
    role: str  # incoming | outgoing
    protocol: str  # imap | pop3 | smtp
    host: str
    port: int
    security: str
    username: str
    ok: bool
    category: str  # a key of app.sync.errors.CATEGORIES
    label: str
    label_ja: str
    message: str = ""  # what went wrong, for the user
    message_ja: str = ""
    note: str = ""  # something worth knowing even when it worked
    note_ja: str = ""


@dataclass
class ConnectionReport:
    account: str
    ok: bool
    servers: list[ServerCheck]

    def first_error(self) -> NetworkError | None:
        failed = next((s for s in self.servers if not s.ok), None)
        return NetworkError(failed.message, failed.message_ja) if failed else None


def _password(account: Account, direction: str) -> str:
    password = credentials.get_password(account.name, direction)
    if password is None:
        raise password_missing(account.name, direction)
    return password


def _check_imap(account: Account) -> None:
    client = imap_connect(imap_endpoint(account), _password(account, "incoming"))
    server = f"{account.host}:{account.port}"
    try:
        client.select_folder("INBOX", readonly=True)
    except IMAPClientError as error:
        raise MailboxError(f"Logged in to {server}, but the INBOX cannot be opened: {error}",
                           f"{server} にログインしましたが受信トレイを開けません: {error}",
                           ) from error
    except OSError as error:
        raise classify(error, server) from error
    finally:
        with contextlib.suppress(Exception):
            client.logout()


def _check_pop3(account: Account) -> None:
    endpoint = pop3.endpoint_for(account)
    client = pop3.connect(endpoint, _password(account, "incoming"))
    try:
        client.stat()
        client.quit()
    except poplib.error_proto as error:
        pop3.close_quietly(client)
        text = pop3.reply_text(error)
        raise MailboxError(f"Logged in to {endpoint.server}, but the mailbox cannot be read: "
                           f"{text}",
                           f"{endpoint.server} にログインしましたがメールボックスを読めません: "
                           f"{text}") from error
    except OSError as error:
        pop3.close_quietly(client)
        raise classify(error, endpoint.server) from error


async def _smtp_login(account: Account) -> bool:
    """Connect and log in as sending would; False when the server offers no AUTH."""
    password = _password(account, "incoming" if account.same_credentials else "outgoing")
    try:
        client = await smtp.connect(smtp.endpoint_for(account), password)
    except smtp.MessageRejected as error:  # a 5xx greeting: the server turns us away
        raise ServerUnavailable(error.english, error.japanese) from error
    try:
        return client.supports_extension("auth")
    finally:
        await smtp.quit_quietly(client)


def _result(role: str, protocol: str, host: str, port: int, security: str, username: str,
            error: NetworkError | None) -> ServerCheck:
    key = category(error) if error else "ok"
    label, label_ja = CATEGORIES[key]
    return ServerCheck(
        role=role, protocol=protocol, host=host, port=port, security=security,
        username=username, ok=error is None, category=key, label=label, label_ja=label_ja,
        message=error.english if error else "", message_ja=error.japanese if error else "",
    )


def check_incoming(account: Account) -> ServerCheck:
    error = None
    try:
        (_check_imap if account.protocol == "imap" else _check_pop3)(account)
    except NetworkError as caught:
        error = caught
    check = _result("incoming", account.protocol, account.host, account.port,
                    account.security, account.username or account.email, error)
    note = pop3.recent_mode_note(check.username) if account.protocol == "pop3" else None
    if note:
        check.note, check.note_ja = note
    return check


def check_outgoing(account: Account) -> ServerCheck:
    error, logged_in = None, True
    try:
        logged_in = asyncio.run(_smtp_login(account))
    except NetworkError as caught:
        error = caught
    check = _result("outgoing", "smtp", account.smtp_host, account.smtp_port,
                    account.smtp_security, smtp.outgoing_username(account), error)
    if not logged_in:
        check.note = "The server did not ask for a login, so no password was checked."
        check.note_ja = "サーバーがログインを求めなかったため、パスワードは確認していません。"
    return check


def check_account(account: Account) -> ConnectionReport:
    """Check every configured server; expected failures are in the report, not raised
    (a missing keyring or a bad CA file still raise: they are not about the server)."""
    servers = [check_incoming(account)]
    if account.smtp_host:
        servers.append(check_outgoing(account))
    return ConnectionReport(account.name, all(s.ok for s in servers), servers)

