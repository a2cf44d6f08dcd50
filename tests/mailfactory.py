"""Building RFC 822 test messages in code, so every test owns its input."""

from __future__ import annotations

import email.utils
from email.message import EmailMessage

BASE_DATE = 1_763_000_000  # Nov 2025, a fixed point so tests never depend on the clock


def make_message(
    subject: str = "Hello",
    body: str = "Body text",
    *,
    message_id: str | None = "auto",
    references: list[str] | None = None,
    in_reply_to: str | None = None,
    sender: str = "Alice Example <alice@example.com>",
    to: str = "Ken Sato <ken@example.jp>",
    date: int | None = BASE_DATE,
    html: str | None = None,
    seq: int = 0,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    if date is not None:
        msg["Date"] = email.utils.formatdate(date + seq * 60)
    if message_id == "auto":
        message_id = f"msg{seq}-{abs(hash((subject, body))) % 10**8}@example.com"
    if message_id:
        msg["Message-ID"] = f"<{message_id}>"
    if references:
        msg["References"] = " ".join(f"<{r}>" for r in references)
    if in_reply_to:
        msg["In-Reply-To"] = f"<{in_reply_to}>"
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return bytes(msg)
