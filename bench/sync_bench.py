"""IMAP sync benchmark: Kizuna's header sync vs mbsync on one throwaway local Dovecot.

For N synthetic messages (bench.corpus) spread over INBOX, Sent and Archive, it measures:
- Kizuna's initial sync as the user runs it (`python -m app --home H sync --json` in a
  subprocess): wall time, msg/s and peak RSS. The first client on a fresh server also pays
  for Dovecot building its index, so that "cold" run is reported apart and the headline
  number is a second initial sync into another empty data directory;
- the no-change resync: the CLI run (wall, with Python start-up), the CLI start-up alone
  (`account list`), and in-process per folder, which is what a running app pays;
- the same mailbox pulled by mbsync (and optionally offlineimap3): initial and no-change
  runs, and the Kizuna/peer ratios. The peers download whole messages where Kizuna takes
  headers only; the synthetic messages are small (~1 KB), so the bytes are comparable.

Everything (server, data directories, keyring file) lives in one temp directory; the
keyring is a plaintext file there, never the user's.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bench import peers, sync_profile
from bench.corpus import generate
from tests.integration.dovecot import Dovecot

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"  # gitignored; py-spy stacks go here
USER, PASSWORD = "bench", "bench-password"
ACCOUNT = "bench"
# Out of 20 messages: where the corpus goes (Drafts, Trash and Junk exist, empty).
FOLDER_WEIGHTS = (("INBOX", 16), ("Sent", 3), ("Archive", 1))
RESYNC_REPEATS = 5
# mbsync sleeps 1 s when a maildir changed within the current second (its change
# detection is by mtime); a real resync comes minutes later, so let that second pass.
PEER_SETTLE_S = 2.0
TARGET_50K_SECONDS = 10.0
TARGET_RESYNC_FOLDER_MS = 150.0


# --- loading the mailbox --------------------------------------------------------------

def _maildir_flags(rng: random.Random) -> str:
    """Mostly read mail, some answered, a few starred: what a real inbox looks like."""
    flags = "S" if rng.random() < 0.7 else ""
    flags += "R" if rng.random() < 0.1 else ""
    flags += "F" if rng.random() < 0.03 else ""
    return "".join(sorted(flags))


def load_mailbox(server: Dovecot, count: int) -> dict[str, int]:
    """N messages into the user's maildirs, written directly (seconds for 50k).

    The first message of each folder goes through Dovecot.deliver, which creates the
    folder; the rest are written straight into cur/ with rising timestamps in their
    names, because Dovecot numbers new files in that order.
    """
    rng = random.Random(7)
    slots = [name for name, weight in FOLDER_WEIGHTS for _ in range(weight)]
    per_folder: dict[str, list[tuple[bytes, str]]] = {name: [] for name, _ in FOLDER_WEIGHTS}
    for n, raw in enumerate(generate(count)):
        per_folder[slots[n % len(slots)]].append((raw, _maildir_flags(rng)))

    stamp = time.time_ns() // 1000 + 1_000_000  # after deliver()'s own stamps
    for folder, messages in per_folder.items():
        if not messages:
            continue
        server.deliver(USER, messages[0][0], folder, messages[0][1])
        target = server.folder_path(USER, folder) / "cur"
        owner = target.stat()
        chown = os.geteuid() == 0  # as root, files must belong to the mail user
        for n, (raw, flags) in enumerate(messages[1:]):
            seconds, micros = divmod(stamp, 1_000_000)
            stamp += 1
            name = f"{seconds}.M{micros}P{os.getpid()}Q{n}.kizuna-bench,S={len(raw)}:2,{flags}"
            fd = os.open(target / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                os.write(fd, raw)
                if chown:
                    os.fchown(fd, owner.st_uid, owner.st_gid)
            finally:
                os.close(fd)
    return {folder: len(messages) for folder, messages in per_folder.items()}


# --- Kizuna ---------------------------------------------------------------------------

@contextlib.contextmanager
def isolated_keyring(root: Path) -> Iterator[dict[str, str]]:
    """A plaintext keyring file under root, for this process and its children.

    Set before app.sync (and so keyring) is imported; restored afterwards so the rest of
    `python -m bench` sees the environment it started with.
    """
    overrides = {
        "HOME": str(root / "home"),
        "XDG_DATA_HOME": str(root / "home" / "data"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    }
    Path(overrides["XDG_DATA_HOME"]).mkdir(parents=True)
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(PlaintextKeyring())
    try:
        yield {**os.environ, **overrides}
    finally:
        keyring.set_keyring(previous)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def add_account(home: Path, server: Dovecot) -> None:
    from app.services.session import open_session
    from app.sync.accounts import AccountSettings, add_account

    session = open_session(home)
    try:
        add_account(AccountSettings(
            name=ACCOUNT, email=f"{USER}@example.jp", protocol="imap", host=server.host,
            port=server.imaps_port, username=USER, ca_file=str(server.ca_file),
        ), PASSWORD)
    finally:
        session.close()


def kizuna_command(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "app", "--home", str(home), *args]


def cli_sync(home: Path, env: dict[str, str]) -> tuple[peers.Measured, dict[str, dict]]:
    """One `sync --json` run: its measurements and {folder: {new, changed, vanished}}."""
    measured = peers.run_measured(kizuna_command(home, "sync", "--json"), env=env, cwd=ROOT)
    measured.check("kizuna sync")
    document = json.loads(measured.stdout)
    folders = {f["folder"]: f for a in document["accounts"] for f in a["folders"]}
    return measured, folders


def _timed_folders() -> tuple[dict[str, list[float]], Callable[[], None]]:
    """Wrap the engine's per-folder step to time it; returns (timings, undo).

    Only the name the account loop looks up is swapped, so the engine runs unchanged. If a
    refactor moves it, the per-folder figures are simply missing (the total remains).
    """
    from app.sync.imap import account_sync

    timings: dict[str, list[float]] = {}
    original = getattr(account_sync, "sync_mailbox", None)
    if original is None:
        return timings, lambda: None

    def timed(client, folder, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return original(client, folder, *args, **kwargs)
        finally:
            timings.setdefault(folder.name, []).append(time.perf_counter() - started)

    account_sync.sync_mailbox = timed

    def undo() -> None:
        account_sync.sync_mailbox = original

    return timings, undo


def in_process_resync(home: Path) -> dict[str, object]:
    """No-change resyncs without Python start-up: total (with login) and per folder."""
    from app.services.session import open_session
    from app.services.sync import sync_accounts

    session = open_session(home)
    timings, undo = _timed_folders()
    totals, changes = [], 0
    try:
        for _ in range(RESYNC_REPEATS):
            started = time.perf_counter()
            results = sync_accounts(ACCOUNT)
            totals.append(time.perf_counter() - started)
            changes += sum(f.new + f.changed + f.vanished for r in results for f in r.folders)
    finally:
        undo()
        session.close()
    per_folder = {name: round(statistics.median(t) * 1000, 1) for name, t in timings.items()}
    return {
        "total_s": round(statistics.median(totals), 3),
        "per_folder_ms": per_folder,
        "max_folder_ms": max(per_folder.values(), default=None),
        "changes": changes,
        "repeats": RESYNC_REPEATS,
    }


def in_process_initial_profiled(home: Path, server: Dovecot) -> dict[str, dict[str, float]]:
    from app.services.session import open_session
    from app.services.sync import sync_accounts

    add_account(home, server)
    session = open_session(home)
    try:
        return sync_profile.profile_in_process(lambda: sync_accounts(ACCOUNT))
    finally:
        session.close()


def run_kizuna(
    root: Path, server: Dovecot, env: dict[str, str], count: int, profile: bool
) -> dict[str, object]:
    homes = {name: root / f"kizuna-{name}" for name in ("cold", "warm", "profile")}
    for name in ("cold", "warm"):
        add_account(homes[name], server)
    cold, _ = cli_sync(homes["cold"], env)
    initial, folders = cli_sync(homes["warm"], env)
    stored = sum(f["new"] for f in folders.values())
    resync, again = cli_sync(homes["warm"], env)
    startup = peers.run_measured(
        kizuna_command(homes["warm"], "account", "list", "--json"), env=env, cwd=ROOT
    ).check("kizuna account list")
    result: dict[str, object] = {
        "initial_cold_s": round(cold.seconds, 2),
        "initial_s": round(initial.seconds, 2),
        "initial_msg_per_s": round(count / initial.seconds),
        "initial_peak_rss_mb": initial.peak_rss_mb,
        "stored": stored,
        "resync_cli_s": round(resync.seconds, 3),
        "resync_peak_rss_mb": resync.peak_rss_mb,
        "resync_changes": sum(f["new"] + f["changed"] + f["vanished"] for f in again.values()),
        "cli_startup_s": round(startup.seconds, 3),
        "resync_in_process": in_process_resync(homes["warm"]),
    }
    if profile:
        profiled = profile_initial(homes["profile"], server, env, count)
        # The profiler slows the run: py-spy's thread-seconds (the main process, its reader
        # thread and the header worker overlap) are scaled by the slowdown; cProfile's
        # single thread spreads the unprofiled wall time by the shares.
        slowdown = initial.seconds / profiled["wall_s"] if profiled.get("wall_s") else None
        for part in profiled["categories"].values():
            estimate = (part["seconds"] * slowdown if slowdown
                        else part["share_pct"] / 100 * initial.seconds)
            scale = estimate / part["seconds"] if part["seconds"] else 0.0
            part["est_unprofiled_s"] = round(estimate, 2)
            part["top"] = {f: round(s * scale, 2) for f, s in part.get("top", {}).items()}
        result["profile"] = profiled
    return result


def profile_initial(
    home: Path, server: Dovecot, env: dict[str, str], count: int
) -> dict[str, Any]:
    py_spy = sync_profile.find_py_spy()
    if py_spy is None:
        return {"tool": "cProfile (in-process; py-spy not installed)",
                "categories": in_process_initial_profiled(home, server)}
    add_account(home, server)
    RESULTS.mkdir(exist_ok=True)
    stacks = RESULTS / f"py-spy-sync-{count}-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    measured, categories = sync_profile.profile_subprocess(
        py_spy, kizuna_command(home, "sync", "--json"), env=env, cwd=ROOT, output=stacks,
    )
    return {"tool": f"py-spy --native, {sync_profile.SAMPLE_RATE} Hz, idle stacks included",
            "wall_s": round(measured.seconds, 2), "stacks": str(stacks),
            "categories": categories}


# --- peers ----------------------------------------------------------------------------

def run_peer(name: str, root: Path, server: Dovecot, count: int) -> dict[str, object] | None:
    # mbsync 1.4 checks only DNS names against the certificate, not IP addresses: connect
    # by the name the test certificate carries (it resolves to the loopback Dovecot).
    host = "localhost" if server.host == "127.0.0.1" else server.host
    target = peers.ImapServer(host, server.imaps_port, USER, PASSWORD, server.ca_file)
    peer = peers.make_peer(name, target, root / name)
    if peer is None:
        return None
    initial = peer.sync()
    stored = peer.stored()
    time.sleep(PEER_SETTLE_S)
    resync = peer.sync()
    return {
        "version": peer.version(),
        "initial_s": round(initial.seconds, 2),
        "initial_msg_per_s": round(count / initial.seconds),
        "initial_peak_rss_mb": initial.peak_rss_mb,
        "stored": stored,
        "resync_s": round(resync.seconds, 3),
        "resync_peak_rss_mb": resync.peak_rss_mb,
    }


# --- one benchmark run ----------------------------------------------------------------

def run(
    count: int, peer_names: tuple[str, ...] = ("mbsync",), profile: bool = False
) -> dict[str, object]:
    root = Path(tempfile.mkdtemp(prefix="kizuna-sync-bench-"))
    server_dir = root / "dovecot"
    server_dir.mkdir()
    server = Dovecot.start(server_dir, traversable_from=root)
    try:
        server.add_user(USER, PASSWORD)
        started = time.perf_counter()
        folders = load_mailbox(server, count)
        load_seconds = time.perf_counter() - started
        with isolated_keyring(root) as env:
            kizuna = run_kizuna(root, server, env, count, profile)
        result: dict[str, object] = {
            "messages": count,
            "folders": folders,
            "load_maildir_s": round(load_seconds, 2),
            "kizuna": kizuna,
        }
        result["peers"] = {}
        for name in peer_names:
            measured = run_peer(name, root, server, count)
            if measured is None:
                continue
            measured["ratio_kizuna_to_peer"] = {
                "initial": round(kizuna["initial_s"] / measured["initial_s"], 2),
                "resync": round(kizuna["resync_cli_s"] / measured["resync_s"], 2),
            }
            result["peers"][name] = measured
        return result
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def table(results: list[dict]) -> str:
    """Times, rates and RSS per size and client, then per-folder resync and the profile."""
    head = (f"{'messages':>9} {'client':<16} {'initial s':>9} {'msg/s':>7} {'resync s':>9} "
            f"{'peak MB':>8} {'stored':>7}")
    lines = [head]
    for r in results:
        k = r["kizuna"]
        lines.append(
            f"{r['messages']:>9} {'kizuna':<16} {k['initial_s']:>9} {k['initial_msg_per_s']:>7}"
            f" {k['resync_cli_s']:>9} {k['initial_peak_rss_mb']:>8} {k['stored']:>7}"
        )
        for name, p in r["peers"].items():
            lines.append(
                f"{'':>9} {name:<16} {p['initial_s']:>9} {p['initial_msg_per_s']:>7}"
                f" {p['resync_s']:>9} {p['initial_peak_rss_mb']:>8} {p['stored']:>7}"
            )
            ratio = p["ratio_kizuna_to_peer"]
            lines.append(f"{'':>9} {'  Kizuna/that':<16} {ratio['initial']:>9} {'':>7}"
                         f" {ratio['resync']:>9}")
    lines.append("")
    lines.append(f"{'messages':>9} {'cold init s':>11} {'cli start s':>11} "
                 f"{'resync in-proc s':>16}  per folder ms (in-process, no-change)")
    for r in results:
        k, inproc = r["kizuna"], r["kizuna"]["resync_in_process"]
        folders = ", ".join(f"{n} {ms}" for n, ms in inproc["per_folder_ms"].items())
        lines.append(f"{r['messages']:>9} {k['initial_cold_s']:>11} {k['cli_startup_s']:>11} "
                     f"{inproc['total_s']:>16}  {folders}")
    for r in results:
        n, k = r["messages"], r["kizuna"]
        worst = k["resync_in_process"]["max_folder_ms"]
        checks = [f"resync max {worst} ms/folder (target {TARGET_RESYNC_FOLDER_MS:.0f})"]
        if n >= 50_000:
            rate = k["initial_s"] * 50_000 / n
            checks.insert(0, f"50k-equivalent initial {rate:.1f} s "
                             f"(target {TARGET_50K_SECONDS:.0f})")
        lines.append(f"{n:>9} targets: " + "; ".join(checks))
    for r in results:
        prof = r["kizuna"].get("profile")
        if not prof:
            continue
        lines.append("")
        lines.append(f"profile of the initial sync, {r['messages']} messages ({prof['tool']});"
                     " thread-seconds scaled to the unprofiled run (processes and threads"
                     " overlap; idle waits included):")
        for name, part in prof["categories"].items():
            lines.append(f"  {part['share_pct']:>5}%  {part['est_unprofiled_s']:>7} s  {name}")
            top = part.get("top", {})
            if part["share_pct"] >= 5 and top:
                lines.append("  " + " " * 19 + "; ".join(f"{f} {s} s" for f, s in top.items()))
    return "\n".join(lines)
