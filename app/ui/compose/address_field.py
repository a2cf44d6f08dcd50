"""An address line with completion: several comma-separated addresses, the last one
completed from the user's mail history and CRM (app.services.addressbook)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from app.services import addressbook
from app.services.addressbook import AddressSuggestion

Lookup = Callable[[str], list[AddressSuggestion]]


def _cuts(text: str) -> list[int]:
    """Where addresses end: commas or semicolons outside quotes ("Sato, Ken" is one)."""
    quoted = False
    cuts = []
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in ",;" and not quoted:
            cuts.append(index)
    return cuts


def split_last(text: str) -> tuple[str, str]:
    """(everything up to the last address, the last address being typed)."""
    cuts = _cuts(text)
    cut = cuts[-1] + 1 if cuts else 0
    return text[:cut], text[cut:].strip()


def split_addresses(text: str) -> list[str]:
    bounds = [-1, *_cuts(text), len(text)]
    parts = (text[start + 1:end].strip() for start, end in pairwise(bounds))
    return [part for part in parts if part]


class AddressField(QLineEdit):
    def __init__(self, lookup: Lookup = addressbook.complete,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup = lookup
        self.suggestions = QStringListModel(self)
        self.completer_ = QCompleter(self.suggestions, self)
        # The model already holds only matches, ranked; the completer must not filter
        # them again against the whole line.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setWidget(self)
        self.completer_.activated[str].connect(self._insert)
        self.textEdited.connect(self._suggest)

    def _suggest(self, text: str) -> None:
        _head, last = split_last(text[: self.cursorPosition()])
        found = [s.text for s in self.lookup(last)] if last else []
        self.suggestions.setStringList(found)
        if found:
            self.completer_.complete()
        else:
            self.completer_.popup().hide()

    def _insert(self, chosen: str) -> None:
        position = self.cursorPosition()
        head, _last = split_last(self.text()[:position])
        before = f"{head} {chosen}, " if head else f"{chosen}, "
        self.setText(before + self.text()[position:].lstrip())
        self.setCursorPosition(len(before))

    def addresses(self) -> list[str]:
        return split_addresses(self.text())

    def set_addresses(self, addresses: list[str]) -> None:
        self.setText(", ".join(addresses))
