"""SIGKILL a sending `kizuna` at each state of the outbox, then let a new process finish.

Each phase holds the sender at one exact point (a blocked SMTP DATA, a locked database, an
IMAP relay that withholds the server's answer), kills it there, and counts what the SMTP
server received and what the Sent folder holds once `kizuna outbox flush` has run again.
Expected: nothing lost anywhere; one duplicate delivery, in the single phase where the
server had accepted the message and the process died before it could record that.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.mail.parse import parse_metadata
from app.models.mail import Folder, Message
from app.paths import database_path
from app.services.session import open_session
from tests.integration.imap_helpers import imap_account, server_client
from tests.integration.smtp_servers import smtp_server

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
PATIENCE = 60.0  # seconds: a bound for hangs, never a timing under test


class ImapRelay:
    """Forwards IMAP between Kizuna and Dovecot; can withhold the server's side.

    mode "pass": forward everything; "hold": forward nothing from the server (the client
    waits for the greeting); "hold-append": forward until the server's APPENDUID reply,
    which is withheld (the message is in Sent, the client does not know).
    """

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.mode = "pass"
        self.holding = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        self.threads: list[threading.Thread] = []

    def _pump(self, source: socket.socket, sink: socket.socket, from_server: bool,
              mode: str) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                if from_server and (mode == "hold" or (mode == "hold-append"
                                                       and b"[APPENDUID" in data)):
                    self.holding.set()
                    self.stop.wait()
                    return
                sink.sendall(data)
        for s in (source, sink):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            server = socket.create_connection(("127.0.0.1", self.target_port))
            for args in ((client, server, False, self.mode), (server, client, True, self.mode)):
                thread = threading.Thread(target=self._pump, args=args, daemon=True)
                thread.start()
                self.threads.append(thread)

    @contextlib.contextmanager
    def running(self) -> Iterator[ImapRelay]:
        thread = threading.Thread(target=self._serve, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.stop.set()
            thread.join(PATIENCE)
            self.listener.close()


def _kizuna(home: Path, *argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "--home", str(home), *argv, "--json"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy(),
    )


def _wait_for(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


def _latest_state(home: Path) -> str | None:
    with contextlib.closing(sqlite3.connect(database_path(home), timeout=PATIENCE)) as db:
        row = db.execute("SELECT state FROM outbox_message ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(PATIENCE)


def _finish(home: Path) -> None:
    recovery = _kizuna(home, "outbox", "flush", "--now")
    _, err = recovery.communicate(timeout=PATIENCE)
    assert recovery.returncode == 0, err.decode()


def _send(home: Path, subject: str, *extra: str) -> subprocess.Popen:
    return _kizuna(home, "send", "--to", "佐藤 <sato@example.com>", "--subject", subject,
                   "--body", f"{subject} の本文", *extra)


def test_sigkill_at_each_outbox_state(dovecot, mail_user, tmp_path):
    home = tmp_path / "home"
    certs = tmp_path / "smtp"
    certs.mkdir()
    relay = ImapRelay(dovecot.imap_port)
    held = threading.Event()
    release = threading.Event()
    lock_holder: list[sqlite3.Connection] = []

    with smtp_server("ssl", certs, users={mail_user.name: mail_user.password}) as smtp, \
            relay.running():
        imap_account(home, dovecot, mail_user, host="127.0.0.1", port=relay.port,
                     security="none", allow_insecure=True, smtp_host="127.0.0.1",
                     smtp_port=smtp.port, smtp_security="ssl",
                     ca_file=str(smtp.ca_file)).close()
        kill_states: dict[str, str | None] = {}

        # queued: killed while it waits out its send delay.
        process = _send(home, "phase queued", "--delay", "30", "--wait")
        _wait_for(lambda: _latest_state(home) == "queued", "the queued row")
        _kill(process)
        kill_states["queued"] = _latest_state(home)
        _finish(home)

        # sending: the server holds DATA open and never accepts it.
        async def block(envelope):
            held.set()
            while not release.is_set():
                await asyncio.sleep(0.01)
            return "421 4.3.0 going away"

        smtp.data_hook = block
        process = _send(home, "phase sending", "--delay", "0")
        _wait_for(held.is_set, "DATA to arrive")
        _kill(process)
        kill_states["sending"] = _latest_state(home)
        release.set()
        smtp.data_hook = None
        _finish(home)

        # accepted, not recorded: the server keeps the message; the database is locked so
        # the sender cannot write "sent" before it dies.
        async def accept_but_lock(envelope):
            db = sqlite3.connect(database_path(home), timeout=PATIENCE, check_same_thread=False)
            db.execute("BEGIN IMMEDIATE")
            lock_holder.append(db)
            return None

        accepted_before = len(smtp.received())
        smtp.data_hook = accept_but_lock
        process = _send(home, "phase accepted", "--delay", "0")
        _wait_for(lambda: len(smtp.received()) > accepted_before, "the server to accept")
        _kill(process)
        lock_holder.pop().rollback()
        kill_states["accepted, not recorded"] = _latest_state(home)
        smtp.data_hook = None
        _finish(home)

        # sent: recorded; killed while the IMAP server has not even greeted it.
        relay.mode = "hold"
        relay.holding.clear()
        process = _send(home, "phase sent", "--delay", "0")
        _wait_for(relay.holding.is_set, "the IMAP connection for the Sent copy")
        kill_states["sent"] = _latest_state(home)
        _kill(process)
        relay.mode = "pass"
        _finish(home)

        # copying: the APPEND is done on the server, its reply withheld.
        relay.mode = "hold-append"
        relay.holding.clear()
        process = _send(home, "phase copying", "--delay", "0")
        _wait_for(relay.holding.is_set, "the APPEND to complete on the server")
        kill_states["copying"] = _latest_state(home)
        _kill(process)
        relay.mode = "pass"
        _finish(home)

        # copied: a run that completes, then a flush that must find nothing to do.
        process = _send(home, "phase copied", "--delay", "0")
        process.communicate(timeout=PATIENCE)
        assert process.returncode == 0
        kill_states["copied"] = _latest_state(home)
        _finish(home)

        sync = _kizuna(home, "sync")  # the Sent folder from the server, next to local copies
        _, err = sync.communicate(timeout=PATIENCE)
        assert sync.returncode == 0, err.decode()
        delivered = Counter(parse_metadata(m.raw).subject for m in smtp.received())

    client = server_client(dovecot, mail_user)
    client.select_folder("Sent", readonly=True)
    on_server = Counter(
        data[b"ENVELOPE"].subject.decode() if data[b"ENVELOPE"].subject else ""
        for data in client.fetch(client.search(["ALL"]), ["ENVELOPE"]).values()
    )
    client.logout()
    session = open_session(home)
    sent = Folder.get(Folder.role == "sent")
    local = Counter(s for (s,) in Message.select(Message.subject)
                    .where(Message.folder == sent).tuples())
    states = Counter(s for (s,) in session.database.execute_sql(
        "SELECT state FROM outbox_message").fetchall())
    session.close()

    phases = ["queued", "sending", "accepted", "sent", "copying", "copied"]
    names = list(kill_states)
    print("\nphase                    state at kill  delivered  Sent (server)  Sent (local)")
    for phase, name in zip(phases, names, strict=True):
        subject = f"phase {phase}"
        print(f"{name:<24} {kill_states[name]!s:<14} {delivered[subject]:>9}  "
              f"{on_server[subject]:>13}  {local[subject]:>12}")
    lost = sum(1 for p in phases if delivered[f"phase {p}"] == 0)
    duplicates = sum(delivered[f"phase {p}"] - 1 for p in phases if delivered[f"phase {p}"] > 1)
    print(f"lost: {lost}, duplicate deliveries: {duplicates}")

    assert kill_states == {
        "queued": "queued", "sending": "sending", "accepted, not recorded": "sending",
        "sent": "sent", "copying": "sent", "copied": "copied",
    }
    assert lost == 0
    assert {p: delivered[f"phase {p}"] for p in phases} == {
        "queued": 1, "sending": 1, "accepted": 2, "sent": 1, "copying": 1, "copied": 1}
    assert all(on_server[f"phase {p}"] == 1 for p in phases), on_server
    assert all(local[f"phase {p}"] == 1 for p in phases), local
    assert states == {"copied": len(phases)}
