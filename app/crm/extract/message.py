"""The sender and plain text of a stored message, for extraction.

The text is rendered in the same time-capped worker process the reader uses: a hostile
message may stall the HTML converter, and extraction runs for any mail the user opens.
"""

from __future__ import annotations

from app.errors import NotFound
from app.mail.limits import RENDER_SECONDS, ParseTimeout, WorkerFailed, render_worker
from app.mail.parse import parse_full
from app.models.mail import Message, MessageRaw


def plain_text(raw: bytes) -> str:
    return parse_full(raw).text


def message_parts(message_id: int) -> tuple[str, str, str]:
    row = Message.get_or_none(Message.id == message_id)
    if row is None:
        raise NotFound(f"No message with id {message_id}",
                       f"ID {message_id} のメッセージはありません")
    raw = MessageRaw.get_or_none(MessageRaw.message == message_id)
    text = ""
    if raw is not None and row.parse_error is None and row.body_state == 1:
        try:
            text = render_worker().call(plain_text, bytes(raw.data), timeout=RENDER_SECONDS)
        except (ParseTimeout, WorkerFailed):
            text = ""  # the display name still tells who wrote
    return row.from_name, row.from_addr, text
