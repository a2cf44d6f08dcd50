"""Submitting mail over SMTP (aiosmtplib, on the asyncio loop) under the account's TLS rules.

Implicit TLS is the default. STARTTLS is strict: a server that does not offer it, or
refuses it, is an error, never a reason to go on in plaintext. Plaintext only when the
account allows insecure connections, and AUTH never goes out unencrypted otherwise.
Failures come out as the typed errors of app.sync.errors; a server's permanent refusal of
the message itself is MessageRejected, its temporary refusal ServerUnavailable.
"""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiosmtplib

from app.errors import KizunaError, UsageError
from app.models.mail import Account
from app.sync import credentials
from app.sync.errors import (
    AuthError,
    ServerUnavailable,
    TlsError,
    auth_failed,
    classify,
    starttls_refused,
)
from app.sync.presets import preset_for, without_recent_prefix
from app.sync.tls import client_context

CONNECT_TIMEOUT = 20.0
COMMAND_TIMEOUT = 120.0  # DATA of a large attachment on a slow uplink
# EHLO names the client; an address literal says nothing about the user's machine.
LOCAL_HOSTNAME = "[127.0.0.1]"


class MessageRejected(KizunaError):
    """The server refused this message for good (5xx): sending it again will not help."""


@dataclass(frozen=True)
class SmtpEndpoint:
    host: str
    port: int
    security: str  # ssl | starttls | none
    username: str
    ca_file: str = ""
    allow_insecure: bool = False
    app_password_hint: str = ""
    app_password_hint_ja: str = ""


@dataclass
class Delivery:
    """What the server said to one accepted message."""

    response: str
    refused: dict[str, str] = field(default_factory=dict)  # recipient -> reason


def outgoing_username(account: Account) -> str:
    """Gmail's POP `recent:` prefix belongs to the incoming login only."""
    return account.smtp_username or without_recent_prefix(account.username or account.email)


def endpoint_for(account: Account) -> SmtpEndpoint:
    preset = preset_for(account.email, account.smtp_host)
    return SmtpEndpoint(
        host=account.smtp_host, port=account.smtp_port, security=account.smtp_security,
        username=outgoing_username(account), ca_file=account.ca_file,
        allow_insecure=account.allow_insecure,
        app_password_hint=preset.app_password_hint if preset else "",
        app_password_hint_ja=preset.app_password_hint_ja if preset else "",
    )


def outgoing_password(account: Account) -> str | None:
    direction = "incoming" if account.same_credentials else "outgoing"
    return credentials.get_password(account.name, direction)


def _server(endpoint: SmtpEndpoint) -> str:
    return f"{endpoint.host}:{endpoint.port}"


def _check_rules(endpoint: SmtpEndpoint) -> None:
    if not endpoint.host:
        raise UsageError("This account has no outgoing (SMTP) server",
                         "このアカウントには送信（SMTP）サーバーが設定されていません")
    if endpoint.security not in ("ssl", "starttls", "none"):
        raise UsageError(f"Unknown SMTP security '{endpoint.security}'",
                         f"SMTP のセキュリティ設定「{endpoint.security}」は不明です")
    if endpoint.security == "none" and not endpoint.allow_insecure:
        raise UsageError(
            "Plaintext SMTP needs the account's allow-insecure option",
            "暗号化なしの SMTP にはアカウントの allow-insecure 設定が必要です",
        )


def _connection_error(error: BaseException, server: str) -> KizunaError:
    """aiosmtplib wraps socket and TLS failures; categorize the cause."""
    cause = error.__cause__ if isinstance(error, aiosmtplib.SMTPConnectError) else None
    if isinstance(cause, OSError):
        return classify(cause, server)
    if isinstance(error, aiosmtplib.SMTPTimeoutError):
        return classify(TimeoutError(), server)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return _response_error(error, server)
    if isinstance(error, aiosmtplib.SMTPException):
        return ServerUnavailable(f"{server}: {error}", f"{server}: {error}")
    return classify(error, server)


def _response_error(error: aiosmtplib.SMTPResponseException, server: str) -> KizunaError:
    reply = " ".join(f"{error.code} {error.message}".split())
    if error.code < 0:  # aiosmtplib's own verdict on a reply it could not read
        return ServerUnavailable(
            f"{server} sent a reply that is not SMTP ({error.message}).",
            f"{server} から SMTP として読めない応答がありました（{error.message}）。",
        )
    if error.code == 530:  # RFC 4954: authentication required
        return AuthError(
            f"{server} requires a login: {reply}. Store the outgoing password with "
            "kizuna account set-password NAME --outgoing --password-stdin",
            f"{server} はログインが必要です（{reply}）。送信用パスワードを保存してください。",
        )
    if 400 <= error.code < 500:
        return ServerUnavailable(
            f"{server} cannot take the message now ({reply}); it will be tried again.",
            f"{server} は現在メッセージを受け付けられません（{reply}）。後で再送します。",
        )
    return MessageRejected(
        f"{server} refused the message: {reply}",
        f"{server} がメッセージを拒否しました: {reply}",
    )


