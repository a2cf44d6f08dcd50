"""The outbox lane: work on its own thread, results and errors back on the window's loop,
and at stop, work still running is cancelled so it can close its connections."""

from __future__ import annotations

import asyncio
import threading

import pytest

from app.errors import UsageError
from app.ui.outbox.lane import OutboxLane
from tests.ui.engine_fixtures import run


def test_work_runs_on_the_lane_thread(qtbot, qloop):
    lane = OutboxLane()
    assert run(qtbot, lane.call(threading.current_thread)).name == "kizuna-outbox"
    run(qtbot, lane.stop(1.0))
    assert not lane.running()


def test_errors_come_back_typed(qtbot, qloop):
    lane = OutboxLane()

    def refuse() -> None:
        raise UsageError("no", "いいえ")

    with pytest.raises(UsageError):
        run(qtbot, lane.call(refuse))
    run(qtbot, lane.stop(1.0))


def test_stop_cancels_what_outlives_the_wait(qtbot, qloop):
    lane = OutboxLane()
    started = threading.Event()
    cleaned = threading.Event()

    async def hang() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.set()  # as aiosmtplib closes its socket when cancelled

    waiting = asyncio.ensure_future(lane.run(hang()))
    qtbot.waitUntil(started.is_set)
    run(qtbot, lane.stop(0.05))
    assert cleaned.is_set() and waiting.cancelled()
    with pytest.raises(asyncio.CancelledError):  # nothing new after stop
        run(qtbot, lane.call(threading.current_thread))
