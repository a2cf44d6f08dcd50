"""A thread read as a conversation: in order, collapsed but for the selected and unread
messages, each message rendered on its own."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.mail import flags
from app.mail.store import IncomingMessage, store_messages
from app.models.mail import Folder
from app.services import mailbox as mail_service
from app.ui.mail.reader import MessageReader
from app.ui.main_window import MainWindow
from tests.mail.builders import entity, message
from tests.ui.conftest import Mailbox


def _thread(box: Mailbox) -> list[int]:
    def mail(n: int, sender: str, body: str, parents: list[str]) -> bytes:
        headers = [f"From: {sender}", "Subject: 導入の件" if n == 0 else "Subject: Re: 導入の件",
                   f"Date: Mon, 0{n + 1} Jan 2024 10:00:00 +0900", f"Message-ID: <t{n}@x.jp>"]
        if parents:
            headers += [f"In-Reply-To: <{parents[-1]}>",
                        "References: " + " ".join(f"<{p}>" for p in parents)]
        return message(entity("text/html; charset=utf-8", f"<p>{body}"), *headers)

    raws = [
        (mail(0, "Yamada <yamada@sample.co.jp>", "最初のご相談です", []), flags.SEEN),
        (mail(1, "Ken <ken@example.jp>", "お返事します", ["t0@x.jp"]), flags.SEEN),
        (mail(2, "Yamada <yamada@sample.co.jp>", "追加の質問です", ["t0@x.jp", "t1@x.jp"]), 0),
    ]
    folder = Folder.get_by_id(box.inbox)
    return store_messages(folder, [IncomingMessage(raw, uid=500 + n, flags=f)
                                   for n, (raw, f) in enumerate(raws)])


def test_conversation_opens_selected_and_unread(qtbot, mailbox: Mailbox) -> None:
    first, second, third = _thread(mailbox)
    reader = MessageReader(fetch=lambda url: None)
    qtbot.addWidget(reader)
    reader.resize(700, 800)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_message(mail_service.show_message(first), conversation=True)

    entries = reader.conversation.entries
    assert [e.summary.id for e in entries] == [first, second, third]
    assert reader.conversation.title.text() == "導入の件"
    assert [e.view is not None for e in entries] == [True, False, True]  # selected, unread
    assert entries[1].snippet.text() == "お返事します"
    assert reader.view is entries[0].view and reader.message_id == first
    assert reader.body.toPlainText().strip() == "最初のご相談です"
    assert entries[2].view.body.toPlainText().strip() == "追加の質問です"

    qtbot.mouseClick(entries[1].header, Qt.MouseButton.LeftButton)
    assert entries[1].view is not None and entries[1].view.isVisible()
    assert entries[1].view.body.toPlainText().strip() == "お返事します"
    assert not entries[1].snippet.isVisible()
    documents = {id(e.view.body.document()) for e in entries}
    assert len(documents) == 3  # one document per message, never joined
    qtbot.mouseClick(entries[1].header, Qt.MouseButton.LeftButton)
    assert not entries[1].view.isVisible() and entries[1].snippet.isVisible()

    # A message alone is shown alone, conversation asked for or not.
    reader.show_message(mail_service.show_message(mailbox.ids["inquiry"]), conversation=True)
    assert not reader.conversation.isVisible() and reader.single.isVisible()


def test_show_conversation_action_and_threaded_window(qtbot, mailbox: Mailbox, settings) -> None:
    _first, _second, third = _thread(mailbox)
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_message(third)
    assert window.reader.single.isVisible()
    window.reader.conversation_action.setChecked(True)
    assert window.reader.conversation.isVisible()
    assert len(window.reader.conversation.entries) == 3
    window.reader.conversation_action.setChecked(False)
    assert window.reader.single.isVisible()

    window.threaded_action.setChecked(True)  # a row is a conversation: open it as one
    window.open_message(third)
    assert window.reader.conversation.isVisible()
    assert window.reader.message_id == third


def test_remote_content_allowed_in_one_card_loads_there_only(qtbot, mailbox: Mailbox) -> None:
    first, _second, third = _thread(mailbox)
    remote = message(entity("text/html", '<p>図面<img src="https://cdn.example/plan.png"></p>'),
                     "From: Yamada <yamada@sample.co.jp>", "Subject: Re: 導入の件",
                     "Date: Mon, 08 Jan 2024 10:00:00 +0900", "Message-ID: <t9@x.jp>",
                     "In-Reply-To: <t0@x.jp>", "References: <t0@x.jp>")
    [fourth] = store_messages(Folder.get_by_id(mailbox.inbox), [IncomingMessage(remote, uid=600)])
    fetched: list[str] = []
    requested: list[int] = []
    reader = MessageReader(fetch=lambda url: fetched.append(url))
    reader.remoteContentRequested.connect(requested.append)
    qtbot.addWidget(reader)
    reader.resize(700, 800)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_message(mail_service.show_message(first), conversation=True)
    card = reader.conversation.entry(fourth)
    assert card is not None and card.view is not None  # unread: open
    assert card.view.remote_bar.isVisibleTo(reader) and fetched == []

    card.view.remote_bar.button.click()
    # That card is shown again with its images; the selected message stays as it was.
    qtbot.waitUntil(lambda: fetched == ["https://cdn.example/plan.png"])
    assert not card.view.remote_bar.isVisibleTo(reader)
    assert requested == [] and reader.message_id == first
    assert reader.remote_allowed(fourth) and not reader.remote_allowed(third)
