"""Pages of a big folder in every list order: `python -m bench.list_sort [--count N]`.

Stores N synthetic messages (bench/corpus.py) in one folder, then times a page of 200 rows
at the top of the list and one deep in it (after row N/2), flat and by conversation, for
date, sender and subject, both ways. Prints a table and writes JSON to bench/results/.
The database is kept in --db-dir between runs, so only the first run pays for the store.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.db import open_database
from app.models.mail import Folder, Message
from app.services import mailbox
from app.services.mailbox import SORT_COLUMNS, ListOrder, Position
from bench.corpus import generate

PAGE = 200
RUNS = 15
RESULTS = Path(__file__).parent / "results"


def _folder(count: int) -> int:
    folder = ensure_folder(ensure_account("Bench", "ken@example.jp"), "INBOX", "inbox")
    stored = Message.select().where(Message.folder == folder).count()
    if stored < count:
        items = iter(islice(generate(count), stored, None))
        while batch := list(islice(items, 1000)):
            store_messages(folder, [IncomingMessage(raw) for raw in batch])
    return folder.id


def _position_at(folder: int, order: ListOrder, row: int) -> Position:
    """Where row `row` sits in `order` (an OFFSET scan, outside the timing)."""
    listed = mailbox.listed_messages(folder, limit=row + 1, order=order)
    return listed[-1].position


def _median_ms(call: Callable[[], object]) -> dict[str, float]:
    """Median wall and CPU time: the machine may be shared, and CPU time is what a page
    costs whatever else runs beside it."""
    call()  # warm the page cache as a scrolling user would have
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return {"wall": round(statistics.median(wall), 2), "cpu": round(statistics.median(cpu), 2)}


def run(count: int, db_dir: Path) -> list[dict]:
    db_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(db_dir)
    try:
        folder = _folder(count)
        total = Message.select().where(Message.folder == Folder.get_by_id(folder)).count()
        rows = []
        for column in SORT_COLUMNS:
            for descending in (True, False):
                order = ListOrder(column, descending)
                deep = _position_at(folder, order, total // 2)
                rows.append({
                    "order": f"{column} {'desc' if descending else 'asc'}",
                    "messages": total,
                    "flat_first_ms": _median_ms(
                        lambda o=order: mailbox.listed_messages(folder, limit=PAGE, order=o)),
                    "flat_deep_ms": _median_ms(
                        lambda o=order, d=deep: mailbox.listed_messages(
                            folder, limit=PAGE, after=d, order=o)),
                    "threads_first_ms": _median_ms(
                        lambda o=order: mailbox.listed_threads(folder, limit=PAGE, order=o)),
                    "threads_deep_ms": _median_ms(
                        lambda o=order, d=deep: mailbox.listed_threads(
                            folder, limit=PAGE, after=d, order=o)),
                })
        return rows
    finally:
        db.close()


def table(rows: list[dict]) -> str:
    lines = [f"{'order':<13} {'messages':>8} {'flat top':>13} {'flat deep':>13} "
             f"{'conv top':>13} {'conv deep':>13}   (ms per page of {PAGE}: cpu / wall)"]
    for r in rows:
        cells = [f"{r[k]['cpu']:>6} /{r[k]['wall']:>6}" for k in
                 ("flat_first_ms", "flat_deep_ms", "threads_first_ms", "threads_deep_ms")]
        lines.append(f"{r['order']:<13} {r['messages']:>8} " + " ".join(cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.list_sort")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--db-dir", type=Path, default=Path("/tmp/kizuna-bench-list-sort"))
    args = parser.parse_args()
    rows = run(args.count, args.db_dir / str(args.count))
    print(table(rows))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"list_sort-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"page": PAGE, "results": rows}, indent=2))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
