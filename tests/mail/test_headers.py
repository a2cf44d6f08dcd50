from __future__ import annotations

import base64
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.mail.headers import (
    Address,
    decode_header_value,
    normalize_subject,
    parse_addresses,
    parse_date,
    parse_message_ids,
    parse_params,
)
from tests.mail.builders import HANG_SECONDS, b_word


def raw_header(data: bytes) -> str:
    """A header value as the byte-level parser hands it over (8-bit kept as surrogates)."""
    return data.decode("ascii", "surrogateescape")


# --- decode_header_value --------------------------------------------------------------


def test_plain_value_is_unfolded_and_stripped() -> None:
    assert decode_header_value("  Hello\r\n world\r\n\tagain ") == "Hello world again"
    assert decode_header_value(None) == ""
    assert decode_header_value("") == ""


def test_encoded_words_mixed_with_plain_text() -> None:
    value = f"Re: {b_word('お見積り')} for {b_word('株式会社')} (urgent)"
    assert decode_header_value(value) == "Re: お見積り for 株式会社 (urgent)"


def test_whitespace_between_adjacent_encoded_words_is_dropped() -> None:
    value = f"{b_word('山田')}\r\n {b_word('太郎')} {b_word(' 様')}"
    assert decode_header_value(value) == "山田太郎 様"


def test_encoded_words_glued_to_text() -> None:
    assert decode_header_value(f"abc{b_word('日本')}def") == "abc日本def"


def test_q_encoding_with_underscores() -> None:
    assert decode_header_value("=?ISO-8859-1?Q?Caf=E9_cr=E8me?=") == "Café crème"
    assert decode_header_value("=?utf-8?q?=E6=97=A5=E6=9C=AC_go?=") == "日本 go"


def test_iso_2022_jp_subject() -> None:
    word = "=?ISO-2022-JP?B?" + base64.b64encode("お見積りの件".encode("iso2022_jp")).decode()
    assert decode_header_value(word + "?=") == "お見積りの件"


def test_multibyte_character_split_across_two_words() -> None:
    data = "日本語テスト".encode()
    first, second = base64.b64encode(data[:4]).decode(), base64.b64encode(data[4:]).decode()
    value = f"=?UTF-8?B?{first}?= =?utf-8?B?{second}?="
    assert decode_header_value(value) == "日本語テスト"


def test_split_shift_jis_character_across_q_words() -> None:
    data = "見積".encode("cp932")  # 4 bytes, split inside the first character
    first = "".join(f"={b:02X}" for b in data[:1])
    second = "".join(f"={b:02X}" for b in data[1:])
    assert decode_header_value(f"=?shift_jis?Q?{first}?= =?shift_jis?Q?{second}?=") == "見積"


def test_huge_header_of_adjacent_words_is_linear() -> None:
    started = time.perf_counter()
    assert decode_header_value(b_word("あ") * 50_000) == "あ" * 50_000
    assert time.perf_counter() - started < HANG_SECONDS


def test_bad_base64_padding() -> None:
    unpadded = base64.b64encode("見積書".encode()).decode().rstrip("=")[:-1]
    assert decode_header_value(f"=?utf-8?B?{unpadded}?=").startswith("見積")
    assert decode_header_value("=?utf-8?B?5pel5pys?=") == "日本"
    assert decode_header_value("=?utf-8?B?5pel5py?=") == "日\ufffd"


def test_unknown_charset_falls_back_to_guess() -> None:
    assert decode_header_value("=?x-unknown?B?5pel5pys?=") == "日本"
    sjis = base64.b64encode("日本".encode("cp932")).decode()
    assert decode_header_value(f"=?x-unknown?B?{sjis}?=") == "日本"


def test_missing_terminator() -> None:
    assert decode_header_value("=?utf-8?B?5pel5pys") == "日本"
    assert decode_header_value("=?utf-8?B?5pel5pys more") == "日本 more"
    assert decode_header_value("=?utf-8?B?5pel5pys?x") == "日本?x"


def test_garbage_that_only_looks_encoded_is_kept() -> None:
    assert decode_header_value("=?utf-8?X?abc?= and =??=") == "=?utf-8?X?abc?= and =??="