async def _secure(client: aiosmtplib.SMTP, endpoint: SmtpEndpoint,
                  context: ssl.SSLContext) -> None:
    server = _server(endpoint)
    await client.ehlo()
    if not client.supports_extension("starttls"):
        raise starttls_refused(server)
    try:
        await client.starttls(tls_context=context, server_hostname=endpoint.host)
    except ssl.SSLError as error:
        raise classify(error, server) from error
    except aiosmtplib.SMTPResponseException as error:
        raise starttls_refused(server) from error
    await client.ehlo()  # what the server said before TLS is forgotten (RFC 3207 4.2)


async def _login(client: aiosmtplib.SMTP, endpoint: SmtpEndpoint, password: str) -> None:
    server = _server(endpoint)
    encrypted = client.get_transport_info("sslcontext") is not None
    if not encrypted and not endpoint.allow_insecure:
        raise TlsError(f"Refusing to send the password to {server} without TLS.",
                       f"TLS なしで {server} にパスワードを送ることはしません。")
    # One attempt with the best method: aiosmtplib's login() would repeat a wrong password
    # with every method the server lists, which counts double towards lockouts.
    methods = client.supported_auth_methods
    if not methods:
        raise AuthError(f"{server} offers no login method Kizuna knows",
                        f"{server} は Kizuna が使えるログイン方式に対応していません")
    method = getattr(client, f"auth_{methods[0].replace('-', '')}")
    try:
        await method(endpoint.username, password)
    except aiosmtplib.SMTPAuthenticationError as error:
        if 400 <= error.code < 500:
            raise _response_error(error, server) from error
        raise auth_failed(server, endpoint.app_password_hint,
                          endpoint.app_password_hint_ja) from error


async def connect(endpoint: SmtpEndpoint, password: str | None) -> aiosmtplib.SMTP:
    """A connected client, encrypted as the endpoint says, logged in when the server offers
    AUTH and a password is known. Raises the typed errors of app.sync.errors."""
    _check_rules(endpoint)
    server = _server(endpoint)
    context = client_context(endpoint.ca_file)
    client = aiosmtplib.SMTP(
        hostname=endpoint.host, port=endpoint.port, use_tls=endpoint.security == "ssl",
        start_tls=False, tls_context=context if endpoint.security == "ssl" else None,
        timeout=COMMAND_TIMEOUT, local_hostname=LOCAL_HOSTNAME,
    )
    try:
        await client.connect(timeout=CONNECT_TIMEOUT)
    except (aiosmtplib.SMTPException, OSError) as error:
        raise _connection_error(error, server) from error
    try:
        if endpoint.security == "starttls":
            await _secure(client, endpoint, context)
        else:
            await client.ehlo()
        if password and client.supports_extension("auth"):
            await _login(client, endpoint, password)
    except KizunaError:
        client.close()
        raise
    except (aiosmtplib.SMTPException, OSError) as error:
        client.close()
        raise _connection_error(error, server) from error
    return client


async def send(client: aiosmtplib.SMTP, endpoint: SmtpEndpoint, sender: str,
               recipients: Sequence[str], raw: bytes) -> Delivery:
    """One mail transaction. Returns when the server has accepted the message for at least
    one recipient; recipients it refused while accepting others are in the result."""
    server = _server(endpoint)
    try:
        refused, response = await client.sendmail(sender, list(recipients), raw)
    except aiosmtplib.SMTPRecipientsRefused as error:
        codes = [r.code for r in error.recipients]
        worst = max(error.recipients, key=lambda r: r.code)
        if all(400 <= code < 500 for code in codes):
            raise _response_error(worst, server) from error
        reasons = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in error.recipients)
        raise MessageRejected(f"{server} refused every recipient ({reasons})",
                              f"{server} がすべての宛先を拒否しました（{reasons}）") from error
    except aiosmtplib.SMTPResponseException as error:
        raise _response_error(error, server) from error
    except (aiosmtplib.SMTPException, OSError) as error:
        raise _connection_error(error, server) from error
    return Delivery(
        response=response,
        refused={address: f"{reply.code} {reply.message}" for address, reply in refused.items()},
    )


async def quit_quietly(client: aiosmtplib.SMTP) -> None:
    """QUIT after the work is recorded; a server that hangs up first changes nothing."""
    try:
        await client.quit()
    except (aiosmtplib.SMTPException, OSError):
        client.close()
