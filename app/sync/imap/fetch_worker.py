"""Header fetch and parse in a child process, so a large initial sync uses both cores.

The child logs in on its own connection, reads the FETCH answers and parses the headers;
the parent alone writes SQLite (rows, threads, index), chunk by chunk, in the transactions
that make a kill at any moment safe. The raw header bytes travel with the parse result
and are stored in the same transaction as the row, as on the in-process path; a header
the child could not parse arrives without metadata and is parsed again by the store,
which keeps it listed as unreadable.

The child dies with its parent: PR_SET_PDEATHSIG on Linux, and a broken pipe anywhere.
Frames both ways are a 4-byte length and a marshal'd value (both sides are the same
interpreter): to the child the login, then one task per folder; back, per task,
("chunk", rows)... then ("done",), or ("error", text) after which the child exits.
"""

from __future__ import annotations

import contextlib
import ctypes
import marshal
import os
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import BinaryIO

from app.mail import flags as mail_flags
from app.mail.headers import Address
from app.mail.parse import MessageMeta, parse_metadata
from app.mail.store import Derived, IncomingMessage, derive
from app.sync.imap.connect import ImapEndpoint, connect
from app.sync.imap.lean_fetch import HEADER_ITEMS, stream_header_records

_FRAME = struct.Struct(">I")
_PR_SET_PDEATHSIG = 1
QUEUED_CHUNKS = 6  # chunks read ahead of the store: a few MB of headers
CLOSE_SECONDS = 5.0  # for the child to log out once its input ends


class WorkerFailed(Exception):
    """The child could not deliver; the caller fetches the rest itself."""


@dataclass(frozen=True)
class WorkerLogin:
    endpoint: ImapEndpoint
    password: str = field(repr=False)  # handed to the child over its stdin pipe only


def _meta_tuple(meta: MessageMeta) -> tuple:
    return (
        meta.message_id, meta.in_reply_to, meta.references, meta.subject, meta.from_name,
        meta.from_addr, [(a.name, a.addr) for a in meta.to], [(a.name, a.addr) for a in meta.cc],
        meta.date, meta.has_attachments, meta.snippet, meta.body_text,
    )


def _meta_from(values: tuple) -> MessageMeta:
    (message_id, in_reply_to, references, subject, from_name, from_addr, to, cc, date,
     has_attachments, snippet, body_text) = values
    return MessageMeta(
        message_id=message_id, in_reply_to=in_reply_to, references=references,
        subject=subject, from_name=from_name, from_addr=from_addr,
        to=[Address(name, addr) for name, addr in to],
        cc=[Address(name, addr) for name, addr in cc],
        date=date, has_attachments=has_attachments, snippet=snippet, body_text=body_text,
        attachments=[],
    )


# --- parent ---------------------------------------------------------------------------


def _read_frame(stream: BinaryIO) -> tuple:
    head = stream.read(_FRAME.size)
    if len(head) != _FRAME.size:
        raise WorkerFailed("the header worker stopped")
    (length,) = _FRAME.unpack(head)
    body = stream.read(length)
    if len(body) != length:
        raise WorkerFailed("the header worker stopped mid-frame")
    return marshal.loads(body)