def test_raw_8bit_headers() -> None:
    assert decode_header_value(raw_header("件名です".encode())) == "件名です"
    assert decode_header_value(raw_header("件名です".encode("cp932"))) == "件名です"
    assert decode_header_value(raw_header("Grüße".encode("latin-1"))) == "Grüße"
    assert decode_header_value("件名".encode("cp932")) == "件名"


def test_raw_iso_2022_jp_header_without_encoded_words() -> None:
    assert decode_header_value(raw_header("お知らせ".encode("iso2022_jp"))) == "お知らせ"


def test_control_characters_never_survive() -> None:
    assert decode_header_value("a\x00b\x07c") == "a b c"
    assert decode_header_value("=?utf-8?Q?evil=0D=0ABcc:_x@y?=") == "evil  Bcc: x@y"


@given(st.text(max_size=200) | st.binary(max_size=200).map(raw_header))
def test_decode_header_value_never_raises_and_is_one_line(value: str) -> None:
    result = decode_header_value(value)
    assert "\r" not in result and "\n" not in result and "\x00" not in result
    result.encode("utf-8")


# --- addresses ------------------------------------------------------------------------


def test_simple_addresses_are_lower_cased() -> None:
    assert parse_addresses("Taro Yamada <Taro@Example.JP>, hanako@EXAMPLE.org") == [
        Address("Taro Yamada", "taro@example.jp"),
        Address("", "hanako@example.org"),
    ]


def test_commas_inside_encoded_names_do_not_split() -> None:
    name = b_word("山田, 太郎")  # base64 hides the comma until decoding
    q_name = "=?utf-8?Q?Sato=2C_Hanako?="
    value = f"{name} <taro@example.jp>, {q_name} <hanako@example.jp>"
    assert parse_addresses(value) == [
        Address("山田, 太郎", "taro@example.jp"),
        Address("Sato, Hanako", "hanako@example.jp"),
    ]


def test_quoted_names_with_commas_and_quoted_encoded_words() -> None:
    value = f'"Yamada, Taro" <t@x.jp>, "{b_word("佐藤 花子")}" <h@x.jp>, "\\"Q\\" Corp" <q@x.jp>'
    assert parse_addresses(value) == [
        Address("Yamada, Taro", "t@x.jp"),
        Address("佐藤 花子", "h@x.jp"),
        Address('"Q" Corp', "q@x.jp"),
    ]


def test_surrounding_quotes_inside_encoded_names_are_stripped() -> None:
    assert parse_addresses(f"{b_word(chr(34) + '山田' + chr(34))} <t@x.jp>") == [
        Address("山田", "t@x.jp")
    ]
    assert parse_addresses("'Taro' <t@x.jp>") == [Address("Taro", "t@x.jp")]


def test_groups_and_empty_groups() -> None:
    assert parse_addresses("undisclosed-recipients:;") == []
    assert parse_addresses("Team: a@x.jp, B <b@x.jp>;, c@x.jp") == [
        Address("", "a@x.jp"),
        Address("B", "b@x.jp"),
        Address("", "c@x.jp"),
    ]


def test_comments_and_missing_addresses() -> None:
    assert parse_addresses("t@x.jp (Taro Yamada)") == [Address("Taro Yamada", "t@x.jp")]
    assert parse_addresses("MAILER-DAEMON") == [Address("MAILER-DAEMON", "")]
    assert parse_addresses("Someone <>") == [Address("Someone", "")]
    assert parse_addresses("<>") == []
    assert parse_addresses(None) == []
    assert parse_addresses(" , ,") == []


def test_raw_8bit_display_name() -> None:
    value = raw_header("山田 太郎 <taro@example.jp>".encode("cp932"))
    assert parse_addresses(value) == [Address("山田 太郎", "taro@example.jp")]


def test_folded_address_list() -> None:
    value = "A <a@x.jp>,\r\n\tB <b@x.jp>"
    assert [a.addr for a in parse_addresses(value)] == ["a@x.jp", "b@x.jp"]


@given(st.text(max_size=200))
def test_parse_addresses_never_raises(value: str) -> None:
    for address in parse_addresses(value):
        assert "\n" not in address.name and address.addr == address.addr.lower()


