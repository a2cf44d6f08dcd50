"""Messages for the reader tests, stored through the same pipeline sync uses."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage

from app.mail.store import IncomingMessage, store_messages
from app.models.mail import Folder
from tests.ui.conftest import Mailbox

_next_uid = iter(range(1000, 100_000))


def store(box: Mailbox, *raws: bytes, seen: bool = False) -> list[int]:
    folder = Folder.get_by_id(box.inbox)
    return store_messages(
        folder, [IncomingMessage(raw, uid=next(_next_uid), flags=int(seen)) for raw in raws]
    )


def png(width: int, height: int, colour: str = "#d93025", kind: str = "PNG") -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, kind)
    return bytes(buffer.data())
