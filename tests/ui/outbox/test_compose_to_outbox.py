"""The composer and the outbox together, as MailEngine wires them: Send in a compose window
goes out through aiosmtpd once the delay has passed; Undo takes it back before."""

from __future__ import annotations

import json

import pytest

from app.models.mail import Account
from app.services import outbox
from app.ui.compose.window import DISCARD
from tests.integration.smtp_servers import smtp_server
from tests.ui.engine_fixtures import WAIT_MS

pytestmark = pytest.mark.integration


def _send_delay(seconds: int) -> None:
    Account.update(settings=json.dumps({"send_delay": seconds})).where(
        Account.name == "Work").execute()


def _compose(engine, to: str, subject: str, text: str):  # type: ignore[no-untyped-def]
    """A new message typed into a compose window, ready for Send."""
    compose_window = engine.compose.new_message()
    compose_window.to.setText(to)
    compose_window.subject.setText(subject)
    compose_window.body.setPlainText(text)
    return compose_window


def test_send_from_a_compose_window_reaches_the_server(qtbot, tmp_path, port, home,
                                                      engine_window):
    _window, engine = engine_window
    _send_delay(0)
    with smtp_server("plain", tmp_path, port=port) as server:
        compose_window = _compose(engine, "佐藤 花子 <sato@example.com>", "ご提案資料",
                                  "佐藤様\n\n資料をお送りします。")
        with qtbot.waitSignal(engine.outbox.sent, timeout=WAIT_MS):
            compose_window.send_action.trigger()
        [received] = server.received()
    assert received.rcpt_tos == ["sato@example.com"]
    assert b"Subject: =?UTF-8?B?" in received.raw
    [entry] = outbox.list_outbox()
    assert entry.state == "copied" and entry.subject == "ご提案資料"


def test_undo_takes_it_back_before_the_delay_and_nothing_goes(qtbot, tmp_path, port, home,
                                                             engine_window):
    _window, engine = engine_window
    _send_delay(600)
    with smtp_server("plain", tmp_path, port=port) as server:
        compose_window = _compose(engine, "sato@example.com", "取り消します", "本文")
        with qtbot.waitSignal(engine.compose.messageQueued, timeout=WAIT_MS):
            compose_window.send_action.trigger()
        qtbot.waitUntil(lambda: engine.outbox.action.text() == "&Outbox (1)", timeout=WAIT_MS)
        engine.compose.undo()
        qtbot.waitUntil(lambda: len(engine.compose.windows) == 1, timeout=WAIT_MS)
        # The outbox view catches up at once, not on its next timer.
        qtbot.waitUntil(lambda: engine.outbox.action.text() == "&Outbox", timeout=WAIT_MS)
        assert server.received() == [] and outbox.list_outbox() == []
    reopened = engine.compose.windows[0]
    assert reopened.subject.text() == "取り消します"
    reopened.confirm_close = lambda: DISCARD
    reopened.close()
