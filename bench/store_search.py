"""Parse + thread + index N synthetic messages, then time searches.

Reports metadata extraction alone (parse_metadata), the whole store path (raw insert, parse,
thread), indexing, and search latency percentiles for a common, a rare, a Japanese, a short
Japanese and a prefix query.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from itertools import islice
from pathlib import Path

from app.mail.parse import parse_metadata
from app.mail.search import index_pending, search_ids
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.db import open_database
from bench.corpus import RARE_WORD, generate

BATCH = 1000
QUERIES = {
    "common": "meeting",
    "rare": RARE_WORD,
    "japanese": "見積",
    "japanese-3": "お見積もり",
    "prefix": "invo",
    "from+word": "from:山田 契約",
}
SEARCH_RUNS = 40


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def run(count: int) -> dict[str, object]:
    corpus = list(generate(count))
    started = time.perf_counter()
    for raw in corpus:
        parse_metadata(raw)
    parse_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp))
        folder = ensure_folder(ensure_account("Bench", "ken@example.jp"), "INBOX", "inbox")
        started = time.perf_counter()
        items = iter(corpus)
        while batch := list(islice(items, BATCH)):
            store_messages(folder, [IncomingMessage(raw) for raw in batch])
        store_seconds = time.perf_counter() - started
        started = time.perf_counter()
        index_pending(batch=2000)
        index_seconds = time.perf_counter() - started

        searches = {}
        for label, query in QUERIES.items():
            timings, hits = [], 0
            for _ in range(SEARCH_RUNS):
                t0 = time.perf_counter()
                hits = len(search_ids(query, limit=50))
                timings.append((time.perf_counter() - t0) * 1000)
            searches[label] = {
                "query": query,
                "hits": hits,
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(_percentile(timings, 95), 2),
            }
        db_size = sum(p.stat().st_size for p in Path(tmp).iterdir())
        db.close()
    return {
        "messages": count,
        "parse_metadata_per_s": round(count / parse_seconds),
        "store_parse_thread_per_s": round(count / store_seconds),
        "index_per_s": round(count / index_seconds),
        "end_to_end_per_s": round(count / (store_seconds + index_seconds)),
        "database_mb": round(db_size / 1e6, 1),
        "search": searches,
    }
