"""The sender and plain text of a stored message, for extraction."""

from __future__ import annotations

from app.errors import NotFound
from app.mail.parse import parse_full
from app.models.mail import Message, MessageRaw


def message_parts(message_id: int) -> tuple[str, str, str]:
    row = Message.get_or_none(Message.id == message_id)
    if row is None:
        raise NotFound(f"No message with id {message_id}",
                       f"ID {message_id} のメッセージはありません")
    raw = MessageRaw.get_or_none(MessageRaw.message == message_id)
    text = ""
    if raw is not None and row.parse_error is None and row.body_state == 1:
        text = parse_full(bytes(raw.data)).text
    return row.from_name, row.from_addr, text