class _Reader(threading.Thread):
    """Drains the child's pipe into a bounded queue, so the child keeps fetching while
    this process stores (a pipe alone holds ~100 headers and would stall it)."""

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(name="header-worker-reader", daemon=True)
        self.stream = stream
        self.frames: queue.Queue[tuple | Exception] = queue.Queue(QUEUED_CHUNKS)
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                frame: tuple | Exception = _read_frame(self.stream)
            except (WorkerFailed, OSError, ValueError, EOFError) as error:
                frame = WorkerFailed(str(error))
            while not self.stopping.is_set():
                try:
                    self.frames.put(frame, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if isinstance(frame, Exception):
                return

    def next_frame(self) -> tuple:
        frame = self.frames.get()
        if isinstance(frame, Exception):
            raise frame
        return frame

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def _child_environment() -> dict[str, str]:
    """This process's environment, with the directory `app` was imported from on the
    child's path (the parent may run from anywhere, e.g. `python /opt/kizuna/main.py`)."""
    root = str(Path(__file__).resolve().parents[3])
    paths = [root, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


class HeaderWorker:
    """A child process that fetches and parses headers for one account sync.

    Started by the first folder with enough new mail and kept for the folders after it
    (one start-up and login per sync, not per folder). Any failure closes it; the next
    folder starts a fresh one.
    """

    def __init__(self, login: WorkerLogin) -> None:
        self.login = login
        self._child: subprocess.Popen[bytes] | None = None
        self._reader: _Reader | None = None
        self._busy = False  # a task sent and not yet answered to the end

    def __enter__(self) -> HeaderWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def chunks(
        self, folder: str, uidvalidity: int, chunks: Sequence[Sequence[int]]
    ) -> Iterator[list[IncomingMessage]]:
        """The messages of each chunk (newest first), chunk by chunk. The task leaves at
        once, so the child works while the caller does something else first.

        Raises WorkerFailed (here or while iterating) when the child cannot deliver; an
        iterator left early closes the child. A message whose header the child could not
        parse comes without `meta`.
        """
        self._send({"folder": folder, "uidvalidity": uidvalidity,
                    "chunks": [list(c) for c in chunks]})
        self._busy = True
        return self._receive(uidvalidity)

    def _receive(self, uidvalidity: int) -> Iterator[list[IncomingMessage]]:
        assert self._reader is not None
        try:
            while True:
                frame = self._reader.next_frame()
                if frame[0] == "done":
                    self._busy = False
                    return
                if frame[0] != "chunk":
                    raise WorkerFailed(str(frame[1:]))
                yield [
                    IncomingMessage(
                        raw=header, uid=uid, uidvalidity=uidvalidity, flags=bits,
                        complete=False, received=received, size=size,
                        meta=_meta_from(parsed[0]) if parsed else None,
                        derived=Derived(*parsed[1]) if parsed else None,
                    )
                    for uid, bits, size, received, header, parsed in frame[1]
                ]
        finally:
            if self._busy:  # answers may still be on their way: this child is done for
                self.close()

    def close(self) -> None:
        """End the child: at once if a task is unfinished, else after it logs out."""
        child, reader = self._child, self._reader
        self._child = self._reader = None
        if child is None:
            return
        assert child.stdin is not None and child.stdout is not None
        if self._busy:
            child.kill()
            self._busy = False
        with contextlib.suppress(OSError):
            child.stdin.close()  # the child logs out and exits at the end of its input
        try:
            child.wait(timeout=CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        if reader is not None:
            reader.stop()
        child.stdout.close()

    def _send(self, message: dict) -> None:
        if self._child is None:
            self._start()
        assert self._child is not None and self._child.stdin is not None
        body = marshal.dumps(message)
        try:
            self._child.stdin.write(_FRAME.pack(len(body)) + body)
            self._child.stdin.flush()
        except OSError as error:
            self._busy = True  # whatever it was doing, it is not to be waited for
            self.close()
            raise WorkerFailed(f"the header worker did not take its task: {error}") from error

    def _start(self) -> None:
        try:
            child = subprocess.Popen(
                [sys.executable, "-m", "app.sync.imap.fetch_worker"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=_child_environment(),
            )
        except OSError as error:
            raise WorkerFailed(f"the header worker could not start: {error}") from error
        assert child.stdout is not None
        self._child, self._reader = child, _Reader(child.stdout)
        self._reader.start()
        self._send({"parent": os.getpid(), "endpoint": asdict(self.login.endpoint),
                    "password": self.login.password})


# --- child ----------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent went before the signal was armed
        os._exit(1)


def _parsed(header: bytes) -> tuple | None:
    try:
        meta = parse_metadata(header, headers_only=True)
    except Exception:  # the store parses it again and keeps it listed as unreadable
        return None
    derived = derive(meta, document=True)
    return _meta_tuple(meta), (derived.to_json, derived.cc_json, derived.sort_sender,
                               derived.sort_subject, derived.thread_subject, derived.document)


def _serve(login: dict, tasks: BinaryIO, out: BinaryIO) -> None:
    """Answer folder tasks until the parent closes the input; stop at the first error."""
    def send(frame: tuple) -> None:
        body = marshal.dumps(frame)
        out.write(_FRAME.pack(len(body)) + body)
        out.flush()

    client = None
    try:
        while True:
            try:
                task = _read_frame(tasks)
            except WorkerFailed:  # end of input: the sync is over
                break
            if client is None:
                client = connect(ImapEndpoint(**login["endpoint"]), login["password"])
            state = client.select_folder(task["folder"], readonly=True)
            if int(state[b"UIDVALIDITY"]) != task["uidvalidity"]:
                send(("error", "UIDVALIDITY changed"))
                return
            chunks = task["chunks"]
            for chunk, records in stream_header_records(client._imap, chunks, HEADER_ITEMS):
                wanted = set(chunk)
                records = sorted((r for r in records if r.uid in wanted), key=lambda r: -r.uid)
                send(("chunk", [
                    (r.uid, mail_flags.from_imap(r.flags), r.size, r.received, r.header,
                     _parsed(r.header))
                    for r in records
                ]))
            send(("done",))
    except BrokenPipeError:
        raise
    except Exception as error:  # the parent fetches the rest itself and reports properly
        send(("error", f"{type(error).__name__}: {error}"))
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.logout()


def main() -> None:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the frames
    tasks = sys.stdin.buffer
    login = _read_frame(tasks)
    _die_with_parent(login["parent"])
    try:
        _serve(login, tasks, out)
    except BrokenPipeError:
        os._exit(1)


if __name__ == "__main__":
    main()
