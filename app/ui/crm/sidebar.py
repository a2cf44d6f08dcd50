"""The CRM sidebar beside the open message: who the sender is in the user's own records.

The person is the sender, or for mail the user wrote, its recipient. Known: their card
(RecordPanel), built from the lookup the message carries. Unknown: the fields read from the
mail, ready to save as a lead or a contact. The
signature is read after the reader has painted, and only for the message still open when
the selection stops moving, so arrowing through the list never waits on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget

from app.errors import KizunaError
from app.services import crm, crm_mail
from app.ui.crm.common import replace_content
from app.ui.crm.record_panel import CardData, RecordPanel, card_from_lookup, load_card
from app.ui.crm.unknown_sender import UnknownSender
from app.ui.widgets.placeholder import Placeholder

if TYPE_CHECKING:
    from app.services.crm_mail import Correspondent
    from app.services.types import MessageDetail


class CrmSidebar(QStackedWidget):
    recordChanged = Signal(str)  # a record was added or changed here
    messageRequested = Signal(int)  # a linked mail chosen in the timeline

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(240)
        self.placeholder = Placeholder(self.tr("Open a message to see who sent it"))
        self.addWidget(self.placeholder)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Long names and subjects wrap instead of widening the card past the pane.
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.addWidget(self.scroll)
        self.message_id: int | None = None
        self.who: Correspondent | None = None
        self.panel: RecordPanel | None = None
        self.unknown: UnknownSender | None = None
        self._prefill_timer = QTimer(self)
        self._prefill_timer.setSingleShot(True)
        self._prefill_timer.timeout.connect(self._prefill)

    def clear(self) -> None:
        self.message_id = None
        self._prefill_timer.stop()
        self.setCurrentWidget(self.placeholder)

    def show_message(self, detail: MessageDetail) -> None:
        self.message_id = detail.id
        self._prefill_timer.stop()
        self.who = who = crm_mail.correspondent(detail, detail.crm)
        if who.crm is not None and who.crm.record is not None:
            self.show_card(card_from_lookup(who.crm))
            return
        unknown = UnknownSender(who.name, who.address, recipient=who.sent)
        unknown.created.connect(self._record_added)
        unknown.openRecord.connect(self.show_record)
        self._set(unknown)
        self.unknown = unknown
        self._prefill_timer.start(0)

    def show_card(self, data: CardData) -> None:
        panel = RecordPanel(data)
        panel.changed.connect(self._changed)
        panel.messageRequested.connect(self.messageRequested)
        self._set(panel)
        self.panel = panel

    def show_record(self, record_id: str) -> None:
        try:
            self.show_card(load_card(record_id))
        except KizunaError as error:
            self.setCurrentWidget(self.placeholder)
            self.placeholder.setText(error.message())

    def reload(self) -> None:
        """The sender's card again, after a change made elsewhere (the CRM views)."""
        if self.panel is not None and self.currentWidget() is self.scroll:
            self.show_record(self.panel.record.id)

    def _set(self, content: QWidget) -> None:
        self.panel = None
        self.unknown = None
        replace_content(self.scroll, content)
        self.setCurrentWidget(self.scroll)

    def _prefill(self) -> None:
        unknown, message_id, who = self.unknown, self.message_id, self.who
        if unknown is None or message_id is None or who is None:
            return
        try:
            values = (crm_mail.prefill_recipient(who.name, who.address) if who.sent
                      else crm.prefill_from_message(message_id))
        except KizunaError as error:
            unknown.hint.setText(error.message())
            return
        unknown.prefill(values)

    def _record_added(self, record_id: str) -> None:
        self.show_record(record_id)
        self.recordChanged.emit(record_id)

    def _changed(self, record_id: str) -> None:
        self.show_record(record_id)
        self.recordChanged.emit(record_id)
