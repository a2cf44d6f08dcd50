"""A throwaway Dovecot (Debian's dovecot-imapd + dovecot-pop3d) for integration tests.

One server per test session, on free loopback ports, configured entirely from its own
directory: config, self-signed certificate, password file, maildirs, sockets and log.
Tests add their own users (one mailbox each) and drop messages straight into the
maildirs, which is much faster than APPEND and needs no client code under test.

Running as root, Dovecot will not deliver mail as uid 0: mail belongs to the ``dovecot``
user, so every directory on the way to the maildirs must be traversable by it. Running as
a normal user, every Dovecot process runs as that user instead.
"""

from __future__ import annotations

import contextlib
import ctypes
import grp
import itertools
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

DOVECOT_CANDIDATES = ("/usr/sbin/dovecot", "/usr/local/sbin/dovecot")
INSTALL_HINT = "run ./dev test, which installs dovecot-imapd, dovecot-pop3d and openssl"
MAILDIR_FLAGS = frozenset("DFPRST")
# Also a file name (passwd.d/NAME) and a directory name (mail/NAME).
USER_NAME = re.compile(r"[A-Za-z0-9_@+-][A-Za-z0-9._@+-]{0,99}")
# Unix socket paths are limited to 108 bytes; Dovecot's longest name under base_dir is ~30.
_MAX_BASE_DIR = 70


class DovecotError(RuntimeError):
    """The server could not be set up or started; the message says why."""


def _die_with_parent() -> None:
    """Runs in the child before exec: if pytest is killed before it can stop Dovecot, the
    kernel sends the master SIGTERM, and the master takes its children down."""
    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def find_dovecot() -> str:
    for candidate in DOVECOT_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("dovecot")
    if found:
        return found
    raise DovecotError(f"Dovecot is not installed (no /usr/sbin/dovecot): {INSTALL_HINT}")


def free_ports(count: int) -> list[int]:
    """Ports the kernel reports free right now (all held open together, so distinct)."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, usable as its own CA."""
    if shutil.which("openssl") is None:
        raise DovecotError(f"openssl is not installed: {INSTALL_HINT}")
    cert, key = directory / "cert.pem", directory / "key.pem"
    extensions = (
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        # A self-signed certificate that is also a valid CA, even for VERIFY_X509_STRICT.
        "basicConstraints=critical,CA:TRUE",
        "keyUsage=critical,digitalSignature,keyCertSign",
        "extendedKeyUsage=serverAuth",
    )
    command = ["openssl", "req", "-x509", "-nodes", "-days", "30", "-subj", "/CN=localhost"]
    command += ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    command += ["-keyout", str(key), "-out", str(cert)]
    for extension in extensions:
        command += ["-addext", extension]
    subprocess.run(command, check=True, capture_output=True)
    return cert, key


@dataclass
class SystemUser:
    """Whose processes Dovecot runs and who owns the maildirs."""

    login: str
    internal: str
    internal_group: str
    uid: int
    gid: int

    @classmethod
    def for_current_process(cls) -> SystemUser:
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("dovecot")
                pwd.getpwnam("dovenull")
            except KeyError as e:
                raise DovecotError(f"system user {e} is missing: {INSTALL_HINT}") from None
            return cls("dovenull", "dovecot", "dovecot", pw.pw_uid, pw.pw_gid)
        me = pwd.getpwuid(os.geteuid()).pw_name
        group = grp.getgrgid(os.getegid()).gr_name
        return cls(me, me, group, os.geteuid(), os.getegid())


def make_traversable(directory: Path, stop_at: Path) -> None:
    """chmod o+rx on ``directory`` and its parents up to and including ``stop_at``.

    pytest's and mkdtemp's directories are 0700; the mail user must walk through them.
    """
    for path in (directory, *directory.parents):
        path.chmod(path.stat().st_mode | 0o055)
        if path == stop_at:
            break
    for path in directory.parents:
        if not path.stat().st_mode & 0o001:
            raise DovecotError(f"{path} is not traversable by the mail user (chmod o+x)")


