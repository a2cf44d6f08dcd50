from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.mail.charsets import decode_base64, decode_bytes, guess_charset

JAPANESE = "お見積りの件、株式会社サンプルの山田です。"
# CP932-only: NEC row 13 (①, ㈱, Ⅳ) and NEC-selected IBM extensions (髙, 﨑, ⅰ).
CP932_ONLY = "①㈱Ⅳ髙﨑ⅰ"


@pytest.mark.parametrize(
    "label", ["Shift_JIS", "shift-jis", "SJIS", "x-sjis", "Windows-31J", "MS932", "cp932"]
)
def test_shift_jis_labels_decode_as_cp932(label: str) -> None:
    data = (JAPANESE + CP932_ONLY).encode("cp932")
    assert decode_bytes(data, label) == JAPANESE + CP932_ONLY


def test_iso_2022_jp_plain() -> None:
    assert decode_bytes(JAPANESE.encode("iso2022_jp"), "ISO-2022-JP") == JAPANESE


def test_iso_2022_jp_with_halfwidth_katakana() -> None:
    data = b"\x1b$B$3$s\x1b(I6E\x1b(B"  # ESC ( I switches to JIS X 0201 katakana
    assert decode_bytes(data, "iso-2022-jp") == "こんｶﾅ"


def test_iso_2022_jp_with_nec_and_ibm_extensions_as_windows_writes_them() -> None:
    # ① ㈱ are NEC row 13 (0x2D21, 0x2D6A); 髙 is NEC-selected IBM row 92 (0x7C62).
    data = b"\x1b$B-!-j|b\x1b(B"
    assert decode_bytes(data, "ISO-2022-JP") == "①㈱髙"


def test_iso_2022_jp_2004_sequences() -> None:
    data = "㈱".encode("iso2022_jp_2004")
    assert decode_bytes(data, "iso-2022-jp") == "㈱"


def test_euc_jp_declared_and_guessed() -> None:
    data = JAPANESE.encode("euc_jp")
    assert decode_bytes(data, "EUC-JP") == JAPANESE
    assert guess_charset(data) == "euc-jp"
    assert decode_bytes(data, None) == JAPANESE


def test_utf8() -> None:
    assert decode_bytes(JAPANESE.encode(), "UTF-8") == JAPANESE
    assert decode_bytes(JAPANESE.encode(), "utf8") == JAPANESE


@pytest.mark.parametrize(
    ("label", "text", "codec"),
    [
        ("gb2312", "你好，世界。欧元€", "gb18030"),
        ("ks_c_5601-1987", "안녕하세요", "cp949"),
        ("euc-kr", "안녕하세요", "cp949"),
        ("iso-8859-1", "café “quoted”", "cp1252"),
    ],
)
def test_superset_aliases(label: str, text: str, codec: str) -> None:
    assert decode_bytes(text.encode(codec), label) == text


@pytest.mark.parametrize(
    "label",
    ["x-unknown", "bogus charset", "", "base64", "unicode-escape", "\udce9", "Shi\x00ft_JIS"],
)
def test_unknown_or_unsafe_labels_fall_back_to_a_guess(label: str) -> None:
    assert decode_bytes(JAPANESE.encode("cp932"), label) == JAPANESE
    assert decode_bytes(b"plain \\u0041", label) == "plain \\u0041"


def test_wrong_label_falls_back_to_guess() -> None:
    # Declared us-ascii / iso-2022-jp, but the bytes are UTF-8 or Shift_JIS.
    assert decode_bytes(JAPANESE.encode(), "us-ascii") == JAPANESE
    assert decode_bytes(JAPANESE.encode("cp932"), "iso-2022-jp") == JAPANESE


def test_guess_order() -> None:
    assert guess_charset(JAPANESE.encode("iso2022_jp")) == "iso-2022-jp"
    assert guess_charset(b"hello") == "ascii"
    assert guess_charset(JAPANESE.encode()) == "utf-8"
    assert guess_charset((JAPANESE + CP932_ONLY).encode("cp932")) == "shift_jis"
    latin = "Grüße aus Köln".encode("latin-1")
    assert guess_charset(latin) == "latin-1"
    assert decode_bytes(latin, None) == "Grüße aus Köln"


def test_truncated_multibyte_tail_is_forgiven() -> None:
    data = JAPANESE.encode()[:-1]
    assert decode_bytes(data, "utf-8") == JAPANESE[:-1] + "\ufffd"
    assert guess_charset(data) == "utf-8"


def test_declared_charset_with_stray_bytes_keeps_the_declared_reading() -> None:
    data = "日本語".encode() + b"\xff" + "です".encode()
    assert decode_bytes(data, "utf-8") == "日本語\ufffdです"


def test_utf7_surrogates_are_replaced() -> None:
    assert decode_bytes(b"a+2AA-b", "utf-7") == "a\ufffdb"


def test_empty() -> None:
    assert decode_bytes(b"", "utf-8") == ""
    assert decode_bytes(b"", None) == ""


LABELS = ["utf-8", "iso-2022-jp", "shift_jis", "euc-jp", "utf-7", "x-bogus", "utf-16", "rot13"]


@given(st.binary(max_size=300), st.none() | st.sampled_from(LABELS) | st.text(max_size=12))
def test_decode_never_raises_nor_returns_surrogates(data: bytes, label: str | None) -> None:
    text = decode_bytes(data, label)
    text.encode("utf-8")  # raises on a lone surrogate


def test_base64_tolerates_bad_padding_junk_and_padding_mid_stream() -> None:
    assert decode_base64(b"YWJjZA") == b"abcd"
    assert decode_base64(b"YWJjZ") == b"abc"
    assert decode_base64(b"YW!Jj\r\nZGVm") == b"abcdef"
    assert decode_base64(b"YQ==\r\nYmM=\r\n") == b"abc"
    assert decode_base64(b"") == b""
