"""The sample mailbox and CRM for `kizuna demo` and `--demo`."""

from __future__ import annotations

from app.demo.loader import DemoSummary, load_demo
from app.mail.search import index_pending


def create_demo() -> DemoSummary:
    summary = load_demo()
    index_pending()
    return summary
