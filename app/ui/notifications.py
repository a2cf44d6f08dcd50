"""Telling the user about new mail that matters: a desktop notification for mail from a CRM
lead or contact, a tray icon whose badge counts unread inbox mail. Other mail only changes
the counts. What notifies is a setting: leads and contacts (default), all new mail, or off.

New mail is what entered an inbox after the notifier first saw it: each inbox has a
high-water mark of message ids (ids only grow), set without notifying the first time the
inbox is seen, so a first download of years of mail stays quiet.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QPointF, QRectF, QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPalette,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QWidget

from app.errors import KizunaError
from app.services import crm, mailbox
from app.services.types import FolderSummary, MessageSummary
from app.ui.formatting import full_name
from app.ui.palette import HUES

MODE_KEY = "notifications/mode"
TRAY_KEY = "notifications/tray"
MODES = ("crm", "all", "off")
LOOK_BACK = 50  # newest inbox messages examined after each sync
SEPARATE = 3  # more new messages than this become one summary notification
SHOW_MS = 10_000


@dataclass
class Notice:
    title: str
    body: str
    message_id: int | None  # opened when the notification is clicked


@dataclass
class NewMail:
    message: MessageSummary
    kind: str | None  # lead | contact | None
    name: str


class MailNotifier(QObject):
    noticeShown = Signal(object)  # Notice
    openRequested = Signal(int)  # message id, from a click on a notification
    showRequested = Signal()  # a click on the tray icon

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        mode = str(settings.value(MODE_KEY, "crm"))
        self.mode = mode if mode in MODES else "crm"
        self.notices: list[Notice] = []
        self.unread = 0
        self._marks: dict[int, int] = {}  # inbox folder id -> highest id already seen
        self.tray = QSystemTrayIcon(tray_icon(0), self)
        self.tray.setToolTip("Kizuna")
        self.tray.messageClicked.connect(self._notice_clicked)
        self.tray.activated.connect(self._tray_activated)
        self.tray.setVisible(self.tray_wanted())

    def tray_wanted(self) -> bool:
        return (self.settings.value(TRAY_KEY, True, type=bool)
                and QSystemTrayIcon.isSystemTrayAvailable())

    # --- settings ---------------------------------------------------------------------------
    def settings_menu(self, parent: QWidget) -> QMenu:
        menu = QMenu(self.tr("&Notifications"), parent)
        group = QActionGroup(menu)
        for mode, text in (
            ("crm", self.tr("For Mail from &Leads and Contacts")),
            ("all", self.tr("For &All New Mail")),
            ("off", self.tr("&Off")),
        ):
            action = QAction(text, menu)
            action.setCheckable(True)
            action.setChecked(mode == self.mode)
            action.triggered.connect(lambda _checked=False, m=mode: self.set_mode(m))
            group.addAction(action)
            menu.addAction(action)
        menu.addSeparator()
        tray = QAction(self.tr("Show Icon in System &Tray"), menu)
        tray.setCheckable(True)
        tray.setChecked(self.settings.value(TRAY_KEY, True, type=bool))
        tray.toggled.connect(self.set_tray)
        menu.addAction(tray)
        return menu

    def set_mode(self, mode: str) -> None:
        self.mode = mode
        self.settings.setValue(MODE_KEY, mode)

    def set_tray(self, shown: bool) -> None:
        self.settings.setValue(TRAY_KEY, shown)
        self.tray.setVisible(self.tray_wanted())

    # --- new mail ---------------------------------------------------------------------------
    def folders_changed(self, folders: list[FolderSummary]) -> list[Notice]:
        """After a sync or a change: update the badge, notify about new inbox mail."""
        inboxes = [f for f in folders if f.role == "inbox"]
        self._set_unread(sum(f.unread for f in inboxes))
        fresh: list[NewMail] = []
        for folder in inboxes:
            fresh += self._new_in(folder)
        notable = [m for m in fresh if m.kind is not None or self.mode == "all"]
        if self.mode == "off" or not notable:
            return []
        shown = self._compose(notable)
        for notice in shown:
            self._show(notice)
        return shown

    def _new_in(self, folder: FolderSummary) -> list[NewMail]:
        try:
            newest = mailbox.list_messages(folder.id, limit=LOOK_BACK)
        except KizunaError:
            return []  # the folder went away with its account
        mark = self._marks.get(folder.id)
        self._marks[folder.id] = max([mark or 0, *(m.id for m in newest)])
        if mark is None:
            return []  # first sight of this inbox: what is there is not news
        return [self._who(m) for m in reversed(newest) if m.id > mark and "seen" not in m.flags]

    def _who(self, message: MessageSummary) -> NewMail:
        found = crm.lookup(message.from_addr)
        record = found.record
        if found.kind is None or record is None:
            return NewMail(message, None, message.from_name or message.from_addr)
        name = full_name(record.last_name, record.first_name) or message.from_name
        return NewMail(message, found.kind, name or message.from_addr)

    def _compose(self, mail: list[NewMail]) -> list[Notice]:
        if len(mail) > SEPARATE:
            names = list(dict.fromkeys(m.name for m in mail))
            title = (self.tr("{count} new messages from your leads and contacts")
                     if self.mode == "crm" else self.tr("{count} new messages"))
            body = ", ".join(names[:SEPARATE]) + ("…" if len(names) > SEPARATE else "")
            return [Notice(title.format(count=len(mail)), body, mail[-1].message.id)]
        return [
            Notice(self._title(m), m.message.subject or self.tr("(no subject)"), m.message.id)
            for m in mail
        ]

    def _title(self, mail: NewMail) -> str:
        if mail.kind == "contact":
            return self.tr("{name} (contact)").format(name=mail.name)
        if mail.kind == "lead":
            return self.tr("{name} (lead)").format(name=mail.name)
        return mail.name

    def _show(self, notice: Notice) -> None:
        self.notices.append(notice)
        if self.tray.isVisible():
            self.tray.showMessage(notice.title, notice.body, tray_icon(0), SHOW_MS)
        self.noticeShown.emit(notice)

    def _notice_clicked(self) -> None:
        if self.notices and self.notices[-1].message_id is not None:
            self.openRequested.emit(self.notices[-1].message_id)

    def _tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.showRequested.emit()

    def _set_unread(self, unread: int) -> None:
        if unread == self.unread:
            return
        self.unread = unread
        self.tray.setIcon(tray_icon(unread))
        self.tray.setToolTip(
            self.tr("Kizuna: {count} unread").format(count=unread) if unread else "Kizuna"
        )


def tray_icon(unread: int) -> QIcon:
    """An envelope in the palette's accent (highlight) colour, with a red badge counting
    unread mail (99+ past two digits). Red and white read on any panel colour."""
    palette = QApplication.palette()
    size = 64
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
    painter.drawRoundedRect(QRectF(2, 12, 52, 40), 6, 6)
    painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen = painter.pen()
    pen.setWidthF(4)
    painter.setPen(pen)
    painter.drawPolyline(QPolygonF([QPointF(8, 18), QPointF(28, 34), QPointF(48, 18)]))
    if unread:
        text = str(unread) if unread < 100 else "99+"
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(HUES["error"])
        badge = QRectF(size - 38, 0, 38, 30)
        painter.drawRoundedRect(badge, 15, 15)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(20 if len(text) < 3 else 15)
        painter.setFont(font)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)
