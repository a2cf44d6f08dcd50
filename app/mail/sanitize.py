"""HTML from strangers, made safe to show: an allow-list, and no remote loads until allowed.

Nothing that can run or submit survives (scripts, handlers, forms, frames, objects). Remote
images are blanked unless the user allowed remote content; `cid:` and `data:` images stay,
since they come from the message itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "big", "blockquote", "br", "caption", "center", "cite", "code", "col",
    "colgroup", "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small", "span",
    "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "tt", "u", "ul",
}
# Removed together with their content, not just unwrapped.
DROPPED_WITH_CONTENT = {"script", "style", "title", "head", "noscript", "template", "xmp"}
_LAYOUT = {"align", "valign", "width", "height", "bgcolor", "border", "cellpadding",
           "cellspacing", "colspan", "rowspan", "dir", "lang", "style", "title"}
ALLOWED_ATTRIBUTES = {
    "*": _LAYOUT,
    "a": {"href", "name"},
    "img": {"src", "alt"},
    "font": {"color", "face", "size"},
}
# Style properties that cannot name a URL.
SAFE_STYLE_PROPERTIES = {
    "color", "background-color", "font", "font-family", "font-size", "font-style",
    "font-weight", "text-align", "text-decoration", "text-indent", "line-height",
    "letter-spacing", "white-space", "vertical-align", "margin", "margin-top",
    "margin-bottom", "margin-left", "margin-right", "padding", "padding-top",
    "padding-bottom", "padding-left", "padding-right", "border", "border-top",
    "border-bottom", "border-left", "border-right", "border-color", "border-style",
    "border-width", "border-collapse", "width", "height", "max-width", "min-width",
    "display",
}
LINK_SCHEMES = {"http", "https", "mailto", "tel", "cid", "data"}


@dataclass(frozen=True)
class SanitizedHtml:
    html: str
    blocked_remote: int  # remote resources withheld; > 0 means "Load remote content" applies


def _is_remote(url: str) -> bool:
    lowered = url.strip().lower()
    return lowered.startswith(("http:", "https:", "//", "ftp:"))


def sanitize_html(html: str, allow_remote: bool = False) -> SanitizedHtml:
    blocked = 0

    def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
        nonlocal blocked
        if tag == "img" and attribute == "src":
            lowered = value.strip().lower()
            if lowered.startswith("data:") and not lowered.startswith("data:image/"):
                return None
            if _is_remote(value) and not allow_remote:
                blocked += 1
                return None
        if tag == "a" and attribute == "href" and value.strip().lower().startswith("data:"):
            return None
        return value

    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep_attribute,
        url_schemes=LINK_SCHEMES,
        filter_style_properties=SAFE_STYLE_PROPERTIES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )
    return SanitizedHtml(cleaned, blocked)
