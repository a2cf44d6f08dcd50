"""Printing results: one JSON document with --json, short readable lines otherwise."""

from __future__ import annotations

import dataclasses
import json
import sys
import unicodedata
from typing import Any


def plain(value: Any) -> Any:
    """Dataclasses (nested too) as JSON-ready dicts and lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def emit_json(value: Any) -> None:
    json.dump(plain(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def emit_lines(lines: list[str]) -> None:
    for line in lines:
        print(line)


def one_line(text: str) -> str:
    return " ".join(text.split())


def _cells(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def fit(text: str, width: int) -> str:
    """Cut and pad to `width` terminal cells; Japanese characters take two."""
    out, used = [], 0
    for char in text:
        if used + _cells(char) > width:
            break
        out.append(char)
        used += _cells(char)
    return "".join(out) + " " * (width - used)
