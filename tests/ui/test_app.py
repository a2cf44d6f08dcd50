"""Starting the desktop app: options, where demo data lives, a whole run to a screenshot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app.ui.app import GuiOptions, parse_args, run_gui, session_home
from tests.ui.conftest import Mailbox

ROOT = Path(__file__).resolve().parents[2]


def test_options() -> None:
    assert parse_args([]) == GuiOptions(demo=False, home=None)
    assert parse_args(["--demo"]) == GuiOptions(demo=True, home=None)
    assert parse_args(["--demo", "--home", "/tmp/k"]) == GuiOptions(demo=True, home="/tmp/k")
    assert parse_args(["--home=/tmp/k"]) == GuiOptions(demo=False, home="/tmp/k")


def test_demo_data_never_mixes_with_the_users(kizuna_home: Path) -> None:
    assert session_home(GuiOptions(demo=False, home=None)) is None  # the user's own data
    assert session_home(GuiOptions(demo=True, home=None)) == kizuna_home / "demo"
    assert session_home(GuiOptions(demo=True, home="/tmp/k")) == "/tmp/k"


def test_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_gui(["--colour"]) == 2
    assert "--colour" in capsys.readouterr().err


def test_main_py_opens_the_window_and_takes_a_screenshot(
    mailbox: Mailbox, tmp_path: Path
) -> None:
    """A separate process, as a user starts it: main.py → run_gui → a picture → exit 0."""
    picture = tmp_path / "window.png"
    env = {**os.environ, "KIZUNA_SCREENSHOT": str(picture), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--home", str(mailbox.session.home)],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(picture))
    assert image.width() > 800 and image.height() > 500
