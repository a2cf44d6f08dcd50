"""Raw RFC 822 messages built byte by byte, so tests control every header and encoding."""

from __future__ import annotations

import base64

CRLF = b"\r\n"

DEFAULT_HEADERS = (
    b"From: Taro Yamada <taro@example.jp>",
    b"To: Hanako Sato <hanako@example.org>",
    b"Subject: Hello",
    b"Date: Mon, 01 Jan 2024 10:00:00 +0900",
    b"Message-ID: <msg-1@example.jp>",
    b"MIME-Version: 1.0",
)


def _line(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def entity(
    content_type: bytes | str,
    body: bytes | str,
    *,
    encoding: str | None = None,
    headers: tuple[bytes | str, ...] = (),
) -> bytes:
    """A MIME entity (headers + body); encoding 'base64' also encodes the body."""
    data = _line(body)
    lines = [b"Content-Type: " + _line(content_type)]
    if encoding:
        lines.append(b"Content-Transfer-Encoding: " + encoding.encode())
    if encoding == "base64":
        data = base64.encodebytes(data).replace(b"\n", CRLF)
    lines.extend(_line(h) for h in headers)
    return CRLF.join(lines) + CRLF + CRLF + data


def multipart(subtype: str, *parts: bytes, boundary: str | None = None) -> bytes:
    marker = (boundary or f"=_{subtype}_{len(parts)}_b").encode()
    body = b"This is a multi-part message in MIME format." + CRLF
    for part in parts:
        body += b"--" + marker + CRLF + part + CRLF
    body += b"--" + marker + b"--" + CRLF
    return entity(f'multipart/{subtype}; boundary="{marker.decode()}"', body)


def message(
    body_entity: bytes | None = None,
    *headers: bytes | str,
    defaults: tuple[bytes, ...] = DEFAULT_HEADERS,
) -> bytes:
    """Top-level headers (defaults unless overridden by name) followed by one entity."""
    names = {_line(h).split(b":", 1)[0].lower() for h in headers}
    lines = [h for h in defaults if h.split(b":", 1)[0].lower() not in names]
    lines += [_line(h) for h in headers]
    if body_entity is None:
        body_entity = entity("text/plain; charset=utf-8", "Hello world")
    return CRLF.join(lines) + CRLF + body_entity


def b_word(text: str, charset: str = "utf-8") -> str:
    """An RFC 2047 B-encoded word."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def without(*names: str) -> tuple[bytes, ...]:
    """The default headers minus some, for messages that lack a Date, From, ..."""
    dropped = {name.lower().encode() for name in names}
    return tuple(h for h in DEFAULT_HEADERS if h.split(b":", 1)[0].lower() not in dropped)

# A guard against quadratic blow-ups, not a benchmark: the linear code takes milliseconds,
# the quadratic alternative minutes, so a generous bound cannot flake on a slow machine.
HANG_SECONDS = 10
