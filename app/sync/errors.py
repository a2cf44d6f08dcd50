"""Connection failures sorted into what the user can act on, in English and Japanese."""

from __future__ import annotations

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
    """Unreachable, refused, timed out, or the server said to come back later."""


class MailboxError(NetworkError):
    pass


class KeyringUnavailable(KizunaError):
    pass


def auth_failed(server: str, hint: str = "") -> AuthError:
    return AuthError(
        f"Wrong user name or password for {server}.{(' ' + hint) if hint else ''}",
        f"{server} のユーザー名またはパスワードが正しくありません。"
        + ("アプリパスワードが必要な場合があります。" if hint else ""),
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
        return ServerUnavailable(
            f"Server {server} not found; check the host name and your network.",
            f"サーバー {server} が見つかりません。ホスト名とネットワークを確認してください。",
        )
    if isinstance(error, TimeoutError | socket.timeout):
        return ServerUnavailable(
            f"{server} did not answer in time; try again later.",
            f"{server} から応答がありません。しばらくしてから再度お試しください。",
        )
    if isinstance(error, OSError):
        return ServerUnavailable(
            f"Cannot reach {server}: {error.strerror or error}.",
            f"{server} に接続できません（{error.strerror or error}）。",
        )
    return ServerUnavailable(
        f"{server} failed: {error}", f"{server} でエラーが発生しました: {error}"
    )
