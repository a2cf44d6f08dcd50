"""The signature corpus: one received mail per file, with the fields a person would enter.

`load_corpus()` is the development set (written before the extractor); `load_corpus(HOLDOUT)`
was written after the extractor was frozen and is only measured, never tuned against.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

DIRECTORY = Path(__file__).parent
HOLDOUT = DIRECTORY / "holdout"
FIELDS = ("last_name", "first_name", "company", "title", "phone", "mobile", "website",
          "address")


@dataclass
class Case:
    name: str
    from_name: str
    from_addr: str
    body: str
    note: str = ""
    expected: dict[str, str] = field(default_factory=dict)


def _read(path: Path) -> Case:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    values: dict[str, str] = {}
    for line in head.splitlines():
        key, _, value = line.partition(":")
        values[key.strip()] = value.strip()
    from_name, from_addr = parseaddr(values.pop("from"))
    note = values.pop("note", "")
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ValueError(f"{path.name}: unknown fields {sorted(unknown)}")
    expected = {name: values.get(name, "") for name in FIELDS}
    return Case(path.stem, from_name, from_addr, body, note, expected)


def load_corpus(directory: Path = DIRECTORY) -> list[Case]:
    return [_read(path) for path in sorted(directory.glob("*.txt"))]
