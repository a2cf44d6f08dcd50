"""Text files from other programs: UTF-8 (with or without BOM), UTF-16, or Shift_JIS.

Japanese Excel saves CSV as Shift_JIS (Windows code page 932) and old phones write vCards in
it; anything that is not valid UTF-8 is read as cp932, which also covers plain Shift_JIS.
"""

from __future__ import annotations

import codecs

from app.errors import UsageError


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a file's bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError:
        raise UsageError(
            "The file is neither UTF-8 nor Shift_JIS text",
            "ファイルが UTF-8 または Shift_JIS のテキストではありません",
        ) from None
