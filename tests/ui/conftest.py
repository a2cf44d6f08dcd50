"""A small real mailbox for the window tests, stored through the same pipeline sync uses."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.mail import flags
from app.mail.search import index_pending
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.crm import Activity, Contact, Deal
from app.models.mail import Folder
from app.services.session import Session, open_session
from app.ui.mail.message_list_view import MessageListView
from app.ui.refcount_guard import guard_true
from tests.integration.conftest import dovecot, mail_user, smtpd  # noqa: F401 - real servers
from tests.ui.engine_fixtures import (  # noqa: F401 - the window with the engine attached
    empty_home,
    engine_window,
    qloop,
    window_settings,
)

guard_true()  # or a long run of window tests aborts in PySide6 6.12.0 (see the module)

NOW = int(time.time())
REMOTE_IMAGE = "http://tracker.example/open.gif?u=ken"


def make_raw(
    subject: str,
    body: str,
    *,
    sender: str = "Alice Example <alice@example.com>",
    to: str = "Ken Sato <ken@example.jp>",
    cc: str | None = None,
    when: int = NOW,
    html: str | None = None,
    attachment: tuple[str, bytes] | None = None,
    charset: str = "utf-8",
    seq: int = 0,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.fromtimestamp(when, dt.UTC))
    message["Message-ID"] = f"<ui-{seq}-{when}@test.example>"
    message.set_content(body, charset=charset)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if attachment is not None:
        name, data = attachment
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message.as_bytes()


@dataclass
class Mailbox:
    session: Session
    inbox: int
    sent: int
    archive: int
    ids: dict[str, int]  # a few messages by nickname


@pytest.fixture
def mailbox(tmp_path: Path) -> Iterator[Mailbox]:
    """Inbox: a known contact writing in Japanese HTML with a tracking pixel, an unknown
    sender with a PDF, an ISO-2022-JP mail; Sent: one reply; Archive: empty; Junk: a
    sender whose display name shows another address."""
    session = open_session(tmp_path / "home")
    account = ensure_account("Work", "ken@example.jp")
    inbox = ensure_folder(account, "INBOX", "inbox")
    sent = ensure_folder(account, "Sent", "sent")
    archive = ensure_folder(account, "Archive", "archive")
    junk = ensure_folder(account, "Junk", "junk")
    quote_html = (
        "<p>佐藤様</p><p>お見積もりをお願いいたします。</p>"
        f'<p><img src="{REMOTE_IMAGE}" alt="">'
        '<a href="https://sample.co.jp/catalog">カタログ</a></p>'
    )
    quote, inquiry, iso = store_messages(
        inbox,
        [
            IncomingMessage(
                make_raw(
                    "お見積もりのご依頼", "佐藤様\n\nお見積もりをお願いいたします。",
                    sender="山田 太郎 <yamada@sample.co.jp>", html=quote_html,
                    when=NOW - 3600, seq=1,
                ),
                uid=1, flags=flags.FLAGGED,
            ),
            IncomingMessage(
                make_raw(
                    "Partnership inquiry", "Hello, could we talk about a partnership?",
                    sender="Nina Newcomer <nina@prospect.example>",
                    cc="Bob <bob@prospect.example>",
                    attachment=("proposal.pdf", b"%PDF-1.4 " + b"x" * 2048),
                    when=NOW - 7200, seq=2,
                ),
                uid=2,
            ),
            IncomingMessage(
                make_raw(
                    "定例会議の議事録", "本日の定例会議の議事録を送ります。",
                    sender="鈴木 花子 <suzuki@sample.co.jp>", charset="iso-2022-jp",
                    when=NOW - 86400 * 3, seq=3,
                ),
                uid=3, flags=flags.SEEN,
            ),
        ],
    )
    [reply] = store_messages(
        sent,
        [IncomingMessage(make_raw("Re: お見積もりのご依頼", "承知しました。",
                                  sender="Ken Sato <ken@example.jp>",
                                  to="山田 太郎 <yamada@sample.co.jp>", when=NOW - 1800, seq=4),
                         uid=1, flags=flags.SEEN)],
    )
    [phish] = store_messages(
        junk,
        [IncomingMessage(make_raw("Verify your account", "Click here.",
                                  sender='"support@bank.example" <evil@phish.example>',
                                  when=NOW - 600, seq=5), uid=1)],
    )
    index_pending()
    contact = Contact.create(
        last_name="山田", first_name="太郎", email="yamada@sample.co.jp", phone="03-1234-5678",
        company_name="株式会社サンプル", title="購買部 部長", created_at=NOW, updated_at=NOW,
    )
    Deal.create(contact=contact, name="年間保守契約", amount=1_200_000, currency="JPY",
                stage="Proposal", created_at=NOW, updated_at=NOW)
    Activity.create(kind="call", contact=contact, subject="価格について電話",
                    start=NOW - 86400, created_at=NOW - 86400)
    ids = {"quote": quote, "inquiry": inquiry, "iso": iso, "reply": reply, "phish": phish}
    yield Mailbox(session, inbox.id, sent.id, archive.id, ids)
    session.close()


def fill_archive(box: Mailbox, count: int) -> None:
    """`count` plain messages, one a minute apart, for paging."""
    store_messages(
        Folder.get_by_id(box.archive),
        [
            IncomingMessage(
                make_raw(f"Weekly report {n}", f"Report {n}", when=NOW - 60 * n, seq=100 + n),
                uid=n + 1, flags=flags.SEEN,
            )
            for n in range(count)
        ],
    )


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "kizuna.ini"), QSettings.Format.IniFormat)


def shown_list_view(qtbot, model, width: int = 700):  # type: ignore[no-untyped-def]
    """A message list view on `model`, shown and laid out as on screen."""
    view = MessageListView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(width, 300)
    view.show()
    qtbot.waitExposed(view)
    return view
