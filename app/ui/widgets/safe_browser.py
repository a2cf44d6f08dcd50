"""A text browser that can never reach the network or the disk on a message's behalf.

Sanitized HTML has remote images removed already; this is the second lock. Qt asks
`loadResource` for every image and style sheet a document names, so refusing there means no
URL in a message, however it slipped through, is ever fetched. What it does draw comes from
the message itself (`data:` images, and `cid:` parts through a resolver the reader gives
it), or from the network only after the reader called `allow_remote_images`, which it does
once the user allowed remote content for that message or its sender.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QImage, QImageReader, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

MAX_INLINE_IMAGE = 8 * 1024 * 1024  # decoded bytes; a bigger data: image is not drawn
MAX_PIXELS = 40_000_000  # a small file can claim a huge picture: not decoded past this
IMAGE = QTextDocument.ResourceType.ImageResource

InlineResolver = Callable[[str], "bytes | None"]  # cid (without "cid:") -> image bytes
# Asks for an http(s) URL: the bytes when already at hand, else None and they come later.
RemoteRequest = Callable[[str], "bytes | None"]


def inline_image(url: str) -> bytes | None:
    """The bytes of a `data:image/...` URL: part of the message itself, so safe to draw."""
    header, comma, payload = url.partition(",")
    if not comma or not header.lower().startswith("data:image/"):
        return None
    if len(payload) > MAX_INLINE_IMAGE * 4 // 3 + 4:
        return None
    try:
        if header.lower().endswith(";base64"):
            return base64.b64decode(payload, validate=False)
        return unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None


def decode_image(data: bytes) -> QImage | None:
    """A picture from bytes, refusing one whose header claims more than MAX_PIXELS."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid() and size.width() * size.height() > MAX_PIXELS:
        return None
    image = reader.read()
    return None if image.isNull() else image


def blank_image() -> QImage:
    """Drawn where an image cannot be: nothing, rather than Qt's broken-image icon."""
    blank = QImage(1, 1, QImage.Format.Format_ARGB32)
    blank.fill(0)
    return blank


class SafeTextBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Links are reported through anchorClicked; the browser itself never follows one.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self._inline: InlineResolver | None = None
        self._remote: RemoteRequest | None = None
        self._remote_urls: dict[str, QUrl] = {}  # asked for, as the document named them

    def set_inline_resolver(self, resolver: InlineResolver | None) -> None:
        """Where `cid:` images come from: the parts of the message being shown."""
        self._inline = resolver

    def allow_remote_images(self, request: RemoteRequest) -> None:
        """From now on, http(s) images are asked of `request`; the reader calls this only
        after the user allowed remote content."""
        self._remote = request

    def remote_image_arrived(self, url: str, data: bytes) -> None:
        """Draw an image fetched for this document: added as its resource, then laid out."""
        name = self._remote_urls.get(url)
        image = decode_image(data) if name is not None else None
        if image is None:
            return
        document = self.document()
        document.addResource(IMAGE, name, image)
        document.markContentsDirty(0, document.characterCount())

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Images of the message itself; remote ones only when allowed; else nothing."""
        if kind != IMAGE:
            return None
        name = QUrl(url)
        text = name.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        if not text:
            # An <img> whose remote source the sanitizer removed.
            return blank_image()
        scheme = name.scheme().lower()
        if scheme == "cid":
            found = self._inline(name.path()) if self._inline is not None else None
            return (decode_image(found) if found else None) or blank_image()
        if scheme in ("http", "https") and self._remote is not None:
            self._remote_urls[text] = name
            known = self._remote(text)
            # A blank stands in until the image arrives (remote_image_arrived).
            return (decode_image(known) if known else None) or blank_image()
        data = inline_image(text)
        return (decode_image(data) if data else None) if scheme == "data" else None
