"""SIGKILL `kizuna sync` at many moments; afterwards the store must equal the server."""

import json
import random
import signal
import time

import pytest

from app.mail import flags as mail_flags
from app.models.mail import Folder, Message
from tests.integration.imap_helpers import imap_account, server_client
from tests.integration.processes import sync_process
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration

KILLS = 24



def _server_state(dovecot, user) -> dict[str, dict[str, int]]:
    """folder -> {Message-ID: flags} as the server has them."""
    client = server_client(dovecot, user)
    state = {}
    for folder in ("INBOX", "Archive"):
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        found = {}
        for start in range(0, len(uids), 2000):
            chunk = uids[start:start + 2000]
            response = client.fetch(chunk, [b"FLAGS", b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
            for data in response.values():
                header = data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode()
                mid = header.split("<", 1)[1].split(">", 1)[0]
                found[mid] = mail_flags.from_imap(data[b"FLAGS"])
        state[folder] = found
    client.logout()
    return state


def _mutate_server(dovecot, user, rng: random.Random, round_no: int) -> None:
    """Between kills the mailbox moves on: new mail, flag changes, expunges."""
    for i in range(rng.randint(0, 40)):
        dovecot.deliver(user.name, make_message(f"Round {round_no} #{i}", "更新",
                                                message_id=f"r{round_no}.{i}@x", seq=i))
    client = server_client(dovecot, user)
    client.select_folder("INBOX")
    uids = client.search(["ALL"])
    if uids:
        client.add_flags(rng.sample(uids, min(15, len(uids))), [b"\\Seen"])
        client.remove_flags(rng.sample(uids, min(5, len(uids))), [b"\\Seen"])
        client.add_flags(rng.sample(uids, min(5, len(uids))), [b"\\Flagged"])
        if round_no % 4 == 0:
            client.delete_messages(rng.sample(uids, min(10, len(uids))))
            client.expunge()
    client.logout()


def test_sigkill_at_many_points_loses_and_duplicates_nothing(dovecot, mail_user, tmp_path):
    rng = random.Random(20261123)
    for i in range(2000):
        dovecot.deliver(mail_user.name, make_message(f"Bulk {i}", "x" * rng.randint(10, 2000),
                                                     message_id=f"bulk{i}@x", seq=i),
                        flags=rng.choice(["", "S", "SF"]))
    for i in range(300):
        dovecot.deliver(mail_user.name, make_message(f"Old {i}", "archived",
                                                     message_id=f"old{i}@x", seq=i),
                        folder="Archive", flags="S")
    session = imap_account(tmp_path, dovecot, mail_user)
    session.close()

    # Time an uninterrupted run on a throwaway copy to spread the kill points over it.
    reference_home = tmp_path / "reference"
    imap_account(reference_home, dovecot, mail_user, name="Reference").close()
    started = time.monotonic()
    assert sync_process(reference_home).wait(timeout=300) == 0
    duration = time.monotonic() - started

    # Resumed runs are shorter, so the window follows the last run that finished.
    killed, kill_times, window = 0, [], duration
    for round_no in range(KILLS * 4):
        process = sync_process(tmp_path)
        started = time.monotonic()
        delay = rng.uniform(0.05, window)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
            kill_times.append(round(delay, 2))
        else:
            window = max(0.3, time.monotonic() - started)
        process.wait(timeout=60)
        if killed >= KILLS:
            break
        _mutate_server(dovecot, mail_user, rng, round_no)
    assert killed >= KILLS, kill_times

    final = sync_process(tmp_path)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    json.loads(out)

    expected = _server_state(dovecot, mail_user)
    from app.services.session import open_session

    session = open_session(tmp_path)
    for folder_name, server_messages in expected.items():
        folder = Folder.get(Folder.name == folder_name)
        rows = list(Message.select(Message.message_id, Message.flags, Message.uid)
                    .where(Message.folder == folder).tuples())
        local_ids = [mid for mid, _, _ in rows]
        assert len(local_ids) == len(set(local_ids)), f"duplicates in {folder_name}"
        assert set(local_ids) == set(server_messages), f"messages differ in {folder_name}"
        local_flags = {mid: bits for mid, bits, _ in rows}
        wrong = {m for m in server_messages if local_flags[m] != server_messages[m]}
        assert not wrong, f"{len(wrong)} flags differ in {folder_name}"
    session.close()
