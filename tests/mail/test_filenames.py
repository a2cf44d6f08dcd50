"""Attachment names chosen by a stranger cannot escape, hide, or break the file system."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.mail.filenames import MAX_NAME_BYTES, display_name, safe_filename, save_attachment
from app.mail.parse import parse_metadata
from tests.mail.builders import entity, message, multipart


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../.bashrc", "bashrc"),
        ("..\\..\\Windows\\System32\\evil.dll", "evil.dll"),
        ("/etc/passwd", "passwd"),
        ("C:evil.exe", "C_evil.exe"),
        ("invoice\u202egpj.exe", "invoicegpj.exe"),  # right-to-left override gone
        ("a\u200bb\ufeff.txt", "ab.txt"),  # zero-width and BOM gone
        ("bad\x00name\r\n.pdf", "bad name .pdf"),
        ('what?*<>|":.txt', "what_______.txt"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1.tar.gz", "_com1.tar.gz"),
        ("LPT9", "_LPT9"),
        ("report.pdf. . .", "report.pdf"),  # Windows would drop the trailing dots anyway
        ("..", "attachment.pdf"),
        ("", "attachment.pdf"),
        ("x／..／y.txt", "x_.._y.txt"),  # full-width slashes
        ("e\u0301te\u0301.txt", "\u00e9t\u00e9.txt"),  # NFC
        ("見積書（株式会社サンプル）.pdf", "見積書（株式会社サンプル）.pdf"),
    ],
)
def test_safe_filename(given: str, safe: str) -> None:
    assert safe_filename(given, "application/pdf") == safe


def test_long_names_keep_their_extension_within_the_byte_limit() -> None:
    for stem in ("x" * 400, "見" * 400, "a\U0001f600" * 200):
        name = safe_filename(stem + ".docx")
        assert name.endswith(".docx")
        assert len(name.encode("utf-8")) <= MAX_NAME_BYTES
        name.encode("utf-8").decode("utf-8")  # never cut inside a character


def test_display_name_is_one_clean_line() -> None:
    assert display_name("  Quote\t\u202e2024\n.pdf ") == "Quote 2024 .pdf"
    assert display_name("../見積書.pdf") == "../見積書.pdf"  # shown as sent, saved safely


def test_parsed_attachment_names_are_display_clean() -> None:
    attached = entity("application/pdf", "%PDF", encoding="base64",
                      headers=('Content-Disposition: attachment; filename="inv\u202efdp.exe"',))
    raw = message(multipart("mixed", entity("text/plain", "hi"), attached))
    [info] = parse_metadata(raw).attachments
    assert info.filename == "invfdp.exe"


def test_save_never_overwrites_never_follows_links_never_leaves(tmp_path: Path) -> None:
    target = tmp_path / "outside.txt"
    target.write_text("keep me")
    inbox = tmp_path / "saved"
    inbox.mkdir()
    (inbox / "report.pdf").symlink_to(target)
    first = save_attachment(inbox, "../report.pdf", b"one")
    second = save_attachment(inbox, "report.pdf", b"two")
    third = save_attachment(inbox, "/tmp/../report.pdf", b"three")
    assert [p.name for p in (first, second, third)] == [
        "report (2).pdf", "report (3).pdf", "report (4).pdf"
    ]
    assert target.read_text() == "keep me"
    assert all(p.parent == inbox for p in (first, second, third))
    assert second.read_bytes() == b"two"
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600


def test_numbered_copies_of_a_name_at_the_limit_stay_distinct(tmp_path: Path) -> None:
    names = {save_attachment(tmp_path, "y" * 500 + ".pdf", b"").name for _ in range(3)}
    assert len(names) == 3
    assert all(len(n.encode()) <= MAX_NAME_BYTES for n in names)
