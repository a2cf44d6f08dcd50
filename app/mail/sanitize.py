"""HTML from strangers, made safe to show: an allow-list, and no remote loads until allowed.

Nothing that can run, submit or navigate survives (scripts, handlers, forms, frames, objects,
meta refresh, base). Every way HTML names a remote resource is closed: `<img src>` and the
`background` attribute are blanked unless the user allowed remote content; `srcset`,
`<link>`, `<style>` sheets with their `@import`, SVG `<image>` and CSS `url()` in style
attributes never survive at all. `cid:` and raster `data:` images stay: they come from the
message itself. Each call cleans one MIME part; callers never join parts before cleaning.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from urllib.parse import unquote

import nh3

from app.mail.html_text import strip_tags
from app.mail.limits import MAX_HTML_NESTING
from app.mail.parse import parse_full
from app.mail.warnings import MailWarning, link_warnings, sender_warnings

ALLOWED_TAGS = {
    "a", "abbr", "b", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
    "colgroup", "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small", "span",
    "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "tt", "u", "ul",
}  # fmt: skip
# Removed together with their content, not just unwrapped: their text is code, a style
# sheet, or fallback shown only where the element itself could not run.
DROPPED_WITH_CONTENT = {
    "script", "style", "title", "head", "noscript", "template", "xmp", "svg", "math",
    "iframe", "frameset", "noframes", "object", "embed", "applet", "noembed", "select",
}  # fmt: skip
_LAYOUT = {"align", "valign", "width", "height", "bgcolor", "border", "cellpadding",
           "cellspacing", "colspan", "rowspan", "dir", "lang", "style", "title"}
_BACKGROUND = {"background"}
ALLOWED_ATTRIBUTES = {
    "*": _LAYOUT,
    "a": {"href", "name"},
    "img": {"src", "alt"},
    "font": {"color", "face", "size"},
    "table": _BACKGROUND,
    "tr": _BACKGROUND,
    "td": _BACKGROUND,
    "th": _BACKGROUND,
}
# Style properties that cannot name a URL (values are still checked for url() below).
SAFE_STYLE_PROPERTIES = {
    "color", "background-color", "font", "font-family", "font-size", "font-style",
    "font-weight", "text-align", "text-decoration", "text-indent", "line-height",
    "letter-spacing", "white-space", "vertical-align", "margin", "margin-top",
    "margin-bottom", "margin-left", "margin-right", "padding", "padding-top",
    "padding-bottom", "padding-left", "padding-right", "border", "border-top",
    "border-bottom", "border-left", "border-right", "border-color", "border-style",
    "border-width", "border-collapse", "width", "height", "max-width", "min-width",
    "display",
}  # fmt: skip
LINK_SCHEMES = {"http", "https", "mailto", "tel", "cid", "data"}
# Raster images only: an SVG image is a document of its own that may name other URLs.
INLINE_IMAGE_TYPES = ("data:image/png", "data:image/gif", "data:image/jpeg",
                      "data:image/jpg", "data:image/webp", "data:image/bmp")
MAX_INLINE_IMAGE = 8 * 1024 * 1024  # decoded bytes of one image embedded in a message

# CSS functions that load something; the argument may be quoted and contain ')'.
_CSS_LOADER = re.compile(
    r"""(?:url|image|image-set|-webkit-image-set|cross-fade|element|expression|paint)"""
    r"""\s*\(\s*("[^"]*"|'[^']*'|[^)]*)\)""",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SanitizedHtml:
    html: str
    blocked_remote: int  # remote resources withheld; > 0 means "Load remote content" applies


def is_remote(url: str) -> bool:
    lowered = "".join(url.split()).lower()  # browsers skip whitespace inside a scheme
    return lowered.startswith(("http:", "https:", "//", "ftp:", "\\\\"))


def _embedded_source(value: str) -> bool:
    lowered = "".join(value.split()).lower()
    return lowered.startswith("cid:") or lowered.startswith(INLINE_IMAGE_TYPES)


class _Filter:
    """nh3's attribute callback for every attribute that can name a URL; counts the remote
    resources withheld that allowing remote content would bring back."""

    def __init__(self, allow_remote: bool) -> None:
        self.allow_remote = allow_remote
        self.blocked = 0

    def __call__(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute in ALLOWED_ATTRIBUTES.get(tag, ()) and attribute in ("src", "background"):
            return self._source(value)
        if attribute == "style":
            return self._style(value)
        if attribute == "href" and "".join(value.split()).lower().startswith("data:"):
            return None
        return value

    def _source(self, value: str) -> str | None:
        if _embedded_source(value):
            return value
        if is_remote(value):
            if self.allow_remote:
                return value
            self.blocked += 1
        return None  # relative, file:, javascript:, svg data ... nothing a mail can resolve

    def _style(self, value: str) -> str | None:
        # Escapes and comments can spell "url(" in ways no pattern keeps up with.
        if "\\" in value or "/*" in value or "@" in value:
            return None
        if "(" not in value:
            return value

        return _CSS_LOADER.sub("none", value)


# Elements that never nest deeply in real mail: void ones, those a sibling closes (p, li,
# td ...) and the formatting ones the HTML parser caps itself.
_FLAT = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
    "thead", "tfoot", "colgroup", "rt", "rp", "a", "b", "big", "code", "em", "font", "i",
    "nobr", "s", "small", "strike", "strong", "tt", "u",
})  # fmt: skip
_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]{0,15})")


