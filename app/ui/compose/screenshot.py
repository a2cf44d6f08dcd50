"""A picture of the compose window replying to a Japanese customer in the demo mailbox,
for the README: `python -m app.ui.compose.screenshot [OUT.png] [--lang ja|en]` (under
Xvfb or with QT_QPA_PLATFORM=offscreen). The demo goes into a throwaway data directory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from app.services import compose, mailbox
from app.services.demo import create_demo
from app.services.session import open_session
from app.ui import i18n
from app.ui.compose.window import ComposeWindow

CUSTOMER = "t.yamada@sample-shoji.example.jp"  # a CRM contact writing in Japanese
REPLY = ("山田様\n\nいつもお世話になっております。\nお見積もりの件、承知いたしました。"
         "来週水曜日までにお送りいたします。\n\n佐藤")
SETTLE_MS = 400


def _settle() -> None:
    loop = QEventLoop()
    QTimer.singleShot(SETTLE_MS, loop.quit)
    loop.exec()


def picture(out: Path) -> None:
    found = mailbox.search(f"from:{CUSTOMER}", limit=1)
    if not found:
        raise SystemExit(f"kizuna: no demo mail from {CUSTOMER}")
    data = compose.start_reply(found[0].id, "reply")
    window = ComposeWindow(data)
    window.resize(900, 720)
    window.show()
    cursor = window.body.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.insertText(REPLY)
    window.body.setTextCursor(cursor)
    _settle()
    if not window.grab().save(str(out)):
        raise SystemExit(f"kizuna: could not write {out}")
    window.finished = True  # a picture, not a draft: closing asks nothing
    window.close()
    print(out)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m app.ui.compose.screenshot")
    parser.add_argument("out", nargs="?", default="resources/screenshots/compose-reply.png")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default="en")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    translators = i18n.install(app, args.lang)
    with tempfile.TemporaryDirectory() as home:
        session = open_session(Path(home))
        try:
            create_demo()
            picture(Path(args.out))
        finally:
            session.close()
    i18n.uninstall(app, translators)


if __name__ == "__main__":
    main(sys.argv[1:])
