"""`KIZUNA_SCREENSHOT=out.png python main.py --demo`: picture the window, then quit.

Used for the README and for looking at the window on a machine without a screen (Xvfb or
the offscreen platform). It opens the first message so every pane has something in it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow

ENV_VAR = "KIZUNA_SCREENSHOT"
SETTLE_MS = 400  # first paint, fonts and layout done before the picture


def schedule_screenshot(window: MainWindow, path: Path) -> None:
    def capture() -> None:
        if not window.grab().save(str(path)):
            print(f"kizuna: could not write {path}", file=sys.stderr)
        QApplication.quit()

    def open_first() -> None:
        window.step_message(1)
        QTimer.singleShot(SETTLE_MS, capture)

    QTimer.singleShot(SETTLE_MS, open_first)
