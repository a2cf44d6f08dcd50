"""Accounts and their folders as a tree, special folders first, with unread counts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

from app.services.types import FolderSummary

FolderIdRole = Qt.ItemDataRole.UserRole + 1
FolderRole = Qt.ItemDataRole.UserRole + 2  # the FolderSummary


def role_label(role: str | None) -> str | None:
    """Special folders get the same name in every account, whatever the server calls them."""
    labels = {
        "inbox": QCoreApplication.translate("FolderTreeModel", "Inbox"),
        "drafts": QCoreApplication.translate("FolderTreeModel", "Drafts"),
        "sent": QCoreApplication.translate("FolderTreeModel", "Sent"),
        "archive": QCoreApplication.translate("FolderTreeModel", "Archive"),
        "junk": QCoreApplication.translate("FolderTreeModel", "Junk"),
        "trash": QCoreApplication.translate("FolderTreeModel", "Trash"),
    }
    return labels.get(role or "")


def folder_label(folder: FolderSummary) -> str:
    return role_label(folder.role) or folder.display_name


class FolderTreeModel(QStandardItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def load(self, folders: list[FolderSummary]) -> None:
        """Rebuild from the service's list, which already puts special folders first."""
        self.clear()
        accounts: dict[str, QStandardItem] = {}
        for folder in folders:
            account = accounts.get(folder.account)
            if account is None:
                account = accounts[folder.account] = QStandardItem(folder.account)
                account.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading, not a mailbox
                account.setFont(self._bold)
                self.appendRow(account)
            account.appendRow(self._folder_item(folder))

    def _folder_item(self, folder: FolderSummary) -> QStandardItem:
        label = folder_label(folder)
        item = QStandardItem(f"{label} ({folder.unread})" if folder.unread else label)
        item.setEditable(False)
        if folder.unread:
            item.setFont(self._bold)
        item.setToolTip(
            self.tr("{name}: {unread} unread of {total}").format(
                name=folder.name, unread=folder.unread, total=folder.total
            )
        )
        item.setData(folder.id, FolderIdRole)
        item.setData(folder, FolderRole)
        return item

    def index_of(self, folder_id: int) -> QModelIndex | None:
        for row in range(self.rowCount()):
            account = self.item(row)
            for child in range(account.rowCount()):
                item = account.child(child)
                if item.data(FolderIdRole) == folder_id:
                    return item.index()
        return None

    def first_folder(self) -> QModelIndex | None:
        account = self.item(0)
        return account.child(0).index() if account and account.rowCount() else None
