"""Mail in the store for CRM tests: real messages through the real store."""

from __future__ import annotations

import pytest

from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from tests.mailfactory import make_message


@pytest.fixture
def mailbox(db):
    """store(sender, to, subject, cc=None, seq=0) -> message id, into INBOX or Sent."""
    account = ensure_account("Work", "ken@example.jp")
    folders = {"inbox": ensure_folder(account, "INBOX", "inbox"),
               "sent": ensure_folder(account, "Sent", "sent")}
    counter = iter(range(1, 10_000))

    def store(sender: str, to: str, subject: str = "Hello", cc: str | None = None,
              seq: int = 0, folder: str = "inbox") -> int:
        raw = make_message(subject, sender=sender, to=to, seq=seq,
                           message_id=f"m{next(counter)}@example.jp")
        if cc:
            raw = raw.replace(b"\nSubject:", f"\nCc: {cc}\nSubject:".encode(), 1)
        uid = next(counter)
        return store_messages(folders[folder], [IncomingMessage(raw, uid=uid, uidvalidity=1)])[0]

    return store
