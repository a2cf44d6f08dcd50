"""Passwords live only in the OS keyring, never in the database, argv or logs."""

from __future__ import annotations

import contextlib

import keyring
import keyring.errors
from keyring.backends import fail

from app.sync.errors import KeyringUnavailable

SERVICE = "kizuna"


def _key(account: str, direction: str) -> str:
    return f"{account}:{direction}"  # direction: incoming | outgoing


def _usable_backend() -> None:
    if isinstance(keyring.get_keyring(), fail.Keyring):
        raise KeyringUnavailable(
            "No usable keyring: install and unlock one (GNOME Keyring, KWallet, KeePassXC) "
            "or select a backend with PYTHON_KEYRING_BACKEND.",
            "使用できるキーリングがありません。GNOME Keyring・KWallet などを導入して"
            "ロックを解除するか、PYTHON_KEYRING_BACKEND でバックエンドを指定してください。",
        )


def set_password(account: str, direction: str, password: str) -> None:
    _usable_backend()
    try:
        keyring.set_password(SERVICE, _key(account, direction), password)
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(
            f"The keyring refused to store the password: {error}",
            f"キーリングにパスワードを保存できませんでした: {error}",
        ) from error


def get_password(account: str, direction: str) -> str | None:
    _usable_backend()
    try:
        return keyring.get_password(SERVICE, _key(account, direction))
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(
            f"The keyring could not be read: {error}",
            f"キーリングを読み取れませんでした: {error}",
        ) from error


def delete_passwords(account: str) -> None:
    for direction in ("incoming", "outgoing"):
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, _key(account, direction))
