"""The sender's own text and, at its end, their signature block.

Quoted replies (`>` lines), the headers that introduce a quoted or forwarded mail (「On … wrote:」,
「-----Original Message-----」, 「差出人:」 …) and everything those headers introduce are not the
sender's: someone else's signature often sits right below them.
"""

from __future__ import annotations

import re

from app.crm.extract.text import is_closing, is_delimiter, is_prose, is_rule

MAX_SIGNATURE_LINES = 14
MAX_LINE_LENGTH = 200
TAIL_LINES = 22  # markers further up are part of the body, not of a signature

_WROTE = re.compile(
    r"(wrote|writes|a écrit|schrieb|ha scritto|escribió)\s*:\s*$"
    r"|(書きました|のメッセージ|からのメール)\s*[:：]?\s*$"
    r"|^\d{4}[年/.-]\d{1,2}[月/.-]\d{1,2}日?.*<[^<>@\s]+@[^<>\s]+>\s*[:：]\s*$",
    re.IGNORECASE,
)
_ORIGINAL = re.compile(
    r"^[-_=\s]*(original message|forwarded message|forwarded by|begin forwarded message|"
    r"元のメッセージ|転送メッセージ|転送されたメッセージ|オリジナルメッセージ)[-_=\s:]*$",
    re.IGNORECASE,
)
_HEADER_START = re.compile(r"^(from|差出人|送信者|送信元)\s*[:：]", re.IGNORECASE)
_HEADER_FOLLOW = re.compile(
    r"^(sent|date|to|cc|subject|送信日時|日時|日付|宛先|件名|cc)\s*[:：]", re.IGNORECASE
)
_MOBILE_FOOTERS = re.compile(
    r"^(sent from my \w+|sent from (mail|outlook) for \w+|get outlook for \w+|"
    r"iphoneから送信|android.*から送信|.*から送信しました)\.?$",
    re.IGNORECASE,
)


def _is_quote(line: str) -> bool:
    return line.lstrip().startswith((">", "＞"))


def _next_content(lines: list[str], start: int) -> list[str]:
    return [line for line in lines[start:start + 6] if line.strip()]


def _header_block(lines: list[str], index: int) -> bool:
    """An Outlook-style header: From:/差出人: followed by Sent:/Date:/件名: lines."""
    if not _HEADER_START.match(lines[index].strip()):
        return False
    return any(_HEADER_FOLLOW.match(line.strip()) for line in _next_content(lines, index + 1)[:4])


def own_lines(body: str) -> list[str]:
    """The lines the sender wrote: quotes dropped, cut at an unquoted quoted/forwarded mail."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    own: list[str] = []
    for index, line in enumerate(lines):
        text = line.strip()
        if _ORIGINAL.match(text) or _header_block(lines, index):
            break
        if _WROTE.search(text):
            following = _next_content(lines, index + 1)
            if following and not _is_quote(following[0]):
                break  # the quoted mail follows without '>': nothing below is the sender's
            continue  # an interleaved or '>' quoted reply: the sender may write below it
        if _is_quote(line) or _MOBILE_FOOTERS.match(text):
            continue
        own.append(line.rstrip())
    while own and (not own[-1].strip() or is_rule(own[-1])):
        own.pop()  # trailing blanks and the closing rule of a boxed signature
    return own


def signature_lines(own: list[str]) -> list[str]:
    """The signature block at the end of the sender's text (may be empty)."""
    tail_start = max(0, len(own) - TAIL_LINES)
    tail = own[tail_start:]
    start = None
    for i in range(len(tail) - 1, -1, -1):  # the last delimiter or rule wins
        if is_delimiter(tail[i]) or is_rule(tail[i]):
            start = i + 1
            break
    if start is None:
        for i in range(len(tail) - 1, -1, -1):
            if is_closing(tail[i]):
                start = i + 1
                break
    if start is None:
        start = _last_paragraph(tail)
    # A line longer than any signature line is body text (and could be megabytes long).
    block = [line.strip() for line in tail[start:]
             if line.strip() and len(line) <= MAX_LINE_LENGTH]
    return block[:MAX_SIGNATURE_LINES]


def _last_paragraph(tail: list[str]) -> int:
    start = len(tail)
    while start > 0 and tail[start - 1].strip():
        start -= 1
    # A sentence right above a signature without a blank line is not part of it.
    while start < len(tail) and is_prose(tail[start]):
        start += 1
    return start
