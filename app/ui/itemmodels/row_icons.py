"""The marks before a subject: a triangle on a conversation, a hook on its messages (first
slot), a reply arrow on mail the user has answered (second slot).

Drawn in the same two-slot pixmap as the star/paperclip marks so every row's subject starts
at the same place, whether the row has a mark or not.
"""

from __future__ import annotations

from enum import Enum
from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from app.ui.widgets.icons import SLOT

_SCALE = 2  # drawn at twice the size so it stays sharp on high-DPI screens
# Mid grey: at least 3:1 (WCAG, for icons) on white and on dark windows alike.
_GREY = QColor("#808489")


class Mark(Enum):
    NONE = "none"  # a row of the flat list or of a search
    COLLAPSED = "collapsed"  # ▸ a conversation that can open
    EXPANDED = "expanded"  # ▾ its messages are shown below it
    SINGLE = "single"  # a conversation of one message: nothing to open, same indent
    CHILD = "child"  # ↳ a message under its conversation


@cache
def mark_icon(mark: Mark, replied: bool = False) -> QIcon:
    side = SLOT * _SCALE
    pixmap = QPixmap(2 * side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_GREY)
    low, mid, high = side * 0.3, side * 0.5, side * 0.7
    if mark is Mark.COLLAPSED:
        painter.drawPolygon(QPolygonF([QPointF(low, side * 0.22), QPointF(high, mid),
                                       QPointF(low, side * 0.78)]))
    elif mark is Mark.EXPANDED:
        painter.drawPolygon(QPolygonF([QPointF(side * 0.22, low), QPointF(side * 0.78, low),
                                       QPointF(mid, high)]))
    elif mark is Mark.CHILD:
        pen = QPen(_GREY, side * 0.09)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        hook = QPainterPath(QPointF(mid, side * 0.15))
        hook.lineTo(mid, mid)
        hook.lineTo(side * 0.95, mid)
        painter.drawPath(hook)
    if replied:
        _reply_arrow(painter, side)
    painter.end()
    pixmap.setDevicePixelRatio(_SCALE)
    return QIcon(pixmap)


def _reply_arrow(painter: QPainter, side: float) -> None:
    """↩ in the second slot: a head pointing left on a shaft that bends down."""
    pen = QPen(_GREY, side * 0.1)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    left, top = side * 1.2, side * 0.35
    shaft = QPainterPath(QPointF(left, top))
    shaft.lineTo(side * 1.6, top)
    shaft.quadTo(side * 1.85, top, side * 1.85, side * 0.6)
    shaft.lineTo(side * 1.85, side * 0.8)
    painter.drawPath(shaft)
    head = QPainterPath(QPointF(left + side * 0.18, top - side * 0.18))
    head.lineTo(left, top)
    head.lineTo(left + side * 0.18, top + side * 0.18)
    painter.drawPath(head)
