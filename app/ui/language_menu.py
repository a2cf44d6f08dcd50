"""Settings ▸ Language: the window's language, kept in the `ui/language` setting.

Translators are installed once, before any window is built, so a change applies from the
next start; the status bar says so.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from app.ui.i18n import SETTING_KEY

# Each language named in itself, as language menus do: found whatever the UI speaks now.
CHOICES = (("ja", "日本語"), ("en", "English"))


def language_menu(parent: QWidget, settings: QSettings, say: Callable[[str], None]) -> QMenu:
    menu = QMenu(QCoreApplication.translate("LanguageMenu", "&Language"), parent)
    group = QActionGroup(menu)
    current = settings.value(SETTING_KEY) or ""
    for code, name in (("", QCoreApplication.translate("LanguageMenu", "System Default")),
                       *CHOICES):
        action = QAction(name, menu)
        action.setCheckable(True)
        action.setChecked(code == current)
        action.setData(code)
        action.triggered.connect(lambda _checked=False, c=code: _choose(settings, c, say))
        group.addAction(action)
        menu.addAction(action)
    return menu


def _choose(settings: QSettings, code: str, say: Callable[[str], None]) -> None:
    if code:
        settings.setValue(SETTING_KEY, code)
    else:
        settings.remove(SETTING_KEY)
    settings.sync()
    say(QCoreApplication.translate("LanguageMenu",
                                   "The new language is used from the next start of Kizuna."))
