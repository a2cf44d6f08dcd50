import pytest

from app.crm.records import RecordView
from app.crm.textlines import LIMIT
from app.crm.vcard import read_vcards, split_full_name, write_vcards


def _record(**fields) -> RecordView:
    base = dict(id="C1", kind="contact", last_name="", first_name="", email="", phone="",
                mobile="", company="", title="", website="", address="")
    return RecordView(**{**base, **fields})


YAMADA = _record(
    last_name="山田", first_name="太郎", last_name_kana="ヤマダ", first_name_kana="タロウ",
    email="t.yamada@sample.example.jp", phone="03-1234-5678", mobile="090-2345-6789",
    company="株式会社サンプル商事", title="営業部 部長", website="https://sample.example.jp/",
    address="〒100-0005 東京都千代田区丸の内1-2-3 サンプルビル8F",
    notes="決裁者は取締役の佐々木様。\n電子契約を希望; 価格は, 要相談",
)


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_round_trip_keeps_japanese_fields_and_order(version):
    text = write_vcards([YAMADA, _record(kind="lead", last_name="Patel", first_name="Priya",
                                         email="priya@fabrikam.test", status="qualified",
                                         source="Inbound email")], version)
    cards = read_vcards(text)
    assert cards[0] == {
        "last_name": "山田", "first_name": "太郎", "last_name_kana": "ヤマダ",
        "first_name_kana": "タロウ", "email": "t.yamada@sample.example.jp",
        "phone": "03-1234-5678", "mobile": "090-2345-6789", "company": "株式会社サンプル商事",
        "title": "営業部 部長", "website": "https://sample.example.jp/",
        "address": "〒100-0005 東京都千代田区丸の内1-2-3 サンプルビル8F",
        "notes": "決裁者は取締役の佐々木様。\n電子契約を希望; 価格は, 要相談", "kind": "contact",
    }
    assert cards[1] == {"last_name": "Patel", "first_name": "Priya",
                        "email": "priya@fabrikam.test", "kind": "lead", "status": "qualified",
                        "source": "Inbound email"}
    assert "FN:山田 太郎\r\n" in text and "FN:Priya Patel\r\n" in text
    assert f"VERSION:{version}\r\n" in text


def test_lines_fold_at_75_octets_without_splitting_characters():
    text = write_vcards([_record(last_name="寿限無", notes="長い備考です。" * 40)])
    for physical in text.split("\r\n"):
        assert len(physical.encode("utf-8")) <= LIMIT
    assert read_vcards(text)[0]["notes"] == "長い備考です。" * 40
    assert "\n" not in text.replace("\r\n", "")


def test_reads_an_iphone_style_card():
    text = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n"
        "N:鈴木;一郎;;;\r\nFN:鈴木 一郎\r\nX-PHONETIC-FIRST-NAME:いちろう\r\n"
        "X-PHONETIC-LAST-NAME:すずき\r\nORG:株式会社テスト;営業部;\r\nTITLE:課長\r\n"
        "item1.EMAIL;type=INTERNET;type=pref:Ichiro.Suzuki@Test.example.jp\r\n"
        "EMAIL;type=INTERNET;type=HOME:ichiro@home.example\r\n"
        "TEL;type=CELL;type=VOICE;type=pref:090-1111-2222\r\n"
        "TEL;type=WORK;type=VOICE:03-9999-0000\r\nTEL;type=WORK;type=FAX:03-9999-0001\r\n"
        "item2.ADR;type=WORK;type=pref:;;丸の内1-1-1;千代田区;東京都;100-0005;日本\r\n"
        "END:VCARD\r\n"
    )
    (card,) = read_vcards(text)
    assert card["last_name"] == "鈴木" and card["first_name"] == "一郎"
    assert (card["last_name_kana"], card["first_name_kana"]) == ("すずき", "いちろう")
    assert card["company"] == "株式会社テスト" and card["title"] == "営業部 課長"
    assert card["email"] == "Ichiro.Suzuki@Test.example.jp"  # lower-cased when stored
    assert (card["mobile"], card["phone"]) == ("090-1111-2222", "03-9999-0000")
    assert card["address"] == "〒100-0005 東京都千代田区丸の内1-1-1"


def test_reads_a_shift_jis_quoted_printable_card_from_an_old_phone():
    name = "山田;花子;;;".encode("cp932")
    qp = "".join(f"={b:02X}" if b > 0x7F or b == 0x3D else chr(b) for b in name)
    text = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        f"N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:{qp[:20]}=\r\n{qp[20:]}\r\n"
        "SOUND;X-IRMC-N;CHARSET=SHIFT_JIS:ﾔﾏﾀﾞ;ﾊﾅｺ;;;\r\n"
        "TEL;CELL:090-3333-4444\r\nEMAIL;INTERNET:hanako@example.jp\r\nEND:VCARD\r\n"
    )
    (card,) = read_vcards(text)
    assert (card["last_name"], card["first_name"]) == ("山田", "花子")
    assert (card["last_name_kana"], card["first_name_kana"]) == ("ﾔﾏﾀﾞ", "ﾊﾅｺ")
    assert card["mobile"] == "090-3333-4444" and card["email"] == "hanako@example.jp"


def test_vcard4_tel_uri_and_fn_only_card():
    text = ("BEGIN:VCARD\nVERSION:4.0\nFN:Sarah Johnson\n"
            "TEL;VALUE=uri;TYPE=\"work,voice\":tel:+1-206-555-0142\nEND:VCARD\n")
    (card,) = read_vcards(text)
    assert (card["last_name"], card["first_name"]) == ("Johnson", "Sarah")
    assert card["phone"] == "+1-206-555-0142"


@pytest.mark.parametrize("name, parts", [
    ("山田 太郎", ("山田", "太郎")), ("山田\u3000太郎", ("山田", "太郎")),
    ("Sarah Jane Johnson", ("Johnson", "Sarah Jane")), ("Johnson, Sarah", ("Johnson", "Sarah")),
    ("ﾔﾏﾀﾞ ﾀﾛｳ", ("ﾔﾏﾀﾞ", "ﾀﾛｳ")), ("Madonna", ("Madonna", "")),
])
def test_split_full_name(name, parts):
    assert split_full_name(name) == parts
