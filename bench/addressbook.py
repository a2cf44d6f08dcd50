"""Address completion at scale: `python -m bench.addressbook [--messages N]`.

Message rows are written straight into a fresh store (only the columns completion reads
matter here), about 8,000 correspondents with a long tail, a sixth of the mail sent by the
user, plus 2,000 CRM contacts. Measures the first build, each keystroke while typing names
and addresses (Japanese included), and catching up after new mail arrives.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from app.mail.store import ensure_account, ensure_folder
from app.models.base import database_proxy
from app.models.crm import Contact
from app.models.db import open_database
from app.services import addressbook

RESULTS = Path(__file__).parent / "results"
FAMILY = ["山田", "鈴木", "佐藤", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤"]
GIVEN = ["太郎", "花子", "健一", "美咲", "翔太", "陽子", "大輔", "由美"]
ROMAN = ["yamada", "suzuki", "sato", "takahashi", "tanaka", "ito", "watanabe", "nakamura",
         "kobayashi", "kato"]
WESTERN = ["John Smith", "Maria Garcia", "Wei Chen", "Anna Müller", "Sam Taylor",
           "Priya Patel", "Lucas Martin", "Olivia Brown"]
DOMAINS = ["sample-shoji.co.jp", "globex.example", "acme.example", "initech.example",
           "テスト工業.jp", "prospect.example"]
TYPED = ["y", "ya", "yam", "yama", "yamad", "yamada", "s", "sa", "sat", "sato", "山", "山田",
         "太郎", "j", "jo", "joh", "john", "g", "gl", "glo", "globex", "m", "ma", "mar",
         "zzzz", "k", "ka", "kat", "kato"]
ME = "ken@example.jp"


def _people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    people = []
    for n in range(count):
        if rng.random() < 0.5:
            i, j = rng.randrange(len(FAMILY)), rng.randrange(len(GIVEN))
            name = f"{FAMILY[i]} {GIVEN[j]}"
            local = f"{ROMAN[i]}.{n}"
        else:
            name = rng.choice(WESTERN)
            local = name.split()[0].lower() + f"{n}"
        domain = rng.choice(DOMAINS).encode("idna").decode()
        people.append((name, f"{local}@{domain}"))
    return people


def _fill(count: int, people: list[tuple[str, str]], rng: random.Random,
          start_id: int = 0) -> None:
    folder = ensure_folder(ensure_account("Bench", ME), "INBOX", "inbox")
    weights = [1 / (rank + 1) for rank in range(len(people))]  # a few people write most
    now = int(time.time())
    rows = []
    for n in range(count):
        date = now - rng.randrange(3 * 365 * 86400)
        picks = rng.choices(people, weights, k=3)
        if rng.random() < 1 / 6:
            sender = ("Ken Sato", ME)
            to = [list(p) for p in picks[: rng.randint(1, 2)]]
        else:
            sender, to = picks[0], [["Ken Sato", ME]]
        cc = [list(picks[2])] if rng.random() < 0.3 else []
        rows.append((folder.account_id, folder.id, start_id + n + 1, 1, sender[0],
                     sender[1], json.dumps(to, ensure_ascii=False),
                     json.dumps(cc, ensure_ascii=False), date, now))
    with database_proxy.atomic():
        database_proxy.cursor().executemany(
            "INSERT INTO message (account_id, folder_id, uid, uidvalidity, from_name, "
            "from_addr, to_addrs, cc_addrs, date, created_at, \"references\", subject, flags, "
            "keywords, size, has_attachments, snippet, body_state, indexed) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,'','',0,'',0,0,'',1,1)",
            rows)


def _contacts(people: list[tuple[str, str]], count: int) -> None:
    now = int(time.time())
    rows = [{"last_name": name.split(" ")[-1], "first_name": name.split(" ")[0], "email": addr,
             "created_at": now, "updated_at": now} for name, addr in people[:count]]
    with database_proxy.atomic():
        Contact.insert_many(rows).execute()


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def run(messages: int, seed: int = 7) -> dict[str, object]:
    rng = random.Random(seed)
    people = _people(rng, 8000)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp))
        _fill(messages, people, rng)
        _contacts(people, 2000)
        addressbook.invalidate()
        t0 = time.perf_counter()
        addressbook.warm()
        build = time.perf_counter() - t0
        timings = []
        for _ in range(5):
            for prefix in TYPED:
                t0 = time.perf_counter()
                addressbook.complete(prefix)
                timings.append(time.perf_counter() - t0)
        _fill(100, people, rng, start_id=messages)
        t0 = time.perf_counter()
        addressbook.complete("ya")
        catch_up = time.perf_counter() - t0
        distinct = database_proxy.execute_sql(
            "SELECT COUNT(DISTINCT from_addr) FROM message").fetchone()[0]
        db.close()
    ordered = sorted(timings)
    return {
        "messages": messages,
        "distinct_senders": distinct,
        "first_build_ms": _ms(build),
        "keystroke_p50_ms": _ms(statistics.median(timings)),
        "keystroke_p95_ms": _ms(ordered[int(0.95 * (len(ordered) - 1))]),
        "keystroke_max_ms": _ms(ordered[-1]),
        "catch_up_100_new_ms": _ms(catch_up),
    }


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.addressbook")
    parser.add_argument("--messages", type=int, nargs="+", default=[100_000])
    args = parser.parse_args()
    results = [run(n) for n in args.messages]
    keys = list(results[0])
    print("  ".join(f"{k:>20}" for k in keys))
    for result in results:
        print("  ".join(f"{result[k]!s:>20}" for k in keys))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"addressbook-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(results, indent=2))
    print(f"written {out}")


if __name__ == "__main__":
    main()
