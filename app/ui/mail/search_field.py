"""The search box above the list: runs the search once typing pauses, Esc clears it."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

DEBOUNCE_MS = 150


class SearchField(QLineEdit):
    queryChanged = Signal(str)  # the stripped query; "" means back to the folder
    escapedEmpty = Signal()  # Esc in an empty box: the user is done searching

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(self.tr("Search mail (Ctrl+F)"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self.textEdited.connect(lambda _text: self._timer.start())
        # The clear button changes the text without textEdited; an empty box ends the search.
        self.textChanged.connect(self._cleared)
        self._last = ""

    def query(self) -> str:
        return self.text().strip()

    def reset(self) -> None:
        """Empty the box without announcing it (the caller already switched the list)."""
        self._timer.stop()
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)
        self._last = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
            else:
                self.escapedEmpty.emit()
            return
        super().keyPressEvent(event)

    def _cleared(self, text: str) -> None:
        if not text:
            self._emit()

    def _emit(self) -> None:
        self._timer.stop()
        query = self.query()
        if query != self._last:
            self._last = query
            self.queryChanged.emit(query)