# --- message ids, dates ---------------------------------------------------------------


def test_message_ids() -> None:
    assert parse_message_ids("<a@b> <c@d>") == ["a@b", "c@d"]
    assert parse_message_ids("<a@b>\r\n <c@d>, <a@b> junk") == ["a@b", "c@d"]
    assert parse_message_ids("<x@y> (Taro's message of Mon)") == ["x@y"]
    assert parse_message_ids("bare@id.example") == ["bare@id.example"]
    assert parse_message_ids("") == [] and parse_message_ids(None) == []
    assert parse_message_ids("no ids here") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Mon, 01 Jan 2024 10:00:00 +0900", 1704070800),
        ("1 Jan 2024 01:00:00 GMT", 1704070800),
        ("Mon, 1 Jan 2024 01:00:00", 1704070800),  # no zone: taken as UTC
        ("Mon, 01 Jan 2024 10:00:00 +0900 (JST)", 1704070800),
        ("2024-01-01T10:00:00+09:00", 1704070800),
        ("Mon, 01 Jan 24 10:00:00 +0900", 1704070800),
        (None, None),
        ("", None),
        ("not a date", None),
        ("Mon, 99 Foo 2024 99:99:99 +0900", None),
        ("Mon, 01 Jan 99999 10:00:00 +0900", None),
    ],
)
def test_parse_date(value: str | None, expected: int | None) -> None:
    assert parse_date(value) == expected


@given(st.text(max_size=80))
def test_parse_date_never_raises(value: str) -> None:
    parse_date(value)


# --- subjects -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Hello", "hello"),
        ("RE: re: Fwd: FW: Hello", "hello"),
        ("AW: WG: SV: VS: TR: Réf : Hello", "hello"),
        ("Re[2]: Re(3): Hello", "hello"),
        ("[sales-ml:1234] Re: [sales-ml:1235] Hello", "hello"),
        ("返信: 転送: お見積り", "お見積り"),
        ("Re：お見積り", "お見積り"),
        ("Ｒｅ：　お見積り", "お見積り"),
        ("  Hello   \t World  ", "hello world"),
        ("Refund request", "refund request"),
        ("Re:", ""),
        ("", ""),
    ],
)
def test_normalize_subject(subject: str, expected: str) -> None:
    assert normalize_subject(subject) == expected


def test_normalize_subject_is_linear_on_hostile_prefixes() -> None:
    started = time.perf_counter()
    assert normalize_subject("Re: [x] " * 50_000 + "Hello") == "hello"
    assert time.perf_counter() - started < HANG_SECONDS


# --- MIME parameters ------------------------------------------------------------------


def test_parse_params_basic_and_quoted() -> None:
    assert parse_params('Text/Plain; charset="ISO-2022-JP"; format=flowed') == (
        "text/plain",
        {"charset": "ISO-2022-JP", "format": "flowed"},
    )
    assert parse_params('attachment; filename="a \\"b\\".pdf"') == (
        "attachment",
        {"filename": 'a "b".pdf'},
    )
    assert parse_params(None) == ("", {})


def test_rfc2231_single_and_continuations() -> None:
    assert parse_params("attachment; filename*=UTF-8''%E8%A6%8B%E7%A9%8D.pdf")[1] == {
        "filename": "見積.pdf"
    }
    value = (
        "attachment;\r\n filename*0*=UTF-8''%E8%A6%8B%E7%A9%8D%E6%9B%B8;\r\n"
        ' filename*1*=%E3%81%AE%E4%BB%B6.pdf; filename="fallback.pdf"'
    )
    assert parse_params(value)[1]["filename"] == "見積書の件.pdf"


def test_rfc2231_other_charsets_and_plain_sections() -> None:
    assert parse_params("a; name*=shift_jis'ja'%8C%A9%90%CF.txt")[1]["name"] == "見積.txt"
    assert parse_params('a; name*0="long"; name*1="name.txt"')[1]["name"] == "longname.txt"
    assert parse_params("a; name*=x-bogus''%E8%A6%8B")[1]["name"] == "見"
    raw_8bit = raw_header(b"a; name*=utf-8''%E8%A6%8B" + "積".encode())
    assert parse_params(raw_8bit)[1]["name"] == "見積"
