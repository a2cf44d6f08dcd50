"""Header fetch and parse in a child process, so a large initial sync uses both cores.

The child logs in on its own connection, reads the FETCH answers and parses the headers;
the parent alone writes SQLite (rows, threads, index), chunk by chunk, in the transactions
that make a kill at any moment safe. The raw header bytes travel with the parse result
and are stored in the same transaction as the row, as on the in-process path; a header
the child could not parse arrives without metadata and is parsed again by the store,
which keeps it listed as unreadable.

The child dies with its parent: PR_SET_PDEATHSIG on Linux, and a broken pipe anywhere.
Frames on the child's stdout are a 4-byte length and a marshal'd tuple (both sides are
the same interpreter): ("chunk", rows), ("done",) or ("error", text).
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
from app.mail.store import Derived, derive
from app.sync.imap.connect import ImapEndpoint, connect
from app.sync.imap.lean_fetch import HEADER_ITEMS, stream_header_records

_FRAME = struct.Struct(">I")
_PR_SET_PDEATHSIG = 1
QUEUED_CHUNKS = 6  # chunks read ahead of the store: a few MB of headers


class WorkerFailed(Exception):
    """The child could not deliver; the caller fetches the rest itself."""


@dataclass(frozen=True)
class WorkerLogin:
    endpoint: ImapEndpoint
    password: str = field(repr=False)  # handed to the child over its stdin pipe only


@dataclass(frozen=True)
class HeaderRow:
    """One fetched message as the child hands it over."""

    uid: int
    flags: int
    size: int
    received: int | None
    header: bytes
    meta: MessageMeta | None  # None: the child's parse failed
    derived: Derived | None


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
            if isinstance(frame, Exception) or frame[0] != "chunk":
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


def worker_chunks(
    login: WorkerLogin, folder: str, uidvalidity: int, chunks: Sequence[Sequence[int]]
) -> Iterator[list[HeaderRow]]:
    """The rows of each chunk, in order, fetched and parsed by a child process.

    Raises WorkerFailed when the child cannot start or stops; closing the iterator early
    kills the child.
    """
    request = marshal.dumps({
        "parent": os.getpid(), "endpoint": asdict(login.endpoint), "password": login.password,
        "folder": folder, "uidvalidity": uidvalidity, "chunks": [list(c) for c in chunks],
    })
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "app.sync.imap.fetch_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=_child_environment(),
        )
    except OSError as error:
        raise WorkerFailed(f"the header worker could not start: {error}") from error
    assert child.stdin is not None and child.stdout is not None
    reader = _Reader(child.stdout)
    try:
        try:
            child.stdin.write(_FRAME.pack(len(request)) + request)
            child.stdin.close()
        except OSError as error:
            raise WorkerFailed(f"the header worker did not take its task: {error}") from error
        reader.start()
        while True:
            frame = reader.next_frame()
            if frame[0] == "done":
                return
            if frame[0] != "chunk":
                raise WorkerFailed(str(frame[1:]))
            yield [
                HeaderRow(uid, bits, size, received, header,
                          _meta_from(parsed[0]) if parsed else None,
                          Derived(*parsed[1]) if parsed else None)
                for uid, bits, size, received, header, parsed in frame[1]
            ]
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        if reader.is_alive():
            reader.stop()
        child.stdout.close()


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
                               derived.sort_subject, derived.document)


def _serve(task: dict, out: BinaryIO) -> None:
    def send(frame: tuple) -> None:
        body = marshal.dumps(frame)
        out.write(_FRAME.pack(len(body)) + body)
        out.flush()

    try:
        client = connect(ImapEndpoint(**task["endpoint"]), task["password"])
        state = client.select_folder(task["folder"], readonly=True)
        if int(state[b"UIDVALIDITY"]) != task["uidvalidity"]:
            send(("error", "UIDVALIDITY changed"))
            return
        chunks = task["chunks"]
        for chunk, records in stream_header_records(client._imap, chunks, HEADER_ITEMS):
            wanted = set(chunk)
            send(("chunk", [
                (r.uid, mail_flags.from_imap(r.flags), r.size, r.received, r.header,
                 _parsed(r.header))
                for r in records if r.uid in wanted
            ]))
        send(("done",))
        with contextlib.suppress(Exception):
            client.logout()
    except BrokenPipeError:
        raise
    except Exception as error:  # the parent fetches the rest itself and reports properly
        send(("error", f"{type(error).__name__}: {error}"))


def main() -> None:
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not corrupt the frames
    task = _read_frame(sys.stdin.buffer)
    _die_with_parent(task["parent"])
    try:
        _serve(task, out)
    except BrokenPipeError:
        os._exit(1)


if __name__ == "__main__":
    main()
