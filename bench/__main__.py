"""Run the benchmarks: `python -m bench [--sizes 10000 100000]`."""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from bench import store_search

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


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    results = [store_search.run(n) for n in args.sizes]
    print(_table(results))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"store_search-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"machine": platform.platform(), "results": results}, indent=2))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
