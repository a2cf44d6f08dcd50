"""File icons drawn here: a page with a coloured band and the extension, so they look the
same on every desktop, icon theme or not."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap

SIZE = 32  # logical pixels
_SCALE = 2  # drawn at twice the size for high-DPI screens

_COLOURS = {
    "pdf": "#d93025",
    "image": "#188038",
    "sheet": "#137333",
    "doc": "#1a73e8",
    "slides": "#e37400",
    "archive": "#795548",
    "text": "#5f6368",
    "risky": "#a50e0e",
    "other": "#80868b",
}
_KINDS = {
    "pdf": {"pdf"},
    "sheet": {"xls", "xlsx", "xlsm", "csv", "ods", "numbers", "tsv"},
    "doc": {"doc", "docx", "odt", "rtf", "pages"},
    "slides": {"ppt", "pptx", "odp", "key"},
    "archive": {"zip", "7z", "rar", "gz", "tgz", "bz2", "xz", "tar", "lzh"},
    "text": {"txt", "log", "md", "eml", "ics", "vcf", "json", "xml", "html", "htm"},
}


def kind_of(extension: str, content_type: str, risky: bool) -> str:
    if risky:
        return "risky"
    for kind, extensions in _KINDS.items():
        if extension in extensions:
            return kind
    major = content_type.split("/")[0]
    if major == "image":
        return "image"
    return "text" if major == "text" else "other"


@cache
def file_icon(extension: str, kind: str) -> QIcon:
    side = SIZE * _SCALE
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    left, right, top, bottom, fold = side * 0.16, side * 0.84, side * 0.04, side * 0.96, side * 0.2
    page = QPainterPath(QPointF(left, top))
    page.lineTo(right - fold, top)
    page.lineTo(right, top + fold)
    page.lineTo(right, bottom)
    page.lineTo(left, bottom)
    page.closeSubpath()
    painter.setPen(QPen(QColor("#9aa0a6"), _SCALE))
    painter.setBrush(QColor("#ffffff"))
    painter.drawPath(page)
    band = QRectF(left - side * 0.08, side * 0.52, right - left + side * 0.08, side * 0.3)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_COLOURS[kind]))
    painter.drawRoundedRect(band, 2 * _SCALE, 2 * _SCALE)
    label = extension[:4].upper()
    if label:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(side * (0.2 if len(label) <= 3 else 0.16)))
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(band, Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    pixmap.setDevicePixelRatio(_SCALE)
    return QIcon(pixmap)
