"""Fuzz the mail pipeline: mutated messages through parsing, storing and threading,
indexing, search, rendering and `messages show`. An escape is any exception the pipeline
lets out (a message that cannot be parsed must come out as ParseError, ParseTimeout or a
stored "unreadable" row, never as a crash).

    python -m bench.fuzz [--messages N] [--seed S]

Prints messages tried, escapes, timeouts and the slowest message, and writes
bench/results/fuzz-*.json. tests/mail/test_fuzz.py drives the same mutators with hypothesis.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from app.mail.limits import ParseTimeout
from app.mail.parse import ParseError, parse_metadata
from app.mail.search import index_pending
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.db import open_memory_database
from app.models.mail import Folder
from app.services import mailbox
from bench.corpus import generate

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "mail" / "corpus"
RESULTS = Path(__file__).parent / "results"
MAX_MESSAGE = 2 * 1024 * 1024

CHARSETS = ["utf-8", "iso-2022-jp", "shift_jis", "euc-jp", "utf-16", "utf-7", "gb2312",
            "x-unknown", "unicode-escape", "punycode", "idna", "", "utf-8*ja", "cp932"]
ENCODINGS = [b"base64", b"quoted-printable", b"7bit", b"8bit", b"binary", b"x-uuencode",
             b"BASE64 ; x", b'"base64"', b""]
NASTY_HEADERS = [
    b"From: =?utf-8?b?c3VwcG9ydEBiYW5rLmV4YW1wbGUA?==?utf-8?Q?=00?=@evil.example",
    b'From: "a@b.example" <c@d.example>, <e@f.example>, ' + b"x," * 3000,
    b"To: " + b"<a@b>," * 5000,
    b"Subject: " + b"=?utf-8?q?" + b"=E3=81=82" * 2000 + b"?=",
    b"Subject: " + b"Re: " * 5000 + b"loop",
    b"References: " + b" ".join(b"<r%d@x>" % i for i in range(3000)),
    b"In-Reply-To: <self@x>\r\nMessage-ID: <self@x>\r\nReferences: <self@x> <self@x>",
    b"Date: Mon, 99 Foo 99999 99:99:99 +9999",
    b"Content-Type: multipart/mixed; boundary=\"\"",
    b"Content-Type: multipart/mixed; boundary*0*=utf-8''%E3%81%82; boundary*1=b",
    b"Content-Type: text/plain; charset*=utf-8'ja'%FF%FE%00",
    b"Content-Disposition: attachment; filename*0=\"../../\"; filename*1=\"CON\"; "
    b"filename*2*=utf-8''%E2%80%AEfdp.exe",
    b"Content-Type: message/rfc822",
    b"X-Long: " + b"a" * 300_000,
    b"From: \x00\r\x1b$B\x1b(J=?iso-2022-jp?b?GyRCJCIbKEI=?=",
]


@cache
def seeds() -> tuple[bytes, ...]:
    """The hand-written corpus plus a few ordinary generated messages."""
    files = [path.read_bytes() for path in sorted(CORPUS.glob("*.eml"))]
    return (*files, *generate(12, seed=7))


# --- mutators: each takes a message and a random source, and returns a new message -------

Mutator = Callable[[bytes, random.Random], bytes]


def _position(raw: bytes, rng: random.Random) -> int:
    return rng.randrange(len(raw) + 1)


def flip_bytes(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 16)):
        if data:
            data[rng.randrange(len(data))] = rng.choice(b"\x00\r\n\x1b=?-<>\"\\:;\xff\x80 A")
    return bytes(data)


def truncate(raw: bytes, rng: random.Random) -> bytes:
    return raw[: _position(raw, rng)]


def insert_header(raw: bytes, rng: random.Random) -> bytes:
    return rng.choice(NASTY_HEADERS) + b"\r\n" + raw


def random_encoded_word(raw: bytes, rng: random.Random) -> bytes:
    payload = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
    kind = rng.choice("BQbq")
    body = base64.b64encode(payload) if kind in "Bb" else b"".join(
        b"=%02X" % c for c in payload)
    word = b"=?" + rng.choice(CHARSETS).encode() + b"?" + kind.encode() + b"?" + body + b"?="
    name = rng.choice([b"From", b"Subject", b"To", b"Cc"])
    return name + b": " + word + rng.choice([b"", b" <x@y.example>", b"@evil.example"]) + \
        b"\r\n" + raw


def break_boundaries(raw: bytes, rng: random.Random) -> bytes:
    lines = raw.split(b"\n")
    marked = [i for i, line in enumerate(lines) if line.startswith(b"--")]
    for i in rng.sample(marked, min(len(marked), rng.randint(1, 3))):
        lines[i] = rng.choice([b"", lines[i] + b"--", lines[i][:-3], lines[i] * 2,
                               b"--" + bytes(rng.randrange(256) for _ in range(8))])
    return b"\n".join(lines)


def swap_encodings(raw: bytes, rng: random.Random) -> bytes:
    raw = raw.replace(b"charset=", b"charset=" + rng.choice(CHARSETS).encode() + b";x=", 1)
    for marker in (b"Content-Transfer-Encoding: ", b"content-transfer-encoding: "):
        if marker in raw:
            head, _, rest = raw.partition(marker)
            rest = rest.split(b"\n", 1)[-1]
            raw = head + marker + rng.choice(ENCODINGS) + b"\n" + rest
    return raw


def nest(raw: bytes, rng: random.Random) -> bytes:
    for depth in range(rng.randint(1, 45)):
        boundary = b"n%d" % depth
        raw = (b"Content-Type: multipart/mixed; boundary=" + boundary + b"\r\n\r\n--" + boundary
               + b"\r\n" + raw + b"\r\n--" + boundary + b"--\r\n")
    return b"From: nest@example.com\r\n" + raw


def repeat_line(raw: bytes, rng: random.Random) -> bytes:
    lines = raw.split(b"\n")
    i = rng.randrange(len(lines))
    lines[i:i + 1] = [lines[i]] * rng.choice([2, 50, 500])
    return b"\n".join(lines)


def line_endings(raw: bytes, rng: random.Random) -> bytes:
    return raw.replace(b"\r\n", rng.choice([b"\n", b"\r", b"\r\r\n", b"\n\r"]))


def splice(raw: bytes, rng: random.Random) -> bytes:
    donor = rng.choice(seeds())
    start = rng.randrange(len(donor))
    at = _position(raw, rng)
    return raw[:at] + donor[start : start + rng.randint(1, 2000)] + raw[at:]


MUTATORS: list[Mutator] = [flip_bytes, truncate, insert_header, random_encoded_word,
                           break_boundaries, swap_encodings, nest, repeat_line, line_endings,
                           splice]


def mutate(raw: bytes, steps: list[tuple[int, int]]) -> bytes:
    """Apply (mutator index, random seed) steps in order; the result is cut to MAX_MESSAGE
    (size caps have tests of their own; the fuzz is after shapes, not bulk)."""
    for index, seed in steps:
        raw = MUTATORS[index % len(MUTATORS)](raw, random.Random(seed))[:MAX_MESSAGE]
    return raw


# --- the pipeline --------------------------------------------------------------------------


@dataclass
class Outcome:
    seconds: float
    escapes: list[str] = field(default_factory=list)
    timed_out: bool = False


def _escape(stage: str, error: BaseException) -> str:
    frame = traceback.extract_tb(error.__traceback__)[-1]
    return f"{stage}: {type(error).__name__}: {error} ({frame.filename}:{frame.lineno})"[:400]


def run_one(folder: Folder, raw: bytes) -> Outcome:
    """Everything a message goes through, from arrival to being read. Needs a bound store."""
    started = time.perf_counter()
    outcome = Outcome(0.0)
    try:
        parse_metadata(raw)
    except ParseTimeout:
        outcome.timed_out = True
    except ParseError:
        pass
    except Exception as error:
        outcome.escapes.append(_escape("parse", error))
    try:
        [message_id] = store_messages(folder, [IncomingMessage(raw)])
        index_pending()
        summary = mailbox.get_summary(message_id)
        words = summary.subject.split()
        mailbox.search(" ".join(words[:2]) or "x")
        mailbox.list_messages(folder.id, limit=5)
        if summary.thread_id is not None:
            mailbox.thread_messages(summary.thread_id)
        # Rendering runs in the worker process: an exception there comes back as the
        # detail's parse_error, so it is counted below rather than raised.
        detail = mailbox.show_message(message_id, allow_remote=True)
        stored_error = summary.subject == "(unreadable message)"
        if detail.parse_error and not stored_error and "longer than" not in detail.parse_error:
            outcome.escapes.append(f"show: {detail.parse_error}"[:400])
    except Exception as error:
        outcome.escapes.append(_escape("store/show", error))
    outcome.seconds = time.perf_counter() - started
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz")
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    open_memory_database()
    folder = ensure_folder(ensure_account("Fuzz", "ken@example.jp"), "INBOX", "inbox")
    rng = random.Random(args.seed)
    pool = seeds()
    escapes: list[str] = []
    timeouts, slowest, started = 0, (0.0, -1), time.perf_counter()
    for n in range(args.messages):
        steps = [(rng.randrange(len(MUTATORS)), rng.getrandbits(32))
                 for _ in range(rng.randint(1, 5))]
        outcome = run_one(folder, mutate(rng.choice(pool), steps))
        escapes += outcome.escapes
        timeouts += outcome.timed_out
        slowest = max(slowest, (outcome.seconds, n))
    elapsed = time.perf_counter() - started
    document = {"messages": args.messages, "seed": args.seed, "escapes": len(escapes),
                "timeouts": timeouts, "seconds": round(elapsed, 1),
                "slowest_seconds": round(slowest[0], 3), "escape_samples": escapes[:20]}
    print(f"{'messages':>9} {'escapes':>8} {'timeouts':>9} {'seconds':>8} {'slowest s':>10}")
    print(f"{args.messages:>9} {len(escapes):>8} {timeouts:>9} {elapsed:>8.1f} "
          f"{slowest[0]:>10.3f}")
    for line in escapes[:20]:
        print("  " + line)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"fuzz-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False))
    print(f"\nwritten {out}")


if __name__ == "__main__":
    main()
