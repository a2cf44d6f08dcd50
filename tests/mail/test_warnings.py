"""Spoofed senders and deceptive links are flagged, and the real address is always named."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from app.cli.main import run
from app.mail.headers import parse_addresses
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.mail.warnings import MAX_LINK_WARNINGS, link_warnings, lookalike_reason, sender_warnings
from app.models.db import open_database
from tests.mail.builders import entity, message


def _kinds_for_from(raw_from: str) -> tuple[set[str], str]:
    """Warning kinds for a raw From header, parsed the way the store parses it."""
    first = parse_addresses(raw_from)[0]
    warnings = sender_warnings(first.name, first.addr, raw_from)
    return {w.kind for w in warnings}, " ".join(w.english for w in warnings)


def _b(data: bytes) -> str:
    return f"=?utf-8?b?{base64.b64encode(data).decode()}?="


def test_display_name_with_another_address() -> None:
    kinds, text = _kinds_for_from('"support@bank.example" <evil@phish.example>')
    assert kinds == {"spoofed-display-name"}
    assert "evil@phish.example" in text


def test_full_width_at_sign_in_the_name_counts_too() -> None:
    kinds, _ = _kinds_for_from('"support＠bank.example" <evil@phish.example>')
    assert "spoofed-display-name" in kinds


def test_name_showing_the_real_address_is_fine() -> None:
    assert _kinds_for_from('"ken@example.jp" <ken@example.jp>')[0] == set()
    assert _kinds_for_from("山田 太郎 <yamada@example.co.jp>")[0] == set()
    assert _kinds_for_from(f"{_b('山田'.encode())} <yamada@example.co.jp>")[0] == set()


@pytest.mark.parametrize(
    "raw_from",
    [
        # The original Mailsploit: encoded-words inside the addr-spec, one decoding to NUL.
        f'{_b(b"potus@whitehouse.gov" + bytes([0]))}@mailsploit.com',
        f'{_b(b"potus@whitehouse.gov")}{"=?utf-8?Q?=00?="}@mailsploit.com',
        # An encoded display name that decodes to another address and a line break.
        f"{_b(b'support@bank.example' + bytes([10]))} <evil@phish.example>",
        # A name that ends the header early: CR LF and a fake second header.
        f"{'=?utf-8?q?Bank=0D=0AFrom:_security@bank.example?='} <evil@phish.example>",
        # An encoded-word hidden inside the angle brackets.
        f"Bank <{_b(b'security@bank.example')}@phish.example>",
    ],
)
def test_mailsploit_family(raw_from: str) -> None:
    kinds, text = _kinds_for_from(raw_from)
    assert "encoded-sender" in kinds
    real = parse_addresses(raw_from)[0].addr
    assert real and real in text


def test_several_senders_and_hidden_characters() -> None:
    kinds, text = _kinds_for_from("Bank <security@bank.example>, <evil@phish.example>")
    assert "several-senders" in kinds and "security@bank.example" in text
    kinds, _ = _kinds_for_from("\u202eelpmaxe.knab\u202c <evil@phish.example>")
    assert "hidden-characters" in kinds


@pytest.mark.parametrize(
    ("domain", "flagged"),
    [
        ("xn--pypal-4ve.com", True),  # "pаypal" with a Cyrillic а
        ("pаypal.com", True),
        ("аррӏе.com", True),  # all Cyrillic, reads as "apple"
        ("ɑpple.com", True),  # Latin alpha
        ("exampleーlogin.com", True),  # katakana prolonged mark as a hyphen
        ("ソニー.jp", False),
        ("例え.テスト", False),
        ("日本語abc.jp", False),
        ("bücher.de", False),
        ("правительство.рф", False),  # Cyrillic under a Cyrillic TLD
        ("example.com", False),
    ],
)
def test_lookalike_domains(domain: str, flagged: bool) -> None:
    assert (lookalike_reason(domain) is not None) is flagged


def test_lookalike_sender_names_both_forms() -> None:
    warnings = sender_warnings("PayPal", "service@xn--pypal-4ve.com")
    assert [w.kind for w in warnings] == ["lookalike-domain"]
    assert "xn--pypal-4ve.com (pаypal.com)" in warnings[0].english
    assert "xn--pypal-4ve.com" in warnings[0].japanese


def _link(href: str, text: str) -> list[str]:
    return [w.kind for w in link_warnings(f'<p><a href="{href}">{text}</a></p>')]


def test_link_text_naming_another_host() -> None:
    assert _link("https://evil.example/login", "https://www.bank.example/login") == [
        "deceptive-link"
    ]
    assert _link("https://evil.example/", "www.bank.example") == ["deceptive-link"]
    # Full-width letters and an ideographic full stop are still the bank's name.
    assert _link("https://evil.example/", "ｗｗｗ．ｂａｎｋ。example") == ["deceptive-link"]
    # The host the text shows hides in the userinfo of the real URL.
    assert _link("https://www.bank.example@evil.example/", "Sign in") == ["deceptive-link"]
    assert _link("mailto:evil@phish.example", "support@bank.example") == ["deceptive-link"]


def test_honest_links_pass() -> None:
    assert _link("https://www.bank.example/login", "www.bank.example") == []
    assert _link("https://login.bank.example/", "bank.example") == []
    assert _link("http://xn--bcher-kva.example/", "bücher.example") == []
    assert _link("https://evil.example/", "Click here") == []
    assert _link("mailto:ken@example.jp", "ken@example.jp") == []


def test_lookalike_link_target() -> None:
    assert _link("https://xn--pypal-4ve.com/", "Log in") == ["lookalike-link"]


def test_link_warnings_are_capped_and_deduplicated() -> None:
    html = "".join(f'<a href="https://evil{i}.example/">bank.example</a>' for i in range(50))
    html += '<a href="https://evil0.example/">bank.example</a>' * 5
    assert len(link_warnings(html)) == MAX_LINK_WARNINGS


def test_link_scan_survives_broken_markup() -> None:
    assert link_warnings("<a href='https://evil.example'>bank.example") == []  # never closed
    assert link_warnings('<a href="http://[::1">x</a><a>no href</a></a>') == []


@pytest.fixture
def home_with_phish(tmp_path: Path) -> tuple[Path, int]:
    home = tmp_path / "home"
    home.mkdir()
    db = open_database(home)
    folder = ensure_folder(ensure_account("Work", "ken@example.jp"), "INBOX", "inbox")
    html = '<p>Your account is locked. <a href="https://evil.example/">www.bank.example</a></p>'
    raw = message(entity("text/html; charset=utf-8", html),
                  'From: "security@bank.example" <alerts@xn--bnk-6cd.example>')
    [message_id] = store_messages(folder, [IncomingMessage(raw)])
    db.close()
    return home, message_id


@pytest.mark.parametrize(("lang", "needle"), [("en", "real sender"), ("ja", "実際の差出人")])
def test_messages_show_json_lists_warnings_in_the_users_language(
    home_with_phish, capsys, monkeypatch, lang: str, needle: str
) -> None:
    home, message_id = home_with_phish
    monkeypatch.setenv("KIZUNA_LANG", lang)
    code = run(["--home", str(home), "messages", "show", str(message_id), "--offline", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    shown = json.loads(out)
    kinds = [w["kind"] for w in shown["warnings"]]
    assert kinds == ["spoofed-display-name", "lookalike-domain", "deceptive-link"]
    assert needle in shown["warnings"][0]["message"]
    assert all("alerts@xn--bnk-6cd.example" in w["message"] for w in shown["warnings"][:1])
    assert shown["from_addr"] == "alerts@xn--bnk-6cd.example"
    assert shown["html_parts"] == [shown["html"]]
