"""CRM refusals that the user can act on: each message says why and what to do."""

from __future__ import annotations

from app.errors import UsageError


class DuplicateRecord(UsageError):
    """Creating this person would duplicate `existing` (public ids, best match first)."""

    def __init__(self, english: str, japanese: str, existing: list[str]) -> None:
        super().__init__(english, japanese)
        self.existing = existing


def invalid_value(field: str, value: str, expected: str, expected_ja: str) -> UsageError:
    return UsageError(
        f"{field}: '{value}' is not valid; expected {expected}",
        f"{field}: 「{value}」は使えません。{expected_ja}を指定してください",
    )
