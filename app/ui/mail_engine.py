"""The window's link to the mail engine: sync, message actions, notifications, accounts.

MainWindow only shows mail; this object makes it live. It is attached after the window is
built (`MailEngine(window).start()` in run_gui) because it needs a running event loop, which
the window alone does not.
"""

from __future__ import annotations

import asyncio

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from app.errors import KizunaError
from app.services.types import FolderSummary
from app.sync.progress import SyncProgress
from app.ui.actions import MessageActions
from app.ui.bridge import EngineBridge, SyncCancelled, spawn
from app.ui.compose.controller import ComposeController
from app.ui.dialogs.account_settings import AccountSettingsDialog
from app.ui.dialogs.account_wizard import AccountWizard
from app.ui.itemmodels.folder_tree import FolderRole
from app.ui.language_menu import language_menu
from app.ui.live_list import refresh_in_place
from app.ui.main_window import MainWindow
from app.ui.notifications import MailNotifier
from app.ui.outbox.controller import OutboxController
from app.ui.sync_controller import INTERVAL_KEY, SyncController

LIVE_LIST_MS = 500  # during a long sync the open list catches up at most this often
LIVE_FOLDERS_MS = 2000  # folder counts scan every message: less often
INTERVALS = (5, 10, 30, 60, 0)


class MailEngine(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        settings = window.settings
        self.bridge = EngineBridge(self)
        self.sync = SyncController(window, self.bridge, settings)
        self.actions = MessageActions(window, self.bridge)
        self.notifier = MailNotifier(settings, self)
        self.outbox = OutboxController(window, self.bridge)
        self.compose = ComposeController(window, self.bridge)
        self._folders_task: asyncio.Task | None = None
        self._folders_again = False
        self._stopped = False

        self.actions.changesQueued.connect(self.sync.push_changes)
        self.bridge.messagesChanged.connect(lambda _ids: self.refresh())
        self.sync.accountSynced.connect(lambda _name: self.refresh())
        self.bridge.syncProgress.connect(self._progress)
        self.notifier.openRequested.connect(self._open_from_notice)
        self.notifier.showRequested.connect(self._raise)
        self.compose.messageQueued.connect(self.outbox.wake)
        self.compose.messageCancelled.connect(self.outbox.wake)  # the outbox view catches up
        self.outbox.editRequested.connect(self.compose.open_cancelled)
        self.outbox.sent.connect(self.refresh)  # the copy in Sent changes its counts
        self._list_timer = self._throttle(LIVE_LIST_MS, self.refresh_list)
        self._folders_timer = self._throttle(LIVE_FOLDERS_MS, self.refresh_folders)
        self._build_settings_menu()

    def _throttle(self, interval: int, slot: object) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    def _build_settings_menu(self) -> None:
        menu = self.window.menuBar().addMenu(self.tr("&Settings"))
        add = menu.addAction(self.tr("&Add Account…"))
        add.triggered.connect(lambda _checked=False: self.add_account())
        accounts = menu.addAction(self.tr("A&ccounts…"))
        accounts.triggered.connect(lambda _checked=False: self.edit_accounts())
        menu.addSeparator()
        menu.addMenu(self.notifier.settings_menu(self.window))
        menu.addMenu(self._interval_menu())
        menu.addMenu(language_menu(self.window, self.window.settings,
                                   self.window.statusBar().showMessage))
        self.settings_menu = menu

    def _interval_menu(self) -> QMenu:
        menu = QMenu(self.tr("Check for &Mail"), self.window)
        group = QActionGroup(menu)
        for minutes in INTERVALS:
            text = (self.tr("Every {minutes} Minutes").format(minutes=minutes) if minutes
                    else self.tr("Only on Request and New Inbox Mail"))
            action = QAction(text, menu)
            action.setCheckable(True)
            action.setChecked(minutes == self.sync.interval_minutes)
            action.triggered.connect(lambda _checked=False, m=minutes: self._set_interval(m))
            group.addAction(action)
            menu.addAction(action)
        return menu

    def _set_interval(self, minutes: int) -> None:
        self.window.settings.setValue(INTERVAL_KEY, minutes)
        self.sync.set_interval(minutes)

    # --- running ----------------------------------------------------------------------------
    def start(self) -> None:
        # What is in the inboxes now is not news: only mail stored from here on notifies.
        self.notifier.folders_changed(self._shown_folders())
        self.sync.start()

    async def stop(self) -> None:
        """Nothing new starts from here; waits for the IDLE connections to close."""
        self._stopped = True
        self.actions.stop()
        self.bridge.shutdown()
        self._list_timer.stop()
        self._folders_timer.stop()
        await self.sync.stop()
        await self.outbox.stop()

    def _shown_folders(self) -> list[FolderSummary]:
        model = self.window.folder_model
        return [
            model.item(row).child(child).data(FolderRole)
            for row in range(model.rowCount())
            for child in range(model.item(row).rowCount())
        ]

    # --- keeping the window current ---------------------------------------------------------
    def refresh(self) -> None:
        if not self._stopped:
            self.refresh_list()
            self.refresh_folders()

    def refresh_list(self) -> None:
        self._list_timer.stop()
        try:
            refresh_in_place(self.window.message_view, self.window.message_model)
        except KizunaError as error:  # e.g. the folder went away with its account
            self.window.statusBar().showMessage(error.message())

    def refresh_folders(self) -> None:
        self._folders_timer.stop()
        if self._folders_task is not None:
            self._folders_again = True
        else:
            self._folders_task = spawn(self._read_folders())

    async def _read_folders(self) -> None:
        try:
            while True:
                self._folders_again = False
                try:
                    folders = await self.bridge.folders()
                except SyncCancelled:
                    return
                self.window.reload_folders(folders)
                self.notifier.folders_changed(folders)
                if not self._folders_again:
                    return
        finally:
            self._folders_task = None

    def _progress(self, event: SyncProgress) -> None:
        if self._stopped or event.phase not in ("headers", "done"):
            return
        if not self._folders_timer.isActive():
            self._folders_timer.start()
        folder = self.window.folder
        shown = folder is not None and (folder.account, folder.name) == (event.account,
                                                                          event.folder)
        if shown and not self._list_timer.isActive():
            self._list_timer.start()

    # --- accounts ---------------------------------------------------------------------------
    def add_account(self) -> AccountWizard:
        wizard = AccountWizard(self.bridge, self.window)
        wizard.accountAdded.connect(self._account_added)
        wizard.open()
        return wizard

    def edit_accounts(self) -> AccountSettingsDialog:
        dialog = AccountSettingsDialog(self.bridge, self.window)
        dialog.accountsChanged.connect(self._accounts_changed)
        dialog.addRequested.connect(
            lambda: self.add_account().accountAdded.connect(lambda name: dialog.reload(name))
        )
        dialog.open()
        return dialog

    def _account_added(self, name: str) -> None:
        self._accounts_changed()
        self.sync.sync_now(name)

    def _accounts_changed(self) -> None:
        self.sync.watch_inboxes()
        self.window.reload_folders()

    # --- notifications ----------------------------------------------------------------------
    def _raise(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def _open_from_notice(self, message_id: int) -> None:
        self._raise()
        self.window.open_message(message_id)
