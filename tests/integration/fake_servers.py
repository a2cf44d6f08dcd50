"""Small lying servers for faults a real Dovecot will not produce."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator


def _serve_imap_without_starttls(listener: socket.socket, stop: threading.Event) -> None:
    listener.settimeout(0.2)
    while not stop.is_set():
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        with conn:
            conn.sendall(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] fake ready\r\n")
            reader = conn.makefile("rb")
            for line in reader:
                tag = line.split(b" ", 1)[0]
                if b"CAPABILITY" in line.upper():
                    conn.sendall(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n")
                elif b"LOGOUT" in line.upper():
                    conn.sendall(b"* BYE\r\n" + tag + b" OK bye\r\n")
                    break
                else:
                    conn.sendall(tag + b" BAD not here\r\n")


@contextlib.contextmanager
def no_starttls_server() -> Iterator[int]:
    """An IMAP greeting whose capabilities lack STARTTLS; yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()
    thread = threading.Thread(target=_serve_imap_without_starttls, args=(listener, stop),
                              daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()
