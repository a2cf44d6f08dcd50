"""Plain progress events from the engine; the GUI's bridge turns them into Qt signals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SyncProgress:
    account: str
    folder: str
    phase: str  # folders | headers | flags | bodies | done
    done: int
    total: int


ProgressCallback = Callable[[SyncProgress], None]


def ignore_progress(_: SyncProgress) -> None:
    """For callers that do not show progress."""
