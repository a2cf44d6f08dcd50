"""HTML mail bodies as plain text: html2text for reading, a linear tag-stripper for indexing."""

from __future__ import annotations

import html
import re

import html2text

MAX_HTML_CHARS = 2 * 1024 * 1024  # html2text is pure Python: bound its work on huge bodies

_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_RUN = re.compile(r"\n\n\n+")
_SKIPPED = re.compile(r"<(script|style|title)\b|<!--", re.IGNORECASE)
_CLOSERS = {
    "script": re.compile(r"</script", re.IGNORECASE),
    "style": re.compile(r"</style", re.IGNORECASE),
    "title": re.compile(r"</title", re.IGNORECASE),
    None: re.compile(r"-->"),
}
_BREAK = re.compile(r"<(?:br|p|div|tr|li|h[1-6]|table|blockquote)\b[^<>]*>", re.IGNORECASE)
# [^<>] rather than [^>]: an unclosed "<" must not make every later "<" rescan to the end.
_TAG = re.compile(r"<[^<>]*>")


def html_to_text(source: str) -> str:
    """Readable text: links kept as [text](url), images as their alt text, no wrapping."""
    source = source[:MAX_HTML_CHARS]
    try:
        converter = html2text.HTML2Text()
        converter.body_width = 0
        converter.images_to_alt = True
        converter.unicode_snob = True
        converter.ignore_emphasis = True
        converter.ignore_tables = True  # mail uses tables for layout, not data
        text = converter.handle(source)
    except Exception:  # html2text on hostile markup: any failure falls back to stripping
        return strip_tags(source)
    return _tidy(text)


def strip_tags(source: str) -> str:
    """Fast, linear HTML to text for snippets and the search index."""
    kept: list[str] = []
    pos = 0
    while (match := _SKIPPED.search(source, pos)) is not None:
        kept.append(source[pos : match.start()])
        kind = match.group(1).lower() if match.group(1) else None
        closer = _CLOSERS[kind].search(source, match.end())
        end = source.find(">", closer.end() - 1) if closer else -1
        if end < 0:
            pos = len(source)
            break
        pos = end + 1
    kept.append(source[pos:])
    text = _TAG.sub("", _BREAK.sub("\n", "".join(kept)))
    text = html.unescape(text) if "&" in text else text
    return _tidy(text.replace("\xa0", " "))


def _tidy(text: str) -> str:
    """Trailing spaces and runs of blank lines gone, guarded: these regexes have no literal
    prefix to search for, and most texts need neither."""
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_SPACE.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()
