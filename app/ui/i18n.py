"""The window's language: Japanese or English, and Qt translators that speak it.

The choice, first that applies: `--lang ja|en`, the `ui/language` setting, `KIZUNA_LANG`,
then the system locale (`LANG=ja_JP.UTF-8` gives Japanese). The engine's typed errors are
told the same choice, so a dialog never mixes a Japanese menu with an English error.

Kizuna's catalogue is `resources/i18n/kizuna_ja.qm` (made by `./dev i18n`); Qt's own
`qtbase_ja` turns standard buttons into 「キャンセル」 and the like.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from app.errors import set_user_language

LANGUAGES = ("en", "ja")
SETTING_KEY = "ui/language"
CATALOGUE = "kizuna"
# A source checkout (and an editable install) keeps it beside app/; a wheel installs it as
# data under the environment's prefix (pyproject.toml, [tool.setuptools.data-files]).
CATALOGUE_DIRS = (
    Path(__file__).resolve().parents[2] / "resources" / "i18n",
    Path(sys.prefix) / "share" / "kizuna" / "i18n",
)


def _known(value: object) -> str | None:
    """'ja' or 'en' from 'ja', 'ja_JP.UTF-8', 'en-US' …; None for anything else."""
    text = str(value or "").strip().lower()
    for language in LANGUAGES:
        if text == language or text.startswith((language + "_", language + "-")):
            return language
    return None


def choose_language(option: str | None = None, settings: QSettings | None = None,
                    system: QLocale | None = None) -> str:
    """'ja' or 'en': the command line, else the setting, else the environment."""
    for candidate in (option, settings.value(SETTING_KEY) if settings else None,
                      os.environ.get("KIZUNA_LANG")):
        language = _known(candidate)
        if language:
            return language
    locale = system or QLocale.system()
    return "ja" if locale.language() == QLocale.Language.Japanese else "en"


def catalogue_path(language: str) -> Path | None:
    for folder in CATALOGUE_DIRS:
        path = folder / f"{CATALOGUE}_{language}.qm"
        if path.is_file():
            return path
    return None


def install(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load Qt's and Kizuna's catalogues for `language` into `app`. English is the source
    language, so it needs none. Returns the translators (the caller keeps them alive)."""
    set_user_language(language)
    if QLocale.system().language() != _qt_language(language):
        # Dates, numbers and Qt's own widgets (calendars) follow the chosen language too.
        QLocale.setDefault(QLocale(_qt_language(language), QLocale.Country.AnyCountry))
    if language == "en":
        return []
    translators = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", qt_dir):
        translators.append(qt)
    path = catalogue_path(language)
    kizuna = QTranslator(app)
    if path is not None and kizuna.load(str(path)):
        translators.append(kizuna)
    for translator in translators:
        app.installTranslator(translator)
    return translators


def uninstall(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Back to the untranslated (English) strings and the locale's own error language."""
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale.system())
    set_user_language(None)


def _qt_language(language: str) -> QLocale.Language:
    return QLocale.Language.Japanese if language == "ja" else QLocale.Language.English
