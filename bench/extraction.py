"""Field-level precision and recall of the CRM's extraction of a person from an email.

`python -m bench.extraction [--details]` scores three sets and writes JSON under bench/results/:
- corpus: tests/crm/signatures, written before the extractor and used while building it;
- holdout: tests/crm/signatures/holdout, written after the extractor was frozen;
- demo: every message the demo mailbox holds from a person with a signature, read back from
  the store (charsets, HTML, quoted replies) and compared with the cast list of app/demo,
  which another engineer wrote without the extractor in mind.

A value counts as found when it equals the expected one (phones compared as numbers,
websites without the trailing slash). A value where none was expected, or a wrong one, costs
precision; a missing or wrong value costs recall.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import phonenumbers

from app.crm.extract import extract, extract_from_message
from tests.crm.signatures import FIELDS, HOLDOUT, load_corpus

RESULTS = Path(__file__).parent / "results"
HEADLINE = ("last_name", "first_name", "company", "phone")
# The cast list knows these fields for everyone; website and address it fills only sometimes.
DEMO_FIELDS = ("last_name", "first_name", "company", "title", "phone", "mobile")

Sample = tuple[str, dict[str, str], dict[str, str]]  # name, expected, extracted


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


def corpus_samples(directory: Path | None = None) -> Iterator[Sample]:
    for case in load_corpus(directory) if directory else load_corpus():
        got = asdict(extract(case.from_name, case.from_addr, case.body))
        yield case.name, case.expected, got


def demo_samples() -> Iterator[Sample]:
    from app.demo.people import EVERYONE, ME
    from app.models.mail import Message
    from app.services.demo import create_demo
    from app.services.session import open_session

    cast = {p.email: p for p in EVERYONE if p.signature and p is not ME}
    with tempfile.TemporaryDirectory() as home:
        session = open_session(Path(home))
        try:
            create_demo()
            rows = (Message.select(Message.id, Message.from_addr)
                    .where(Message.from_addr.in_(list(cast))).order_by(Message.id).tuples())
            for message_id, address in rows:
                person = cast[address]
                expected = {"last_name": person.family, "first_name": person.given,
                            "company": person.company, "title": person.title,
                            "phone": person.phone, "mobile": person.mobile}
                got = asdict(extract_from_message(message_id))
                yield f"demo-{message_id}-{person.key}", expected, got
        finally:
            session.close()


def score(samples: Iterator[Sample], fields: tuple[str, ...] = FIELDS) -> dict:
    counts = {f: {"tp": 0, "fp": 0, "fn": 0} for f in fields}
    misses = []
    started = time.perf_counter()
    total = 0
    for name, expected, got in samples:
        total += 1
        for field in fields:
            want, have = comparable(field, expected[field]), comparable(field, got[field])
            if have and have == want:
                counts[field]["tp"] += 1
                continue
            if have:
                counts[field]["fp"] += 1
            if want:
                counts[field]["fn"] += 1
            if have or want:
                misses.append({"case": name, "field": field, "expected": want, "got": have})
    elapsed = time.perf_counter() - started
    result = {}
    for field, c in counts.items():
        precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        result[field] = {**c, "precision": round(precision, 3), "recall": round(recall, 3)}
    return {"mails": total, "ms_per_mail": round(elapsed * 1000 / max(total, 1), 2),
            "fields": result, "misses": misses}


def table(title: str, result: dict) -> str:
    lines = [f"{title}: {result['mails']} mails, {result['ms_per_mail']} ms per mail",
             f"  {'field':<11} {'expected':>8} {'tp':>4} {'fp':>4} {'fn':>4} "
             f"{'precision':>9} {'recall':>7}"]
    for field, r in result["fields"].items():
        mark = " *" if field in HEADLINE else ""
        lines.append(f"  {field:<11} {r['tp'] + r['fn']:>8} {r['tp']:>4} {r['fp']:>4} "
                     f"{r['fn']:>4} {r['precision']:>9.1%} {r['recall']:>7.1%}{mark}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction")
    parser.add_argument("--details", action="store_true", help="list every miss")
    parser.add_argument("--sets", nargs="+", choices=["corpus", "holdout", "demo"],
                        default=["corpus", "holdout", "demo"])
    args = parser.parse_args()
    runs = {
        "corpus": lambda: score(corpus_samples()),
        "holdout": lambda: score(corpus_samples(HOLDOUT)),
        "demo": lambda: score(demo_samples(), DEMO_FIELDS),
    }
    document: dict[str, dict] = {}
    for name in args.sets:
        document[name] = result = runs[name]()
        print(table(name, result))
        if args.details:
            for miss in result["misses"]:
                print(f"    {miss['case']:<36} {miss['field']:<10} want {miss['expected']!r} "
                      f"got {miss['got']!r}")
        print()
    print("* = target fields (>= 90 % precision and recall)")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"extraction-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"written {out}")


if __name__ == "__main__":
    main()
