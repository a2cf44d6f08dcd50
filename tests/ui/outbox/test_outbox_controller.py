"""The window keeps the outbox sending: real aiosmtpd on loopback, the app's qasync loop."""

from __future__ import annotations

import socket
import threading

import pytest
from PySide6.QtCore import QTimer

from app.models.mail import OutboxMessage
from app.services import outbox
from app.sync.outbox.lock import sender_lock
from app.ui.outbox.controller import BUSY_MS
from tests.integration.smtp_servers import smtp_server
from tests.ui.engine_fixtures import WAIT_MS, run
from tests.ui.outbox.helpers import queue, state, wake

pytestmark = pytest.mark.integration


def test_a_queued_message_is_sent_while_the_app_runs(qtbot, tmp_path, port, controller,
                                                     engine_window):
    window, _engine = engine_window
    with smtp_server("plain", tmp_path, port=port) as server:
        entry = queue()
        with qtbot.waitSignal(controller.sent, timeout=WAIT_MS):  # the Sent folder changed
            wake(qtbot, controller)
        assert [m.rcpt_tos for m in server.received()] == [["sato@example.com"]]
        assert f"<{entry.message_id}>".encode() in server.received()[0].raw
    assert state(entry.id) == "copied"
    assert window.statusBar().currentMessage() == "Message sent"
    qtbot.waitUntil(lambda: controller.action.text() == "&Outbox", timeout=WAIT_MS)
    assert not controller.problem.isVisible() and not controller.activity.isVisible()


def test_the_delay_is_kept_and_the_timer_armed_for_it(qtbot, tmp_path, port, controller):
    with smtp_server("plain", tmp_path, port=port) as server:
        entry = queue(delay=600)
        wake(qtbot, controller)
        # Capped: the clock is looked at again within a minute (it may jump, or sleep).
        assert controller.timer.isActive() and controller.timer.interval() == 60_000
        assert controller.action.text() == "&Outbox (1)"
        controller.flush_due()  # as if the timer fired early: nothing is due yet
        qtbot.waitUntil(lambda: not controller.flushing(), timeout=WAIT_MS)
        assert server.received() == [] and state(entry.id) == "queued"


def test_offline_the_message_waits_and_says_why(qtbot, port, controller):
    entry = queue()  # nothing listens on the port: as offline
    wake(qtbot, controller)
    qtbot.waitUntil(lambda: outbox.get_entry(entry.id).attempts == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not controller.flushing(), timeout=WAIT_MS)
    waiting = outbox.get_entry(entry.id)
    assert waiting.state == "queued" and str(port) in waiting.last_error
    assert controller.problem.isVisible()
    assert "1 message waiting to be sent: Cannot reach" in controller.problem.text()
    assert "Open Outbox" in controller.problem.text()
    # The engine's backoff decides when it goes again; the timer follows it.
    assert controller.timer.isActive() and 20_000 < controller.timer.interval() <= 30_000


def test_two_flushes_never_overlap(qtbot, tmp_path, port, controller):
    with smtp_server("plain", tmp_path, port=port) as server:
        first, second = queue("one"), queue("two")
        controller.flush_due()
        controller.flush_due()  # while the first runs: runs once more after it
        controller.send_now([second.id])
        qtbot.waitUntil(lambda: not controller.flushing(), timeout=WAIT_MS)
        assert sorted(m.raw.count(b"Message-ID") for m in server.received()) == [1, 1]
        assert {state(first.id), state(second.id)} == {"copied"}


class SilentServer:
    """Accepts connections and says nothing until released: a server that is slow to
    greet (a fault a real server will not produce on demand)."""

    def __init__(self, port: int) -> None:
        self.listener = socket.create_server(("127.0.0.1", port))
        self.connected = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        connection, _ = self.listener.accept()
        self.connected.set()
        self.release.wait()
        connection.close()  # hang up without a greeting

    def close(self) -> None:
        self.release.set()
        self.thread.join()
        self.listener.close()


def test_the_window_keeps_running_while_smtp_waits(qtbot, port, controller):
    server = SilentServer(port)
    try:
        entry = queue()
        ticks: list[int] = []
        ticker = QTimer()
        ticker.setInterval(10)
        ticker.timeout.connect(lambda: ticks.append(1))
        ticker.start()
        controller.flush_due()
        qtbot.waitUntil(server.connected.is_set, timeout=WAIT_MS)
        assert controller.activity.text() == "Sending 1 message…"
        start = len(ticks)
        qtbot.waitUntil(lambda: len(ticks) >= start + 20, timeout=WAIT_MS)
        assert controller.flushing() and not server.release.is_set()
        ticker.stop()
    finally:
        server.close()
    qtbot.waitUntil(lambda: not controller.flushing(), timeout=WAIT_MS)
    assert outbox.get_entry(entry.id).attempts == 1  # tried, and waiting to go again


def test_quitting_during_a_send_keeps_the_message(qtbot, port, controller, monkeypatch):
    monkeypatch.setattr("app.ui.outbox.controller.STOP_WAIT_S", 0.2)
    server = SilentServer(port)
    try:
        entry = queue()
        controller.flush_due()
        qtbot.waitUntil(server.connected.is_set, timeout=WAIT_MS)
        run(qtbot, controller.stop())
        assert not controller.flushing() and not controller.lane.running()
    finally:
        server.close()
    row = OutboxMessage.get_by_id(entry.id)  # still there; it goes again next time
    assert row.state in ("queued", "sending")


def test_another_process_sending_is_left_alone(qtbot, home, controller):
    entry = queue()
    with sender_lock(home.database) as mine:  # as `kizuna outbox flush` in another process
        assert mine
        controller.flush_due()
        qtbot.waitUntil(lambda: not controller.flushing(), timeout=WAIT_MS)
        assert outbox.get_entry(entry.id).attempts == 0
        assert controller.timer.interval() == BUSY_MS  # looks again later, not in a loop


def test_nothing_starts_after_stop(qtbot, controller):
    run(qtbot, controller.stop())
    assert controller.wake() is None
    controller.flush_due()
    assert not controller.flushing() and not controller.lane.running()
