"""Attachment file names from strangers, made safe to show and to save.

A sender chooses the name, so it may climb directories ("../../.bashrc"), hide its real
extension behind a right-to-left override ("invoice\u202egpj.exe" shows as "invoiceexe.jpg"),
carry control characters, name a Windows device (CON, NUL, COM1), or be longer than a file
system allows. `display_name` is what lists show; `safe_filename` is what is written, and
`save_attachment` never overwrites, follows a link, or leaves its directory.
"""

from __future__ import annotations

import mimetypes
import os
import re
import unicodedata
from pathlib import Path

MAX_DISPLAY_CHARS = 255
MAX_NAME_BYTES = 200  # UTF-8 bytes; Linux and macOS allow 255, and a " (2)" may be added
MAX_EXTENSION_CHARS = 16
FALLBACK_STEM = "attachment"
MAX_COPIES = 1000  # "name (2).pdf" ... before giving up

# Reserved on Windows with any extension ("con.txt" opens the console).
_WINDOWS_DEVICES = {
    "con", "prn", "aux", "nul", "conin$", "conout$", "clock$",
    *(f"{prefix}{n}" for prefix in ("com", "lpt") for n in "0123456789¹²³"),
}  # fmt: skip
# Path separators of every system, the rest of Windows' forbidden set, and look-alike slashes.
_FORBIDDEN = re.compile(r'[<>:"|?*\uff0f\uff3c\u2215\u2044\u29f8]')
_EXTENSION = re.compile(rf"\.[A-Za-z0-9]{{1,{MAX_EXTENSION_CHARS}}}$")


def display_name(name: str) -> str:
    """NFC, one line, no invisible or direction-changing characters, capped."""
    if not name:
        return ""
    kept = []
    for char in unicodedata.normalize("NFC", name):
        category = unicodedata.category(char)
        if category == "Cf":  # bidi overrides, zero-width joiners, BOM, soft hyphen
            continue
        kept.append(" " if category in ("Cc", "Zl", "Zp") else char)
    text = " ".join("".join(kept).split())
    if len(text) <= MAX_DISPLAY_CHARS:
        return text
    stem, extension = _split_extension(text)
    return stem[: MAX_DISPLAY_CHARS - len(extension)] + extension


def safe_filename(name: str, content_type: str = "") -> str:
    """A name that is safe to create in a directory on Linux, macOS and Windows."""
    text = display_name(name)
    # Only the last path component counts, whichever system's separator the sender used.
    text = re.split(r"[/\\]", text)[-1] if text else ""
    text = _FORBIDDEN.sub("_", text).strip(" .")
    if not text:
        text = FALLBACK_STEM + (_guess_extension(content_type) or "")
    if text.split(".", 1)[0].strip().lower() in _WINDOWS_DEVICES:
        text = "_" + text
    return _fit(text)


def _guess_extension(content_type: str) -> str | None:
    guessed = mimetypes.guess_extension(content_type.split(";")[0].strip().lower() or "-")
    return guessed if guessed and _EXTENSION.match(guessed) else None


def _split_extension(filename: str) -> tuple[str, str]:
    match = _EXTENSION.search(filename)
    return (filename[: match.start()], match.group(0)) if match else (filename, "")


def _fit(text: str, suffix: str = "") -> str:
    """Cut to MAX_NAME_BYTES of UTF-8 on a character boundary, keeping a short extension
    and room for suffix (" (2)") before it."""
    stem, extension = _split_extension(text)
    room = MAX_NAME_BYTES - len(extension.encode("utf-8")) - len(suffix.encode("utf-8"))
    encoded = stem.encode("utf-8")
    if len(encoded) > room:
        stem = encoded[:room].decode("utf-8", "ignore").rstrip(" .") or FALLBACK_STEM
    return stem + suffix + extension


def save_attachment(directory: Path, name: str, data: bytes, content_type: str = "") -> Path:
    """Write data under a safe, new name in directory (readable by the user only)."""
    filename = safe_filename(name, content_type)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0)
    for number in range(1, MAX_COPIES + 1):
        path = directory / (_fit(filename, f" ({number})") if number > 1 else filename)
        try:
            descriptor = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        return path
    raise FileExistsError(directory / filename)