def render_config(d: Path, base_dir: Path, user: SystemUser, ports: dict[str, int]) -> str:
    mailboxes = "\n".join(
        f"  mailbox {name} {{\n    auto = subscribe\n    special_use = \\{name}\n  }}"
        for name in ("Drafts", "Sent", "Trash", "Junk")
    )
    # Auth workers default to root; a non-root server must run them as itself.
    auth_worker = ""
    if os.geteuid() != 0:
        auth_worker = "service auth-worker {\n  user = $default_internal_user\n}"
    return f"""\
base_dir = {base_dir}
state_dir = {d}/state
log_path = {d}/dovecot.log
info_log_path = {d}/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
shutdown_clients = yes

ssl = yes
ssl_cert = <{d}/cert.pem
ssl_key = <{d}/key.pem
ssl_min_protocol = TLSv1.2

disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
auth_verbose = yes
default_login_user = {user.login}
default_internal_user = {user.internal}
default_internal_group = {user.internal_group}
first_valid_uid = 1

passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/passwd.d/%u
}}
userdb {{
  driver = static
  args = uid={user.uid} gid={user.gid} home={d}/mail/%u
}}

mail_location = maildir:~
mail_fsync = never
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}
}}

protocol imap {{
  mail_max_userip_connections = 200
}}
protocol pop3 {{
  pop3_uidl_format = %08Xu%08Xv
}}

service anvil {{
  chroot =
  # No auth penalty: tests with a wrong password would slow later logins by up to 15 s.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {ports["imap"]}
  }}
  inet_listener imaps {{
    port = {ports["imaps"]}
    ssl = yes
  }}
}}
service pop3-login {{
  chroot =
  inet_listener pop3 {{
    port = {ports["pop3"]}
  }}
  inet_listener pop3s {{
    port = {ports["pop3s"]}
    ssl = yes
  }}
}}
{auth_worker}
"""


