"""Small icons drawn from inline SVG, so they look the same without an emoji or icon font."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

_STAR = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path fill="#f2a900" stroke="#b57f00" stroke-width="1" d="M12 2.5l2.9 6.1 6.6.8-4.9 '
    '4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z"/></svg>'
)
_PAPERCLIP = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path fill="none" stroke="#5f6368" stroke-width="2" stroke-linecap="round" '
    'd="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V7"/></svg>'
)
SLOT = 16  # logical pixels per mark
_SCALE = 2  # drawn at twice the size so it stays sharp on high-DPI screens


def _draw(painter: QPainter, svg: str, slot: int) -> None:
    QSvgRenderer(QByteArray(svg.encode())).render(
        painter, QRectF(slot * SLOT * _SCALE, 0, SLOT * _SCALE, SLOT * _SCALE)
    )


@cache
def marks_icon(starred: bool, attachment: bool) -> QIcon:
    """Star and paperclip side by side, each in a fixed slot so columns line up."""
    pixmap = QPixmap(2 * SLOT * _SCALE, SLOT * _SCALE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if starred:
        _draw(painter, _STAR, 0)
    if attachment:
        _draw(painter, _PAPERCLIP, 1)
    painter.end()
    pixmap.setDevicePixelRatio(_SCALE)
    return QIcon(pixmap)
