"""The remote image fetcher: http(s) only, verified TLS, images only, capped, no cookies or
Referer; results reach only the browser that asked."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from app.ui.mail import remote_images
from app.ui.mail.remote_images import RemoteImageLoader, fetch_image
from app.ui.widgets.safe_browser import SafeTextBrowser
from tests.integration.dovecot import make_certificate
from tests.ui.mail.helpers import png

IMAGE = QTextDocument.ResourceType.ImageResource
PICTURE = png(23, 9)


class ImageServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        server: ImageServer = self.server  # type: ignore[assignment]
        server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        path = self.path.split("?")[0]
        if path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", self.path.split("to=", 1)[1])
            self.end_headers()
            return
        kinds = {"/pic.png": ("image/png", PICTURE), "/page.png": ("text/html", b"<p>x</p>"),
                 "/vector.png": ("image/svg+xml", b"<svg/>"),
                 "/big.png": ("image/png", PICTURE + b"\0" * 4096)}
        if path not in kinds:
            self.send_response(404)
            self.end_headers()
            return
        content_type, body = kinds[path]
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Set-Cookie", "id=tracked")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(server: ThreadingHTTPServer) -> Iterator[None]:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield
    server.shutdown()
    server.server_close()


@pytest.fixture
def server() -> Iterator[ImageServer]:
    box = ImageServer()
    for _ in _serve(box):
        yield box


def test_fetches_images_only_and_says_nothing_about_the_reader(server: ImageServer) -> None:
    assert fetch_image(f"{server.base}/pic.png?u=ken") == PICTURE
    assert fetch_image(f"{server.base}/pic.png") == PICTURE  # the cookie is not sent back
    for _path, headers in server.requests:
        assert "cookie" not in headers and "referer" not in headers
        assert headers.get("accept") == "image/*"
    assert fetch_image(f"{server.base}/page.png") is None
    assert fetch_image(f"{server.base}/vector.png") is None
    assert fetch_image(f"{server.base}/missing.png") is None
    assert fetch_image(f"{server.base}/big.png", max_bytes=len(PICTURE)) is None


def test_only_http_and_https_even_through_redirects(server: ImageServer) -> None:
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x.png", "data:image/png;base64,AA==",
                "javascript:alert(1)", "//127.0.0.1/x.png", "http:///x.png"):
        assert fetch_image(url) is None
    assert fetch_image(f"{server.base}/redirect?to=/pic.png") == PICTURE
    assert fetch_image(f"{server.base}/redirect?to=file:///etc/hostname") is None
    loop = f"{server.base}/redirect?to={server.base}/redirect?to=/redirect?to=/redirect?to=/pic.png"
    assert fetch_image(loop) is None  # more hops than allowed


def test_https_certificates_are_verified(tmp_path: Path) -> None:
    cert, key = make_certificate(tmp_path)
    server = ImageServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    for _ in _serve(server):
        port = server.server_address[1]
        # A self-signed certificate the system does not trust: refused, nothing fetched.
        assert fetch_image(f"https://127.0.0.1:{port}/pic.png") is None
        assert server.requests == []


def test_loader_hands_each_image_to_the_browser_that_asked(qtbot) -> None:
    asked: list[str] = []

    def fetch(url: str) -> bytes | None:
        asked.append(url)
        return PICTURE

    loader = RemoteImageLoader(fetch=fetch)
    first, second = SafeTextBrowser(), SafeTextBrowser()
    for browser in (first, second):
        qtbot.addWidget(browser)
    loader.attach(first)
    url = "https://cdn.example/a.png"
    assert (first.loadResource(IMAGE, QUrl(url)).width()) == 1  # a blank until it arrives
    first.loadResource(IMAGE, QUrl(url))  # asked twice, fetched once
    qtbot.waitUntil(lambda: first.document().resource(IMAGE, QUrl(url)).width() == 23)
    assert asked == [url]
    # The other browser was never attached: remote stays refused there.
    assert second.loadResource(IMAGE, QUrl(url)) is None
    assert asked == [url]
    # Attached later (the message opened again): drawn at once from this session's copy.
    loader.attach(second)
    assert second.loadResource(IMAGE, QUrl(url)).width() == 23
    assert asked == [url]
    loader.deleteLater()


def test_a_message_naming_many_images_gets_the_first_ones(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(remote_images, "MAX_IMAGES_PER_PART", 3)
    asked: list[str] = []
    loader = RemoteImageLoader(fetch=lambda url: asked.append(url))
    browser = SafeTextBrowser()
    qtbot.addWidget(browser)
    loader.attach(browser)
    for n in range(10):
        browser.loadResource(IMAGE, QUrl(f"https://cdn.example/{n}.png"))
    qtbot.waitUntil(lambda: loader.pending() == 0)
    assert sorted(asked) == [f"https://cdn.example/{n}.png" for n in range(3)]
    loader.deleteLater()
