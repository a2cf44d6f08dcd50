"""Opening an authenticated POP3 session under the account's security rules.

Implicit TLS (995) is the default. STLS is strict: a server that does not list it, or refuses
it, is an error, never a reason to go on in plaintext. Plaintext only when the account says
so explicitly. One socket timeout bounds the connect and every read after it.

poplib is blocking: a session belongs to the thread that opened it (the GUI runs syncs in
a per-account executor).
"""

from __future__ import annotations

import contextlib
import poplib
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from app.errors import UsageError
from app.models.mail import Account
from app.sync import credentials
from app.sync.errors import (
    MailboxError,
    NetworkError,
    ServerUnavailable,
    TlsError,
    auth_failed,
    classify,
    password_missing,
    starttls_refused,
)
from app.sync.presets import RECENT_PREFIX, preset_for
from app.sync.tls import client_context

TIMEOUT = 30.0
# poplib refuses lines over 2 KiB; real mail has far longer ones (HTML or base64 without line
# breaks). The cap only guards memory against a server that never ends a line.
MAX_LINE = 64 << 20
# RFC 2449 / RFC 3206 response codes: [IN-USE], [SYS/TEMP], [LOGIN-DELAY], [AUTH] ...
_RESPONSE_CODE = re.compile(r"^-ERR \[([A-Za-z/-]+)\]\s*(.*)$", re.DOTALL)


class OversizedLine(Exception):
    """A line beyond MAX_LINE: the session cannot stay in step with the server."""


def _read_line(self: poplib.POP3) -> tuple[bytes, int]:
    line = self.file.readline(MAX_LINE + 1)
    if not line:
        raise ConnectionAbortedError("the server closed the connection")
    if len(line) > MAX_LINE:
        raise OversizedLine(f"a line longer than {MAX_LINE >> 20} MiB")
    if line.endswith(b"\r\n"):
        return line[:-2], len(line)
    return line.removesuffix(b"\n"), len(line)


def retrieve(client: poplib.POP3, numbers: list[int],
             window: int = 1) -> Iterator[tuple[int, list[bytes] | None]]:
    """RETR each message in order: (number, lines), or None when the server refuses it.

    With a window above 1 up to that many RETRs are in flight (RFC 2449 PIPELINING), so a
    distant server's round trips overlap instead of adding up.
    """
    # poplib has no pipelining API; its own two halves of a command do the work.
    pending: deque[int] = deque()
    queue = iter(numbers)
    for number in queue:
        client._putcmd(f"RETR {number}")
        pending.append(number)
        if len(pending) >= window:
            break
    while pending:
        number = pending.popleft()
        try:
            _, lines, _ = client._getlongresp()
            yield number, lines
        except poplib.error_proto:  # a one-line -ERR: the next reply is still in step
            yield number, None
        following = next(queue, None)
        if following is not None:
            client._putcmd(f"RETR {following}")
            pending.append(following)


def pipelining(client: poplib.POP3) -> bool:
    try:
        return "PIPELINING" in client.capa()
    except poplib.error_proto:
        return False


class Pop3Client(poplib.POP3):
    _getline = _read_line


class Pop3SslClient(poplib.POP3_SSL):
    _getline = _read_line


@dataclass(frozen=True)
class Pop3Endpoint:
    host: str
    port: int
    security: str  # ssl | starttls | none
    username: str
    ca_file: str = ""
    allow_insecure: bool = False
    hint: str = ""  # the provider's app-password advice, shown with a login failure
    hint_ja: str = ""

    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"


def endpoint_for(account: Account) -> Pop3Endpoint:
    preset = preset_for(account.email, account.host)
    return Pop3Endpoint(
        host=account.host, port=account.port, security=account.security,
        username=account.username or account.email, ca_file=account.ca_file,
        allow_insecure=account.allow_insecure,
        hint=preset.app_password_hint if preset else "",
        hint_ja=preset.app_password_hint_ja if preset else "",
    )


