"""The Japanese UI: the catalogue is complete and current, and the window speaks it.

When a test here fails because of new strings, run `./dev i18n`, translate the new
`type="unfinished"` messages in resources/i18n/kizuna_ja.ts, and run it again.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from app.__main__ import wants_gui
from app.errors import KizunaError, user_language
from app.sync.errors import AuthError
from app.ui import i18n
from app.ui.app import parse_args, run_gui
from app.ui.formatting import full_date, local_time
from app.ui.main_window import MainWindow
from app.ui.widgets.placeholder import Placeholder

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "kizuna_ja.ts"
QM = ROOT / "resources" / "i18n" / "kizuna_ja.qm"
TOOLS = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
ACCELERATOR = re.compile(r"&(?!&)(\w)")
KANA = re.compile(r"[\u3040-\u30ff]")
REDO = "run ./dev i18n, translate what is new in resources/i18n/kizuna_ja.ts, run it again"


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name") or "", message.findtext("source") or "",
         message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _ui_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "app" / "ui").rglob("*.py"))


@pytest.fixture
def japanese(qapp: QApplication) -> Iterator[None]:
    translators = i18n.install(qapp, "ja")
    yield
    i18n.uninstall(qapp, translators)


# --- the catalogue ----------------------------------------------------------------------------
def test_every_message_is_translated_with_its_placeholders_and_accelerator() -> None:
    problems = []
    for context, source, translation in _messages(TS):
        text = translation.text or ""
        where = f"{context}: {source!r} -> {text!r}"
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not text.strip():
            problems.append(f"untranslated {where}")
            continue
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ {where}")
        accelerator = ACCELERATOR.search(source)
        # Japanese convention: the key letter in brackets, ファイル(&F).
        if accelerator and f"(&{accelerator.group(1).upper()})" not in text.upper():
            problems.append(f"accelerator {where}")
        if source.endswith("…") != text.endswith("…"):
            problems.append(f"ellipsis {where}")
    assert not problems, f"{REDO}:\n" + "\n".join(problems)


def test_every_translatable_string_in_app_ui_is_in_the_catalogue(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run([str(TOOLS / "pyside6-lupdate"), "-silent", "-locations", "none",
                    *_ui_sources(), "-ts", str(fresh)], cwd=ROOT, check=True)
    in_code = {(c, s) for c, s, _ in _messages(fresh)}
    in_catalogue = {(c, s) for c, s, _ in _messages(TS)}
    assert in_code - in_catalogue == set(), REDO


def test_the_compiled_catalogue_is_up_to_date(tmp_path: Path) -> None:
    compiled = tmp_path / "kizuna_ja.qm"
    subprocess.run([str(TOOLS / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(compiled)],
                   check=True)
    assert compiled.read_bytes() == QM.read_bytes(), REDO


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def test_translated_text_is_always_a_literal_lupdate_can_read() -> None:
    """lupdate reads `self.tr("…")` and `QCoreApplication.translate("Context", "…")`. An
    f-string, a variable or `other.tr()` (whose context is another class) would look
    translated in the .ts and never be found at run time."""
    problems = []
    for name in _ui_sources():
        for node in ast.walk(ast.parse((ROOT / name).read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            call, owner = node.func.attr, node.func.value
            if call == "tr":
                ok = (isinstance(owner, ast.Name) and owner.id == "self" and node.args
                      and _literal(node.args[0]))
            elif call == "translate" and isinstance(owner, ast.Name) and owner.id in (
                    "QCoreApplication", "QApplication"):
                ok = len(node.args) >= 2 and _literal(node.args[0]) and _literal(node.args[1])
            else:
                continue
            if not ok:
                problems.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    assert not problems, "\n".join(problems)


def test_the_catalogue_is_found_in_a_checkout_and_installed_from_the_wheel() -> None:
    assert i18n.catalogue_path("ja") == QM
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"][
        "setuptools"]["data-files"]
    installed = {Path(target) / Path(f).name for target, files in data_files.items()
                 for f in files}
    assert Path("share/kizuna/i18n/kizuna_ja.qm") in installed
    assert Path(sys.prefix) / "share" / "kizuna" / "i18n" in i18n.CATALOGUE_DIRS


# --- choosing the language --------------------------------------------------------------------
def test_command_line_then_setting_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KIZUNA_LANG", raising=False)
    settings = QSettings(str(tmp_path / "kizuna.ini"), QSettings.Format.IniFormat)
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    japan = QLocale(QLocale.Language.Japanese, QLocale.Country.Japan)
    assert i18n.choose_language(None, settings, english) == "en"
    assert i18n.choose_language(None, settings, japan) == "ja"
    monkeypatch.setenv("KIZUNA_LANG", "ja_JP.UTF-8")
    assert i18n.choose_language(None, settings, english) == "ja"
    settings.setValue(i18n.SETTING_KEY, "en")
    assert i18n.choose_language(None, settings, japan) == "en"
    assert i18n.choose_language("ja", settings, english) == "ja"


@pytest.mark.parametrize(("lang", "expected"), [("ja_JP.UTF-8", "ja"), ("en_US.UTF-8", "en")])
def test_lang_from_the_environment_as_a_user_starts_it(lang: str, expected: str) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("KIZUNA_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env["LANG"] = lang
    code = "from app.ui.i18n import choose_language; print(choose_language())"
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                          capture_output=True, text=True)
    assert done.stdout.strip() == expected


def test_lang_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_args(["--demo", "--lang", "ja"]).lang == "ja"
    assert parse_args(["--lang=en"]).lang == "en"
    assert parse_args([]).lang is None
    assert wants_gui(["--lang", "ja", "--demo"])
    assert wants_gui(["--home", "/tmp/k", "--lang=en"])
    assert not wants_gui(["--lang", "ja", "folders"])
    assert run_gui(["--lang", "fr"]) == 2
    assert "--lang" in capsys.readouterr().err


# --- the window in Japanese -------------------------------------------------------------------
def test_window_menus_standard_buttons_and_errors_in_japanese(
    qtbot, japanese, empty_home, window_settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIZUNA_LANG", "en")  # the window's choice wins over the environment
    window = MainWindow(settings=window_settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus[:3] == ["ファイル(&F)", "編集(&E)", "表示(&V)"]
    empty_states = [p.text() for p in window.findChildren(Placeholder) if p.isVisibleTo(window)]
    assert empty_states
    assert all(KANA.search(text) for text in empty_states), empty_states

    box = QMessageBox(QMessageBox.Icon.Question, "Kizuna", "?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Cancel).text() == "キャンセル"
    assert box.button(QMessageBox.StandardButton.Yes).text() == "はい(&Y)"

    assert user_language() == "ja"
    assert AuthError("Wrong password", "パスワードが違います").message() == "パスワードが違います"
    assert QLocale().language() == QLocale.Language.Japanese


def test_the_weekday_speaks_the_window_language(japanese) -> None:
    moment = 1_763_500_000
    weekday = "月火水木金土日"[local_time(moment).isoweekday() - 1]
    assert full_date(moment).endswith(f"({weekday})")


def test_english_needs_no_catalogue_and_errors_follow(qapp, monkeypatch) -> None:
    monkeypatch.setenv("KIZUNA_LANG", "ja")
    translators = i18n.install(qapp, "en")
    try:
        assert translators == []
        assert KizunaError("Not found", "見つかりません").message() == "Not found"
    finally:
        i18n.uninstall(qapp, translators)
    assert KizunaError("Not found", "見つかりません").message() == "見つかりません"
