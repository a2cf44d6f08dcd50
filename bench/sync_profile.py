"""Where an initial sync spends its time, grouped into the parts worth optimizing.

py-spy samples the real `python -m app sync` subprocess (with idle stacks, so time spent
waiting for Dovecot shows as such); without py-spy, cProfile runs the sync in-process
(slower under the profiler, but the shares still tell the story). A sample goes to the
innermost frame that matches a category, so imapclient's parser calling datetime code is
the parser, and parse_metadata calling the email package is header parsing.
"""

from __future__ import annotations

import cProfile
import pstats
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from bench.peers import Measured, run_measured

# Per second: enough for phases of a few hundred ms. Native unwinding slows the profiled
# process (~1.5x at 200 Hz), so shares are what to read; seconds are rescaled by the caller.
SAMPLE_RATE = 100
TOP_FUNCTIONS = 4

CATEGORIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("imapclient response parser", (
        "imapclient/response_parser.py", "imapclient/response_lexer.py",
        "imapclient/datetime_util.py", "imapclient/fixed_offset.py", "imapclient/util.py",
        "imapclient/response_types.py",
    )),
    ("socket/TLS read (waiting for Dovecot)", (
        "/ssl.py", "/socket.py", "/selectors.py", "libssl", "libcrypto", "_ssl.",
    )),
    ("imaplib line reading", ("/imaplib.py",)),
    ("header parse (parse_metadata)", (
        "app/mail/parse.py", "app/mail/headers.py", "app/mail/charsets.py", "/email/",
        "/encodings/",
    )),
    ("threading", ("app/mail/threading.py",)),
    ("search index (FTS)", ("app/mail/search.py",)),
    ("store rows", ("app/mail/store.py", "app/models/")),
    ("sync engine glue", ("app/sync/", "app/mail/flags.py", "app/services/")),
    ("imapclient other", ("imapclient/",)),
    ("CLI", ("app/cli/", "app/__main__.py", "/argparse.py")),
)
# Time in SQLite (under peewee's execute) is charged to the app module that ran the SQL,
# as "SQLite: <its category>", so store rows, threading and the FTS index stay apart.
SQL_NEEDLES = ("peewee.py", "/sqlite3/", "libsqlite3", "_sqlite3")
SQLITE = "SQLite"
# cProfile names C functions by their object, not a file.
BUILTIN_HINTS = (
    ("sqlite3", SQLITE),
    ("_ssl", "socket/TLS read (waiting for Dovecot)"),
    ("socket", "socket/TLS read (waiting for Dovecot)"),
)
IMPORTS = "start-up: imports"
OTHER = "other"
# Stacks of the header fetch worker (a child process of the sync) are told apart by this
# frame, and their categories prefixed, so the two processes' shares can be read side by side.
WORKER_FRAME = "app/sync/imap/fetch_worker.py"
WORKER_ENTRY = "main ("
WORKER = "worker: "


def category_of(filename: str) -> str | None:
    if any(needle in filename for needle in SQL_NEEDLES):
        return SQLITE
    for name, needles in CATEGORIES:
        if any(needle in filename for needle in needles):
            return name
    return None


def _frame_file(frame: str) -> str:
    # py-spy raw frames read "function (path/to/file.py)" or "function (file.py:123)".
    inside = frame.rpartition(" (")[2].rstrip(")")
    return inside.rsplit(":", 1)[0] if inside[-1:].isdigit() else inside


def _function(frame: str) -> str:
    name = frame.rpartition(" (")[0] or frame
    return f"{name} ({Path(_frame_file(frame)).name})"


def categorize_stacks(lines: list[str]) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """py-spy's raw (collapsed) output: 'frame;frame;...;leaf COUNT' per line.

    Returns samples per category, and per category the samples of the frame that decided
    it (so "store" can be told apart into execute, commit, ...).
    """
    totals: Counter[str] = Counter()
    functions: dict[str, Counter[str]] = {}
    for line in lines:
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = stack.split(";")
        in_worker = any(f.startswith(WORKER_ENTRY) and WORKER_FRAME in f for f in frames)
        found, frame = OTHER, frames[-1]
        if any("importlib._bootstrap" in f for f in frames):
            found = IMPORTS
        else:
            for candidate in reversed(frames):
                category = category_of(_frame_file(candidate))
                if category == SQLITE and found == OTHER:
                    found, frame = SQLITE, candidate  # keep looking for who ran the SQL
                elif category and category != SQLITE:
                    if found == SQLITE:
                        found, frame = f"{SQLITE}: {category}", candidate
                    else:
                        found, frame = category, candidate
                    break
        if in_worker:
            found = WORKER + found
        totals[found] += int(count)
        functions.setdefault(found, Counter())[_function(frame)] += int(count)
    return totals, functions


def _breakdown(
    totals: Counter[str],
    seconds_per_unit: float,
    functions: dict[str, Counter[str]] | None = None,
) -> dict[str, dict[str, object]]:
    whole = sum(totals.values()) or 1
    parts: dict[str, dict[str, object]] = {}
    for name, units in totals.most_common():
        part: dict[str, object] = {"seconds": round(units * seconds_per_unit, 2),
                                   "share_pct": round(100 * units / whole, 1)}
        if functions and name in functions:
            part["top"] = {f: round(n * seconds_per_unit, 2)
                           for f, n in functions[name].most_common(TOP_FUNCTIONS)}
        parts[name] = part
    return parts


def find_py_spy() -> str | None:
    beside_python = Path(sys.executable).with_name("py-spy")
    return str(beside_python) if beside_python.exists() else shutil.which("py-spy")


def profile_subprocess(
    py_spy: str, command: list[str], *, env: dict[str, str], cwd: Path, output: Path
) -> tuple[Measured, dict[str, dict[str, float]]]:
    # --native shows the C frames too, so SQLite's own time is told apart from the Python
    # that calls it on the raw cursor; where native unwinding fails, do without.
    record = [py_spy, "record", "--idle", "--subprocesses", "--full-filenames", "--nolineno", "-r",
              str(SAMPLE_RATE), "-f", "raw", "-o", str(output), "--native", "--", *command]
    measured = run_measured(record, env=env, cwd=cwd)
    if measured.returncode != 0:
        record.remove("--native")
        measured = run_measured(record, env=env, cwd=cwd).check("py-spy record")
    totals, functions = categorize_stacks(output.read_text().splitlines())
    return measured, _breakdown(totals, 1 / SAMPLE_RATE, functions)


def profile_in_process(call: Callable[[], object]) -> dict[str, dict[str, object]]:
    profiler = cProfile.Profile()
    profiler.runcall(call)
    stats = pstats.Stats(profiler)
    totals: Counter[str] = Counter()
    for (filename, _, function), row in stats.stats.items():  # type: ignore[attr-defined]
        found = category_of(filename)
        if filename == "~":
            found = next((name for hint, name in BUILTIN_HINTS if hint in function), None)
        # row[2] is tottime: time in the function itself, so nothing is counted twice.
        totals[found or OTHER] += int(row[2] * 1_000_000)
    return _breakdown(totals, 1e-6)
