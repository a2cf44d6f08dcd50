"""Public record ids: a kind prefix and the row id, so a lead is never taken for a contact."""

from __future__ import annotations

from app.errors import UsageError

PREFIXES = {"lead": "L", "contact": "C", "company": "O", "deal": "D", "activity": "A"}
_KINDS = {prefix: kind for kind, prefix in PREFIXES.items()}


def format_id(kind: str, row_id: int) -> str:
    return f"{PREFIXES[kind]}{row_id}"


def parse_id(value: str, *expected: str) -> tuple[str, int]:
    """Split 'L12' into ('lead', 12); `expected` limits the kinds accepted."""
    text = value.strip().upper()
    kind = _KINDS.get(text[:1])
    if kind is None or not text[1:].isdigit() or (expected and kind not in expected):
        wanted = " or ".join(f"{PREFIXES[k]}<number> ({k})" for k in expected or PREFIXES)
        raise UsageError(
            f"'{value}' is not a valid id; expected {wanted}",
            f"「{value}」は有効なIDではありません。{wanted} の形式で指定してください",
        )
    return kind, int(text[1:])
