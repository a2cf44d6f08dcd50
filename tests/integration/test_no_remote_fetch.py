"""Mail naming remote content in every way HTML allows is synced from Dovecot, listed,
searched, opened (service, CLI and the Qt reader, remote content blocked and allowed) and
answered through the outbox, while a local HTTP server it all points at receives nothing.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.cli.main import run
from app.mail.html_text import html_to_text
from app.mail.search import index_pending
from app.services import actions, mailbox, outbox
from app.services.sync import sync_accounts
from app.ui.mail.reader import MessageReader
from app.ui.widgets.safe_browser import SafeTextBrowser
from tests.integration.imap_helpers import imap_account
from tests.mail.builders import entity, message, multipart
from tests.mail.test_sanitize import remote_forms

pytestmark = pytest.mark.integration


class Tracker(ThreadingHTTPServer):
    """Counts every connection and every request, whatever it asks for."""

    daemon_threads = True

    def __init__(self) -> None:
        self.connections = 0
        self.paths: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    def verify_request(self, request, client_address) -> bool:  # type: ignore[no-untyped-def]
        self.connections += 1
        return True

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.end_headers()

    do_POST = do_HEAD = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tracker() -> Iterator[Tracker]:
    server = Tracker()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _html(body: str) -> bytes:
    return entity("text/html; charset=utf-8", body)


def remote_mail(base: str) -> dict[str, bytes]:
    """One message per way of smuggling a remote reference into a reader."""
    forms = remote_forms(base)
    everything = "<p>見積書をお送りします。</p>" + "".join(forms.values())
    sender = "From: Tracker Inc <news@tracker.example>"
    mails = {
        "all-forms": message(_html(everything), sender, "Subject: every remote form"),
        "alternative": message(
            multipart("alternative", entity("text/plain; charset=utf-8", f"see {base}/plain"),
                      _html(forms["img"] + forms["style-block"])),
            sender, "Subject: alternative with remote html",
        ),
        "related": message(
            multipart("related", _html('<img src="cid:logo@x">' + forms["background-attr"]),
                      entity("image/gif", "GIF89a", encoding="base64",
                             headers=("Content-ID: <logo@x>",))),
            sender, "Subject: related with cid and remote",
        ),
        "inline-html-attachment": message(
            multipart("mixed", entity("text/plain", "the page is attached"),
                      entity("text/html", everything, headers=(
                          'Content-Disposition: inline; filename="page.html"',))),
            sender, "Subject: inline html attachment",
        ),
        "forwarded": message(
            multipart("mixed", entity("text/plain", "forwarding"),
                      entity("message/rfc822", message(_html(everything)))),
            sender, "Subject: forwarded html",
        ),
        "headers": message(
            _html(forms["meta-refresh"] + forms["link"]), sender,
            "Subject: remote headers", f"Content-Base: {base}/content-base/",
            f"Content-Location: {base}/location.html",
            f"List-Unsubscribe: <{base}/unsubscribe>",
            "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        ),
    }
    return mails


@pytest.fixture
def resource_requests(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every resource any SafeTextBrowser is asked for, and whether it handed out data."""
    seen: list[tuple[str, bool]] = []
    original = SafeTextBrowser.loadResource

    def recording(self, kind, url):  # type: ignore[no-untyped-def]
        result = original(self, kind, url)
        seen.append((url.toString() if hasattr(url, "toString") else str(url),
                     result is not None))
        return result

    monkeypatch.setattr(SafeTextBrowser, "loadResource", recording)
    return seen


def test_remote_content_is_never_fetched(
    dovecot, mail_user, tmp_path, smtpd, tracker, qtbot, capsys, resource_requests
) -> None:
    for raw in remote_mail(tracker.base).values():
        dovecot.deliver(mail_user.name, raw)
    home = tmp_path / "home"
    imap_account(home, dovecot, mail_user, smtp_host=smtpd.host, smtp_port=smtpd.port,
                 smtp_security="none", allow_insecure=True)

    # Synced and stored.
    sync_accounts()
    index_pending()
    listed = mailbox.list_messages("inbox")
    assert len(listed) == 6
    mailbox.list_threads("inbox")
    assert mailbox.search("remote")

    reader = MessageReader()
    qtbot.addWidget(reader)
    reader.resize(800, 600)
    reader.show()
    qtbot.waitExposed(reader)
    for summary in listed:
        assert actions.ensure_body(summary.id)
        for allow in (False, True):
            # Opened: the service, the JSON CLI, and the Qt reader, blocked and allowed.
            detail = mailbox.show_message(summary.id, allow_remote=allow)
            assert detail.parse_error is None
            argv = ["--home", str(home), "messages", "show", str(summary.id), "--json"]
            assert run(argv + (["--allow-remote"] if allow else [])) == 0
            assert json.loads(capsys.readouterr().out)["id"] == summary.id
            reader.show_message(detail)
            for part in detail.html_parts:
                browser = SafeTextBrowser()
                qtbot.addWidget(browser)
                browser.setHtml(part)
                browser.resize(600, 400)
                browser.show()
                qtbot.waitExposed(browser)
                browser.document().size()  # lays the part out: images are requested now
        # Answered: the HTML quoted as text, the reply queued and sent.
        quoted = "\n".join("> " + line for part in detail.html_parts
                           for line in html_to_text(part).splitlines())
        outbox.queue_message("Work", [summary.from_addr], f"Re: {summary.subject}",
                             f"Thanks.\n\n{quoted or detail.text}", reply_to=summary.id,
                             html=detail.html, delay=0)
    assert outbox.flush(ignore_delay=True).exit_code == 0
    qtbot.waitUntil(lambda: len(smtpd.messages) == len(listed))

    # Allowed remote images reached the reader, which asked for them and got nothing.
    remote_asked = [(url, served) for url, served in resource_requests if tracker.base in url]
    assert remote_asked and not any(served for _, served in remote_asked)
    assert tracker.connections == 0 and tracker.paths == []

    # The tracker works: a request made on purpose is counted.
    urllib.request.urlopen(f"{tracker.base}/control", timeout=30).close()
    assert tracker.paths == ["/control"]


