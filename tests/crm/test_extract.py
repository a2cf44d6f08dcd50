"""Extraction of a person from an email: names, companies, numbers, signatures, quotes."""

from __future__ import annotations

import pytest

from app.crm.extract import ExtractedPerson, extract, extract_from_message
from app.crm.extract.domain import company_from_domain, is_free_mail
from app.crm.extract.names import Name, parse_name
from app.crm.extract.signature import own_lines, signature_lines
from app.errors import NotFound
from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from bench.extraction import HEADLINE, corpus_samples, score
from tests.crm.signatures import HOLDOUT
from tests.mailfactory import make_message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("山田 太郎", Name("山田", "太郎", cjk=True)),
        ("山田　太郎 様", Name("山田", "太郎", cjk=True)),
        ("佐々木花子", Name("佐々木", "花子", cjk=True)),
        ("林健太", Name("林", "健太", cjk=True)),
        ("前田さん", Name("前田", cjk=True)),
        ("YAMADA Taro", Name("Yamada", "Taro")),
        ("Taro Yamada", Name("Yamada", "Taro")),
        ("Yamada Taro", Name("Yamada", "Taro")),
        ("Hiroshi SUZUKI", Name("Suzuki", "Hiroshi")),
        ("Müller, Anna", Name("Müller", "Anna")),
        ("Dr. Anna Müller", Name("Müller", "Anna")),
        ("Lucas van der Berg", Name("van der Berg", "Lucas")),
        ("Kevin O'Brien", Name("O'Brien", "Kevin")),
        ("Tom", Name("", "Tom")),
    ],
)
def test_parse_name(text: str, expected: Name) -> None:
    assert parse_name(text) == expected


def test_japanese_signature_between_rules() -> None:
    body = (
        "佐藤様\n\nお世話になっております。\n\n━━━━━━━━━━━━━━━━\n"
        "㈱サンプル商事\n営業部 部長　山田 太郎\n〒100-0005 東京都千代田区丸の内1-2-3\n"
        "ＴＥＬ：０３－１２３４－５６７８　ＦＡＸ：０３－１２３４－５６７９\n"
        "携帯：090-2345-6789\n━━━━━━━━━━━━━━━━\n"
    )
    person = extract("山田 太郎 様", "T.Yamada@Sample-Shoji.co.jp", body)
    assert person == ExtractedPerson(
        last_name="山田", first_name="太郎", email="t.yamada@sample-shoji.co.jp",
        phone="03-1234-5678", mobile="090-2345-6789", company="株式会社サンプル商事",
        title="営業部 部長", address="〒100-0005 東京都千代田区丸の内1-2-3",
    )


def test_fax_is_never_the_phone() -> None:
    body = "Thanks,\n\nAnna Berg\nFax: +49 30 1234567\nTel.: +49 30 7654321\n"
    assert extract("Anna Berg", "anna@berg-werke.de", body).phone == "+49 30 7654321"


def test_quoted_signature_below_a_reply_is_not_the_senders() -> None:
    body = (
        "Sounds good.\n\nJames\n\nOn Mon, Mar 4, 2024 at 9:12 AM Ken Sato <ken@example.jp> "
        "wrote:\n> Hi James,\n> --\n> Ken Sato\n> Kizuna Demo Inc.\n> Tel: +81 3-6300-1234\n"
    )
    person = extract("James Wilson", "james@harborview.com", body)
    assert (person.phone, person.company, person.title) == ("", "Harborview", "")


def test_outlook_original_message_cuts_the_text() -> None:
    body = ("了解です。\n\n森\n\n-----Original Message-----\nFrom: 佐藤 健\nSent: today\n"
            "\n株式会社キズナデモ\nTEL: 03-6300-1234\n")
    assert own_lines(body) == ["了解です。", "", "森"]


def test_interleaved_reply_keeps_the_signature_below_the_quotes() -> None:
    body = ("On Tue, Ken wrote:\n> How many users?\n\n40 users.\n\n--\nRachel Adams\n"
            "Greenleaf Media LLC\nT: +1 312 555 0147\n")
    assert signature_lines(own_lines(body)) == [
        "Rachel Adams", "Greenleaf Media LLC", "T: +1 312 555 0147"
    ]


def test_free_mail_suggests_no_company() -> None:
    assert is_free_mail("gmail.com") and is_free_mail("docomo.ne.jp")
    assert company_from_domain("someone@yahoo.co.jp") == ""
    assert company_from_domain("dpark@mail.bluefin-robotics.co.uk") == "Bluefin Robotics"
    person = extract("Oliver Bennett", "oliver.b@gmail.com", "Hi,\n\nThanks,\nOliver\n")
    assert (person.last_name, person.first_name, person.company) == ("Bennett", "Oliver", "")


def test_romanized_display_name_yields_to_the_kanji_signature() -> None:
    body = "佐藤様\n\nよろしくお願いいたします。\n\n渡辺 健二 (Kenji Watanabe)\n星空電機株式会社\n"
    person = extract("Kenji Watanabe", "k.watanabe@hoshizora.co.jp", body)
    assert (person.last_name, person.first_name, person.company) == ("渡辺", "健二",
                                                                     "星空電機株式会社")


def test_mobile_and_landline_without_labels() -> None:
    body = "佐藤様\n\n吉田 恵美\n03-3456-7890 / 080-9876-5432"
    person = extract("吉田 恵美", "emi@yoshida.jp", body)
    assert (person.phone, person.mobile) == ("03-3456-7890", "080-9876-5432")


def test_english_number_without_country_code_reads_as_american() -> None:
    person = extract("Kevin Moore", "kmoore@atlas.com", "Regards,\nKevin Moore\nTel. 617-555-0184")
    assert person.phone == "+1 617-555-0184"


@pytest.mark.parametrize("directory", [None, HOLDOUT], ids=["corpus", "holdout"])
def test_corpus_precision_and_recall(directory) -> None:  # type: ignore[no-untyped-def]
    result = score(corpus_samples(directory))
    for field in HEADLINE:
        counts = result["fields"][field]
        assert counts["precision"] >= 0.9 and counts["recall"] >= 0.9, (field, counts)


def test_extract_from_a_stored_message(db) -> None:  # type: ignore[no-untyped-def]
    folder = ensure_folder(ensure_account("Work", "ken@example.jp"), "INBOX", "inbox")
    raw = make_message(
        "お見積もり",
        "佐藤様\n\nお見積もりをお送りします。\n\n--\nあおば精機株式会社\n"
        "技術部 主任　加藤 直樹\nＴＥＬ：０２２－３４５－６７８９\n",
        sender="加藤 直樹 <kato@aoba-seiki.co.jp>",
    )
    [message_id] = store_messages(folder, [IncomingMessage(raw, uid=1)])
    person = extract_from_message(message_id)
    assert (person.last_name, person.first_name, person.company, person.title, person.phone) == (
        "加藤", "直樹", "あおば精機株式会社", "技術部 主任", "022-345-6789"
    )
    with pytest.raises(NotFound):
        extract_from_message(message_id + 1000)
