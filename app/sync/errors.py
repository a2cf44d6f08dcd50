"""Connection failures sorted into what the user can act on, in English and Japanese."""

from __future__ import annotations

import errno
import os
import socket
import ssl

from app.errors import KizunaError, NetworkError


class AuthError(NetworkError):
    pass


class TlsError(NetworkError):
    pass


class StartTlsUnavailable(TlsError):
    pass


class ServerUnavailable(NetworkError):
    """Timed out, or the server said to come back later."""


class ServerUnreachable(ServerUnavailable):
    """No such host, connection refused, no route: retrying soon will not help."""


class MailboxError(NetworkError):
    pass


class PasswordMissing(AuthError):
    pass


class KeyringUnavailable(KizunaError):
    pass


def auth_failed(server: str, hint: str = "", hint_ja: str = "") -> AuthError:
    if hint and not hint_ja:
        hint_ja = "アプリパスワードが必要な場合があります。"
    return AuthError(
        f"Wrong user name or password for {server}.{(' ' + hint) if hint else ''}",
        f"{server} のユーザー名またはパスワードが正しくありません。{hint_ja}",
    )


def password_missing(account: str, direction: str) -> PasswordMissing:
    return PasswordMissing(
        f"No {direction} password stored for account '{account}'; set it with: "
        f"kizuna account set-password {account} --{direction} --password-stdin",
        f"アカウント「{account}」の{'受信' if direction == 'incoming' else '送信'}用パスワードが"
        f"保存されていません（kizuna account set-password {account} --{direction} "
        "--password-stdin で設定できます）。",
    )


def starttls_refused(server: str) -> StartTlsUnavailable:
    return StartTlsUnavailable(
        f"{server} does not offer STARTTLS; Kizuna will not continue without encryption.",
        f"{server} は STARTTLS に対応していません。暗号化なしでは接続しません。",
    )


def classify(error: BaseException, server: str) -> NetworkError:
    """Turn a socket/TLS exception into the user-facing category."""
    if isinstance(error, NetworkError):
        return error
    if isinstance(error, ssl.SSLCertVerificationError):
        reason = error.verify_message or error.reason
        return TlsError(
            f"The TLS certificate of {server} could not be verified: {reason}.",
            f"{server} のTLS証明書を検証できませんでした（{reason}）。",
        )
    if isinstance(error, ssl.SSLError):
        return TlsError(
            f"TLS with {server} failed: {error.reason or error}.",
            f"{server} とのTLS接続に失敗しました（{error.reason or error}）。",
        )
    if isinstance(error, socket.gaierror):
        return ServerUnreachable(
            f"Server {server} not found; check the host name and your network.",
            f"サーバー {server} が見つかりません。ホスト名とネットワークを確認してください。",
        )
    if isinstance(error, TimeoutError | socket.timeout):
        return ServerUnavailable(
            f"{server} did not answer in time; try again later.",
            f"{server} から応答がありません。しばらくしてから再度お試しください。",
        )
    if isinstance(error, OSError):
        english, japanese = _socket_reason(error)
        return ServerUnreachable(
            f"Cannot reach {server}: {english}.", f"{server} に接続できません（{japanese}）。"
        )
    return ServerUnavailable(
        f"{server} failed: {error}", f"{server} でエラーが発生しました: {error}"
    )


_JAPANESE_REASONS = {
    errno.ECONNREFUSED: "接続を拒否されました",
    errno.ECONNRESET: "接続がリセットされました",
    errno.EHOSTUNREACH: "ホストに到達できません",
    errno.ENETUNREACH: "ネットワークに到達できません",
}


def _socket_reason(error: OSError) -> tuple[str, str]:
    """The reason in words: asyncio's "Connect call failed ('1.2.3.4', 25)" says less than
    the errno it carries."""
    if error.errno:
        english = os.strerror(error.errno)
        return english, _JAPANESE_REASONS.get(error.errno, english)
    reason = str(error.strerror or error)
    return reason, reason


# What a connection test reports per server: a stable key, and a label in both languages.
CATEGORIES = {
    "ok": ("OK", "成功"),
    "auth": ("wrong user name or password", "ユーザー名またはパスワードが違います"),
    "no_password": ("no password stored", "パスワードが保存されていません"),
    "unreachable": ("server not found or unreachable", "サーバーが見つからないか接続できません"),
    "tls": ("TLS problem (certificate or encryption)", "TLS（証明書または暗号化）の問題"),
    "starttls": ("STARTTLS not offered", "STARTTLS に対応していません"),
    "mailbox": ("mailbox not reachable", "メールボックスにアクセスできません"),
    "temporary": ("server temporarily unavailable, try again later",
                  "サーバーが一時的に利用できません。しばらくしてから再度お試しください"),
}


def category(error: NetworkError) -> str:
    """The CATEGORIES key of a classified error (most specific class first)."""
    for kind, key in (
        (PasswordMissing, "no_password"), (AuthError, "auth"),
        (StartTlsUnavailable, "starttls"), (TlsError, "tls"),
        (ServerUnreachable, "unreachable"), (MailboxError, "mailbox"),
    ):
        if isinstance(error, kind):
            return key
    return "temporary"
