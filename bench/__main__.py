"""Run the benchmarks: `python -m bench [--suite store|sync|gui|all] [--sizes ...]`.

- store: parse + store + thread + index, then search latency (bench/store_search.py);
- sync: IMAP header sync against a throwaway local Dovecot, Kizuna vs mbsync
  (bench/sync_bench.py; needs Debian's dovecot-imapd, and isync, installed on demand);
- gui: the message list window on 100k and 1M messages: cold start, first paint, jump to
  the end and to random rows, RSS (bench/gui.py; the databases are built once and kept).
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import time
from pathlib import Path

from bench import peers, store_search

RESULTS = Path(__file__).parent / "results"


def _table(results: list[dict]) -> str:
    lines = [
        f"{'messages':>9} {'parse/s':>9} {'store/s':>9} {'index/s':>9} {'e2e/s':>8} {'db MB':>7}"
    ]
    for r in results:
        lines.append(
            f"{r['messages']:>9} {r['parse_metadata_per_s']:>9} {r['store_parse_thread_per_s']:>9}"
            f" {r['index_per_s']:>9} {r['end_to_end_per_s']:>8} {r['database_mb']:>7}"
        )
    lines.append("")
    lines.append(f"{'messages':>9} {'query':<12} {'hits':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for r in results:
        for label, s in r["search"].items():
            lines.append(
                f"{r['messages']:>9} {label:<12} {s['hits']:>5} {s['p50_ms']:>8} {s['p95_ms']:>8}"
            )
    return "\n".join(lines)


def _revision() -> str:
    """The commit measured, with "+dirty" when app/ has uncommitted changes."""
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=RESULTS.parent.parent, capture_output=True,
                              text=True)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + ("+dirty" if git("status", "--porcelain", "--", "app") else "")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--suite", choices=["store", "sync", "gui", "all"], default="all")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000],
                        help="message counts for the store/search suite")
    parser.add_argument("--sync-sizes", type=int, nargs="+", default=[10_000, 50_000],
                        help="message counts for the sync suite")
    parser.add_argument("--gui-sizes", type=int, nargs="+", default=[100_000, 1_000_000],
                        help="message counts for the message-list window suite")
    parser.add_argument("--peers", nargs="*", choices=peers.PEERS,
                        default=["mbsync", "mbsync-nofsync"],
                        help="other clients to compare with (sync suite); offlineimap is slow")
    parser.add_argument("--profile", action="store_true",
                        help="also profile Kizuna's initial sync (py-spy, else cProfile)")
    args = parser.parse_args()

    document: dict[str, object] = {"machine": platform.platform(), "revision": _revision()}
    printed = []
    if args.suite in ("store", "all"):
        results = [store_search.run(n) for n in args.sizes]
        document["results"] = results
        printed.append(_table(results))
    if args.suite in ("sync", "all"):
        # Imported here: it needs the test Dovecot helper, which the store suite does not.
        from bench import sync_bench

        synced = [sync_bench.run(n, tuple(args.peers), args.profile) for n in args.sync_sizes]
        document["sync"] = synced
        printed.append("IMAP sync (Kizuna vs peers, local Dovecot over TLS)\n"
                       + sync_bench.table(synced))
    if args.suite in ("gui", "all"):
        from bench import gui

        listed = [gui.run(n) for n in args.gui_sizes]
        document["gui"] = listed
        printed.append("Message list window (offscreen Qt)\n" + gui.table(listed))
    print("\n\n".join(printed))
    RESULTS.mkdir(exist_ok=True)
    stem = "store_search" if args.suite == "store" else f"bench-{args.suite}"
    out = RESULTS / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
