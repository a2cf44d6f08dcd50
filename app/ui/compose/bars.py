"""Strips in the main window's status bar: "Sending in N s — Undo" after Send, and the
offer to reopen drafts that were open when Kizuna last stopped."""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from app.ui.widgets.banner import Banner

TICK_MS = 1000


class UndoBar(Banner):
    undoRequested = Signal(int)  # outbox entry id
    stopped = Signal()  # nothing to undo any more

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("notice", "Undo", parent)
        assert self.button is not None
        self.button.setText(self.tr("&Undo"))
        self.entry_id: int | None = None
        self._deadline = 0.0
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._update)
        self.actionTriggered.connect(self._undo)

    def start(self, entry_id: int, seconds: float) -> None:
        self.entry_id = entry_id
        self._deadline = time.monotonic() + seconds
        self._update()
        if self.entry_id is not None:
            self._tick.start()

    def _update(self) -> None:
        left = math.ceil(self._deadline - time.monotonic())
        if left <= 0:
            self.stop()
            return
        self.show_text(self.tr("Sending in {seconds} s").format(seconds=left))

    def stop(self) -> None:
        self._tick.stop()
        self.entry_id = None
        self.hide()
        self.stopped.emit()

    def _undo(self) -> None:
        entry_id = self.entry_id
        self.stop()
        if entry_id is not None:
            self.undoRequested.emit(entry_id)


class RecoveryBar(Banner):
    """The offer to reopen drafts; "×" declines (they stay under Drafts…)."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("notice", "Reopen", parent)
        assert self.button is not None
        self.button.setText(self.tr("&Reopen"))
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Keep them under Drafts…"))
        close.clicked.connect(lambda _checked=False: self._dismiss())
        self.layout().addWidget(close)

    def _dismiss(self) -> None:
        self.hide()
        self.dismissed.emit()
