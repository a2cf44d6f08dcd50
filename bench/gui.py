"""The message list at scale, as a user meets it: `python -m bench.gui [--sizes N ...]`.

For each size, one folder of N synthetic messages (built once by bench/list_sort.py's store
path and kept in --db-dir) is opened by a fresh Python process on Qt's offscreen platform,
which reports:

- cold start: from launching the process to the main window shown with the folder's first
  page painted (imports, database, window; no sync engine, no network);
- first paint: selecting the folder to its list painted;
- jump to end: every remaining page read (keyset paging) and the last row painted;
- random jumps: 100 random rows scrolled to and painted (median and p95);
- RSS after the first paint and peak RSS (after the jump to the end, every row loaded).

Prints a table and writes JSON to bench/results/gui-*.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
JUMPS = 100
DB_DIR = Path("/tmp/kizuna-bench-list-sort")  # shared with bench/list_sort.py


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def measure(db_dir: Path, launched: float) -> dict[str, float]:
    """Runs in the child; `launched` is the parent's wall clock just before starting it."""
    from PySide6.QtCore import QModelIndex, QSettings
    from PySide6.QtWidgets import QApplication

    from app.services.session import open_session
    from app.ui.itemmodels.list_sources import FolderMessages
    from app.ui.itemmodels.message_list import COL_SUBJECT
    from app.ui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    session = open_session(db_dir)
    settings = QSettings(str(db_dir / "bench-gui.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)  # selects the first folder: its first page
    window.show()
    view, model = window.message_view, window.message_model
    view.viewport().repaint()
    app.processEvents()
    interactive = time.time() - launched
    after_paint = _rss_mb()

    folder = window.folder
    assert folder is not None and model.rowCount() > 0
    model.set_source(None)
    started = time.perf_counter()
    model.set_source(FolderMessages(folder.id))  # what selecting the folder does to the list
    view.viewport().repaint()
    first_paint = time.perf_counter() - started

    started = time.perf_counter()
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    view.scrollToBottom()
    view.viewport().repaint()
    jump_end = time.perf_counter() - started
    rows = model.rowCount()

    rng = random.Random(1)
    jumps = []
    for _ in range(JUMPS):
        index = model.index(rng.randrange(rows), COL_SUBJECT)
        started = time.perf_counter()
        view.scrollTo(index)
        view.setCurrentIndex(index)
        view.viewport().repaint()
        jumps.append((time.perf_counter() - started) * 1000)
    jumps.sort()
    result = {
        "messages": folder.total, "rows": rows,
        "cold_start_s": round(interactive, 3),
        "first_paint_ms": round(first_paint * 1000, 1),
        "jump_end_s": round(jump_end, 3),
        "random_jump_median_ms": round(statistics.median(jumps), 2),
        "random_jump_p95_ms": round(jumps[int(len(jumps) * 0.95) - 1], 2),
        "rss_first_paint_mb": after_paint,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    window.close()
    session.close()
    return result


def _database(size: int, db_dir: Path) -> Path:
    """The folder of `size` messages, stored once (the slow part) and reused after."""
    from app.models.db import open_database
    from bench.list_sort import _folder

    path = db_dir / str(size)
    path.mkdir(parents=True, exist_ok=True)
    db = open_database(path)
    try:
        _folder(size)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return path


def run(size: int, db_dir: Path = DB_DIR) -> dict[str, float]:
    """Store the folder if needed, then measure it in a fresh process."""
    return _child(_database(size, db_dir))


def _child(path: Path) -> dict[str, float]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # Two runs: the first warms the OS page cache as a second start of the day would.
    for _ in range(2):
        launched = time.time()
        done = subprocess.run(
            [sys.executable, "-m", "bench.gui", "--child", str(path), "--launched",
             repr(launched)],
            capture_output=True, text=True, env=environment, check=True,
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(rows: list[dict[str, float]]) -> str:
    header = (f"{'messages':>9} {'cold start s':>12} {'first paint ms':>14} {'to end s':>9} "
              f"{'jump med/p95 ms':>16} {'RSS MB':>7} {'peak MB':>8}")
    lines = [header]
    for r in rows:
        jumps = f"{r['random_jump_median_ms']}/{r['random_jump_p95_ms']}"
        lines.append(f"{r['messages']:>9} {r['cold_start_s']:>12} {r['first_paint_ms']:>14} "
                     f"{r['jump_end_s']:>9} {jumps:>16} {r['rss_first_paint_mb']:>7} "
                     f"{r['peak_rss_mb']:>8}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.gui")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--db-dir", type=Path, default=DB_DIR)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--launched", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.launched)))
        return
    rows = [run(size, args.db_dir) for size in args.sizes]
    print(table(rows))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"gui-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"results": rows}, indent=2))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
