"""Typed errors that carry a message for the user in English and Japanese.

The CLI maps them to exit codes and prints one line; the UI shows them in the status bar or a
dialog. Anything else escaping is a bug and gets a traceback.
"""

from __future__ import annotations

import locale
import os

EXIT_OTHER = 1
EXIT_USAGE = 2
EXIT_NETWORK = 3
EXIT_NOT_FOUND = 4


_chosen_language: str | None = None


def set_user_language(language: str | None) -> None:
    """The window's language ('ja' or 'en'; None to forget it), so that its error messages
    speak the language of its menus even when --lang or a setting overrode the locale."""
    global _chosen_language
    _chosen_language = language


def user_language() -> str:
    """'ja' when the user's locale is Japanese, else 'en'; the window's choice when it set one."""
    if _chosen_language:
        return _chosen_language
    for name in ("KIZUNA_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    current = locale.getlocale()[0] or ""
    return "ja" if current.lower().startswith("ja") else "en"


class KizunaError(Exception):
    exit_code = EXIT_OTHER

    def __init__(self, english: str, japanese: str | None = None) -> None:
        super().__init__(english)
        self.english = english
        self.japanese = japanese or english

    def message(self, language: str | None = None) -> str:
        return self.japanese if (language or user_language()) == "ja" else self.english


class UsageError(KizunaError):
    exit_code = EXIT_USAGE


class NotFound(KizunaError):
    exit_code = EXIT_NOT_FOUND


class NetworkError(KizunaError):
    """Server unreachable, TLS or authentication problems: anything the network caused."""

    exit_code = EXIT_NETWORK