@dataclass
class Dovecot:
    """A running Dovecot. Ports are on ``host``; ``ca_file`` verifies its certificate."""

    host: str
    imap_port: int
    imaps_port: int
    pop3_port: int
    pop3s_port: int
    ca_file: Path
    dir: Path
    _user: SystemUser = field(repr=False)
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _passwords: dict[str, str] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _counter: itertools.count[int] = field(default_factory=itertools.count, repr=False)
    _last_stamp: int = field(default=0, repr=False)
    _base_dir: Path | None = field(default=None, repr=False)
    startup_seconds: float = field(default=0.0, repr=False)

    @classmethod
    def start(cls, directory: Path, *, traversable_from: Path | None = None) -> Dovecot:
        """Configure and start a server in ``directory`` (which must exist and be empty)."""
        started = time.monotonic()
        binary = find_dovecot()
        user = SystemUser.for_current_process()
        if os.geteuid() == 0:
            make_traversable(directory, traversable_from or directory)
        cert, _ = make_certificate(directory)
        (directory / "passwd.d").mkdir(mode=0o755)
        mail_root = directory / "mail"
        mail_root.mkdir(mode=0o755)
        os.chown(mail_root, user.uid, user.gid)
        base_dir = directory / "run"
        if len(str(base_dir)) > _MAX_BASE_DIR:
            base_dir = Path(tempfile.mkdtemp(prefix="kz-dovecot-"))
            base_dir.chmod(0o755)

        last_error = ""
        for _ in range(3):  # a free port can be taken before Dovecot binds it: retry
            ports = dict(zip(("imap", "imaps", "pop3", "pop3s"), free_ports(4), strict=True))
            config = directory / "dovecot.conf"
            config.write_text(render_config(directory, base_dir, user, ports))
            server = cls(
                host="127.0.0.1",
                imap_port=ports["imap"],
                imaps_port=ports["imaps"],
                pop3_port=ports["pop3"],
                pop3s_port=ports["pop3s"],
                ca_file=cert,
                dir=directory,
                _user=user,
                _base_dir=base_dir,
            )
            log = directory / "dovecot.log"
            log_offset = log.stat().st_size if log.exists() else 0
            with open(directory / "dovecot.out", "ab") as out:
                server._process = subprocess.Popen(
                    [binary, "-F", "-c", str(config)],
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_die_with_parent if sys.platform == "linux" else None,
                )
            try:
                server._wait_until_listening(log_offset, timeout=15.0)
                server.startup_seconds = time.monotonic() - started
                return server
            except DovecotError as e:
                last_error = str(e)
                server.stop()
        raise DovecotError(last_error)

    def _wait_until_listening(self, log_offset: int, timeout: float) -> None:
        """Until the master has said it started (it binds inet ports before failing on
        unix sockets, so open ports alone prove nothing) and every port accepts."""
        assert self._process is not None
        deadline = time.monotonic() + timeout
        pending = [self.imap_port, self.imaps_port, self.pop3_port, self.pop3s_port]
        while pending:
            if self._process.poll() is not None:
                output = (self.dir / "dovecot.out").read_text(errors="replace")
                raise DovecotError(
                    f"dovecot exited with status {self._process.returncode}\n"
                    f"{output}\n--- {self.dir}/dovecot.log ---\n{self.log_text()}"
                )
            if time.monotonic() > deadline:
                raise DovecotError(
                    f"dovecot did not listen on {pending} within {timeout:.0f}s\n"
                    f"--- {self.dir}/dovecot.log ---\n{self.log_text()}"
                )
            log = self.dir / "dovecot.log"
            if not log.exists() or b"starting up" not in log.read_bytes()[log_offset:]:
                time.sleep(0.01)
                continue
            try:
                with socket.create_connection((self.host, pending[0]), timeout=1):
                    pending.pop(0)
            except OSError:
                time.sleep(0.01)

    def stop(self) -> None:
        """SIGTERM to the whole process group, SIGKILL if it lingers."""
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=5)
            # Also reaps any child that outlived its master.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if self._base_dir is not None and not self._base_dir.is_relative_to(self.dir):
            shutil.rmtree(self._base_dir, ignore_errors=True)

    def log_text(self) -> str:
        log = self.dir / "dovecot.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def add_user(self, name: str, password: str) -> None:
        """A new account with an empty mailbox. Names are unique for the whole session."""
        if not USER_NAME.fullmatch(name):
            raise ValueError(f"user names are letters, digits and ._@+- : {name!r}")
        if not password or any(c in password for c in ":\r\n\0"):
            raise ValueError("a password cannot be empty or hold ':', CR, LF or NUL")
        with self._lock:
            if name in self._passwords:
                raise ValueError(f"user {name!r} already exists: give each test its own users")
            self._passwords[name] = password
        # One passwd-file per user: Dovecot re-reads a changed file at most once a second,
        # but a file it has never looked up is always read fresh. Written whole and renamed
        # so that it is never seen half-written. {PLAIN} keeps a password that starts with
        # "{...}" from reading as a scheme.
        entry = self.dir / "passwd.d" / name
        tmp = entry.with_name(f".{name}.tmp")
        tmp.write_text(f"{name}:{{PLAIN}}{password}\n")
        tmp.chmod(0o644)
        os.replace(tmp, entry)

    def maildir(self, user: str) -> Path:
        """The user's Maildir++ root: INBOX in cur/new/tmp, other folders in ``.Name``."""
        return self.dir / "mail" / user

    def folder_path(self, user: str, folder: str = "INBOX") -> Path:
        if folder.upper() == "INBOX":
            return self.maildir(user)
        return self.maildir(user) / ("." + folder.replace("/", "."))

    def deliver(self, user: str, raw: bytes, folder: str = "INBOX", flags: str = "") -> None:
        """Drop one message into a folder, creating the folder when needed.

        ``flags`` are maildir flags (S seen, F flagged, R replied, T deleted, D draft):
        with flags the message goes to ``cur/``, without any to ``new/`` (\\Recent).
        Messages get UIDs in delivery order. A folder this creates shows up in LIST for
        sessions that log in afterwards; an open session may keep its cached folder list.
        """
        if user not in self._passwords:
            raise ValueError(f"unknown user {user!r}: call add_user first")
        if not set(flags) <= MAILDIR_FLAGS:
            raise ValueError(f"maildir flags are letters from {''.join(sorted(MAILDIR_FLAGS))}")
        target = self.folder_path(user, folder)
        self._make_maildir(target, is_inbox=target == self.maildir(user))
        with self._lock:
            # Dovecot gives new files UIDs sorted by the time in their name: keep it rising.
            stamp = max(time.time_ns() // 1000, self._last_stamp + 1)
            self._last_stamp = stamp
            seconds, micros = divmod(stamp, 1_000_000)
            base = f"{seconds}.M{micros}P{os.getpid()}Q{next(self._counter)}.kizuna-tests"
        base += f",S={len(raw)}"
        tmp = target / "tmp" / base
        tmp.write_bytes(raw)
        tmp.chmod(0o600)
        os.chown(tmp, self._user.uid, self._user.gid)
        if flags:
            os.rename(tmp, target / "cur" / f"{base}:2,{''.join(sorted(set(flags)))}")
        else:
            os.rename(tmp, target / "new" / base)

    def _make_maildir(self, path: Path, *, is_inbox: bool) -> None:
        if (path / "tmp").is_dir():
            return
        if not is_inbox:
            self._make_maildir(path.parent, is_inbox=True)
        for sub in (path, path / "cur", path / "new", path / "tmp"):
            sub.mkdir(mode=0o700, exist_ok=True)
            os.chown(sub, self._user.uid, self._user.gid)
        if not is_inbox:
            marker = path / "maildirfolder"
            marker.touch()
            os.chown(marker, self._user.uid, self._user.gid)