def recent_mode_note(username: str) -> tuple[str, str] | None:
    """What Gmail's `recent:` user name does, in English and Japanese; None without it."""
    if username[:len(RECENT_PREFIX)].lower() != RECENT_PREFIX:
        return None
    return (
        "Gmail recent mode: because the user name starts with 'recent:', Gmail offers the "
        "last 30 days of mail, including messages your other devices have already "
        "downloaded. Kizuna recognises what it already has and stores each message once.",
        "Gmail の recent モード: ユーザー名が「recent:」で始まるため、他の端末で受信済みの"
        "メールも含めて過去30日分のメールが届きます。Kizuna は受信済みのメールを見分け、"
        "同じメールを二重に保存しません。",
    )


def close_quietly(client: poplib.POP3) -> None:
    """Drop the connection without QUIT, so the server forgets every DELE of this session."""
    with contextlib.suppress(OSError):
        client.close()


def reply_text(error: poplib.error_proto) -> str:
    reply = error.args[0] if error.args else b""
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return "".join(c if c.isprintable() else " " for c in text)[:300]


def _start_tls(client: poplib.POP3, endpoint: Pop3Endpoint) -> None:
    try:
        offered = "STLS" in client.capa()
    except poplib.error_proto:
        offered = False  # no CAPA at all, so no STLS either
    if not offered:
        raise starttls_refused(endpoint.server)
    try:
        client.stls(client_context(endpoint.ca_file))
    except poplib.error_proto as error:
        raise starttls_refused(endpoint.server) from error


def _open(endpoint: Pop3Endpoint) -> poplib.POP3:
    if endpoint.security == "ssl":
        return Pop3SslClient(endpoint.host, endpoint.port, timeout=TIMEOUT,
                             context=client_context(endpoint.ca_file))
    if endpoint.security == "none" and not endpoint.allow_insecure:
        raise TlsError(
            f"{endpoint.server} would be used without encryption, which this account "
            "does not allow.",
            f"{endpoint.server} に暗号化なしで接続する設定ですが、このアカウントでは"
            "許可されていません。",
        )
    client = Pop3Client(endpoint.host, endpoint.port, timeout=TIMEOUT)
    if endpoint.security == "starttls":
        try:
            _start_tls(client, endpoint)
        except BaseException:
            close_quietly(client)
            raise
    return client


def login_error(error: poplib.error_proto, endpoint: Pop3Endpoint) -> NetworkError:
    """A refused USER/PASS sorted by the server's response code."""
    text = reply_text(error)
    match = _RESPONSE_CODE.match(text)
    code, detail = (match.group(1).upper(), match.group(2)) if match else ("", text)
    server = endpoint.server
    if code in ("IN-USE", "SYS/PERM"):
        return MailboxError(f"The mailbox on {server} cannot be opened: {detail}",
                            f"{server} のメールボックスを開けません: {detail}")
    if code in ("SYS/TEMP", "LOGIN-DELAY"):
        return ServerUnavailable(
            f"{server} cannot open the mailbox right now ({detail}); try again later.",
            f"{server} は現在メールボックスを開けません（{detail}）。"
            "しばらくしてから再度お試しください。",
        )
    return auth_failed(server, endpoint.hint, endpoint.hint_ja)


def connect(endpoint: Pop3Endpoint, password: str) -> poplib.POP3:
    """A logged-in session; raises the categorized errors of app.sync.errors."""
    if any(c in endpoint.username + password for c in "\r\n\0"):
        raise UsageError("A user name or password cannot contain line breaks",
                         "ユーザー名とパスワードに改行は使えません")
    try:
        client = _open(endpoint)
    except (OSError, poplib.error_proto, OversizedLine) as error:
        raise classify(error, endpoint.server) from error
    try:
        client.user(endpoint.username)
        client.pass_(password)
    except OversizedLine as error:
        close_quietly(client)
        raise classify(error, endpoint.server) from error
    except poplib.error_proto as error:
        close_quietly(client)
        raise login_error(error, endpoint) from error
    except OSError as error:
        close_quietly(client)
        raise classify(error, endpoint.server) from error
    return client


def open_session(account: Account) -> poplib.POP3:
    password = credentials.get_password(account.name, "incoming")
    if password is None:
        raise password_missing(account.name, "incoming")
    return connect(endpoint_for(account), password)
