"""The compose window in the running app: replies, autosave, send, undo, attachments,
completion and crash recovery, on the small real mailbox of tests/ui/conftest.py."""

from __future__ import annotations

import email
from collections.abc import Iterator
from email.policy import default
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QApplication

from app.mail.store import IncomingMessage, store_messages
from app.models.mail import Account, Folder, OutboxMessage
from app.services import compose, drafts, outbox
from app.services import mailbox as mail
from app.ui.compose.controller import ComposeController
from app.ui.compose.window import DISCARD, SAVE, ComposeWindow
from tests.ui.conftest import Mailbox, make_raw

FAST_IDLE_MS, FAST_MAX_MS = 200, 600  # the real 3 s / 5 s would only slow the tests


@pytest.fixture
def composer(mailbox: Mailbox, engine_window) -> Iterator[tuple[object, ComposeController]]:
    """The window with its engine; Work can send (nothing is flushed here)."""
    Account.update(smtp_host="127.0.0.1", smtp_port=2525, display_name="Ken Sato").where(
        Account.name == "Work").execute()
    window, engine = engine_window
    yield window, engine.compose
    for compose_window in list(engine.compose.windows):  # no question at teardown
        compose_window.confirm_close = lambda: DISCARD
        compose_window.close()


def type_text(qtbot, widget, text: str) -> None:
    """Key presses as an input method delivers them: Japanese arrives as event text
    (QTest's keyClicks knows only ASCII keys)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                         char))


def open_reply(qtbot, window, controller: ComposeController, message_id: int,
               mode: str) -> ComposeWindow:
    window.open_message(message_id)
    action = {"reply": controller.reply_action, "all": controller.reply_all_action,
              "forward": controller.forward_action}[mode]
    assert action.isEnabled()
    before = len(controller.windows)
    action.trigger()
    qtbot.waitUntil(lambda: len(controller.windows) > before)
    compose_window = controller.windows[-1]
    qtbot.waitExposed(compose_window)
    compose_window.activateWindow()  # its shortcuts (Ctrl+Return) need it active
    qtbot.waitUntil(compose_window.isActiveWindow)
    return compose_window


def test_reply_fills_recipient_subject_and_quote(qtbot, mailbox: Mailbox, composer) -> None:
    window, controller = composer
    assert not controller.reply_action.isEnabled()  # nothing open yet
    reply = open_reply(qtbot, window, controller, mailbox.ids["quote"], "reply")
    assert reply.to.text() == "山田 太郎 <yamada@sample.co.jp>"
    assert reply.subject.text() == "Re: お見積もりのご依頼"
    assert reply.windowTitle() == "Re: お見積もりのご依頼"
    text = reply.body.toPlainText()
    assert "山田 太郎" in text and "> 佐藤様" in text
    assert "> お見積もりをお願いいたします。" in text
    assert reply.body.textCursor().position() == 0  # the user types above the quote
    assert reply.from_box.currentData() == "Work"


def test_reply_all_and_forward(qtbot, mailbox: Mailbox, composer) -> None:
    window, controller = composer
    everyone = open_reply(qtbot, window, controller, mailbox.ids["inquiry"], "all")
    assert everyone.to.text() == "Nina Newcomer <nina@prospect.example>"  # not the user
    assert everyone.cc.text() == "Bob <bob@prospect.example>"
    forward = open_reply(qtbot, window, controller, mailbox.ids["inquiry"], "forward")
    assert forward.to.text() == "" and forward.subject.text() == "Fwd: Partnership inquiry"
    assert [r.filename for r in forward.attachments.refs()] == ["proposal.pdf"]
    assert "proposal.pdf  (2.0 KB)" in forward.attachments.list.item(0).text()
    assert "---------- Forwarded message ----------" in forward.body.toPlainText()


def test_typing_autosaves_a_draft(qtbot, mailbox: Mailbox, composer) -> None:
    _window, controller = composer
    compose_window = controller.new_message()
    compose_window.set_autosave(FAST_IDLE_MS, FAST_MAX_MS)
    qtbot.keyClicks(compose_window.to, "yamada@sample.co.jp")
    compose_window.body.setFocus()
    type_text(qtbot, compose_window.body, "見積もりの件です")
    qtbot.waitUntil(lambda: compose_window.base.draft_id is not None and not compose_window.dirty)
    saved = drafts.load_draft(compose_window.base.draft_id)
    assert saved.to == ["yamada@sample.co.jp"] and saved.text == "見積もりの件です"
    assert [d.open for d in drafts.list_drafts()] == [True]  # offered again after a crash


def test_closing_saves_the_draft(qtbot, mailbox: Mailbox, composer) -> None:
    window, controller = composer
    reply = open_reply(qtbot, window, controller, mailbox.ids["quote"], "reply")
    type_text(qtbot, reply.body, "承知しました。")
    asked: list[bool] = []
    reply.confirm_close = lambda: asked.append(True) or SAVE
    assert reply.close()
    assert asked == [True] and controller.windows == []
    [listed] = drafts.list_drafts()
    assert listed.open is False and listed.subject == "Re: お見積もりのご依頼"
    saved = drafts.load_draft(listed.id)
    assert saved.text.startswith("承知しました。\n\n") and saved.source_id == mailbox.ids["quote"]
    reopened = controller.open_draft(listed.id)
    assert reopened.body.toPlainText() == saved.text


def test_send_queues_a_threaded_message_and_undo_reopens_it(qtbot, mailbox: Mailbox,
                                                             composer) -> None:
    window, controller = composer
    reply = open_reply(qtbot, window, controller, mailbox.ids["quote"], "reply")
    type_text(qtbot, reply.body, "承知しました。")
    with qtbot.waitSignal(controller.messageQueued) as queued:
        qtbot.keyClick(reply.body, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    entry_id = queued.args[0]
    assert controller.windows == []
    [entry] = outbox.list_outbox()
    assert entry.id == entry_id and entry.recipients == ["yamada@sample.co.jp"]
    raw = bytes(OutboxMessage.get_by_id(entry_id).raw)
    message = email.message_from_bytes(raw, policy=default)
    assert b"\r\nSubject: =?UTF-8?B?" in raw
    assert message["Subject"] == "Re: お見積もりのご依頼"
    assert message["In-Reply-To"] == f"<{mail.get_summary(mailbox.ids['quote']).message_id}>"
    assert message["References"] == message["In-Reply-To"]
    sent_text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert sent_text.startswith("承知しました。\n\n")

    bar = controller.undo_bar
    assert bar.isVisibleTo(window) and bar.label.text().startswith("Sending in ")
    assert controller.undo_action.isEnabled()
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(controller.windows) == 1)
    assert outbox.list_outbox() == [] and not bar.isVisibleTo(window)
    again = controller.windows[0]
    assert again.body.toPlainText().strip() == sent_text.strip()
    assert again.subject.text() == "Re: お見積もりのご依頼"
    assert again.to.text() == "山田 太郎 <yamada@sample.co.jp>"
    again.confirm_close = lambda: DISCARD


def test_ctrl_z_undoes_and_too_late_is_said(qtbot, mailbox: Mailbox, composer) -> None:
    window, controller = composer
    compose_window = controller.new_message()
    compose_window.to.setText("yamada@sample.co.jp")
    compose_window.subject.setText("ご挨拶")
    compose_window.body.setPlainText("よろしくお願いします。")
    with qtbot.waitSignal(controller.messageQueued):
        compose_window.send_action.trigger()
    window.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.message_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(controller.windows) == 1)
    again = controller.windows[0]
    assert again.body.toPlainText() == "よろしくお願いします。"
    assert not controller.undo_action.isEnabled() and outbox.list_outbox() == []
    with qtbot.waitSignal(controller.messageQueued) as queued:
        again.send_action.trigger()
    # The sender took it meanwhile (it runs on its own thread): Undo says it is too late.
    OutboxMessage.update(state="sent").where(OutboxMessage.id == queued.args[0]).execute()
    controller.undo()
    assert "Too late to undo" in window.statusBar().currentMessage()
    assert controller.windows == [] and not controller.undo_bar.isVisibleTo(window)


def test_invalid_address_is_explained_and_nothing_is_lost(qtbot, mailbox: Mailbox,
                                                          composer) -> None:
    _window, controller = composer
    compose_window = controller.new_message()
    compose_window.to.setText("yamada at sample")
    compose_window.subject.setText("Hello\nBcc: evil@x.example")
    compose_window.body.setPlainText("本文")
    compose_window.send_action.trigger()
    qtbot.waitUntil(lambda: not compose_window.busy)
    assert compose_window.error.isVisibleTo(compose_window)
    assert "yamada at sample" in compose_window.error.label.text()
    compose_window.to.setText("yamada@sample.co.jp")
    compose_window.send_action.trigger()
    qtbot.waitUntil(lambda: "line break" in compose_window.error.label.text())
    assert compose_window.send_action.isEnabled() and compose_window.to.isEnabled()
    assert controller.windows == [compose_window] and outbox.list_outbox() == []
    assert compose_window.body.toPlainText() == "本文"


def _drop(target, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = target.rect().center()
    enter = QDragEnterEvent(QPointF(where), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)


def test_dropping_files_attaches_them(qtbot, mailbox: Mailbox, composer,
                                      tmp_path: Path) -> None:
    _window, controller = composer
    compose_window = controller.new_message()
    pdf = tmp_path / "見積書.pdf"
    pdf.write_bytes(b"%PDF-1.4 " + b"x" * 3000)
    notes = tmp_path / "議事録.txt"
    notes.write_text("議事録")
    _drop(compose_window, [pdf])
    _drop(compose_window.body.viewport(), [notes])  # onto the text: attached, not pasted
    refs = compose_window.attachments.refs()
    assert [(r.filename, r.size) for r in refs] == [("見積書.pdf", 3009), ("議事録.txt", 9)]
    assert compose_window.body.toPlainText() == ""
    compose_window.attachments.list.item(1).setSelected(True)
    compose_window.attachments.remove_button.click()
    assert [r.filename for r in compose_window.attachments.refs()] == ["見積書.pdf"]
    compose_window.to.setText("yamada@sample.co.jp")
    with qtbot.waitSignal(controller.messageQueued):
        compose_window.send_action.trigger()
    [entry] = outbox.list_outbox()
    message = email.message_from_bytes(bytes(OutboxMessage.get_by_id(entry.id).raw),
                                       policy=default)
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == "見積書.pdf"


def test_completion_offers_a_known_address(qtbot, mailbox: Mailbox, composer) -> None:
    _window, controller = composer
    compose_window = controller.new_message()
    field = compose_window.cc
    field.setFocus()
    qtbot.keyClicks(field, "bob@x.example, yam")
    assert field.suggestions.stringList() == ["山田 太郎 <yamada@sample.co.jp>"]
    popup = field.completer_.popup()
    qtbot.waitUntil(popup.isVisible)
    field.completer_.activated.emit("山田 太郎 <yamada@sample.co.jp>")
    assert field.text() == "bob@x.example, 山田 太郎 <yamada@sample.co.jp>, "
    assert field.addresses() == ["bob@x.example", "山田 太郎 <yamada@sample.co.jp>"]
    type_text(qtbot, field, "鈴木")
    assert field.suggestions.stringList() == ["鈴木 花子 <suzuki@sample.co.jp>"]


@pytest.fixture
def left_open(mailbox: Mailbox) -> int:
    """A draft a compose window held when the app stopped (before the window opens)."""
    data = compose.start_new("Work", ["yamada@sample.co.jp"])
    data.subject, data.text = "書きかけ", "途中まで書いた文"
    return drafts.save_draft(data, open=True).draft_id


def test_drafts_left_open_are_offered_again(qtbot, mailbox: Mailbox, left_open: int,
                                            composer) -> None:
    window, controller = composer
    bar = controller.recovery_bar
    qtbot.waitUntil(lambda: bar.isVisibleTo(window))
    assert bar.label.text() == "1 unsent messages were open when Kizuna last stopped."
    qtbot.mouseClick(bar.button, Qt.MouseButton.LeftButton)
    [reopened] = controller.windows
    assert reopened.base.draft_id == left_open
    assert reopened.subject.text() == "書きかけ"
    assert reopened.body.toPlainText() == "途中まで書いた文"
    assert not bar.isVisibleTo(window)
    assert controller.open_draft(left_open) is reopened  # not twice
    reopened.close()  # untouched: no question, the draft stays, no longer "open"
    assert [(d.id, d.open) for d in drafts.list_drafts()] == [(left_open, False)]
    dialog = controller.show_drafts()
    assert dialog.list.count() == 1 and "書きかけ" in dialog.list.item(0).text()
    with qtbot.waitSignal(dialog.openRequested):
        dialog.open_button.click()
    assert controller.windows[0].base.draft_id == left_open


def test_quitting_keeps_unsaved_typing_for_next_time(qtbot, mailbox: Mailbox,
                                                     composer) -> None:
    _window, controller = composer
    compose_window = controller.new_message()
    type_text(qtbot, compose_window.body, "保存前の文")
    assert compose_window.dirty and compose_window.base.draft_id is None
    controller.save_all()  # what QApplication.aboutToQuit runs
    [left] = drafts.list_drafts(open_only=True)
    assert drafts.load_draft(left.id).text == "保存前の文"


def test_discard_on_close_removes_the_autosaved_draft(qtbot, mailbox: Mailbox,
                                                      composer) -> None:
    _window, controller = composer
    compose_window = controller.new_message()
    type_text(qtbot, compose_window.body, "いらない")
    compose_window.autosave()
    assert [d.snippet for d in drafts.list_drafts()] == ["いらない"]
    compose_window.confirm_close = lambda: DISCARD
    assert compose_window.close()
    assert drafts.list_drafts() == [] and controller.windows == []


def test_reply_to_a_message_with_only_its_headers_here(qtbot, mailbox: Mailbox,
                                                       composer) -> None:
    window, controller = composer
    raw = make_raw("見積書の件", "本文はまだ", sender="鈴木 花子 <suzuki@sample.co.jp>", seq=9)
    header = raw.split(b"\n\n", 1)[0] + b"\n\n"
    [headers_only] = store_messages(Folder.get_by_id(mailbox.inbox), [
        IncomingMessage(header, uid=9, complete=False)])
    reply = open_reply(qtbot, window, controller, headers_only, "reply")
    assert reply.to.text() == "鈴木 花子 <suzuki@sample.co.jp>"
    assert reply.subject.text() == "Re: 見積書の件"
    assert "本文はまだ" not in reply.body.toPlainText()
    assert "Only the headers" in window.statusBar().currentMessage()
