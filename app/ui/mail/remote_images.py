"""Remote images of a message the user allowed, fetched off the Qt thread.

Only reached after the user's explicit allow (this message, or always from its sender): the
reader hands a browser to `RemoteImageLoader.attach` only then. Each fetch is a plain GET
over http or https (certificates verified), with no cookie, no Referer and no other
header that says where the image is shown; redirects are followed a few times and only to
http or https; the answer must be an image and is cut off past a size cap and a deadline.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import queue
import ssl
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from PySide6.QtCore import QObject, Signal

from app.ui.widgets.safe_browser import SafeTextBrowser

MAX_REMOTE_IMAGE = 5 * 1024 * 1024  # bytes of one image
MAX_IMAGES_PER_PART = 60  # a message naming thousands of images gets the first ones only
TIMEOUT_SECONDS = 15.0  # per connection step, and for the whole fetch
MAX_REDIRECTS = 3
CACHE_BYTES = 32 * 1024 * 1024  # images kept for this session, so reopening refetches none
WORKERS = 4
# Raster types only: an SVG is a document that can name further URLs.
IMAGE_TYPES = ("image/png", "image/gif", "image/jpeg", "image/jpg", "image/pjpeg",
               "image/webp", "image/bmp", "image/x-icon", "image/vnd.microsoft.icon")
_CHUNK = 64 * 1024

Fetch = Callable[[str], "bytes | None"]


def fetch_image(url: str, *, timeout: float = TIMEOUT_SECONDS,
                max_bytes: int = MAX_REMOTE_IMAGE) -> bytes | None:
    """The bytes of an http(s) image, or None for anything else (other schemes, errors,
    not an image, too big, too slow)."""
    deadline = time.monotonic() + timeout
    for _ in range(MAX_REDIRECTS + 1):
        try:
            answer = _get(url, deadline, max_bytes)
        except (OSError, http.client.HTTPException, ValueError):
            return None
        if isinstance(answer, bytes) or answer is None:
            return answer
        url = answer  # a redirect: checked again like the first URL
    return None


def _get(url: str, deadline: float, max_bytes: int) -> bytes | str | None:
    """One request: the image bytes, the next URL of a redirect, or None."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return None
    connection: http.client.HTTPConnection
    if scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=remaining,
            context=ssl.create_default_context(),
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=remaining)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        # Some image hosts refuse a request with no User-Agent; this one names no version.
        connection.request("GET", target, headers={"Accept": "image/*",
                                                   "User-Agent": "Mozilla/5.0 (Kizuna)"})
        response = connection.getresponse()
        if response.status in (301, 302, 303, 307, 308):
            location = response.getheader("Location")
            return urljoin(url, location) if location else None
        content_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
        if response.status != 200 or content_type not in IMAGE_TYPES:
            return None
        length = response.getheader("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            return None
        return _read_capped(response, deadline, max_bytes)
    finally:
        connection.close()


def _read_capped(response: http.client.HTTPResponse, deadline: float,
                 max_bytes: int) -> bytes | None:
    data = bytearray()
    while chunk := response.read(_CHUNK):
        data += chunk
        if len(data) > max_bytes or time.monotonic() > deadline:
            return None
    return bytes(data) or None


class RemoteImageLoader(QObject):
    """Fetches for the browsers attached to it, a few at a time, and hands each image to
    the browser that asked, on the Qt thread. A browser that is gone gets nothing.

    The workers are daemon threads: quitting never waits for a slow image server."""

    _done = Signal(int, str, object)  # browser token, url, bytes or None

    def __init__(self, parent: QObject | None = None, fetch: Fetch = fetch_image) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._queue: queue.SimpleQueue[tuple[int, str] | None] = queue.SimpleQueue()
        self._tokens = itertools.count(1)
        self._browsers: dict[int, SafeTextBrowser] = {}
        self._asked: dict[int, set[str]] = {}
        self._live: set[int] = set()  # read by the workers: a forgotten token is skipped
        self._in_flight = 0  # requests queued or running; changed on the Qt thread only
        self._cache: OrderedDict[str, bytes] = OrderedDict()
        self._done.connect(self._deliver)
        for number in range(WORKERS):
            threading.Thread(target=self._work, name=f"remote-images-{number}",
                             daemon=True).start()
        self.destroyed.connect(lambda: [self._queue.put(None) for _ in range(WORKERS)])

    def attach(self, browser: SafeTextBrowser) -> None:
        """Let this browser's http(s) images load; call only after the user allowed it."""
        token = next(self._tokens)
        self._browsers[token] = browser
        self._asked[token] = set()
        self._live.add(token)
        browser.allow_remote_images(lambda url: self._request(token, url))
        browser.destroyed.connect(lambda: self._forget(token))

    def detach_all(self) -> None:
        """The reader moved on: fetches not started yet are dropped, late answers ignored."""
        for token in list(self._browsers):
            self._forget(token)

    def pending(self) -> int:
        return self._in_flight

    def _request(self, token: int, url: str) -> bytes | None:
        if url in self._cache:
            self._cache.move_to_end(url)
            return self._cache[url]
        asked = self._asked.get(token)
        if asked is None or url in asked or len(asked) >= MAX_IMAGES_PER_PART:
            return None
        asked.add(url)
        self._in_flight += 1
        self._queue.put((token, url))
        return None

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            token, url = job
            data = self._fetch(url) if token in self._live else None
            with contextlib.suppress(RuntimeError):  # the loader is gone: nobody to tell
                self._done.emit(token, url, data)

    def _deliver(self, token: int, url: str, data: bytes | None) -> None:
        self._in_flight -= 1
        if not data:
            return
        self._remember(url, data)
        browser = self._browsers.get(token)
        if browser is not None:
            browser.remote_image_arrived(url, data)

    def _remember(self, url: str, data: bytes) -> None:
        self._cache[url] = data
        self._cache.move_to_end(url)
        while sum(len(d) for d in self._cache.values()) > CACHE_BYTES:
            self._cache.popitem(last=False)

    def _forget(self, token: int) -> None:
        self._browsers.pop(token, None)
        self._asked.pop(token, None)
        self._live.discard(token)
