"""Other IMAP clients on the same mailbox, for the Kizuna/peer ratio of the sync benchmark.

mbsync (Debian `isync`) is the reference; offlineimap3 is optional. Both pull every folder
into a fresh local maildir, read-only towards the server, so they do the same job as
Kizuna's initial sync (they fetch whole messages, Kizuna only headers; the synthetic
messages are small, so the bytes are comparable). Each run is a child process measured
on its own (wall time, and peak RSS through GNU time).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

APT_PACKAGES = {"mbsync": "isync", "offlineimap": "offlineimap3", "time": "time"}


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int  # implicit TLS
    user: str
    password: str
    ca_file: Path


@dataclass
class Measured:
    seconds: float
    peak_rss_mb: float | None  # None without GNU time
    returncode: int
    stdout: str
    stderr: str

    def check(self, what: str) -> Measured:
        if self.returncode != 0:
            raise RuntimeError(
                f"{what} exited with {self.returncode}\n{self.stdout[-2000:]}\n"
                f"{self.stderr[-2000:]}"
            )
        return self


def run_measured(
    command: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    stdin: bytes = b"",
    timeout: float = 1800.0,
) -> Measured:
    """Run a command: wall time from spawn to exit, and the command's own peak RSS.

    The peak comes from GNU time, not from our own wait4/RUSAGE_CHILDREN: Linux carries
    the spawning process's RSS high-water mark across fork/vfork and exec, so any child
    of this (large) Python process would report at least our own RSS. GNU time is a tiny
    C parent, so what it reports is the command's. Output goes to temp files so a chatty
    child cannot block on a full pipe.
    """
    gnu_time = ensure_tool("time")
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        if gnu_time:
            command = [gnu_time, "-f", "%M", "-o", str(rss_file), "--", *command]
        with open(Path(tmp) / "out", "w+b") as out, open(Path(tmp) / "err", "w+b") as err:
            started = time.perf_counter()
            done = subprocess.run(command, input=stdin, stdout=out, stderr=err, env=env,
                                  cwd=cwd, timeout=timeout)
            seconds = time.perf_counter() - started
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read(), err.read()
        # GNU time writes "Command exited with non-zero status N" first on failure.
        lines = rss_file.read_text().split() if rss_file.exists() else []
        peak = round(int(lines[-1]) / 1024, 1) if lines and lines[-1].isdigit() else None
    return Measured(seconds=seconds, peak_rss_mb=peak, returncode=done.returncode,
                    stdout=stdout.decode(errors="replace"),
                    stderr=stderr.decode(errors="replace"))


_unavailable: set[str] = set()  # ask (and print) once per run, not per measurement


def ensure_tool(binary: str) -> str | None:
    """The tool's path, installing its Debian package when missing (root + apt only).

    Returns None, with a message on stderr, when it cannot be had: the benchmark then
    reports Kizuna alone instead of failing.
    """
    found = shutil.which(binary)
    if found or binary in _unavailable:
        return found
    package = APT_PACKAGES[binary]
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        _unavailable.add(binary)
        print(f"bench: {binary} not found; install the Debian package '{package}' "
              f"(apt-get install {package}) to measure with it", file=sys.stderr)
        return None
    print(f"bench: {binary} not found: installing the Debian package '{package}'",
          file=sys.stderr)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", package]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        # A fresh machine may have no package lists yet.
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(install, env=env, capture_output=True)
    found = shutil.which(binary)
    if found is None:
        _unavailable.add(binary)
        print(f"bench: installing {package} failed; going on without {binary}",
              file=sys.stderr)
    return found


def count_maildir_messages(root: Path) -> int:
    """Files in every cur/ and new/ below root: what a peer stored."""
    return sum(
        1 for sub in root.rglob("*") if sub.is_dir() and sub.name in ("cur", "new")
        for entry in os.scandir(sub) if entry.is_file()
    )


# --- mbsync ---------------------------------------------------------------------------

MBSYNC_CONFIG = """\
IMAPAccount far
Host {host}
Port {port}
User {user}
Pass {password}
SSLType IMAPS
CertificateFile {ca_file}

IMAPStore far
Account far

MaildirStore near
Path {local}/
Inbox {local}/INBOX
SubFolders Verbatim

# A one-way pull of every folder, never changing the server: the same job as Kizuna's sync.
Channel bench
Far :far:
Near :near:
Patterns *
Create Near
Remove None
Sync Pull
Expunge None
CopyArrivalDate yes
SyncState *
"""


class Mbsync:
    """mbsync as configured above; `fsync=False` adds `FSync no`.

    By default mbsync fsyncs every message it writes. On a disk where fsync costs a few
    ms that alone sets its pace, while Kizuna's SQLite (WAL, synchronous=NORMAL) syncs
    only at checkpoints: the no-fsync run separates the protocol work from the disk.
    """

    def __init__(self, binary: str, server: ImapServer, work: Path, fsync: bool = True) -> None:
        self.binary = binary
        self.local = work / "maildir"
        self.local.mkdir(parents=True)
        self.config = work / "mbsyncrc"
        self.config.write_text(("" if fsync else "FSync no\n\n") + MBSYNC_CONFIG.format(
            host=server.host, port=server.port, user=server.user, password=server.password,
            ca_file=server.ca_file, local=self.local,
        ))
        self.config.chmod(0o600)  # it holds the (throwaway) password

    def version(self) -> str:
        done = subprocess.run([self.binary, "--version"], capture_output=True, text=True)
        return done.stdout.strip()

    def sync(self) -> Measured:
        return run_measured([self.binary, "-c", str(self.config), "-q", "-a"]).check("mbsync")

    def stored(self) -> int:
        return count_maildir_messages(self.local)


# --- offlineimap3 ---------------------------------------------------------------------

OFFLINEIMAP_CONFIG = """\
[general]
accounts = bench
metadata = {work}/metadata
ui = quiet

[Account bench]
localrepository = near
remoterepository = far

[Repository near]
type = Maildir
localfolders = {local}

[Repository far]
type = IMAP
remotehost = {host}
remoteport = {port}
remoteuser = {user}
remotepass = {password}
ssl = yes
sslcacertfile = {ca_file}
readonly = True
"""


class OfflineImap:
    def __init__(self, binary: str, server: ImapServer, work: Path) -> None:
        self.binary = binary
        self.local = work / "maildir"
        self.local.mkdir(parents=True)
        self.config = work / "offlineimaprc"
        self.config.write_text(OFFLINEIMAP_CONFIG.format(
            host=server.host, port=server.port, user=server.user, password=server.password,
            ca_file=server.ca_file, local=self.local, work=work,
        ))
        self.config.chmod(0o600)

    def version(self) -> str:
        done = subprocess.run([self.binary, "--version"], capture_output=True, text=True)
        return (done.stdout or done.stderr).strip().splitlines()[0]

    def sync(self) -> Measured:
        command = [self.binary, "-c", str(self.config), "-o", "-u", "quiet"]
        return run_measured(command).check("offlineimap")

    def stored(self) -> int:
        return count_maildir_messages(self.local)


PEERS = ("mbsync", "mbsync-nofsync", "offlineimap")


def make_peer(name: str, server: ImapServer, work: Path) -> Mbsync | OfflineImap | None:
    """A peer by its benchmark name (one of PEERS), or None if its tool is missing."""
    binary = ensure_tool(name.removesuffix("-nofsync"))
    if binary is None:
        return None
    if name == "offlineimap":
        return OfflineImap(binary, server, work)
    return Mbsync(binary, server, work, fsync=name == "mbsync")
