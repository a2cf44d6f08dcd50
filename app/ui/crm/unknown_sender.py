"""A sender who is not in the CRM yet: the fields read from their mail, ready to save as a
lead or a contact, with a warning first when they look like someone already there."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from app.errors import KizunaError
from app.services import crm
from app.ui.crm.common import error_label, label, panel, row
from app.ui.crm.person_form import PersonForm
from app.ui.formatting import full_name


class UnknownSender(QWidget):
    created = Signal(str)  # the new record's id
    openRecord = Signal(str)  # an existing record the user chose instead

    def __init__(self, name: str, address: str, recipient: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pending_kind: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(6)
        heading = (self.tr("YOU WROTE TO · NOT IN YOUR CRM") if recipient
                   else self.tr("NOT IN YOUR CRM"))
        layout.addWidget(label(heading, muted=True))
        # The address is who wrote; the display name is only what they call themselves.
        layout.addWidget(label(address, bold=True, scale=1.15))
        if name and name.strip().lower() != address.lower():
            layout.addWidget(label(name))
        layout.addSpacing(6)
        self.hint = label(self.tr("Reading the signature…"), muted=True)
        layout.addWidget(self.hint)
        self.form = PersonForm()
        self.form.set_values({"email": address})
        layout.addWidget(self.form)

        self.duplicates = panel()
        box = QVBoxLayout(self.duplicates)
        box.setContentsMargins(8, 8, 8, 8)
        self.duplicate_text = label("")
        box.addWidget(self.duplicate_text)
        self.create_anyway = QPushButton(self.tr("Create anyway"))
        self.create_anyway.clicked.connect(lambda: self._create(allow_duplicate=True))
        self.open_existing = QPushButton(self.tr("Open existing"))
        self.open_existing.clicked.connect(self._open_existing)
        box.addWidget(row(self.open_existing, self.create_anyway))
        self.duplicates.hide()
        self.existing: list[str] = []
        layout.addWidget(self.duplicates)

        self.error = error_label()
        layout.addWidget(self.error)
        self.add_lead = QPushButton(self.tr("Add as lead"))
        self.add_lead.setToolTip(self.tr("A prospect: follow up, then convert to a contact"))
        self.add_lead.clicked.connect(lambda: self.add("lead"))
        self.add_contact = QPushButton(self.tr("Add as contact"))
        self.add_contact.setToolTip(self.tr("A customer: deals can be created for contacts"))
        self.add_contact.clicked.connect(lambda: self.add("contact"))
        layout.addWidget(row(self.add_lead, self.add_contact))
        layout.addStretch(1)

    def prefill(self, values: dict[str, str]) -> None:
        """Fill in what the mail tells about the sender; what the user typed meanwhile wins."""
        current = self.form.values()
        merged = {name: current.get(name) or values.get(name, "") for name in current}
        self.form.set_values(merged)
        found = full_name(values.get("last_name", ""), values.get("first_name", ""))
        self.hint.setText(self.tr("Read from the mail; check before saving.") if found
                          else self.tr("Nothing more in the mail; fill in what you know."))

    def add(self, kind: str) -> None:
        """Warn about a likely duplicate before creating anything."""
        self.pending_kind = kind
        self.error.hide()
        try:
            existing = crm.find_duplicates(kind, self.form.values())
        except KizunaError as error:
            self._fail(error)
            return
        if not existing:
            self._create(allow_duplicate=False)
            return
        self.existing = [record.id for record in existing]
        names = "\n".join(
            f"{full_name(r.last_name, r.first_name) or r.email} · {r.company or r.email} ({r.id})"
            for r in existing[:3]
        )
        self.duplicate_text.setText(self.tr("Already in your CRM?\n{names}").format(names=names))
        self.duplicates.show()

    def _create(self, allow_duplicate: bool) -> None:
        kind = self.pending_kind or "lead"
        try:
            record = crm.add_record(kind, self.form.values(), allow_duplicate=allow_duplicate)
        except KizunaError as error:
            self._fail(error)
            return
        self.duplicates.hide()
        self.created.emit(record.id)

    def _open_existing(self) -> None:
        if self.existing:
            self.openRecord.emit(self.existing[0])

    def _fail(self, error: KizunaError) -> None:
        self.error.setText(error.message())
        self.error.show()
