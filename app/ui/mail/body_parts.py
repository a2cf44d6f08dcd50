"""The body of a message as a stack of parts, each in a browser of its own.

Each MIME part is its own document (the EFAIL lesson): markup left open in one part can
never swallow or wrap the next. Every browser is as tall as its content so that the reader
scrolls as one page.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.ui.widgets.safe_browser import InlineResolver, SafeTextBrowser

MIN_PART_HEIGHT = 24
LARGE_DOCUMENT = 200_000  # characters: past this a part scrolls on its own
MIN_LARGE_HEIGHT = 400
# Real mail has a handful of parts; a hostile one can have hundreds, and a browser each
# would stall the window for seconds. Past this many, the rest is left to View Source.
MAX_PART_VIEWS = 40
PART_SEPARATOR = "\n\n" + "─" * 24 + "\n\n"  # how the engine joins plain-text parts


class BodyPart(SafeTextBrowser):
    """One part, no scroll bar of its own: it grows with its document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        if self.document().characterCount() > LARGE_DOCUMENT:
            # Growing to fit would lay out megabytes at once (seconds); a box that scrolls
            # by itself lets Qt lay it out as it is read.
            self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            screen = self.screen().availableGeometry().height()
            self.setFixedHeight(max(MIN_LARGE_HEIGHT, screen * 2 // 3))
            return
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        height = math.ceil(self.document().size().height()) + 2 * self.frameWidth()
        bar = self.horizontalScrollBar()
        if bar.maximum() > 0:
            height += bar.sizeHint().height()
        self.setFixedHeight(max(MIN_PART_HEIGHT, height))


class BodyParts(QWidget):
    """The parts of one message, top to bottom, with a thin rule between them."""

    linkActivated = Signal(QUrl)
    linkHovered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.parts: list[BodyPart] = []
        self._add_part()
        self.left_out = QLabel()
        self.left_out.setWordWrap(True)
        self.left_out.setStyleSheet("color: palette(placeholder-text);")
        self.left_out.hide()

    def show_html(self, parts: list[str], inline: InlineResolver | None,
                  prepare: Callable[[BodyPart], None] | None = None) -> None:
        """Each sanitized part in its own document; `prepare` sees every browser before its
        HTML is set (the document asks for its images as soon as it is laid out)."""
        shown = parts[:MAX_PART_VIEWS]
        self._reset(len(shown))
        for browser, html in zip(self.parts, shown, strict=True):
            browser.set_inline_resolver(inline)
            if prepare is not None:
                prepare(browser)
            browser.setHtml(html)
        self._note_left_out(len(parts) - len(shown))

    def show_text(self, text: str) -> None:
        """Plain text; parts the engine joined are shown apart again."""
        pieces = [p for p in text.split(PART_SEPARATOR) if p.strip()] or [text]
        shown = pieces[:MAX_PART_VIEWS]
        self._reset(len(shown))
        for browser, piece in zip(self.parts, shown, strict=True):
            browser.setPlainText(piece)
        if len(pieces) > len(shown):  # plain text joins safely: the rest in the last browser
            self.parts[-1].setPlainText(PART_SEPARATOR.join(pieces[len(shown) - 1 :]))
        self.left_out.hide()

    def _note_left_out(self, count: int) -> None:
        self.left_out.setText(
            self.tr("{count} more parts of this message are not shown here; "
                    "View ▸ Message Source shows all of it.").format(count=count)
        )
        self.left_out.setVisible(count > 0)

    def _reset(self, count: int) -> None:
        """Exactly `count` fresh browsers: a document never keeps another message's images."""
        for browser in self.parts:
            self._layout.removeWidget(browser)
            browser.hide()
            browser.deleteLater()
        self.parts = []
        while self._layout.count():
            widget = self._layout.takeAt(0).widget()
            if widget is not None and widget is not self.left_out:
                widget.deleteLater()
        for index in range(max(1, count)):
            if index:
                rule = QFrame()
                rule.setFrameShape(QFrame.Shape.HLine)
                rule.setFrameShadow(QFrame.Shadow.Sunken)
                self._layout.addWidget(rule)
            self._add_part()
        self._layout.addWidget(self.left_out)
        for number, browser in enumerate(self.parts, 1):
            browser.setAccessibleName(
                self.tr("Message body, part {number} of {count}").format(
                    number=number, count=len(self.parts))
                if len(self.parts) > 1 else self.tr("Message body")
            )

    def _add_part(self) -> None:
        browser = BodyPart()
        browser.anchorClicked.connect(self.linkActivated)
        browser.highlighted.connect(lambda url: self.linkHovered.emit(url.toString()))
        self._layout.addWidget(browser)
        self.parts.append(browser)
