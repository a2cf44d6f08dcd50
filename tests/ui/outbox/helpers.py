"""Queueing from a test, as the composer or `kizuna send` would."""

from __future__ import annotations

from app.services import outbox


def queue(subject: str = "お見積もりの件", delay: int = 0) -> outbox.OutboxEntry:
    return outbox.queue_message("Work", ["佐藤 花子 <sato@example.com>"], subject,
                                "佐藤様\n\nよろしくお願いします。", delay=delay)


def state(entry_id: int) -> str:
    return outbox.get_entry(entry_id).state
