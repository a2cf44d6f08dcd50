"""A text browser that can never reach the network or the disk on a message's behalf.

Sanitized HTML has remote images removed already; this is the second lock. Qt asks
`loadResource` for every image and style sheet a document names, so refusing there means no
URL in a message, however it slipped through, is ever fetched.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QByteArray, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

MAX_INLINE_IMAGE = 8 * 1024 * 1024  # decoded bytes; a bigger data: image is not drawn


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


class SafeTextBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Links are reported through anchorClicked; the browser itself never follows one.
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        """Inline images only; http, https, file, qrc and everything else load nothing."""
        if kind != QTextDocument.ResourceType.ImageResource:
            return None
        text = QUrl(url).toString(QUrl.ComponentFormattingOption.FullyEncoded)
        if not text:
            # An <img> whose remote source the sanitizer removed: draw nothing rather than
            # Qt's broken-image icon.
            blank = QImage(1, 1, QImage.Format.Format_ARGB32)
            blank.fill(0)
            return blank
        data = inline_image(text)
        return QByteArray(data) if data else None
