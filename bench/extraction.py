"""Field-level precision and recall of signature extraction over the test corpus.

`python -m bench.extraction [--details]` prints a table per field and writes JSON under
bench/results/. A value counts as found when it equals the expected one (phones compared as
numbers, websites without the trailing slash); a value where none was expected, or a wrong
one, costs precision; a missing or wrong value costs recall.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from dataclasses import asdict
from pathlib import Path

import phonenumbers

from app.crm.extract import extract
from tests.crm.signatures import FIELDS, load_corpus

RESULTS = Path(__file__).parent / "results"
HEADLINE = ("last_name", "first_name", "company", "phone")


def comparable(field: str, value: str) -> str:
    value = re.sub(r"\s+", " ", value).strip()
    if not value:
        return ""
    if field in ("phone", "mobile"):
        try:
            number = phonenumbers.parse(value, "JP")
        except phonenumbers.NumberParseException:
            return value
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if field == "website":
        return value.rstrip("/").lower()
    return value


def score() -> dict:
    counts = {f: {"tp": 0, "fp": 0, "fn": 0} for f in FIELDS}
    misses = []
    cases = load_corpus()
    started = time.perf_counter()
    for case in cases:
        got = asdict(extract(case.from_name, case.from_addr, case.body))
        for field in FIELDS:
            want, have = comparable(field, case.expected[field]), comparable(field, got[field])
            if have and have == want:
                counts[field]["tp"] += 1
                continue
            if have:
                counts[field]["fp"] += 1
            if want:
                counts[field]["fn"] += 1
            if have or want:
                misses.append({"case": case.name, "field": field, "expected": want, "got": have})
    elapsed = time.perf_counter() - started
    fields = {}
    for field, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        fields[field] = {**c, "precision": round(precision, 3), "recall": round(recall, 3)}
    return {"cases": len(cases), "ms_per_mail": round(elapsed * 1000 / len(cases), 2),
            "fields": fields, "misses": misses}


def table(result: dict) -> str:
    lines = [f"{'field':<11} {'expected':>8} {'tp':>4} {'fp':>4} {'fn':>4} "
             f"{'precision':>9} {'recall':>7}"]
    for field, r in result["fields"].items():
        mark = " *" if field in HEADLINE else ""
        lines.append(f"{field:<11} {r['tp'] + r['fn']:>8} {r['tp']:>4} {r['fp']:>4} {r['fn']:>4} "
                     f"{r['precision']:>9.1%} {r['recall']:>7.1%}{mark}")
    lines.append(f"\n{result['cases']} mails, {result['ms_per_mail']} ms per mail; "
                 "* = target fields (≥ 90 %)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction")
    parser.add_argument("--details", action="store_true", help="list every miss")
    args = parser.parse_args()
    result = score()
    print(table(result))
    if args.details:
        for miss in result["misses"]:
            print(f"  {miss['case']:<36} {miss['field']:<10} want {miss['expected']!r:<40} "
                  f"got {miss['got']!r}")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"extraction-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
