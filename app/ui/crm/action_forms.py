"""The small inline forms behind +Task, +Event, +Call, +Note, +Deal and "Convert to contact".

Each form calls the CRM service itself and reports the result; a refusal from the service
(a missing subject, an end before the start …) is shown in the form, in the user's language.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services import crm
from app.ui.crm.common import error_label, label, panel, row, stage_name

DATE_TIME_FORMAT = "yyyy/MM/dd HH:mm"
CURRENCIES = ("JPY", "USD", "EUR", "GBP")


def _date_time_edit(value: QDateTime) -> QDateTimeEdit:
    edit = QDateTimeEdit(value)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(DATE_TIME_FORMAT)
    return edit


def _python(value: QDateTime) -> dt.datetime:
    """Local wall time without a zone: the service reads it in the user's zone."""
    return value.toPython().replace(tzinfo=None)  # type: ignore[union-attr]


def _next_hour() -> QDateTime:
    now = QDateTime.currentDateTime()
    return QDateTime(now.date(), QTime(now.time().hour(), 0)).addSecs(3600)


def _notes() -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setFixedHeight(60)
    edit.setTabChangesFocus(True)
    return edit


class InlineForm(QWidget):
    """Title, fields, an error line and Save / Cancel; `submit()` does the work."""

    saved = Signal(object)  # what the service returned
    cancelled = Signal()

    def __init__(self, record_id: str, title: str, save_text: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record_id = record_id
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 4, 0, 4)
        frame = panel()
        outer.addWidget(frame)
        box = QVBoxLayout(frame)
        box.setContentsMargins(8, 8, 8, 8)
        box.addWidget(label(title, bold=True))
        self.fields = QFormLayout()
        self.fields.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        box.addLayout(self.fields)
        self.error = error_label()
        box.addWidget(self.error)
        self.save_button = QPushButton(save_text or self.tr("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancelled)
        box.addWidget(row(self.save_button, self.cancel_button))

    def submit(self) -> object | None:
        """Do the work; None when the form showed why it could not."""
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def _save(self) -> None:
        try:
            result = self.submit()
        except KizunaError as error:
            self.show_error(error.message())
            return
        if result is not None:
            self.saved.emit(result)


class TaskForm(InlineForm):
    def __init__(self, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(record_id, self.tr("New task"), parent=parent)
        self.subject = QLineEdit()
        self.subject.setPlaceholderText(self.tr("e.g. Send the revised quote"))
        tomorrow = QDateTime(QDate.currentDate().addDays(1), QTime(18, 0))
        self.due = _date_time_edit(tomorrow)
        self.priority = QComboBox()
        for value, text in (("normal", self.tr("Normal")), ("high", self.tr("High")),
                            ("low", self.tr("Low"))):
            self.priority.addItem(text, value)
        self.body = _notes()
        self.fields.addRow(self.tr("Subject"), self.subject)
        self.fields.addRow(self.tr("Due"), self.due)
        self.fields.addRow(self.tr("Priority"), self.priority)
        self.fields.addRow(self.tr("Notes"), self.body)

    def submit(self) -> object | None:
        return crm.log_activity(self.record_id, "task", self.subject.text(),
                                due=_python(self.due.dateTime()),
                                priority=self.priority.currentData(),
                                body=self.body.toPlainText())


class EventForm(InlineForm):
    def __init__(self, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(record_id, self.tr("New event"), parent=parent)
        self.subject = QLineEdit()
        self.subject.setPlaceholderText(self.tr("e.g. Product demo"))
        start = _next_hour()
        self.start = _date_time_edit(start)
        self.end = _date_time_edit(start.addSecs(3600))
        self.start.dateTimeChanged.connect(self._keep_length)
        self._length = 3600
        self.end.dateTimeChanged.connect(self._remember_length)
        self.location = QLineEdit()
        self.fields.addRow(self.tr("Subject"), self.subject)
        self.fields.addRow(self.tr("Start"), self.start)
        self.fields.addRow(self.tr("End"), self.end)
        self.fields.addRow(self.tr("Location"), self.location)

    def _keep_length(self, start: QDateTime) -> None:
        self.end.setDateTime(start.addSecs(self._length))

    def _remember_length(self, end: QDateTime) -> None:
        self._length = max(0, self.start.dateTime().secsTo(end))

    def submit(self) -> object | None:
        return crm.log_activity(self.record_id, "event", self.subject.text(),
                                start=_python(self.start.dateTime()),
                                end=_python(self.end.dateTime()),
                                location=self.location.text())


class CallForm(InlineForm):
    def __init__(self, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(record_id, self.tr("Log a call"), parent=parent)
        self.subject = QLineEdit(self.tr("Call"))
        self.direction = QComboBox()
        self.direction.addItem(self.tr("Outgoing"), "outbound")
        self.direction.addItem(self.tr("Incoming"), "inbound")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 600)
        self.minutes.setSuffix(self.tr(" min"))
        self.outcome = QLineEdit()
        self.outcome.setPlaceholderText(self.tr("e.g. Interested, call back in May"))
        self.body = _notes()
        self.fields.addRow(self.tr("Subject"), self.subject)
        self.fields.addRow(self.tr("Direction"), self.direction)
        self.fields.addRow(self.tr("Duration"), self.minutes)
        self.fields.addRow(self.tr("Outcome"), self.outcome)
        self.fields.addRow(self.tr("Notes"), self.body)

    def submit(self) -> object | None:
        minutes = self.minutes.value()
        return crm.log_activity(self.record_id, "call", self.subject.text(),
                                direction=self.direction.currentData(),
                                duration=minutes * 60 if minutes else None,
                                outcome=self.outcome.text(), body=self.body.toPlainText())


class NoteForm(InlineForm):
    def __init__(self, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(record_id, self.tr("New note"), parent=parent)
        self.subject = QLineEdit()
        self.body = _notes()
        self.body.setFixedHeight(90)
        self.fields.addRow(self.tr("Subject"), self.subject)
        self.fields.addRow(self.tr("Note"), self.body)

    def submit(self) -> object | None:
        return crm.log_activity(self.record_id, "note", self.subject.text(),
                                body=self.body.toPlainText())


class DealForm(InlineForm):
    def __init__(self, record_id: str, parent: QWidget | None = None) -> None:
        super().__init__(record_id, self.tr("New deal"), parent=parent)
        self.name = QLineEdit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("1,200,000")
        self.currency = QComboBox()
        self.currency.addItems(CURRENCIES)
        self.stage = QComboBox()
        for stage in crm.pipeline():
            if not stage.closed:
                self.stage.addItem(stage_name(stage.name), stage.name)
        self.close_date = QDateEdit(QDate.currentDate().addMonths(1))
        self.close_date.setCalendarPopup(True)
        self.close_date.setDisplayFormat("yyyy/MM/dd")
        self.fields.addRow(self.tr("Name"), self.name)
        self.fields.addRow(self.tr("Amount"), row(self.amount, self.currency, stretch=False))
        self.fields.addRow(self.tr("Stage"), self.stage)
        self.fields.addRow(self.tr("Closes"), self.close_date)

    def submit(self) -> object | None:
        amount = self.amount.text().replace(",", "").replace("，", "").strip()
        fields: dict[str, object] = {"currency": self.currency.currentText(),
                                     "stage": self.stage.currentData(),
                                     "close_date": self.close_date.date().toPython()}
        if amount:
            fields["amount"] = amount
        return crm.create_deal(self.record_id, self.name.text(), **fields)


class ConvertForm(InlineForm):
    """Lead → contact: the contact keeps the lead's activities and mail."""

    def __init__(self, record_id: str, company: str, parent: QWidget | None = None) -> None:
        super().__init__(record_id, self.tr("Convert to contact"), self.tr("Convert"),
                         parent=parent)
        self.company = QCheckBox(self.tr("Create the company record"))
        self.company.setChecked(bool(company))
        self.company.setEnabled(bool(company))
        self.with_deal = QCheckBox(self.tr("Create a deal"))
        self.deal_name = QLineEdit()
        self.deal_name.setEnabled(False)
        self.with_deal.toggled.connect(self.deal_name.setEnabled)
        self.fields.addRow(self.company)
        self.fields.addRow(self.with_deal)
        self.fields.addRow(self.tr("Deal name"), self.deal_name)
        hint = label(self.tr("Activities and linked mail move to the new contact."), muted=True)
        self.fields.addRow(hint)

    def submit(self) -> object | None:
        deal = self.deal_name.text().strip() if self.with_deal.isChecked() else ""
        if self.with_deal.isChecked() and not deal:
            self.show_error(self.tr("Name the deal, or untick “Create a deal”"))
            return None
        return crm.convert_lead(self.record_id, company=self.company.isChecked(),
                                deal=deal or None)
