"""A lead's or contact's card: who they are, what to do next (+Task +Event +Call +Note, +Deal
or "Convert to contact"), their open deals and their timeline. Fields are edited in place.

Used by the sidebar beside a message and by the CRM views beside a list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services import crm
from app.ui.crm.action_forms import (
    CallForm,
    ConvertForm,
    DealForm,
    EventForm,
    InlineForm,
    NoteForm,
    TaskForm,
)
from app.ui.crm.common import (
    error_label,
    heading,
    label,
    lead_status,
    line,
    money,
    row,
    stage_name,
    timestamp,
)
from app.ui.crm.person_form import FIELDS, PersonForm
from app.ui.crm.timeline_view import TimelineItem, TimelineView
from app.ui.formatting import full_name

if TYPE_CHECKING:  # the service hands these over; the UI never calls the CRM package itself
    from app.crm.lookup import LookupResult
    from app.crm.records import ActivityView, DealView, RecordView
    from app.services.crm import ConversionResult

TIMELINE_LIMIT = 30
ACTIONS_PER_ROW = 3


@dataclass
class CardData:
    record: RecordView
    deals: list[DealView] = field(default_factory=list)
    timeline: list[TimelineItem] = field(default_factory=list)


def _activity_time(activity: ActivityView) -> int:
    moment = activity.due if activity.kind == "task" and activity.due else activity.start
    return timestamp(moment) or timestamp(activity.created_at) or 0


def card_from_lookup(found: LookupResult) -> CardData:
    """The card of a sender, from the lookup the message already carries (no more queries)."""
    assert found.record is not None
    items = [TimelineItem(_activity_time(a), activity=a) for a in found.activities]
    items += [TimelineItem(e.timestamp, email=e) for e in found.emails]
    items.sort(key=lambda item: item.timestamp, reverse=True)
    return CardData(found.record, found.deals, items)


def load_card(record_id: str) -> CardData:
    record = crm.get_record(record_id)
    deals = crm.list_records("deals", contact=record.id) if record.kind == "contact" else []
    items = [TimelineItem(entry.timestamp, activity=entry.activity, email=entry.email)
             for entry in crm.timeline(record.id, TIMELINE_LIMIT)]
    return CardData(record, deals, items)


class RecordPanel(QWidget):
    changed = Signal(str)  # the record id after a change (a converted lead: its contact)
    messageRequested = Signal(int)

    def __init__(self, data: CardData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.form: InlineForm | None = None
        self.actions: dict[str, QToolButton | QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(6)
        self._header(layout)
        self.details = QWidget()
        self._fill_details()
        layout.addWidget(self.details)
        self._buttons(layout)
        self.form_host = QVBoxLayout()
        layout.addLayout(self.form_host)
        self.error = error_label()
        layout.addWidget(self.error)
        if data.record.kind == "contact":
            heading(layout, self.tr("Deals"))
            self._deals(layout)
        heading(layout, self.tr("Timeline"))
        self.timeline = TimelineView(data.timeline)
        self.timeline.taskToggled.connect(self._tick)
        self.timeline.messageRequested.connect(self.messageRequested)
        layout.addWidget(self.timeline)
        layout.addStretch(1)

    @property
    def record(self) -> RecordView:
        return self.data.record

    # --- card ----------------------------------------------------------------------------
    def _header(self, layout: QVBoxLayout) -> None:
        record = self.record
        if record.kind == "contact":
            kind = self.tr("Contact")
        else:
            kind = self.tr("Lead · {status}").format(status=lead_status(record.status or "new"))
        self.kind_label = label(kind.upper(), muted=True)
        self.edit_button = QToolButton()
        self.edit_button.setText(self.tr("Edit"))
        self.edit_button.setToolTip(self.tr("Edit these details"))
        self.edit_button.setAutoRaise(True)
        self.edit_button.clicked.connect(self.start_editing)
        self.kind_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(row(self.kind_label, self.edit_button, stretch=False))
        name = full_name(record.last_name, record.first_name) or record.email
        self.name_label = label(name, bold=True, scale=1.3)
        layout.addWidget(self.name_label)

    def _fill_details(self) -> None:
        record = self.record
        box = QVBoxLayout(self.details)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        role = " · ".join(part for part in (record.title, record.company) if part)
        if role:
            box.addWidget(label(role))
        for text in (
            record.phone,
            record.mobile and self.tr("Mobile {number}").format(number=record.mobile),
            record.email,
            record.website,
        ):
            if text:
                box.addWidget(line(text))
        if record.address:
            box.addWidget(label(record.address))

    def start_editing(self) -> None:
        record = self.record
        form = _EditForm(record)
        form.saved.connect(self._after_save)
        form.cancelled.connect(self._close_form)
        self.edit_button.setEnabled(False)
        self.details.hide()
        self._open(form)

    # --- actions -------------------------------------------------------------------------
    def _buttons(self, layout: QVBoxLayout) -> None:
        record = self.record
        if record.kind == "lead" and record.status == "converted":
            layout.addWidget(label(self.tr("Converted to contact {id}").format(
                id=record.converted_to or ""), muted=True))
            self.edit_button.setEnabled(False)
            return
        specs = [("task", self.tr("+Task"), self.tr("Add a task")),
                 ("event", self.tr("+Event"), self.tr("Schedule an event")),
                 ("call", self.tr("+Call"), self.tr("Log a call")),
                 ("note", self.tr("+Note"), self.tr("Add a note"))]
        if record.kind == "contact":
            specs.append(("deal", self.tr("+Deal"), self.tr("Create a deal")))
        # Three to a row: the sidebar is narrow and the buttons must never push it wider.
        grid = QGridLayout()
        grid.setSpacing(4)
        for index, (key, text, tip) in enumerate(specs):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _=False, k=key: self.open_form(k))
            self.actions[key] = button
            grid.addWidget(button, index // ACTIONS_PER_ROW, index % ACTIONS_PER_ROW)
        if record.kind == "lead":
            convert = QPushButton(self.tr("Convert to contact"))
            convert.setToolTip(self.tr("Deals are for contacts: convert this lead first"))
            convert.clicked.connect(lambda: self.open_form("convert"))
            self.actions["convert"] = convert
            grid.addWidget(convert, grid.rowCount(), 0, 1, ACTIONS_PER_ROW)
        layout.addSpacing(6)
        layout.addLayout(grid)

    def open_form(self, kind: str) -> InlineForm:
        record_id = self.record.id
        forms = {"task": TaskForm, "event": EventForm, "call": CallForm, "note": NoteForm,
                 "deal": DealForm}
        form = (ConvertForm(record_id, self.record.company) if kind == "convert"
                else forms[kind](record_id))
        # A conversion moves everything to the new contact: show that one from now on.
        form.saved.connect(self._converted if kind == "convert" else self._after_save)
        form.cancelled.connect(self._close_form)
        self._open(form)
        return form

    def _open(self, form: InlineForm) -> None:
        self._close_form()
        self.form = form
        self.form_host.addWidget(form)
        form.show()  # at once, not on the layout's next pass: focus needs a visible field
        fields = form.findChildren(QLineEdit)
        if fields:
            fields[0].setFocus()

    def _close_form(self) -> None:
        if self.form is not None:
            self.form.deleteLater()
            self.form = None
        self.details.show()
        self.edit_button.setEnabled(not (self.record.kind == "lead"
                                         and self.record.status == "converted"))

    def _after_save(self, _result: object) -> None:
        self.changed.emit(self.record.id)

    def _converted(self, result: ConversionResult) -> None:
        self.changed.emit(result.contact.id)

    def _tick(self, activity_id: str, done: bool) -> None:
        try:
            crm.complete_task(activity_id, done)
        except KizunaError as error:
            self.error.setText(error.message())
            self.error.show()
            return
        self.changed.emit(self.record.id)

    # --- deals ---------------------------------------------------------------------------
    def _deals(self, layout: QVBoxLayout) -> None:
        if not self.data.deals:
            layout.addWidget(label(self.tr("No deals yet"), muted=True))
        for deal in self.data.deals:
            layout.addWidget(line(deal.name, bold=True))
            details = [stage_name(deal.stage), money(deal.amount, deal.currency)]
            if deal.close_date:
                details.append(self.tr("closes {date}").format(date=deal.close_date))
            layout.addWidget(line(" · ".join(d for d in details if d), muted=True))


class _EditForm(InlineForm):
    """The card's fields, editable; only what changed is sent."""

    def __init__(self, record: RecordView, parent: QWidget | None = None) -> None:
        super().__init__(record.id, self.tr("Edit details"), parent=parent)
        self.original = {name: getattr(record, name) for name in FIELDS}
        if record.kind == "lead":
            self.original["status"] = record.status
        self.person = PersonForm(with_status=record.kind == "lead")
        self.person.set_values(self.original)
        self.fields.addRow(self.person)

    def submit(self) -> object | None:
        changed = {name: value for name, value in self.person.values().items()
                   if value != self.original.get(name, "")}
        if not changed:
            return self.record_id
        return crm.update_record(self.record_id, changed)
