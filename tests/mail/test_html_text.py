from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from app.mail import html_text
from app.mail.html_text import html_to_text, strip_tags
from tests.mail.builders import HANG_SECONDS

NEWSLETTER = """<html><head><title>News</title><style>p { color: red }</style>
<script>alert("x")</script></head><body>
<p>こんにちは<br>山田です。</p>
<p>Visit <a href="https://example.com/offer?a=1&amp;b=2">our offer</a> today.</p>
<img src="cid:logo@x" alt="Company logo"><img src="https://t.example/pixel.gif">
<table><tr><td>Price</td><td>&yen;1,000</td></tr></table>
<ul><li>one</li><li>two</li></ul><b>bold</b>
<blockquote>quoted</blockquote>
</body></html>"""


def test_html_to_text_keeps_text_links_and_alt_text() -> None:
    text = html_to_text(NEWSLETTER)
    assert "こんにちは\n山田です。" in text
    assert "[our offer](https://example.com/offer?a=1&b=2)" in text
    assert "Company logo" in text
    assert "¥1,000" in text and "Price" in text
    assert "* one" in text and "> quoted" in text
    assert "bold" in text and "**" not in text
    assert "alert" not in text and "color: red" not in text
    assert text == text.strip()


def test_html_to_text_does_not_wrap_long_lines() -> None:
    sentence = "word " * 200
    assert sentence.strip() in html_to_text(f"<p>{sentence}</p>")


def test_html_to_text_falls_back_to_stripping_when_html2text_fails(monkeypatch) -> None:
    class Broken:
        def __init__(self) -> None:
            raise RuntimeError("boom")

    monkeypatch.setattr(html_text.html2text, "HTML2Text", Broken)
    assert html_to_text("<p>Hello <b>world</b></p>") == "Hello world"


def test_strip_tags() -> None:
    text = strip_tags(NEWSLETTER)
    assert "こんにちは\n山田です。" in text
    assert "our offer" in text and "https://" not in text
    assert "¥1,000" in text
    assert "alert" not in text and "color" not in text and "News" not in text
    assert strip_tags("株式<span>会社</span>&nbsp;様") == "株式会社 様"
    assert strip_tags("a<!-- hidden --> b <!-- unterminated") == "a b"
    assert strip_tags("<style>never closed") == ""


def test_strip_tags_is_linear_on_hostile_markup() -> None:
    hostile = "<" * 200_000 + "<style" * 20_000 + "<!--" * 20_000
    started = time.perf_counter()
    strip_tags(hostile)
    assert time.perf_counter() - started < HANG_SECONDS


@given(st.text(alphabet="<>/!-abpstyle=\"' &;#x1", max_size=300))
def test_html_to_text_never_raises(markup: str) -> None:
    html_to_text(markup)
    strip_tags(markup)
