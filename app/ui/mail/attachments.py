"""The attachments of the open message: a row each (safe name, size, icon by type), with
Open, Save… and Save All… on buttons, the context menu, double-click and Enter.

Open writes a private copy into the data directory's attachment cache and hands it to the
user's own program; a type that runs code when opened is confirmed first.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QPoint, QSize, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import KizunaError
from app.services import mailbox
from app.services.types import AttachmentView
from app.ui.formatting import human_size
from app.ui.mail.file_icons import file_icon, kind_of

MAX_VISIBLE_ROWS = 5
ICON_SIZE = 24
# Opening these runs code (or a link to code) rather than showing a document.
RISKY_EXTENSIONS = frozenset({
    "exe", "com", "scr", "pif", "cpl", "msi", "msp", "dll", "bat", "cmd", "ps1", "psm1",
    "vbs", "vbe", "js", "jse", "wsf", "wsh", "hta", "lnk", "url", "inf", "reg", "jar",
    "sh", "bash", "zsh", "csh", "command", "tool", "app", "desktop", "run", "bin",
    "appimage", "deb", "rpm", "py", "pyw", "pl", "rb", "applescript", "scpt", "iso", "img",
})  # fmt: skip
RISKY_TYPES = frozenset({
    "application/x-msdownload", "application/x-msdos-program", "application/x-dosexec",
    "application/x-executable", "application/x-sh", "application/x-shellscript",
    "application/java-archive", "application/x-java-archive", "application/javascript",
    "text/javascript", "application/x-ms-shortcut", "application/x-desktop",
    "application/hta", "application/x-bat", "application/vnd.microsoft.portable-executable",
})  # fmt: skip
ItemRole = Qt.ItemDataRole.UserRole


def extension(filename: str) -> str:
    stem, dot, ext = filename.rpartition(".")
    return ext.strip().lower() if dot and stem else ""


def is_risky(attachment: AttachmentView) -> bool:
    return (extension(attachment.filename) in RISKY_EXTENSIONS
            or attachment.content_type.lower() in RISKY_TYPES)


class AttachmentList(QWidget):
    statusMessage = Signal(str)

    last_directory: Path | None = None  # where the previous save went, for this session

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_id: int | None = None
        self.attachments: list[AttachmentView] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.summary, 1)
        self.save_all_button = QPushButton(self.tr("Save All…"))
        self.save_all_button.clicked.connect(lambda: self.save_all())
        top.addWidget(self.save_all_button)
        layout.addLayout(top)

        self.list = QListWidget()
        self.list.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.itemActivated.connect(lambda item: self.open(item.data(ItemRole)))
        self.list.setAccessibleName(self.tr("Attachments"))
        layout.addWidget(self.list)
        self.hide()

    def show_attachments(self, message_id: int, attachments: list[AttachmentView]) -> None:
        self.message_id = message_id
        self.attachments = attachments
        self.list.clear()
        for attachment in attachments:
            item = QListWidgetItem(self._row_text(attachment))
            ext = extension(attachment.filename)
            kind = kind_of(ext, attachment.content_type, is_risky(attachment))
            item.setIcon(file_icon(ext, kind))
            item.setData(ItemRole, attachment)
            # Escaped and forced to rich text: a tooltip would otherwise render markup.
            tip = html.escape(f"{attachment.filename}\n{attachment.content_type}")
            item.setToolTip(f"<p style='white-space:pre'>{tip}</p>")
            self.list.addItem(item)
        total = sum(a.size for a in attachments)
        summary = (self.tr("1 attachment · {size}") if len(attachments) == 1
                   else self.tr("{count} attachments · {size}"))
        self.summary.setText(summary.format(count=len(attachments), size=human_size(total)))
        rows = min(len(attachments), MAX_VISIBLE_ROWS)
        row_height = self.list.sizeHintForRow(0) if attachments else 0
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 2)
        self.list.setAccessibleDescription(self.text())
        self.setVisible(bool(attachments))

    def text(self) -> str:
        """The list in one line, for screen readers and a quick look."""
        if not self.attachments:
            return ""
        return self.tr("Attachments: ") + ",  ".join(self._row_text(a) for a in self.attachments)

    def _row_text(self, attachment: AttachmentView) -> str:
        """The name it will be saved under: no directories, no hidden characters."""
        name = mailbox.attachment_file_name(attachment.filename, attachment.content_type)
        return f"{name} ({human_size(attachment.size)})"

    # --- actions --------------------------------------------------------------------------
    def _menu(self, position: QPoint) -> None:
        item = self.list.itemAt(position)
        if item is not None:
            self.context_menu(item.data(ItemRole)).popup(
                self.list.viewport().mapToGlobal(position)
            )

    def context_menu(self, attachment: AttachmentView) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("&Open"), lambda: self.open(attachment))
        menu.addAction(self.tr("&Save…"), lambda: self.save(attachment))
        menu.addSeparator()
        menu.addAction(self.tr("Save &All…"), lambda: self.save_all())
        return menu

    def open(self, attachment: AttachmentView) -> None:
        if self.message_id is None:
            return
        if is_risky(attachment) and not self._confirm_risky(attachment):
            return
        try:
            path = mailbox.open_attachment(self.message_id, attachment.part)
        except (KizunaError, OSError) as error:
            self._failed(error)
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.statusMessage.emit(
                self.tr("No program is set up to open {name}").format(name=path.name)
            )

    def _confirm_risky(self, attachment: AttachmentView) -> bool:
        answer = QMessageBox.warning(
            self,
            self.tr("Open a program?"),
            self.tr(
                "“{name}” can run as a program on this computer. Files like this are a common "
                "way to spread malware. Open it only if you expected it from this sender.\n\n"
                "Open it anyway?"
            ).format(name=attachment.filename),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open

    def save(self, attachment: AttachmentView) -> None:
        if self.message_id is None:
            return
        name = mailbox.attachment_file_name(attachment.filename, attachment.content_type)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save Attachment"), str(self._directory() / name)
        )
        if not chosen:
            return
        path = Path(chosen)
        try:
            mailbox.save_attachment_as(self.message_id, attachment.part, path)
        except (KizunaError, OSError) as error:
            self._failed(error)
            return
        AttachmentList.last_directory = path.parent
        self.statusMessage.emit(self.tr("Saved {path}").format(path=path))

    def save_all(self) -> None:
        if self.message_id is None or not self.attachments:
            return
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Save All Attachments"), str(self._directory())
        )
        if not chosen:
            return
        directory = Path(chosen)
        try:
            for attachment in self.attachments:
                mailbox.save_attachment(self.message_id, attachment.part, directory)
        except (KizunaError, OSError) as error:
            self._failed(error)
            return
        AttachmentList.last_directory = directory
        self.statusMessage.emit(self.tr("Saved {count} attachments in {folder}").format(
            count=len(self.attachments), folder=directory
        ))

    def _directory(self) -> Path:
        if AttachmentList.last_directory is not None:
            return AttachmentList.last_directory
        downloads = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DownloadLocation
        )
        return Path(downloads or Path.home())

    def _failed(self, error: Exception) -> None:
        text = error.message() if isinstance(error, KizunaError) else str(error)
        self.statusMessage.emit(self.tr("Could not write the attachment: {error}").format(
            error=text
        ))
