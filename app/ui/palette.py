"""Colours from the system palette, so the window reads on light and dark themes alike.

Colours that carry meaning (error, success, warning, notice) are a hue mixed with the
palette's own colours: towards the text colour for text, just far enough for WCAG AA
contrast (darker on light themes, lighter on dark ones), towards the window colour for
backgrounds (a faint tint either way). A fixed dark red is fine on white and unreadable on
a dark theme.

Toned text remembers its tone, so when the desktop switches between light and dark while
Kizuna runs, the colours are mixed again from the new palette.

`KIZUNA_SCREENSHOT_PALETTE=dark` with `KIZUNA_SCREENSHOT` pictures the window on a dark
palette, to look at it the way users of a dark desktop theme see it.
"""

from __future__ import annotations

import os

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

TONE_PROPERTY = "kizunaTone"
SCREENSHOT_ENV = "KIZUNA_SCREENSHOT"
PALETTE_ENV = "KIZUNA_SCREENSHOT_PALETTE"

HUES = {
    "error": QColor(217, 48, 37),
    "success": QColor(30, 142, 62),
    "warning": QColor(217, 48, 37),
    "notice": QColor(227, 160, 8),
}
READABLE = 4.5  # WCAG AA contrast for normal text
MIX_STEP = 0.05
TINT_MIX = 0.14  # of the hue in a toned background
EDGE_MIX = 0.45  # of the hue in a toned border


def blend(a: QColor, b: QColor, amount: float) -> QColor:
    """`amount` of b over a (0: a, 1: b)."""
    return QColor.fromRgbF(*(x + (y - x) * amount for x, y in zip(
        a.getRgbF()[:3], b.getRgbF()[:3], strict=True)))


def _luminance(color: QColor) -> float:
    def linear(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in color.getRgbF()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio, 1 (same) to 21 (black on white)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_color(palette: QPalette, tone: str) -> QColor:
    """The hue, moved towards the text colour until it reads on the window and on the
    tone's own tinted background."""
    ink = palette.color(QPalette.ColorRole.WindowText)
    grounds = (palette.color(QPalette.ColorRole.Window), background_color(palette, tone))
    steps = round(1 / MIX_STEP)
    for step in range(steps + 1):
        color = blend(HUES[tone], ink, step / steps)
        if all(contrast(color, ground) >= READABLE for ground in grounds):
            return color
    return ink


def background_color(palette: QPalette, tone: str) -> QColor:
    return blend(palette.color(QPalette.ColorRole.Window), HUES[tone], TINT_MIX)


def border_color(palette: QPalette, tone: str) -> QColor:
    return blend(palette.color(QPalette.ColorRole.Window), HUES[tone], EDGE_MIX)


def tone_color(palette: QPalette, tone: str) -> QColor:
    """Secondary ("muted") text, or text in one of the HUES."""
    if tone == "muted":
        return palette.color(QPalette.ColorRole.PlaceholderText)
    return text_color(palette, tone)


def set_text_tone(widget: QWidget, tone: str) -> None:
    """Text in `tone`. A palette, not a style sheet: a card has dozens of these, and each
    style sheet costs a polish of its own when the card is shown."""
    widget.setProperty(TONE_PROPERTY, tone)
    _paint(widget, tone)
    _follow_theme()


def _paint(widget: QWidget, tone: str) -> None:
    palette = widget.palette()
    color = tone_color(QApplication.palette(widget), tone)
    # Text too: inside an item view a label inherits the view's Text foreground role.
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, color)
    widget.setPalette(palette)


def _retone(_palette: QPalette) -> None:
    for widget in QApplication.allWidgets():
        tone = widget.property(TONE_PROPERTY)
        if tone:
            _paint(widget, tone)


_followed: list[QApplication] = []  # the application whose palette changes retone


def _follow_theme() -> None:
    app = QApplication.instance()
    if app is not None and app not in _followed:
        _followed[:] = [app]
        app.paletteChanged.connect(_retone)


def dark_palette() -> QPalette:
    """A dark palette like a dark desktop theme's (every role set, disabled text dimmed)."""
    role = QPalette.ColorRole
    colors = {
        role.Window: "#2b2b2e", role.WindowText: "#e6e6e6", role.Base: "#1e1e20",
        role.AlternateBase: "#262629", role.Text: "#e6e6e6", role.Button: "#35353a",
        role.ButtonText: "#e6e6e6", role.BrightText: "#ff6b6b", role.Highlight: "#3d6fb6",
        role.HighlightedText: "#ffffff", role.Link: "#8ab4f8", role.LinkVisited: "#c58af9",
        role.ToolTipBase: "#3a3a3f", role.ToolTipText: "#e6e6e6",
        role.PlaceholderText: "#9a9aa0", role.Light: "#4a4a50", role.Midlight: "#3d3d42",
        role.Mid: "#4f4f55", role.Dark: "#18181a", role.Shadow: "#0c0c0d",
    }
    palette = QPalette()
    for which, name in colors.items():
        palette.setColor(which, QColor(name))
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, which, QColor("#76767c"))
    return palette


def apply_screenshot_palette(app: QApplication) -> None:
    """Only for pictures (both variables set): real users get their desktop's palette."""
    if os.environ.get(SCREENSHOT_ENV) and os.environ.get(PALETTE_ENV) == "dark":
        app.setStyle("Fusion")  # a style that draws everything from the palette
        app.setPalette(dark_palette())
