"""Bringing the open list and the folder counts up to date while the user is looking at them.

New mail at the top must not pull the rows the user is reading out from under them: when the
list is scrolled, the first visible row stays where it was; at the very top, new mail shows.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint

from app.ui.itemmodels.message_list import MessageListModel
from app.ui.mail.message_list_view import MessageListView


def refresh_in_place(view: MessageListView, model: MessageListModel) -> None:
    bar = view.verticalScrollBar()
    anchor_row = view.indexAt(QPoint(0, 0)).row()
    anchor = model.row_key(anchor_row) if bar.value() > 0 else None
    offset = view.rowViewportPosition(anchor_row) if anchor is not None else 0
    model.refresh()
    if anchor is not None:
        row = model.row_of_key(anchor)
        if row >= 0:
            bar.setValue(bar.value() + view.rowViewportPosition(row) - offset)
