"""Keeps the outbox moving while the app runs, and says in the status bar how it goes.

A single-shot timer is armed for the next entry due (`outbox.next_due`); it is re-armed after
every flush, at start and on `wake()` (a message was just queued). Temporary failures put an
entry back with the engine's growing delay, so re-arming is all the retrying there is;
only a sync that gets through (the network is back) sends such entries before their time.
Flushes run one at a time on the outbox lane (see lane.py), never on the window's thread;
requests that come in meanwhile run right after.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from collections.abc import Iterable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from app.errors import KizunaError
from app.services import outbox
from app.services.outbox import CancelledMessage, FlushResult, OutboxEntry
from app.ui.bridge import EngineBridge, spawn
from app.ui.main_window import MainWindow
from app.ui.outbox import entries as outbox_entries
from app.ui.outbox.lane import OutboxLane
from app.ui.outbox.window import OutboxWindow
from app.ui.palette import text_color

AFTER_FLUSH_MS = 1000  # entries still due after a flush wait this long: no busy loop
BUSY_MS = 10_000  # another Kizuna process is sending: look again later
MAX_WAIT_MS = 60_000  # re-check at least this often (the clock may jump, the laptop sleep)
SENT_NOTICE_MS = 5000
STOP_WAIT_S = 10.0
log = logging.getLogger(__name__)


class OutboxController(QObject):
    changed = Signal()  # entries, or which of them are being sent, changed
    sent = Signal()  # a message reached the Sent folder: its counts changed
    # A message taken back out of the outbox (CancelledMessage): the composer opens it.
    # Without a listener the Outbox window saves it as a file first, so it is never lost.
    editRequested = Signal(object)

    def __init__(self, window: MainWindow, bridge: EngineBridge) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = bridge
        self.lane = OutboxLane()
        self.entries: list[OutboxEntry] = []
        self._next_due: int | None = None
        self.sending: set[int] = set()  # ids in the flush under way
        self._flush_task: asyncio.Task | None = None
        self._due_again = False
        self._send_now: set[int] = set()
        self._stopped = False
        self.outbox_window: OutboxWindow | None = None

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.flush_due)

        self.action = QAction(self.tr("&Outbox"), window)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.action.triggered.connect(lambda _checked=False: self.open_window())
        window.go_menu.addSeparator()
        window.go_menu.addAction(self.action)
        window.addAction(self.action)

        self.activity = QLabel()
        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.RichText)
        self.problem.setMaximumWidth(560)
        self.problem.linkActivated.connect(lambda _link: self.open_window())
        status = window.statusBar()
        status.addPermanentWidget(self.problem)
        status.addPermanentWidget(self.activity)
        self.activity.hide()
        self.problem.hide()
        bridge.syncFinished.connect(self._network_back)
        QTimer.singleShot(0, self.wake)  # once the loop runs: what an earlier run left

    # --- reading ----------------------------------------------------------------------------
    async def reload(self) -> None:
        """Re-read the outbox on the lane: listing reads every entry's bytes (attachments
        included; sent ones stay listed for a week), which can take seconds."""
        try:
            self.entries, self._next_due = await self.lane.call(_snapshot)
        except KizunaError as error:
            self.window.statusBar().showMessage(error.message())
        self._show_state()
        self.changed.emit()

    def wake(self, _entry_id: int | None = None) -> asyncio.Task | None:
        """Something was queued or changed: show it, and send it when it is due. Returns
        the task that does it (done once the timer is armed), None after stop()."""
        return None if self._stopped else spawn(self._wake())

    async def _wake(self) -> None:
        await self.reload()
        self._arm(0)

    def _arm(self, floor_ms: int) -> None:
        if self._stopped:
            return
        if self._next_due is None:
            self.timer.stop()
            return
        wait_ms = max(floor_ms, int((self._next_due - time.time()) * 1000))
        self.timer.start(min(wait_ms, MAX_WAIT_MS))

    # --- sending ----------------------------------------------------------------------------
    def flush_due(self) -> None:
        self._request(None)

    def send_now(self, ids: Iterable[int]) -> None:
        """Send these queued messages at once, whatever their send delay."""
        self._request(set(ids))

    def flushing(self) -> bool:
        return self._flush_task is not None

    def _request(self, ids: set[int] | None) -> None:
        if self._stopped:
            return
        if ids is None:
            self._due_again = True
        else:
            self._send_now |= ids
        if self._flush_task is None:
            self._flush_task = spawn(self._flush_all())

    async def _flush_all(self) -> None:
        floor_ms = BUSY_MS  # if a flush ends in a bug (logged by spawn), do not spin on it
        try:
            while not self._stopped and (self._send_now or self._due_again):
                if self._send_now:
                    ids, self._send_now = sorted(self._send_now), set()
                    result = await self._flush(True, ids)
                else:
                    self._due_again = False
                    result = await self._flush(False, None)
                if result is not None and result.busy:
                    floor_ms = BUSY_MS
                    break
                floor_ms = AFTER_FLUSH_MS
        finally:
            self._flush_task = None
            self._arm(floor_ms)

    async def _flush(self, ignore_delay: bool, ids: list[int] | None) -> FlushResult | None:
        await self.reload()
        going = outbox_entries.due(self.entries, time.time(), ignore_delay, ids)
        self.sending = {e.id for e in going}
        if going:
            self.activity.setText(self.tr("Sending 1 message…") if len(going) == 1
                                  else self.tr("Sending {n} messages…").format(n=len(going)))
            self.activity.show()
        self.changed.emit()
        try:
            result = await self.lane.run(outbox.flush_async(ignore_delay, ids))
        except KizunaError as error:
            log.info("outbox flush failed: %s", error.english)
            self.window.statusBar().showMessage(error.message())
            result = None
        finally:
            self.activity.hide()
        if result is not None:
            self._announce(result, self.sending)
        self.sending = set()
        if not self._stopped:
            await self.reload()
        return result

    def _announce(self, result: FlushResult, going: set[int]) -> None:
        # Only what this flush sent: an earlier one's copy to Sent is no news to the user.
        out = [o for o in result.outcomes if o.id in going and not o.error_kind
               and o.state in (outbox_entries.SENT, outbox_entries.COPIED)]
        if out:
            text = (self.tr("Message sent") if len(out) == 1
                    else self.tr("{n} messages sent").format(n=len(out)))
            self.window.statusBar().showMessage(text, SENT_NOTICE_MS)
        if any(o.state == outbox_entries.COPIED for o in result.outcomes):
            self.sent.emit()

    # --- what the user does in the outbox window ---------------------------------------------
    async def retry(self, ids: Iterable[int]) -> None:
        for entry_id in ids:
            await self.lane.call(outbox.retry, entry_id)
        self.wake()

    def _network_back(self, _account: str, _results: object) -> None:
        """A sync got through: mail held back while offline need not wait out its delay."""
        ids = [e.id for e in outbox_entries.deferred(self.entries)]
        if ids and not self._stopped:
            spawn(self._retry_quietly(ids))

    async def _retry_quietly(self, ids: list[int]) -> None:
        try:
            await self.retry(ids)
        except KizunaError as error:  # sent or cancelled meanwhile: nothing to do
            log.info("outbox retry skipped: %s", error.english)

    async def cancel(self, entry_id: int) -> CancelledMessage:
        """Take the message out of the outbox; its content comes back for editing."""
        try:
            return await self.lane.call(outbox.cancel, entry_id)
        finally:
            self.wake()

    async def delete(self, ids: Iterable[int]) -> None:
        try:
            for entry_id in ids:
                await self.lane.call(outbox.delete_entry, entry_id)
        finally:
            self.wake()

    def open_window(self) -> OutboxWindow:
        if self.outbox_window is None:
            self.outbox_window = OutboxWindow(self, self.window)
        self.outbox_window.show()
        self.outbox_window.raise_()
        self.outbox_window.activateWindow()
        return self.outbox_window

    # --- the status bar and the menu ---------------------------------------------------------
    def _show_state(self) -> None:
        count = outbox_entries.open_count(self.entries)
        self.action.setText(self.tr("&Outbox ({count})").format(count=count) if count
                            else self.tr("&Outbox"))
        failed = outbox_entries.failed(self.entries)
        waiting = outbox_entries.deferred(self.entries)
        link = '<a href="outbox">{}</a>'.format(html.escape(self.tr("Open Outbox")))
        if failed:
            text = (self.tr("1 message could not be sent: {reason}") if len(failed) == 1
                    else self.tr("{n} messages could not be sent: {reason}"))
            text = text.format(n=len(failed), reason=_one_line(failed[-1].last_error))
            colour = text_color(self.problem.palette(), "error").name()
        elif waiting:
            text = (self.tr("1 message waiting to be sent: {reason}") if len(waiting) == 1
                    else self.tr("{n} messages waiting to be sent: {reason}"))
            text = text.format(n=len(waiting), reason=_one_line(waiting[-1].last_error))
            colour = ""
        else:
            self.problem.hide()
            return
        # Elide the reason, never the link: the link is the way to act on it.
        metrics = self.problem.fontMetrics()
        room = self.problem.maximumWidth() - metrics.horizontalAdvance(
            " — " + self.tr("Open Outbox") + "  ")
        shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
        style = f' style="color: {colour};"' if colour else ""
        self.problem.setText(f"<span{style}>{html.escape(shown)}</span> — {link}")
        self.problem.setToolTip(text)
        self.problem.show()

    # --- quitting ---------------------------------------------------------------------------
    async def stop(self) -> None:
        """Nothing new starts; a send under way gets a few seconds to finish."""
        self._stopped = True
        self.timer.stop()
        await self.lane.stop(STOP_WAIT_S)
        if self._flush_task is not None:
            await asyncio.wait([self._flush_task], timeout=STOP_WAIT_S)
        if self.outbox_window is not None:
            self.outbox_window.close()


def _snapshot() -> tuple[list[OutboxEntry], int | None]:
    return outbox.list_outbox(), outbox.next_due()


def _one_line(reason: str) -> str:
    return " ".join(reason.split())
