"""From the window, an IMAP account's sent mail lands in its Sent folder on Dovecot, and
the controller says so (the folder counts can refresh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.models.mail import Folder, Message
from app.services import outbox
from tests.integration.imap_helpers import imap_account, server_client
from tests.integration.smtp_servers import smtp_server
from tests.ui.engine_fixtures import WAIT_MS
from tests.ui.outbox.helpers import wake

pytestmark = pytest.mark.integration


def test_sent_mail_is_copied_to_sent_on_the_server(qtbot, tmp_path: Path, dovecot, mail_user,
                                                   qloop, window_settings, request):
    with smtp_server("ssl", tmp_path, users={mail_user.name: mail_user.password}) as server:
        bundle = tmp_path / "bundle.pem"
        bundle.write_bytes(Path(dovecot.ca_file).read_bytes() + server.ca_file.read_bytes())
        session = imap_account(tmp_path / "home", dovecot, mail_user, smtp_host="127.0.0.1",
                               smtp_port=server.port, ca_file=str(bundle))
        request.addfinalizer(session.close)
        _window, engine = request.getfixturevalue("engine_window")  # after the store opens
        entry = outbox.queue_message("Work", ["sato@example.com"], "見積書の送付", "本文",
                                     delay=0)
        with qtbot.waitSignal(engine.outbox.sent, timeout=WAIT_MS):
            wake(qtbot, engine.outbox)
        assert [r.login for r in server.received()] == [mail_user.name]

    client = server_client(dovecot, mail_user)
    try:
        client.select_folder("Sent", readonly=True)
        found = client.search(["HEADER", "Message-ID", f"<{entry.message_id}>"])
    finally:
        client.logout()
    assert len(found) == 1
    sent = Folder.get(Folder.role == "sent")
    assert Message.select().where((Message.folder == sent) &
                                  (Message.message_id == entry.message_id)).count() == 1
    assert outbox.get_entry(entry.id).state == "copied"
