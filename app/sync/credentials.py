"""Passwords live only in the OS keyring, never in the database, argv or logs."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path

import keyring
import keyring.errors
from keyring.backends import fail

from app.sync.errors import KeyringUnavailable

SERVICE = "kizuna"
ID_FILE = "keyring-id"

# Which data directory's passwords these are: two data directories (the user's own, a test
# one, a second profile) may each have an account called "Work".
_namespace = ""


def use_data_dir(home: Path) -> None:
    """Key the keyring entries by `home`'s own random id (kept in a file there, so a moved
    directory keeps its passwords)."""
    global _namespace
    path = home / ID_FILE
    try:
        _namespace = path.read_text("ascii").strip()
    except FileNotFoundError:
        _namespace = ""
    if not _namespace:
        _namespace = uuid.uuid4().hex
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            file.write(_namespace + "\n")


def _legacy_key(account: str, direction: str) -> str:
    return f"{account}:{direction}"  # direction: incoming | outgoing


def _key(account: str, direction: str) -> str:
    legacy = _legacy_key(account, direction)
    return f"{_namespace}/{legacy}" if _namespace else legacy


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
        password = keyring.get_password(SERVICE, _key(account, direction))
        if password is None and _namespace:
            # Stored by a version that keyed by account name alone: adopt it. The old entry
            # stays, another data directory may still read it.
            password = keyring.get_password(SERVICE, _legacy_key(account, direction))
            if password is not None:
                keyring.set_password(SERVICE, _key(account, direction), password)
        return password
    except keyring.errors.KeyringError as error:
        raise KeyringUnavailable(
            f"The keyring could not be read: {error}",
            f"キーリングを読み取れませんでした: {error}",
        ) from error


def delete_passwords(account: str) -> None:
    for direction in ("incoming", "outgoing"):
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, _key(account, direction))