# --- Remote content the user allowed, in the Qt window ----------------------------------
GIF = (b"GIF89a\x02\x00\x03\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
       b"\x00,\x00\x00\x00\x00\x02\x00\x03\x00\x00\x02\x02\x84\x51\x00;")


class _ImageHandler(_Handler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.send_header("Content-Length", str(len(GIF)))
        self.end_headers()
        self.wfile.write(GIF)


class ImageTracker(Tracker):
    """A tracker that answers with a real picture, so the reader has something to draw."""

    def __init__(self) -> None:
        self.connections = 0
        self.paths: list[str] = []
        ThreadingHTTPServer.__init__(self, ("127.0.0.1", 0), _ImageHandler)


@pytest.fixture
def image_tracker() -> Iterator[ImageTracker]:
    server = ImageTracker()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _newsletter(base: str, name: str, sender: str, *images: str) -> bytes:
    tags = "".join(f'<img src="{base}/{image}">' for image in images)
    background = f'<table background="{base}/{name}-bg.gif"><tr><td>x</td></tr></table>'
    return message(_html(f"<p>{name}</p>{tags}{background}"), f"From: {sender}",
                   f"Subject: {name}", f"Message-ID: <{name}@tracker.example>")


def test_allowed_remote_images_load_for_that_message_or_sender_only(
    dovecot, mail_user, tmp_path, image_tracker, qtbot
) -> None:
    from PySide6.QtCore import QSettings, QUrl
    from PySide6.QtGui import QTextDocument

    from app.ui.main_window import MainWindow

    base = image_tracker.base
    news, other = "News <news@tracker.example>", "Other <other@elsewhere.example>"
    for raw in (_newsletter(base, "first", news, "a1.gif", "a2.gif"),
                _newsletter(base, "second", news, "b.gif"),
                _newsletter(base, "stranger", other, "c.gif")):
        dovecot.deliver(mail_user.name, raw)
    imap_account(tmp_path / "home", dovecot, mail_user)
    sync_accounts()
    ids = {m.subject: m.id for m in mailbox.list_messages("inbox")}
    for message_id in ids.values():
        assert actions.ensure_body(message_id)

    window = MainWindow(settings=QSettings(str(tmp_path / "k.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    reader = window.reader

    def drawn(url: str) -> bool:
        image = reader.body.document().resource(QTextDocument.ResourceType.ImageResource,
                                                QUrl(url))
        return image is not None and image.width() == 2

    # Before any allow: every message opened, laid out, and nothing requested.
    for message_id in ids.values():
        window.open_message(message_id)
        reader.body.document().size()
        assert reader.remote_bar.isVisibleTo(reader)
    assert image_tracker.connections == 0 and image_tracker.paths == []

    # "Load remote content" for this message: its images, background included, and no other.
    window.open_message(ids["first"])
    reader.remote_bar.button.click()
    expected = ["/a1.gif", "/a2.gif", "/first-bg.gif"]
    qtbot.waitUntil(lambda: sorted(image_tracker.paths) == expected)
    qtbot.waitUntil(lambda: drawn(f"{base}/a1.gif") and drawn(f"{base}/a2.gif"))
    assert not reader.remote_bar.isVisibleTo(reader)
    qtbot.waitUntil(lambda: reader.loader.pending() == 0)

    # The same sender's other message still asks; the other sender's too.
    for subject in ("second", "stranger"):
        window.open_message(ids[subject])
        reader.body.document().size()
        assert reader.remote_bar.isVisibleTo(reader) and reader.loader.pending() == 0
    assert sorted(image_tracker.paths) == expected
    # Back to the allowed one: allowed for this session, without asking again.
    window.open_message(ids["first"])
    assert not reader.remote_bar.isVisibleTo(reader)

    # "Always from news@tracker.example": this message loads, and so does new mail from them.
    window.open_message(ids["second"])
    reader.remote_bar.always_button.click()
    expected += ["/b.gif", "/second-bg.gif"]
    qtbot.waitUntil(lambda: sorted(image_tracker.paths) == sorted(expected))
    assert mailbox.sender_allows_remote("news@tracker.example")
    dovecot.deliver(mail_user.name, _newsletter(base, "third", news, "d.gif"))
    sync_accounts()
    third = next(m.id for m in mailbox.list_messages("inbox") if m.subject == "third")
    assert actions.ensure_body(third)
    window.open_message(third)
    assert not reader.remote_bar.isVisibleTo(reader)
    expected += ["/d.gif", "/third-bg.gif"]
    qtbot.waitUntil(lambda: sorted(image_tracker.paths) == sorted(expected))
    qtbot.waitUntil(lambda: drawn(f"{base}/d.gif"))

    # The stranger is still blocked.
    window.open_message(ids["stranger"])
    reader.body.document().size()
    assert reader.remote_bar.isVisibleTo(reader) and reader.loader.pending() == 0
    assert "/c.gif" not in image_tracker.paths and "/stranger-bg.gif" not in image_tracker.paths
    window.close()
