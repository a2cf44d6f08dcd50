"""The server's folder list, with special-use roles, mirrored into the store."""

from __future__ import annotations

import imapclient

from app.models.mail import Account, Folder

SPECIAL_USE = {
    b"\\sent": "sent", b"\\drafts": "drafts", b"\\trash": "trash", b"\\junk": "junk",
    b"\\archive": "archive",
}
# For servers without SPECIAL-USE: common names, English and Japanese.
NAME_ROLES = {
    "sent": "sent", "sent items": "sent", "sent mail": "sent", "送信済み": "sent",
    "drafts": "drafts", "draft": "drafts", "下書き": "drafts",
    "trash": "trash", "deleted items": "trash", "ゴミ箱": "trash", "削除済み": "trash",
    "junk": "junk", "spam": "junk", "迷惑メール": "junk",
    "archive": "archive", "アーカイブ": "archive",
}


def role_of(name: str, flags: tuple[bytes, ...]) -> str | None:
    if name.upper() == "INBOX":
        return "inbox"
    for flag in flags:
        role = SPECIAL_USE.get(flag.lower())
        if role:
            return role
    leaf = name.rsplit("/", 1)[-1].rsplit(".", 1)[-1].lower()
    return NAME_ROLES.get(leaf)


def sync_folder_list(client: imapclient.IMAPClient, account: Account) -> list[Folder]:
    """Create or update local folders for the server's; returns the selectable ones."""
    listed = client.list_folders()
    selectable = []
    seen_names = set()
    for flags, delimiter, name in listed:
        seen_names.add(name)
        lowered = {f.lower() for f in flags}
        can_select = not lowered & {b"\\noselect", b"\\nonexistent"}
        role = role_of(name, flags)
        folder = Folder.get_or_none((Folder.account == account) & (Folder.name == name))
        sep = delimiter.decode() if isinstance(delimiter, bytes) else (delimiter or "/")
        if folder is None:
            folder = Folder.create(account=account, name=name, display_name=name, role=role,
                                   delimiter=sep, selectable=can_select)
        elif (folder.role, folder.selectable) != (role, can_select):
            folder.role, folder.selectable = role, can_select
            folder.save()
        if can_select:
            selectable.append(folder)
    # A folder deleted on the server goes locally too (its messages with it).
    Folder.delete().where((Folder.account == account) & Folder.name.not_in(seen_names)).execute()
    order = ["inbox", "sent", "drafts", "archive", "junk", "trash"]
    return sorted(selectable, key=lambda f: order.index(f.role) if f.role in order else 9)
