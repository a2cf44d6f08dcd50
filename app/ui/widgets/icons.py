"""Small icons drawn from inline SVG, so they look the same without an emoji or icon font.

The paperclip is the palette's text colour, a third of the way to the base colour: quiet
but visible on light and dark themes; the star is gold on either. Both are drawn at the
screen's pixel ratio (at least 2), so they stay sharp on high-DPI screens."""

from __future__ import annotations

import math
from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from app.ui.palette import blend

_STAR = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path fill="#f2a900" stroke="#b57f00" stroke-width="1" d="M12 2.5l2.9 6.1 6.6.8-4.9 '
    '4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z"/></svg>'
)
_PAPERCLIP = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    '<path fill="none" stroke="{color}" stroke-width="2" stroke-linecap="round" '
    'd="M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V7"/></svg>'
)
SLOT = 16  # logical pixels per mark
MIN_SCALE = 2


def _draw(painter: QPainter, svg: str, slot: int, scale: int) -> None:
    QSvgRenderer(QByteArray(svg.encode())).render(
        painter, QRectF(slot * SLOT * scale, 0, SLOT * scale, SLOT * scale)
    )


def marks_icon(starred: bool, attachment: bool) -> QIcon:
    """Star and paperclip side by side, each in a fixed slot so columns line up."""
    palette = QApplication.palette()
    quiet = blend(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base),
                  0.35)
    scale = max(MIN_SCALE, math.ceil(QApplication.instance().devicePixelRatio()))
    return _marks_icon(starred, attachment, quiet.name(), scale)


@cache  # per colour and ratio too: a theme switch or another screen draws them anew
def _marks_icon(starred: bool, attachment: bool, clip_color: str, scale: int) -> QIcon:
    pixmap = QPixmap(2 * SLOT * scale, SLOT * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if starred:
        _draw(painter, _STAR, 0, scale)
    if attachment:
        _draw(painter, _PAPERCLIP.format(color=clip_color), 1, scale)
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return QIcon(pixmap)
