"""Pictures of the CRM screens on the demo data, for the README and for looking at them on a
machine without a screen: `python -m app.ui.crm.screenshots [OUTDIR]` (under Xvfb or with
QT_QPA_PLATFORM=offscreen). The demo is loaded into a throwaway data directory.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.services import mailbox
from app.services.demo import create_demo
from app.services.session import open_session
from app.ui.main_window import MainWindow

UNKNOWN_SENDER = "s.watanabe@flower-design.example.jp"  # in the demo mail, not in its CRM
CONTACT = "t.yamada@sample-shoji.example.jp"
SETTLE_MS = 300
WAIT_MS = 5000


def _settle(ms: int = SETTLE_MS) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait(condition: Callable[[], bool]) -> None:
    for _ in range(WAIT_MS // 50):
        if condition():
            return
        _settle(50)
    raise SystemExit("kizuna: the screen never got ready for its picture")


def _newest_from(address: str) -> int:
    found = mailbox.search(f"from:{address}", limit=1)
    if not found:
        raise SystemExit(f"kizuna: no demo mail from {address}")
    return found[0].id


def _save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise SystemExit(f"kizuna: could not write {path}")
    print(path)


def _crm_views(window: MainWindow, out: Path) -> None:
    mode = window.crm
    mode.show_crm("contacts")
    contacts = mode.views.contacts
    contacts.select(contacts.model.rows[0].id)
    _settle()
    _save(window, out / "crm-contacts.png")
    mode.show_crm("deals")
    mode.views.deals.show_view(1)
    _settle()
    _save(window, out / "crm-pipeline.png")
    mode.show_crm("activities")
    _settle()
    _save(window, out / "crm-activities.png")
    mode.show_mail()


def main(argv: list[str]) -> None:
    out = Path(argv[0] if argv else "resources/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as home:
        session = open_session(Path(home))
        try:
            create_demo()
            settings = QSettings(str(Path(home) / "kizuna.ini"), QSettings.Format.IniFormat)
            window = MainWindow(demo=True, settings=settings)
            window.resize(1560, 940)
            window.show()
            _settle()
            sidebar = window.sidebar
            window.open_message(_newest_from(UNKNOWN_SENDER))
            _wait(lambda: sidebar.unknown is not None
                  and sidebar.unknown.form.edits["last_name"].text() != "")
            _settle()
            _save(sidebar, out / "sidebar-unknown-sender.png")
            window.open_message(_newest_from(CONTACT))
            _settle()
            _save(sidebar, out / "sidebar-contact.png")
            _crm_views(window, out)
            window.close()
        finally:
            session.close()
    app.quit()


if __name__ == "__main__":
    main(sys.argv[1:])
