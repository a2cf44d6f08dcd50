"""The header fetch worker: same store as in-process, survives its own death, dies with
its parent."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.models.base import database_proxy
from app.services.session import open_session
from app.services.sync import sync_accounts
from app.sync.imap import fetch, fetch_worker
from tests.integration.imap_helpers import imap_account, server_client
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]


def _deliver(dovecot, user, count: int, subject_pad: str = "") -> None:
    for i in range(count):
        refs = [f"w{i - 1}@x"] if i % 3 else []
        dovecot.deliver(user.name, make_message(
            f"{'Re: ' if refs else ''}見積もり {i} {subject_pad}", "本文",
            message_id=f"w{i}@x", references=refs, seq=i,
            sender=f"山田 {i} <yamada{i % 7}@example.jp>"), flags="S" if i % 2 else "")
    dovecot.deliver(user.name, b"\x00\x01 not a mail at all\r\n\r\n")


def _store_state() -> tuple:
    sql = database_proxy.execute_sql
    messages = sql(
        "SELECT uid, message_id, subject, from_name, from_addr, to_addrs, cc_addrs, date, flags, "
        "size, parse_error IS NOT NULL, indexed, sort_sender, sort_subject FROM message "
        "ORDER BY uid").fetchall()
    threads = sql("SELECT m.uid, t.subject, t.message_count FROM message m "
                  "JOIN thread t ON t.id = m.thread_id ORDER BY m.uid").fetchall()
    index = sql("SELECT rowid, subject, sender, recipients, body FROM message_fts "
                "ORDER BY rowid").fetchall()
    return messages, threads, index


def _sync_into(home: Path, dovecot, user, monkeypatch, worker: bool) -> tuple:
    monkeypatch.setattr(fetch, "WORKER_MIN", 1 if worker else 10**9)
    session = imap_account(home, dovecot, user)
    try:
        [result] = sync_accounts()
        return {f.folder: f.new for f in result.folders}, _store_state()
    finally:
        session.close()


def test_worker_stores_exactly_what_the_in_process_fetch_stores(
    dovecot, mail_user, tmp_path, monkeypatch
):
    _deliver(dovecot, mail_user, 120)
    used = []
    started = fetch_worker.HeaderWorker.chunks

    def counted(self, *args):
        for rows in started(self, *args):
            used.append(len(rows))
            yield rows

    monkeypatch.setattr(fetch_worker.HeaderWorker, "chunks", counted)
    monkeypatch.setattr(fetch, "CHUNK", 25)
    with_worker = _sync_into(tmp_path / "worker", dovecot, mail_user, monkeypatch, True)
    # The newest chunk is fetched here while the child starts; the child did the rest.
    assert used and sum(used) == 121 - 25
    used.clear()
    in_process = _sync_into(tmp_path / "here", dovecot, mail_user, monkeypatch, False)
    assert not used
    assert with_worker == in_process
    assert with_worker[0]["INBOX"] == 121


def test_a_worker_killed_midway_leaves_the_rest_to_this_process(
    dovecot, mail_user, tmp_path, monkeypatch
):
    _deliver(dovecot, mail_user, 90)
    children = []
    popen = subprocess.Popen

    def recorded(*args, **kwargs):
        children.append(popen(*args, **kwargs))
        return children[-1]

    started = fetch_worker.HeaderWorker.chunks

    def killed_after_first(self, *args):
        for number, rows in enumerate(started(self, *args)):
            if number == 1:
                os.kill(children[-1].pid, signal.SIGKILL)
            yield rows

    monkeypatch.setattr(fetch_worker.subprocess, "Popen", recorded)
    monkeypatch.setattr(fetch_worker.HeaderWorker, "chunks", killed_after_first)
    monkeypatch.setattr(fetch, "CHUNK", 10)
    monkeypatch.setattr(fetch_worker, "QUEUED_CHUNKS", 1)  # the child cannot finish early
    counts, (messages, _, _) = _sync_into(tmp_path, dovecot, mail_user, monkeypatch, True)
    assert children and children[-1].returncode == -signal.SIGKILL
    assert counts["INBOX"] == 91
    assert sorted(uid for uid, *_ in messages) == list(range(1, 92))
    session = open_session(tmp_path)
    try:
        [again] = sync_accounts()
        assert {f.folder: f.new for f in again.folders}["INBOX"] == 0
    finally:
        session.close()


_PARENT = """
import json, sys, time
from app.sync.imap import fetch_worker
from app.sync.imap.connect import ImapEndpoint
task = json.loads(sys.stdin.readline())
fetch_worker.QUEUED_CHUNKS = 1
popen = fetch_worker.subprocess.Popen
def recorded(*args, **kwargs):
    child = popen(*args, **kwargs)
    print(child.pid, flush=True)
    return child
fetch_worker.subprocess.Popen = recorded
login = fetch_worker.WorkerLogin(ImapEndpoint(**task["endpoint"]), task["password"])
worker = fetch_worker.HeaderWorker(login)
chunks = worker.chunks("INBOX", task["uidvalidity"], task["chunks"])
next(chunks)
print("reading", flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_the_worker_dies_with_its_parent(dovecot, mail_user, tmp_path):
    _deliver(dovecot, mail_user, 200, subject_pad="x" * 900)  # a pipe holds few of these
    client = server_client(dovecot, mail_user)
    uidvalidity = client.select_folder("INBOX")[b"UIDVALIDITY"]
    client.logout()
    task = {
        "endpoint": {"host": "127.0.0.1", "port": dovecot.imaps_port, "security": "ssl",
                     "username": mail_user.name, "ca_file": str(dovecot.ca_file),
                     "app_password_hint": ""},
        "password": mail_user.password, "uidvalidity": uidvalidity,
        "chunks": [[uid] for uid in range(201, 0, -1)],
    }
    parent = subprocess.Popen([sys.executable, "-c", _PARENT], cwd=REPO, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    parent.stdin.write(json.dumps(task) + "\n")
    parent.stdin.flush()
    child = int(parent.stdout.readline())
    assert parent.stdout.readline().strip() == "reading"
    assert _alive(child)  # blocked on its full pipe, not finished
    parent.kill()
    parent.wait()
    deadline = time.monotonic() + 30
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def test_one_child_serves_every_large_folder_of_a_sync(dovecot, mail_user, tmp_path,
                                                        monkeypatch):
    _deliver(dovecot, mail_user, 30)
    for i in range(25):
        dovecot.deliver(mail_user.name, make_message(f"Old {i}", "x", message_id=f"o{i}@x",
                                                     seq=i), folder="Archive")
    children = []
    popen = subprocess.Popen

    def recorded(*args, **kwargs):
        children.append(popen(*args, **kwargs))
        return children[-1]

    monkeypatch.setattr(fetch_worker.subprocess, "Popen", recorded)
    monkeypatch.setattr(fetch, "CHUNK", 7)
    counts, _ = _sync_into(tmp_path, dovecot, mail_user, monkeypatch, True)
    assert counts["INBOX"] == 31 and counts["Archive"] == 25
    assert len(children) == 1
    assert children[0].returncode == 0  # logged out and left when the sync ended
