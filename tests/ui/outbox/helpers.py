"""Queueing from a test, as the composer or `kizuna send` would."""

from __future__ import annotations

from app.services import outbox
from tests.ui.engine_fixtures import WAIT_MS


def queue(subject: str = "お見積もりの件", delay: int = 0) -> outbox.OutboxEntry:
    return outbox.queue_message("Work", ["佐藤 花子 <sato@example.com>"], subject,
                                "佐藤様\n\nよろしくお願いします。", delay=delay)


def state(entry_id: int) -> str:
    return outbox.get_entry(entry_id).state


def wake(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    """As the composer's messageQueued does; returns once the outbox has been re-read
    and the timer armed."""
    task = controller.wake()
    qtbot.waitUntil(task.done, timeout=WAIT_MS)
