"""A scripted POP3 server for the UIDL faults a real Dovecot never shows: UIDLs that are too
long, hold spaces, repeat, change between sessions, or are missing altogether."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(eq=False)  # identity: two copies of the same bytes are still two messages
class Mail:
    uidl: bytes | None
    raw: bytes  # CRLF line ends


@dataclass
class Maildrop:
    mails: list[Mail] = field(default_factory=list)
    uidl: bool = True  # False: the UIDL command is refused
    pipelining: bool = True  # listed in CAPA (commands are answered in order either way)
    refuse_retr: set[bytes] = field(default_factory=set)  # UIDLs whose RETR says -ERR
    retrieved: list[bytes | None] = field(default_factory=list)  # UIDL of every RETR

    def add(self, uidl: bytes | None, raw: bytes) -> Mail:
        mail = Mail(uidl, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        self.mails.append(mail)
        return mail


def _multiline(lines: list[bytes]) -> bytes:
    stuffed = [b"." + line if line.startswith(b".") else line for line in lines]
    return b"+OK\r\n" + b"".join(line + b"\r\n" for line in stuffed) + b".\r\n"


def _session(conn: socket.socket, drop: Maildrop, lock: threading.Lock) -> None:
    conn.sendall(b"+OK fake maildrop ready\r\n")
    mails: list[Mail] = []
    deleted: set[int] = set()
    for raw_line in conn.makefile("rb"):
        words = raw_line.rstrip(b"\r\n").split(b" ")
        command, args = words[0].upper(), words[1:]
        if command == b"QUIT":
            with lock:
                gone = {id(mails[n]) for n in deleted}
                drop.mails = [m for m in drop.mails if id(m) not in gone]
            conn.sendall(b"+OK bye\r\n")
            return
        if command == b"CAPA":
            conn.sendall(_multiline([b"USER", b"TOP"] + [b"UIDL"] * drop.uidl
                                    + [b"PIPELINING"] * drop.pipelining))
        elif command == b"USER":
            conn.sendall(b"+OK\r\n")
        elif command == b"PASS":
            with lock:
                mails = list(drop.mails)  # the maildrop as of login, like a real server
            conn.sendall(b"+OK logged in\r\n")
        elif command == b"STAT":
            conn.sendall(b"+OK %d %d\r\n" % (len(mails), sum(len(m.raw) for m in mails)))
        elif command == b"UIDL" and drop.uidl:
            conn.sendall(_multiline([b"%d %s" % (n + 1, m.uidl or b"")
                                     for n, m in enumerate(mails) if n not in deleted]))
        elif command in (b"TOP", b"RETR", b"DELE") and args and args[0].isdigit():
            number = int(args[0]) - 1
            mail = mails[number]
            lines = mail.raw.split(b"\r\n")[:-1]
            if command == b"DELE":
                deleted.add(number)
                conn.sendall(b"+OK\r\n")
            elif command == b"TOP":
                conn.sendall(_multiline(lines[:lines.index(b"") + 1] if b"" in lines
                                        else lines))
            elif mail.uidl in drop.refuse_retr:
                conn.sendall(b"-ERR cannot read this message\r\n")
            else:
                drop.retrieved.append(mail.uidl)
                conn.sendall(_multiline(lines))
        else:
            conn.sendall(b"-ERR unknown command\r\n")


@contextlib.contextmanager
def serve(drop: Maildrop) -> Iterator[int]:
    """Serve `drop` on a loopback port (plaintext, any password); yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()
    lock = threading.Lock()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                _session(conn, drop, lock)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
