"""A person's history, newest first: tasks and events (with a done box), calls, notes and
the mail linked to them (a click opens the message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QVBoxLayout, QWidget

from app.ui.crm.common import ElidedLabel, activity_kind, line, mute, when
from app.ui.formatting import short_datetime

if TYPE_CHECKING:  # handed over by the service
    from app.crm.records import ActivityView
    from app.crm.timeline import LinkedEmail

SNIPPET = 200  # of a note's body: one line of it, cut to the pane


@dataclass
class TimelineItem:
    timestamp: int
    activity: ActivityView | None = None
    email: LinkedEmail | None = None


class TimelineView(QWidget):
    taskToggled = Signal(str, bool)  # activity id, done
    messageRequested = Signal(int)

    def __init__(self, items: list[TimelineItem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.checkboxes: dict[str, QCheckBox] = {}
        self.links: dict[int, ElidedLabel] = {}
        if not items:
            layout.addWidget(line(self.tr("Nothing logged yet"), muted=True))
        for item in items:
            if item.activity is not None:
                self._activity(layout, item.activity)
            elif item.email is not None:
                self._email(layout, item.email)
            layout.addSpacing(4)

    def _activity(self, layout: QVBoxLayout, activity: ActivityView) -> None:
        moment = when(activity.due if activity.kind == "task" else activity.start)
        head = " · ".join(p for p in (activity_kind(activity.kind), moment) if p)
        if activity.kind == "call" and activity.duration:
            head += " · " + self.tr("{minutes} min").format(minutes=round(activity.duration / 60))
        if activity.kind in ("task", "event"):
            # The box ticks the short head line; a check box cannot wrap a long subject.
            box = QCheckBox(head)
            box.setChecked(activity.done)
            mute(box)
            box.setAccessibleName(self.tr("Done: {subject}").format(subject=activity.subject))
            box.toggled.connect(lambda done, a=activity.id: self.taskToggled.emit(a, done))
            self.checkboxes[activity.id] = box
            layout.addWidget(box)
        else:
            layout.addWidget(line(head, muted=True))
        layout.addWidget(line(activity.subject))
        detail = activity.outcome or activity.body
        if detail:
            layout.addWidget(line(" ".join(detail.split())[:SNIPPET], muted=True))

    def _email(self, layout: QVBoxLayout, email: LinkedEmail) -> None:
        arrow = self.tr("Received") if email.direction == "received" else self.tr("Sent")
        head = " · ".join(p for p in (self.tr("Mail"), arrow, short_datetime(email.timestamp))
                          if p)
        layout.addWidget(line(head, muted=True))
        link = line(email.subject or self.tr("(no subject)"), link=True)
        link.setAccessibleName(self.tr("Open this message"))
        link.clicked.connect(lambda m=email.message_id: self.messageRequested.emit(m))
        self.links[email.message_id] = link
        layout.addWidget(link)
