"""`KIZUNA_SCREENSHOT=out.png python main.py --demo`: picture the window, then quit.

Used for the README and for looking at the window on a machine without a screen (Xvfb or
the offscreen platform). It opens the newest message from a CRM contact (else a lead, else
the newest message) so every pane, the sidebar's card included, has something in it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.services import mailbox
from app.ui.itemmodels.message_list import COL_SUBJECT
from app.ui.main_window import MainWindow

ENV_VAR = "KIZUNA_SCREENSHOT"
SETTLE_MS = 400  # first paint, fonts and layout done before the picture


def _showcase_row(window: MainWindow) -> int:
    """The first message from a contact (the sidebar then shows deals), else from a lead."""
    model = window.message_model
    kinds: dict[str, int] = {}
    for row in range(model.rowCount()):
        message = model.message(row)
        crm = mailbox.show_message(message.id).crm if message else None
        if crm is not None:
            kinds.setdefault(crm.kind, row)
            if crm.kind == "contact":
                break
    return kinds.get("contact", kinds.get("lead", 0))


def schedule_screenshot(window: MainWindow, path: Path) -> None:
    def capture() -> None:
        if not window.grab().save(str(path)):
            print(f"kizuna: could not write {path}", file=sys.stderr)
        QApplication.quit()

    def open_message() -> None:
        window.message_view.setCurrentIndex(
            window.message_model.index(_showcase_row(window), COL_SUBJECT)
        )
        QTimer.singleShot(SETTLE_MS, capture)

    QTimer.singleShot(SETTLE_MS, open_message)
