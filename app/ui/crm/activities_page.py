"""My activities: open tasks and events, overdue, today and upcoming, each with a done box.
Double-clicking one opens the person it is about."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.errors import KizunaError
from app.services import crm
from app.ui.crm.common import activity_kind, error_label, when
from app.ui.formatting import full_name

if TYPE_CHECKING:
    from app.crm.records import ActivityView

ActivityRole = Qt.ItemDataRole.UserRole + 1
COL_SUBJECT, COL_KIND, COL_WHEN, COL_WHO = range(4)


class ActivitiesPage(QWidget):
    recordChanged = Signal(str)
    openRecord = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Subject"), self.tr("Type"), self.tr("When"),
                                   self.tr("Who")])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemDoubleClicked.connect(self._open)
        self.groups: dict[str, QTreeWidgetItem] = {}
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.error)
        layout.addWidget(self.tree, 1)
        self._filling = False
        self._reload = QTimer(self)
        self._reload.setSingleShot(True)
        self._reload.setInterval(0)
        self._reload.timeout.connect(self.refresh)

    def refresh(self) -> None:
        sections = (("overdue", self.tr("Overdue")), ("today", self.tr("Today")),
                    ("upcoming", self.tr("Upcoming")))
        try:
            found = {due: crm.list_records("activities", due=due) for due, _ in sections}
            names = self._names([a.record for rows in found.values() for a in rows])
        except KizunaError as error:
            self.error.setText(error.message())
            self.error.show()
            return
        self.error.hide()
        self._filling = True  # building check boxes is no user ticking them
        self.tree.clear()
        self.groups = {}
        for due, title in sections:
            rows = found[due]
            group = QTreeWidgetItem(self.tree, [f"{title} ({len(rows)})"])
            group.setFirstColumnSpanned(True)
            font = group.font(COL_SUBJECT)
            font.setBold(True)
            group.setFont(COL_SUBJECT, font)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.groups[due] = group
            for activity in rows:
                self._add(group, activity, names.get(activity.record, activity.record))
            group.setExpanded(True)
        self.tree.resizeColumnToContents(COL_KIND)
        self.tree.resizeColumnToContents(COL_WHEN)
        self.tree.resizeColumnToContents(COL_WHO)
        self._filling = False

    def _names(self, record_ids: list[str]) -> dict[str, str]:
        names = {}
        for record_id in dict.fromkeys(record_ids):
            record = crm.get_record(record_id)
            names[record_id] = full_name(record.last_name, record.first_name) or record.email
        return names

    def _add(self, group: QTreeWidgetItem, activity: ActivityView, who: str) -> None:
        moment = activity.due if activity.kind == "task" else activity.start
        item = QTreeWidgetItem(group, [activity.subject, activity_kind(activity.kind),
                                       when(moment), who])
        item.setData(COL_SUBJECT, ActivityRole, activity)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(COL_SUBJECT, Qt.CheckState.Checked if activity.done
                           else Qt.CheckState.Unchecked)
        if activity.priority == "high":
            item.setToolTip(COL_SUBJECT, self.tr("High priority"))
            font = item.font(COL_SUBJECT)
            font.setBold(True)
            item.setFont(COL_SUBJECT, font)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        activity = item.data(COL_SUBJECT, ActivityRole)
        if self._filling or activity is None or column != COL_SUBJECT:
            return
        done = item.checkState(COL_SUBJECT) == Qt.CheckState.Checked
        try:
            crm.complete_task(activity.id, done)
        except KizunaError as error:
            self.error.setText(error.message())
            self.error.show()
            return
        self.recordChanged.emit(activity.record)
        self._reload.start()  # not now: the tree is still inside this item's own signal

    def _open(self, item: QTreeWidgetItem, _column: int) -> None:
        activity = item.data(COL_SUBJECT, ActivityRole)
        if activity is not None:
            self.openRecord.emit(activity.record)
