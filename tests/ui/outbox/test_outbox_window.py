"""The Outbox window against real aiosmtpd servers: failures in plain words, Retry, Send
Now, Cancel and Edit (with and without a composer listening), Delete, live counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services import outbox
from app.ui.compose.window import DISCARD
from app.ui.outbox.table_model import COL_ATTEMPTS, COL_STATE, COL_SUBJECT, COL_TO
from app.ui.outbox.window import OutboxWindow
from tests.integration.smtp_servers import smtp_server
from tests.ui.engine_fixtures import WAIT_MS
from tests.ui.outbox.helpers import queue, state, wake

pytestmark = pytest.mark.integration


@pytest.fixture
def outbox_window(home, engine_window) -> OutboxWindow:  # type: ignore[no-untyped-def]
    _window, engine = engine_window
    engine.outbox.action.trigger()  # Go ▸ Outbox
    assert engine.outbox.outbox_window is not None
    return engine.outbox.outbox_window


def cell(view: OutboxWindow, row: int, column: int) -> str:
    return view.model.index(row, column).data()


def click(qtbot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_opened_from_the_go_menu(home, engine_window):
    window, engine = engine_window
    action = engine.outbox.action
    assert action in window.go_menu.actions()
    assert action.shortcut().toString() == "Ctrl+Shift+O"


def test_empty_outbox_says_so(outbox_window):
    assert outbox_window.isVisible()
    assert outbox_window.stack.currentWidget() is outbox_window.empty
    assert outbox_window.empty.text() == "Nothing waiting to be sent"
    buttons = (outbox_window.retry_button, outbox_window.send_button, outbox_window.edit_button,
               outbox_window.delete_button)
    assert not any(b.isEnabled() for b in buttons)


def test_rows_and_counts_follow_the_outbox_live(qtbot, tmp_path, port, outbox_window,
                                                engine_window):
    _window, engine = engine_window
    entry = queue(delay=600)
    wake(qtbot, engine.outbox)  # what the composer's messageQueued is connected to
    assert outbox_window.stack.currentWidget() is outbox_window.table
    assert cell(outbox_window, 0, COL_TO) == "sato@example.com"
    assert cell(outbox_window, 0, COL_SUBJECT) == "お見積もりの件"
    assert cell(outbox_window, 0, COL_STATE).startswith("Queued, sends at ")
    assert cell(outbox_window, 0, COL_ATTEMPTS) == "0"
    assert engine.outbox.action.text() == "&Outbox (1)"
    with smtp_server("plain", tmp_path, port=port) as server:
        outbox_window.select_entry(entry.id)
        click(qtbot, outbox_window.send_button)  # Send Now: the delay does not hold it
        qtbot.waitUntil(lambda: cell(outbox_window, 0, COL_STATE) == "Sent", timeout=WAIT_MS)
        assert len(server.received()) == 1
    assert cell(outbox_window, 0, COL_ATTEMPTS) == "1"
    assert engine.outbox.action.text() == "&Outbox"


def test_refused_message_fails_then_retry_sends_it(qtbot, tmp_path, port, outbox_window,
                                                   engine_window):
    _window, engine = engine_window

    async def refuse(_envelope) -> str:
        return "554 5.7.1 Message refused by policy"

    with smtp_server("plain", tmp_path, port=port, data_hook=refuse) as server:
        entry = queue()
        wake(qtbot, engine.outbox)
        qtbot.waitUntil(lambda: state(entry.id) == "failed", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: cell(outbox_window, 0, COL_STATE).startswith("Failed"),
                        timeout=WAIT_MS)
        shown = cell(outbox_window, 0, COL_STATE)
        assert shown == (f"Failed: 127.0.0.1:{port} refused the message: "
                         "554 5.7.1 Message refused by policy")
        assert outbox_window.model.index(0, COL_STATE).data(Qt.ItemDataRole.ForegroundRole)
        problem = engine.outbox.problem
        assert problem.isVisible()
        assert "1 message could not be sent: 127.0.0.1:" in problem.text()
        assert "Open Outbox" in problem.text()
        assert engine.outbox.action.text() == "&Outbox (1)"

        server.data_hook = None  # the policy is fixed
        outbox_window.select_entry(entry.id)
        assert outbox_window.details.text() == shown  # in full: the column may cut it
        assert not outbox_window.send_button.isEnabled()
        click(qtbot, outbox_window.retry_button)
        qtbot.waitUntil(lambda: state(entry.id) == "copied", timeout=WAIT_MS)
        assert len(server.received()) == 1
    qtbot.waitUntil(lambda: not problem.isVisible(), timeout=WAIT_MS)


def test_server_down_then_up_and_retry(qtbot, tmp_path, port, outbox_window,
                                       engine_window):
    _window, engine = engine_window
    entry = queue()
    wake(qtbot, engine.outbox)
    qtbot.waitUntil(lambda: outbox.get_entry(entry.id).attempts == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: cell(outbox_window, 0, COL_STATE).startswith("Waiting: "),
                    timeout=WAIT_MS)
    assert f"Cannot reach 127.0.0.1:{port}" in cell(outbox_window, 0, COL_STATE)
    assert "next try at" in cell(outbox_window, 0, COL_STATE)
    with smtp_server("plain", tmp_path, port=port) as server:  # the network is back
        outbox_window.select_entry(entry.id)
        click(qtbot, outbox_window.retry_button)  # not waiting for the backoff
        qtbot.waitUntil(lambda: len(server.received()) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: cell(outbox_window, 0, COL_STATE) == "Sent", timeout=WAIT_MS)


def test_a_sync_that_gets_through_sends_what_waited_for_the_network(
        qtbot, tmp_path, port, outbox_window, engine_window):
    _window, engine = engine_window
    entry = queue()
    wake(qtbot, engine.outbox)
    qtbot.waitUntil(lambda: cell(outbox_window, 0, COL_STATE).startswith("Waiting: "),
                    timeout=WAIT_MS)
    with smtp_server("plain", tmp_path, port=port) as server:
        engine.bridge.syncFinished.emit("Work", [])  # the network is back
        qtbot.waitUntil(lambda: len(server.received()) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: cell(outbox_window, 0, COL_STATE) == "Sent", timeout=WAIT_MS)
    assert outbox.get_entry(entry.id).attempts == 2


def test_the_status_link_opens_the_outbox(qtbot, home, engine_window):
    _window, engine = engine_window
    engine.outbox.problem.linkActivated.emit("outbox")
    assert engine.outbox.open_window().isVisible()


def test_cancel_and_edit_opens_the_content_in_a_compose_window(qtbot, outbox_window,
                                                              engine_window):
    _window, engine = engine_window
    entry = queue("見積書の件", delay=600)
    wake(qtbot, outbox_window.controller)
    outbox_window.select_entry(entry.id)
    click(qtbot, outbox_window.edit_button)
    qtbot.waitUntil(lambda: len(engine.compose.windows) == 1, timeout=WAIT_MS)
    editing = engine.compose.windows[0]
    assert editing.subject.text() == "見積書の件"
    assert editing.to.text() == "佐藤 花子 <sato@example.com>"
    assert editing.body.toPlainText().strip() == "佐藤様\n\nよろしくお願いします。"
    assert outbox.list_outbox() == []
    qtbot.waitUntil(lambda: outbox_window.stack.currentWidget() is outbox_window.empty)
    editing.confirm_close = lambda: DISCARD
    editing.close()


def test_delete_asks_first_and_only_for_finished_or_failed(qtbot, tmp_path, port,
                                                           outbox_window):
    waiting = queue("later", delay=600)
    failed = queue("refused")
    wake(qtbot, outbox_window.controller)

    async def refuse(_envelope) -> str:
        return "554 no"

    with smtp_server("plain", tmp_path, port=port, data_hook=refuse):
        outbox_window.controller.send_now([failed.id])
        qtbot.waitUntil(lambda: state(failed.id) == "failed", timeout=WAIT_MS)
        qtbot.waitUntil(lambda: not outbox_window.controller.flushing(), timeout=WAIT_MS)
    outbox_window.select_entry(waiting.id)
    assert not outbox_window.delete_button.isEnabled()  # a waiting one is cancelled instead
    outbox_window.select_entry(failed.id)
    click(qtbot, outbox_window.delete_button)
    box = outbox_window.confirm_box
    assert "without being sent" in box.text()
    box.button(QMessageBox.StandardButton.No).click()
    assert len(outbox.list_outbox()) == 2
    qtbot.keyClick(outbox_window.table, Qt.Key.Key_Delete)  # the key does what the button does
    assert outbox_window.confirm_box is not box and outbox_window.confirm_box.isVisible()
    outbox_window.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: [e.id for e in outbox.list_outbox()] == [waiting.id],
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: outbox_window.model.rowCount() == 1, timeout=WAIT_MS)
