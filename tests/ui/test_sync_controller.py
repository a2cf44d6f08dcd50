"""Syncing from the window against a real Dovecot: progress in the status bar, new mail by
IDLE without losing the selection, actions replayed to the server, offline and errors."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services import mailbox as mail
from app.services.accounts import account_settings, update_account
from app.sync.progress import SyncProgress
from app.ui.itemmodels.message_list import COL_SUBJECT
from tests.integration.dovecot import free_ports
from tests.integration.imap_helpers import imap_account, server_client
from tests.mailfactory import make_message
from tests.ui.engine_fixtures import WAIT_MS

pytestmark = pytest.mark.integration


@pytest.fixture
def imap_home(tmp_path, dovecot, mail_user):
    session = imap_account(tmp_path / "home", dovecot, mail_user)
    yield session
    session.close()


def _subjects(window) -> list[str]:
    model = window.message_model
    return [model.message(r).subject for r in range(model.rowCount())]


def _synced(qtbot, engine, window, rows: int) -> None:
    engine.start()
    qtbot.waitUntil(lambda: window.message_model.rowCount() == rows and not engine.sync.syncing(),
                    timeout=WAIT_MS)


def _select(qtbot, window, row: int) -> int:
    index = window.message_model.index(row, COL_SUBJECT)
    window.message_view.setCurrentIndex(index)
    window.message_view.setFocus()
    message_id = window.message_model.message(row).id
    qtbot.waitUntil(lambda: window.reader.message_id == message_id)
    return message_id


def _server_flags(dovecot, user, folder: str = "INBOX") -> dict[bytes, set[bytes]]:
    client = server_client(dovecot, user)
    try:
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        found = client.fetch(uids, ["FLAGS", "BODY.PEEK[HEADER.FIELDS (SUBJECT)]"]) if uids else {}
    finally:
        client.logout()
    return {
        data[b"BODY[HEADER.FIELDS (SUBJECT)]"].split(b":", 1)[1].strip(): set(data[b"FLAGS"])
        for data in found.values()
    }


def test_sync_fills_the_list_and_shows_progress(qtbot, imap_home, engine_window, dovecot,
                                                mail_user) -> None:
    for n in range(2500):
        dovecot.deliver(mail_user.name, make_message(f"Report {n}", seq=n), flags="S")
    window, engine = engine_window
    shown: list[str] = []
    phases: list[SyncProgress] = []

    def seen(event: SyncProgress) -> None:
        phases.append(event)
        if engine.sync.progress.isVisible():
            shown.append(f"{engine.sync.activity.text()} | {engine.sync.progress.text()}")

    engine.bridge.syncProgress.connect(seen)
    _synced(qtbot, engine, window, 200)  # the first page; more as the view scrolls
    assert "Downloading Work · INBOX | 1,000 of 2,500" in shown
    assert "Downloading Work · INBOX | 2,500 of 2,500" in shown
    # One event per store transaction: the first small so the newest mail shows at once.
    dones = [e.done for e in phases if e.phase == "headers"]
    assert dones[0] == 1000 and dones[-1] == 2500 and dones == sorted(set(dones))
    assert window.message_model.message(0).subject == "Report 2499"
    assert engine.sync.network.text() == "Online"
    assert not engine.sync.progress.isVisible() and engine.sync.activity.text() == ""
    assert not engine.sync.error_label.isVisible()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Inbox: 0 unread of 2500",
                    timeout=WAIT_MS)  # the counts follow the sync


def test_new_mail_by_idle_keeps_selection_and_scroll(qtbot, imap_home, engine_window,
                                                     dovecot, mail_user) -> None:
    for n in range(60):
        dovecot.deliver(mail_user.name, make_message(f"Old {n}", seq=n), flags="S")
    window, engine = engine_window
    window.resize(900, 500)
    _synced(qtbot, engine, window, 60)
    watcher, _task = engine.sync.watchers["Work"]
    qtbot.waitUntil(watcher.idling.is_set, timeout=WAIT_MS)
    chosen = _select(qtbot, window, 30)
    view = window.message_view
    view.scrollTo(view.currentIndex(), view.ScrollHint.PositionAtTop)
    top = view.indexAt(view.viewport().rect().topLeft()).row()
    top_id = window.message_model.message(top).id

    dovecot.deliver(mail_user.name, make_message("Fresh news", seq=500))
    qtbot.waitUntil(lambda: "Fresh news" in _subjects(window), timeout=WAIT_MS)
    assert _subjects(window)[0] == "Fresh news"
    assert window.message_model.message(view.currentIndex().row()).id == chosen
    assert window.reader.message_id == chosen
    assert window.message_model.message(view.indexAt(view.viewport().rect().topLeft()).row()
                                        ).id == top_id
    qtbot.waitUntil(lambda: window.folder_model.item(0).child(0).text() == "Inbox (1)",
                    timeout=WAIT_MS)


def test_actions_reach_the_server(qtbot, imap_home, engine_window, dovecot,
                                  mail_user) -> None:
    for n, subject in enumerate(["Keep me", "Star me", "Archive me", "Delete me"]):
        dovecot.deliver(mail_user.name, make_message(subject, seq=n), flags="S")
    window, engine = engine_window
    _synced(qtbot, engine, window, 4)
    assert _subjects(window) == ["Delete me", "Archive me", "Star me", "Keep me"]
    view = window.message_view

    _select(qtbot, window, 2)
    qtbot.keyClick(view, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: "flagged" in window.message_model.message(2).flags)
    _select(qtbot, window, 1)
    qtbot.keyClick(view, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: "Archive me" not in _subjects(window))
    _select(qtbot, window, 0)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: _subjects(window) == ["Star me", "Keep me"])

    def replayed() -> bool:
        inbox = _server_flags(dovecot, mail_user)
        return (set(inbox) == {b"Star me", b"Keep me"} and b"\\Flagged" in inbox[b"Star me"]
                and set(_server_flags(dovecot, mail_user, "Archive")) == {b"Archive me"}
                and set(_server_flags(dovecot, mail_user, "Trash")) == {b"Delete me"})

    qtbot.waitUntil(replayed, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not engine.sync.syncing(), timeout=WAIT_MS)
    assert _subjects(window) == ["Star me", "Keep me"]  # the sync agreed with the change


def test_unreachable_server_means_offline_with_a_plain_error(qtbot, tmp_path, dovecot,
                                                             mail_user, engine_window) -> None:
    session = imap_account(tmp_path / "home", dovecot, mail_user, port=free_ports(1)[0])
    try:
        _window, engine = engine_window
        engine.sync.sync_now()
        qtbot.waitUntil(lambda: engine.sync.online is False, timeout=WAIT_MS)
        assert engine.sync.network.text() == "Offline"
        assert engine.sync.error_label.toolTip().startswith("Cannot reach 127.0.0.1:")
        assert engine.sync.retry_timer.isActive()
    finally:
        session.close()


def test_wrong_password_is_an_error_but_not_offline(qtbot, tmp_path, dovecot,
                                                    mail_user, engine_window) -> None:
    from app.sync import credentials

    session = imap_account(tmp_path / "home", dovecot, mail_user)
    try:
        credentials.set_password("Work", "incoming", "wrong")
        _window, engine = engine_window
        engine.sync.sync_now()
        qtbot.waitUntil(lambda: engine.sync.last_error is not None, timeout=WAIT_MS)
        assert engine.sync.online is True and engine.sync.network.text() == "Online"
        assert engine.sync.error_label.toolTip().startswith("Wrong user name or password")
        assert not engine.sync.retry_timer.isActive()
    finally:
        session.close()


def test_header_only_message_is_fetched_when_opened(qtbot, imap_home, engine_window,
                                                    dovecot, mail_user) -> None:
    # Old mail is not prefetched: only its headers come with the sync.
    dovecot.deliver(mail_user.name, make_message("From 2017", "The whole story.",
                                                 date=1_500_000_000), flags="S")
    window, engine = engine_window
    _synced(qtbot, engine, window, 1)
    message_id = window.message_model.message(0).id
    assert not mail.show_message(message_id).body_available
    _select(qtbot, window, 0)
    qtbot.waitUntil(lambda: "The whole story." in window.reader.body.toPlainText(),
                    timeout=WAIT_MS)
    assert mail.show_message(message_id).body_available


def test_header_only_message_offline_says_so(qtbot, imap_home, engine_window, dovecot,
                                             mail_user) -> None:
    dovecot.deliver(mail_user.name, make_message("From 2017", "The whole story.",
                                                 date=1_500_000_000), flags="S")
    window, engine = engine_window
    _synced(qtbot, engine, window, 1)
    settings = account_settings("Work")
    settings.port = free_ports(1)[0]  # the server is gone
    update_account(settings)
    _select(qtbot, window, 0)
    qtbot.waitUntil(lambda: "could not be downloaded" in window.reader.body.toPlainText(),
                    timeout=WAIT_MS)
    text = window.reader.body.toPlainText()
    assert "Cannot reach 127.0.0.1:" in text and "when the server can be reached" in text
