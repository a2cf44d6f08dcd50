"""Fixtures for tests of the window driving the engine: a qasync loop inside pytest-qt, and
the window with its MailEngine attached. Import the fixtures a test module uses."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.services.session import Session, open_session
from app.ui.mail_engine import MailEngine
from app.ui.main_window import MainWindow

WAIT_MS = 20_000  # generous upper bound for waits on a real server; each ends when met


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    """An asyncio loop driven by Qt's: its callbacks are Qt timers, so tasks run while
    qtbot waits.

    Not `already_running=True`: tearing that down needs loop.stop(), which calls
    QApplication.exit() outside exec(); Qt then keeps a quit flag that silently stops the
    next test's loop from hearing about finished executor work.
    """
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    yield loop
    asyncio.events._set_running_loop(None)  # or the running loop leaks into later tests
    loop.close()
    asyncio.set_event_loop(None)
    # qasync's timers for this loop are now garbage; collected later on a worker thread
    # (the IDLE watcher's), Qt would stop them from the wrong thread and crash. Collect
    # them here, on the thread that owns them.
    gc.collect()


@pytest.fixture
def empty_home(tmp_path: Path) -> Iterator[Session]:
    """A data directory with no accounts and no mail."""
    session = open_session(tmp_path / "home")
    yield session
    session.close()


@pytest.fixture
def window_settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "kizuna.ini"), QSettings.Format.IniFormat)


def run(qtbot, coroutine) -> object:  # type: ignore[no-untyped-def]
    """Run a coroutine on the test's loop and wait for its result."""
    task = asyncio.ensure_future(coroutine)
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
    return task.result()


@pytest.fixture
def engine_window(qtbot, qloop, window_settings) -> Iterator[tuple[MainWindow, MailEngine]]:
    """The window with sync, actions and notifications attached; not started."""
    window = MainWindow(settings=window_settings)
    engine = MailEngine(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, engine
    run(qtbot, engine.stop())  # before the window goes: the engine's parts are its children
    window.close()
    window.deleteLater()