def _too_deep(html: str) -> bool:
    """Whether block elements nest past MAX_HTML_NESTING: html5ever's tree building costs
    the square of the depth (100,000 nested <div> take minutes), so such HTML is shown as
    text instead. A rough, linear count: it only has to catch the pathological."""
    if html.count("<") < MAX_HTML_NESTING:
        return False
    depth = 0
    for closing, name in _TAG_TOKEN.findall(html):
        if name.lower() in _FLAT:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_HTML_NESTING:
                return True
    return False


def sanitize_html(html: str, allow_remote: bool = False) -> SanitizedHtml:
    """Clean one HTML part. With allow_remote, remote <img> and backgrounds are kept (the
    reader still decides whether to fetch them); CSS loaders never are."""
    if _too_deep(html):
        text = html_lib.escape(strip_tags(html))
        return SanitizedHtml(f'<div style="white-space:pre-wrap">{text}</div>', 0)
    keep = _Filter(allow_remote)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=LINK_SCHEMES,
        filter_style_properties=SAFE_STYLE_PROPERTIES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )
    return SanitizedHtml(cleaned, keep.blocked)


_CID_SOURCE = re.compile(r"""\b(?:src|background)\s*=\s*["']?\s*cid:([^"'\s>]+)""", re.IGNORECASE)


def embedded_content_ids(html_parts: list[str]) -> set[str]:
    """Content-IDs (lower case, unescaped) that cleaned HTML parts draw as images."""
    return {
        unquote(ref).strip("<>").lower() for part in html_parts for ref in _CID_SOURCE.findall(part)
    }


@dataclass
class SafeMessage:
    """A message made ready to read: plain text, and each HTML part cleaned on its own."""

    text: str
    html_parts: list[str]
    blocked_remote: int
    warnings: list[MailWarning]


def render_message(raw: bytes, allow_remote: bool = False) -> SafeMessage:
    """Parse and clean a whole message; run it in app.mail.limits' worker, which can stop it.

    Links are checked on the cleaned HTML, the same anchors the reader will show.
    """
    parsed = parse_full(raw)
    meta = parsed.meta
    cleaned = [sanitize_html(part, allow_remote) for part in parsed.html_parts]
    warnings = sender_warnings(meta.from_name, meta.from_addr, parsed.raw_from)
    for part in cleaned:
        warnings += [w for w in link_warnings(part.html) if w not in warnings]
    # Beside HTML, a text part becomes a document of its own too, escaped, in its place.
    cleaned_html = iter(part.html for part in cleaned)
    html_parts = [
        next(cleaned_html) if kind == "html" else plain_text_document(content)
        for kind, content in parsed.display_parts
    ] if cleaned else []
    return SafeMessage(
        text=parsed.text,
        html_parts=html_parts,
        blocked_remote=sum(part.blocked_remote for part in cleaned),
        warnings=warnings,
    )


def plain_text_document(text: str) -> str:
    """Text shown as an HTML document: every character escaped, line breaks kept."""
    return f'<div style="white-space: pre-wrap">{html_lib.escape(text)}</div>'
