"""`python main.py [--demo] [--home DIR]`: the desktop window on a qasync event loop."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import qasync
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import KizunaError, UsageError
from app.paths import data_dir
from app.services.session import Session, open_session
from app.sync.accounts import list_accounts
from app.ui import i18n
from app.ui.mail_engine import MailEngine
from app.ui.main_window import APPLICATION, ORGANIZATION, MainWindow
from app.ui.palette import apply_screenshot_palette
from app.ui.refcount_guard import guard_true
from app.ui.screenshot import ENV_VAR as SCREENSHOT_ENV
from app.ui.screenshot import schedule_screenshot


@dataclass
class GuiOptions:
    demo: bool
    home: str | None
    lang: str | None = None  # 'ja' or 'en'; None: the setting, else the system locale


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"kizuna: {message}", f"kizuna: 引数が正しくありません: {message}")


def parse_args(args: list[str]) -> GuiOptions:
    parser = _Parser(prog="kizuna", description="Kizuna mail and CRM.")
    parser.add_argument("--demo", action="store_true", help="open the sample mailbox and CRM")
    parser.add_argument("--home", help="data directory")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="language of the window")
    options = parser.parse_args(args)
    return GuiOptions(options.demo, options.home, options.lang)


def session_home(options: GuiOptions) -> Path | str | None:
    """Demo mail lives apart from the user's own unless they name a directory themselves."""
    if options.home:
        return options.home
    return data_dir() / "demo" if options.demo else None


def open_data(options: GuiOptions) -> Session:
    session = open_session(session_home(options))
    if options.demo:
        # Imported here: the demo generator is only needed (and loaded) for --demo.
        from app.services.demo import create_demo

        create_demo()
    return session


def run_gui(args: list[str]) -> int:
    try:
        options = parse_args(args)
    except UsageError as error:
        print(error.message(), file=sys.stderr)
        return error.exit_code
    except SystemExit as done:  # --help
        return int(done.code or 0)

    guard_true()  # PySide6 6.12.0: each emit() from Python takes a reference from True
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    language = i18n.choose_language(options.lang, QSettings(ORGANIZATION, APPLICATION))
    translators = i18n.install(app, language)  # before any widget exists
    apply_screenshot_palette(app)
    try:
        session = open_data(options)
    except KizunaError as error:
        QMessageBox.critical(None, APPLICATION, error.message())
        return error.exit_code

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = MainWindow(demo=options.demo)
    engine = MailEngine(window)
    window.show()
    QTimer.singleShot(0, engine.start)  # once the loop runs: start() spawns tasks on it
    screenshot = os.environ.get(SCREENSHOT_ENV)
    if screenshot:
        schedule_screenshot(window, Path(screenshot))
    elif not options.demo and not list_accounts():
        QTimer.singleShot(0, engine.add_account)  # first run: nothing to show without one
    try:
        with loop:  # closing the loop stops qasync's executor thread cleanly
            code = int(loop.run_forever())
            loop.run_until_complete(engine.stop())
            return code
    finally:
        window.close()  # saves the layout even when the app was quit from elsewhere
        asyncio.set_event_loop(None)
        session.close()
        i18n.uninstall(app, translators)
