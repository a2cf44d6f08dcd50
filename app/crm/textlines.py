"""Content lines shared by vCard and iCalendar: escaping, folding at 75 octets, unfolding.

Folding never splits a UTF-8 character, so a Japanese name survives readers that decode each
physical line on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LIMIT = 75  # octets per physical line, CRLF excluded (RFC 5545 3.1, RFC 6350 3.2)
CRLF = "\r\n"
_PARAM = re.compile(r'([^=;]+)(?:=((?:"[^"]*"|[^;:])*))?')


def escape(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n"))


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append("\n" if nxt in "nN" else nxt)
        else:
            out.append(ch)
    return "".join(out)


def split_unescaped(value: str, separator: str = ";") -> list[str]:
    """Components of a structured value (N, ADR, ORG), each unescaped."""
    parts, current, escaped = [], [], False
    for ch in value:
        if escaped:
            current.append("\\" + ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == separator:
            parts.append(unescape("".join(current)))
            current = []
        else:
            current.append(ch)
    parts.append(unescape("".join(current)))
    return parts


def fold(line: str) -> str:
    """One logical line as physical lines of at most 75 octets, continuation lines indented."""
    pieces, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = LIMIT if not pieces else LIMIT - 1  # the leading space counts
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces) + CRLF


def unfold(text: str) -> list[str]:
    """Logical lines: a line starting with a space or tab continues the previous one."""
    lines: list[str] = []
    for raw in re.split(r"\r\n|\n|\r", text):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(raw)
    return lines


@dataclass
class ContentLine:
    name: str  # upper-case, group prefix removed
    params: dict[str, list[str]] = field(default_factory=dict)  # upper-case keys
    value: str = ""

    def param(self, key: str) -> str:
        return ",".join(self.params.get(key, []))

    def types(self) -> set[str]:
        """TYPE values, including vCard 2.1's bare parameters (TEL;CELL;VOICE)."""
        found = {t.strip().lower() for v in self.params.get("TYPE", []) for t in v.split(",")}
        return found | {k.lower() for k, v in self.params.items() if v == [""]}


def parse_line(line: str) -> ContentLine | None:
    """NAME;PARAM=a,b;PARAM2="x:y":value; None when there is no colon at all."""
    quoted = False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, value = line[:index], line[index + 1:]
            break
    else:
        return None
    name, _, rest = head.partition(";")
    params: dict[str, list[str]] = {}
    for match in _PARAM.finditer(rest):
        key, given = match.group(1).strip().upper(), match.group(2)
        if key:
            params.setdefault(key, []).append("" if given is None else given.strip('"'))
    return ContentLine(name.rsplit(".", 1)[-1].strip().upper(), params, value)
