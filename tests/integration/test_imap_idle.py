"""IDLE on the inbox: new mail noticed on the asyncio loop, renewals, reconnects."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading

import pytest

from app.models.mail import Account
from app.sync.errors import ServerUnavailable
from app.sync.imap.idle import ConnectionDropped, InboxWatcher
from tests.integration.dovecot import free_ports
from tests.integration.imap_helpers import imap_account
from tests.mailfactory import make_message

pytestmark = pytest.mark.integration
WAIT = 15.0  # generous upper bounds; every wait ends as soon as its event is set


class Recorder:
    """Counts on_new_mail calls and checks they come on the loop's thread."""

    def __init__(self) -> None:
        self.calls = 0
        self.event = asyncio.Event()
        self.loop_thread = threading.get_ident()
        self.threads: set[int] = set()

    def __call__(self) -> None:
        self.calls += 1
        self.threads.add(threading.get_ident())
        self.event.set()


async def _wait(event: asyncio.Event, watcher: InboxWatcher) -> None:
    try:
        await asyncio.wait_for(event.wait(), WAIT)
    except TimeoutError:
        raise AssertionError(f"timed out; watcher's last error: {watcher.last_error!r}") from None


async def _until(condition, watcher: InboxWatcher) -> None:
    """Wait for a condition that changes when the watcher (re)starts an IDLE."""
    while not condition():
        watcher.idling.clear()
        await _wait(watcher.idling, watcher)


def test_new_mail_is_noticed_while_idling(dovecot, mail_user, tmp_path):
    imap_account(tmp_path, dovecot, mail_user)
    dovecot.deliver(mail_user.name, make_message("before", seq=1))

    async def scenario() -> Recorder:
        seen = Recorder()
        watcher = InboxWatcher(Account.get(), seen, check_seconds=0.5)
        task = asyncio.create_task(watcher.run())
        await _wait(watcher.idling, watcher)
        assert seen.calls == 0  # mail that was there before is not news
        dovecot.deliver(mail_user.name, make_message("after", seq=2))
        await _wait(seen.event, watcher)
        watcher.stop()
        await asyncio.wait_for(task, WAIT)
        return seen

    seen = asyncio.run(scenario())
    assert seen.calls >= 1
    assert seen.threads == {seen.loop_thread}  # the callback runs on the loop, not the worker


def test_idle_is_renewed_and_still_notices_mail(dovecot, mail_user, tmp_path):
    imap_account(tmp_path, dovecot, mail_user)

    async def scenario() -> tuple[int, int]:
        seen = Recorder()
        watcher = InboxWatcher(Account.get(), seen, reidle_seconds=0.3, check_seconds=0.1)
        task = asyncio.create_task(watcher.run())
        await _until(lambda: watcher.idle_count >= 3, watcher)
        dovecot.deliver(mail_user.name, make_message("late", seq=3))
        await _wait(seen.event, watcher)
        watcher.stop()
        await asyncio.wait_for(task, WAIT)
        return watcher.idle_count, seen.calls

    renewals, calls = asyncio.run(scenario())
    assert renewals >= 3 and calls >= 1


def test_unreachable_server_is_reported_and_retried_until_stopped(dovecot, mail_user,
                                                                 tmp_path):
    imap_account(tmp_path, dovecot, mail_user, port=free_ports(1)[0])

    async def scenario() -> list[Exception]:
        errors: list[Exception] = []
        failed = asyncio.Event()

        def on_error(error: Exception) -> None:
            errors.append(error)
            failed.set()

        seen = Recorder()
        watcher = InboxWatcher(Account.get(), seen, on_error=on_error)
        task = asyncio.create_task(watcher.run())
        await _wait(failed, watcher)
        watcher.stop()
        await asyncio.wait_for(task, WAIT)  # stop() ends the backoff pause at once
        assert seen.calls == 0
        return errors

    errors = asyncio.run(scenario())
    assert isinstance(errors[0], ServerUnavailable)


@pytest.mark.skipif(shutil.which("doveadm") is None, reason="doveadm is not installed")
def test_connection_dropped_by_the_server_is_reopened(dovecot, mail_user, tmp_path):
    imap_account(tmp_path, dovecot, mail_user)

    async def scenario() -> tuple[InboxWatcher, int]:
        seen = Recorder()
        watcher = InboxWatcher(Account.get(), seen, check_seconds=0.5)
        task = asyncio.create_task(watcher.run())
        await _wait(watcher.idling, watcher)
        subprocess.run(["doveadm", "-c", str(dovecot.dir / "dovecot.conf"), "kick",
                        mail_user.name], check=True, capture_output=True)
        await _until(lambda: watcher.idle_count >= 2, watcher)
        await _wait(seen.event, watcher)  # mail may have come while it was away: say so
        watcher.stop()
        await asyncio.wait_for(task, WAIT)
        return watcher, seen.calls

    watcher, calls = asyncio.run(scenario())
    assert isinstance(watcher.last_error, ConnectionDropped)
    assert calls == 1
