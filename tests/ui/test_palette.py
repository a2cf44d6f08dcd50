"""Colours with a meaning stay readable on a light and on a dark palette."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from app.ui import palette as tones
from app.ui.crm.common import error_label, mute, panel
from app.ui.widgets.banner import Banner
from app.ui.widgets.icons import marks_icon
from app.ui.widgets.placeholder import Placeholder

WCAG_AA = 4.5  # contrast for normal-size text
contrast = tones.contrast


def _light() -> QPalette:
    palette = QPalette()
    for role, name in ((QPalette.ColorRole.Window, "#efefef"),
                       (QPalette.ColorRole.WindowText, "#000000"),
                       (QPalette.ColorRole.Base, "#ffffff"), (QPalette.ColorRole.Text, "#000000")):
        palette.setColor(role, QColor(name))
    return palette


@pytest.fixture(params=["light", "dark"])
def themed(request, qapp: QApplication):
    before = qapp.palette()
    qapp.setPalette(_light() if request.param == "light" else tones.dark_palette())
    yield qapp.palette()
    qapp.setPalette(before)


def test_contrast_is_the_wcag_ratio() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21)
    assert contrast(QColor("#767676"), QColor("white")) == pytest.approx(4.54, abs=0.01)


def test_toned_text_reads_on_the_window_and_in_a_banner(themed: QPalette) -> None:
    window = themed.color(QPalette.ColorRole.Window)
    for tone in tones.HUES:
        text = tones.text_color(themed, tone)
        assert contrast(text, window) >= WCAG_AA, tone
        assert contrast(text, tones.background_color(themed, tone)) >= WCAG_AA, tone


def _tone_of(widget: QWidget) -> QColor:
    return widget.palette().color(QPalette.ColorRole.WindowText)


def test_widgets_take_their_tone_from_the_palette(qtbot, themed: QPalette) -> None:
    label = error_label()
    qtbot.addWidget(label)
    assert _tone_of(label) == tones.text_color(themed, "error")
    banner = Banner("warning")
    qtbot.addWidget(banner)
    banner.resize(300, 40)
    banner.show_text("!")
    qtbot.waitExposed(banner)
    assert contrast(_tone_of(banner.label), themed.color(QPalette.ColorRole.Window)) >= WCAG_AA
    inside = banner.grab().toImage().pixelColor(4, 20)
    assert inside.name() == tones.background_color(themed, "warning").name()


def test_a_switch_of_theme_mixes_the_tones_again(qtbot, qapp: QApplication) -> None:
    before = qapp.palette()
    qapp.setPalette(_light())
    try:
        label, banner = error_label(), Banner("notice")
        qtbot.addWidget(label)
        qtbot.addWidget(banner)
        quiet, empty = QLabel("secondary"), Placeholder("Nothing here yet")
        qtbot.addWidget(quiet)
        qtbot.addWidget(empty)
        mute(quiet)
        box = panel()
        qtbot.addWidget(box)
        box.resize(100, 40)
        box.show()
        qtbot.waitExposed(box)
        dark = tones.dark_palette()
        qapp.setPalette(dark)
        mid = dark.color(QPalette.ColorRole.Mid)
        qtbot.waitUntil(lambda: box.palette().color(QPalette.ColorRole.Mid) == mid)  # posted
        edge = box.grab().toImage().pixelColor(50, 0)
        assert edge.name() == mid.name()
        assert _tone_of(label) == tones.text_color(dark, "error")
        assert _tone_of(banner.label) == tones.text_color(dark, "notice")
        assert _tone_of(quiet) == dark.color(QPalette.ColorRole.PlaceholderText)
        assert _tone_of(empty) == dark.color(QPalette.ColorRole.PlaceholderText)
    finally:
        qapp.setPalette(before)


def test_the_paperclip_follows_the_palette(themed: QPalette) -> None:
    image = marks_icon(False, True).pixmap(32, 16).toImage()
    drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    darkest = max((c for c in drawn if c.alpha() == 255), key=lambda c: contrast(
        c, themed.color(QPalette.ColorRole.Base)))
    assert contrast(darkest, themed.color(QPalette.ColorRole.Base)) >= 3  # a visible mark


def test_dark_palette_only_for_screenshots(qapp, monkeypatch) -> None:
    before = qapp.palette()
    monkeypatch.setenv(tones.PALETTE_ENV, "dark")
    monkeypatch.delenv(tones.SCREENSHOT_ENV, raising=False)
    tones.apply_screenshot_palette(qapp)
    assert qapp.palette() == before
