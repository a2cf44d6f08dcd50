from app.crm.csv_io import map_columns, read_csv, row_fields, write_csv
from app.crm.decode import decode_text
from app.crm.records import RecordView


def test_japanese_excel_headers_map_to_fields():
    columns = ["氏名", "フリガナ", "会社名", "部署", "役職", "〒", "住所", "ＴＥＬ", "携帯",
               "E-mail", "URL", "メモ", "社員番号"]
    assert map_columns(columns) == [
        "full_name", "full_name_kana", "company", "department", "title", "postal_code",
        "address", "phone", "mobile", "email", "website", "notes", None]


def test_outlook_and_google_headers():
    outlook = ["First Name", "Last Name", "E-mail Address", "Business Phone", "Mobile Phone",
               "Company", "Job Title"]
    assert map_columns(outlook) == ["first_name", "last_name", "email", "phone", "mobile",
                                    "company", "title"]
    google = ["Name", "Given Name", "Family Name", "E-mail 1 - Value", "Phone 1 - Value",
              "Organization 1 - Name", "Organization 1 - Title"]
    assert map_columns(google) == ["full_name", "first_name", "last_name", "email", "phone",
                                   "company", "title"]


def test_a_second_column_for_the_same_field_is_ignored():
    assert map_columns(["Email", "メールアドレス"]) == ["email", None]


def test_row_fields_split_names_and_join_department_and_postal_code():
    mapping = map_columns(["氏名", "フリガナ", "部署", "役職", "〒", "住所"])
    fields = row_fields(["山田　太郎", "ヤマダ タロウ", "営業部", "部長", "100-0005",
                         "東京都千代田区丸の内1-2-3"], mapping)
    assert fields == {"last_name": "山田", "first_name": "太郎", "last_name_kana": "ヤマダ",
                      "first_name_kana": "タロウ", "title": "営業部 部長",
                      "address": "〒100-0005 東京都千代田区丸の内1-2-3"}


def test_shift_jis_bytes_are_detected():
    text, encoding = decode_text("姓,名,メール\r\n山田,太郎,t@x.example\r\n".encode("cp932"))
    assert encoding == "cp932"
    table = read_csv(text)
    assert table.columns == ["姓", "名", "メール"]
    assert table.rows == [["山田", "太郎", "t@x.example"]]


def test_tab_and_semicolon_separated_files():
    for separator in ("\t", ";"):
        table = read_csv(f"Last Name{separator}Email\nChen{separator}chen@x.example\n")
        assert table.columns == ["Last Name", "Email"]
        assert table.rows == [["Chen", "chen@x.example"]]


def test_written_csv_opens_in_excel_and_reads_back():
    record = RecordView(id="C1", kind="contact", last_name="山田", first_name="太郎",
                        email="t@x.example", phone="03-1234-5678", mobile="",
                        company="サンプル, Inc.", title="部長", website="",
                        address="東京都\n千代田区", notes='"VIP"')
    for language in ("en", "ja"):
        data = write_csv([record], language)
        assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
        text, encoding = decode_text(data)
        assert encoding == "utf-8-sig"
        table = read_csv(text)
        fields = row_fields(table.rows[0], map_columns(table.columns))
        assert fields == {"kind": "contact", "last_name": "山田", "first_name": "太郎",
                          "email": "t@x.example", "phone": "03-1234-5678",
                          "company": "サンプル, Inc.", "title": "部長",
                          "address": "東京都\n千代田区", "notes": '"VIP"'}
