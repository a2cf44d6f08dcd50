"""Cues that a message may not be what it claims: spoofed senders and deceptive links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

_ADDRESS_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_HOST_IN_TEXT = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?([\w-]+(?:\.[\w-]+)+)(?:[:/?#]|$)", re.I)


@dataclass(frozen=True)
class MailWarning:
    kind: str  # spoofed-display-name | deceptive-link
    english: str
    japanese: str


def _host(value: str) -> str:
    try:
        host = value.encode("idna").decode("ascii")
    except UnicodeError:
        host = value
    return host.lower().rstrip(".")


def _same_site(a: str, b: str) -> bool:
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def sender_warnings(from_name: str, from_addr: str) -> list[MailWarning]:
    shown = [m.lower() for m in _ADDRESS_IN_TEXT.findall(from_name)]
    if any(address != from_addr.lower() for address in shown):
        return [
            MailWarning(
                "spoofed-display-name",
                f"The sender's name shows another address; the real sender is {from_addr}.",
                f"差出人名に別のアドレスが含まれています。実際の差出人は {from_addr} です。",
            )
        ]
    return []


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def link_warnings(html: str) -> list[MailWarning]:
    collector = _LinkCollector()
    collector.feed(html)
    warnings = []
    for href, text in collector.links:
        shown = _HOST_IN_TEXT.match(text)
        target = urlsplit(href.strip()).hostname if href else None
        if not shown or not target:
            continue
        shown_host, target_host = _host(shown.group(1)), _host(target)
        if not _same_site(shown_host, target_host):
            warnings.append(
                MailWarning(
                    "deceptive-link",
                    f"A link shows {shown_host} but opens {target_host}.",
                    f"リンクの表示は {shown_host} ですが、実際の行き先は {target_host} です。",
                )
            )
    return warnings
