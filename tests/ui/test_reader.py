"""Reading never reaches the network: blocked images stay blocked, links are not followed."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from app.services import mailbox as mail_service
from app.ui.mail.reader import MessageReader
from app.ui.widgets.safe_browser import SafeTextBrowser
from tests.ui.conftest import REMOTE_IMAGE, Mailbox

IMAGE = int(QTextDocument.ResourceType.ImageResource)
PIXEL = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


class RecordingBrowser(SafeTextBrowser):
    """Remembers every resource the document asked for, and what it got."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[tuple[str, object]] = []

    def loadResource(self, kind, url):  # type: ignore[no-untyped-def]
        result = super().loadResource(kind, url)
        self.requests.append((QUrl(url).toString(), result))
        return result


def test_remote_urls_load_nothing(qtbot) -> None:
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    for url in (REMOTE_IMAGE, "https://cdn.example/logo.png", "file:///etc/passwd",
                "ftp://files.example/x.png"):
        assert browser.loadResource(IMAGE, QUrl(url)) is None
    assert browser.openLinks() is False and browser.openExternalLinks() is False
    # Inline data belongs to the message and still shows.
    assert browser.loadResource(IMAGE, QUrl(PIXEL)) is not None


def test_rendering_a_remote_image_fetches_nothing(qtbot) -> None:
    browser = RecordingBrowser()
    qtbot.addWidget(browser)
    browser.setHtml(f'<p>hi<img src="{REMOTE_IMAGE}"></p>')
    browser.show()
    qtbot.waitExposed(browser)
    qtbot.waitUntil(lambda: bool(browser.requests))
    assert set(browser.requests) == {(REMOTE_IMAGE, None)}


def test_blocked_images_bar_and_loading_on_request(qtbot, mailbox: Mailbox) -> None:
    fetched: list[str] = []
    reader = MessageReader(fetch=lambda url: fetched.append(url))  # never the network
    qtbot.addWidget(reader)
    reader.show()
    qtbot.waitExposed(reader)  # images are asked for when the parts are laid out
    message_id = mailbox.ids["quote"]
    reader.show_message(mail_service.show_message(message_id))
    assert reader.remote_bar.isVisibleTo(reader)
    assert reader.remote_bar.label.text().endswith(": 1")
    assert REMOTE_IMAGE not in reader.body.toHtml()

    with qtbot.waitSignal(reader.remoteContentRequested) as request:
        reader.remote_bar.button.click()
    assert request.args == [message_id]
    assert fetched == []
    reader.show_message(mail_service.show_message(message_id, allow_remote=True))
    assert not reader.remote_bar.isVisibleTo(reader)
    # Allowed by the user: the reader's fetcher, never the browser itself, gets the URL.
    qtbot.waitUntil(lambda: fetched == [REMOTE_IMAGE])


def test_links_are_reported_not_followed(qtbot, mailbox: Mailbox) -> None:
    reader = MessageReader()
    qtbot.addWidget(reader)
    reader.show_message(mail_service.show_message(mailbox.ids["quote"]))
    before = reader.body.source()
    with qtbot.waitSignal(reader.linkActivated) as clicked:
        reader.body.anchorClicked.emit(QUrl("https://sample.co.jp/catalog"))
    assert clicked.args[0].toString() == "https://sample.co.jp/catalog"
    assert reader.body.source() == before


def test_spoofed_sender_warning_and_real_address(qtbot, mailbox: Mailbox) -> None:
    reader = MessageReader()
    qtbot.addWidget(reader)
    reader.show_message(mail_service.show_message(mailbox.ids["phish"]))
    assert reader.warnings.isVisibleTo(reader)
    assert "evil@phish.example" in reader.warnings.label.text()
    assert reader.headers.sender_name.text() == "support@bank.example"
    assert reader.headers.sender_address.text() == "<evil@phish.example>"
    # The next message has no warning: the banner does not linger.
    reader.show_message(mail_service.show_message(mailbox.ids["quote"]))
    assert not reader.warnings.isVisibleTo(reader)
