"""SIGKILL `kizuna sync` at many moments of a POP3 run that deletes on receipt: afterwards
every message is stored exactly once and the server is empty."""

import json
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from app.models.mail import Message
from app.services.session import open_session
from app.sync.pop3.download import BATCH_MESSAGES, PIPELINE
from tests.integration.pop3_helpers import pop3_account, retr_count, server_count
from tests.integration.processes import sync_process
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration

KILLS = 24



def _timed_run(home: Path) -> float:
    started = time.monotonic()
    process = sync_process(home)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return time.monotonic() - started


def _local_ids(home: Path) -> list[str]:
    session = open_session(home)
    try:
        return [m for (m,) in Message.select(Message.message_id).tuples()]
    finally:
        session.close()


def test_sigkill_during_delete_on_receipt_loses_and_duplicates_nothing(
    dovecot, mail_user, tmp_path
):
    rng = random.Random(20261124)
    delivered: list[str] = []

    def deliver(count: int) -> None:
        for _ in range(count):
            mid = f"p{len(delivered)}@kill.test"
            dovecot.deliver(mail_user.name, make_message(
                f"Kill {len(delivered)}", "本文" * rng.randint(5, 1500), message_id=mid,
                seq=len(delivered)))
            delivered.append(mid)

    deliver(2000)
    home = tmp_path / "home"
    pop3_account(home, dovecot, mail_user, pop_retention="delete").close()

    # Time the start-up and a full download (on a throwaway copy that keeps the mail) to
    # aim the kills at the work rather than at the interpreter starting.
    reference = tmp_path / "reference"
    pop3_account(reference, dovecot, mail_user, name="Reference").close()
    full = _timed_run(reference)
    startup = _timed_run(reference)  # nothing new: start-up, login, listing, QUIT
    per_message = max(full - startup, 0.1) / 2000
    baseline_retr = retr_count(dovecot, mail_user)

    phases: Counter[str] = Counter()
    killed = 0
    for _ in range(KILLS * 4):
        pending = server_count(dovecot, mail_user)
        before = len(_local_ids(home))
        process = sync_process(home)
        time.sleep(rng.uniform(0.5 * startup, startup + pending * per_message))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait(timeout=60)
        stored, left = len(_local_ids(home)) - before, server_count(dovecot, mail_user)
        if process.returncode != -signal.SIGKILL:
            phases["finished"] += 1
        elif stored == 0:
            phases["killed before storing"] += 1
        elif left == pending:
            phases["killed after storing, before QUIT"] += 1
        else:
            phases["killed after QUIT"] += 1
        if killed >= KILLS:
            break
        deliver(rng.randint(0, 300))
    assert killed >= KILLS, phases
    assert phases["killed after storing, before QUIT"] >= 3, phases

    final = sync_process(home)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    json.loads(out)

    local = _local_ids(home)
    assert len(local) == len(set(local)), "a message was stored twice"
    assert sorted(local) == sorted(delivered)
    assert server_count(dovecot, mail_user) == 0
    downloads = retr_count(dovecot, mail_user) - baseline_retr
    again = downloads - len(delivered)
    # Only a kill between RETR and the batch's commit fetches mail again (stored once): at
    # most a batch plus the RETRs in flight.
    assert 0 <= again <= killed * (BATCH_MESSAGES + PIPELINE)
    print(f"\n{killed} kills over {len(delivered)} messages: {dict(phases)}; "
          f"{downloads} RETR, {again} fetched again; start-up {startup:.2f}s, "
          f"{1 / per_message:.0f} msg/s")
