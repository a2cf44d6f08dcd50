"""The cast of the demo mailbox: the user, colleagues, customers, prospects and bulk senders.

Every address is under a reserved name (.example, .example.jp, .test) so nothing in the demo
can reach a real mailbox. Signatures are written the way people really write them (full-width
digits, 〒 addresses, decorated rules) because the CRM's signature extraction reads them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    key: str
    name: str  # as shown in From:, family name first for Japanese people
    email: str
    lang: str  # "ja" | "en": the language they write in
    family: str = ""
    given: str = ""
    given_latin: str = ""  # how they sign mail written in English
    company: str = ""
    title: str = ""
    phone: str = ""
    mobile: str = ""
    address: str = ""
    website: str = ""
    mailer: str = "utf8-b64"  # a profile in app.demo.mail: charset, encoding, X-Mailer
    utc_offset: int = 9  # hours; their working day decides when they write
    crm: str = ""  # "contact" | "lead" | "" (not in the CRM yet, or not a customer)
    signature: str = ""

    @property
    def domain(self) -> str:
        return self.email.rsplit("@", 1)[1]


ACCOUNT_NAME = "Demo"  # the local account that holds Ken's mailbox

ME = Person(
    key="me",
    name="佐藤 健",
    email="ken.sato@kizuna-demo.example",
    lang="ja",
    family="佐藤",
    given="健",
    given_latin="Ken",
    company="株式会社キズナデモ",
    title="営業部 アカウントエグゼクティブ",
    phone="03-6300-1234",
    mobile="090-1234-0001",
    mailer="kizuna",
    signature="""\
--
佐藤 健（Ken Sato）
株式会社キズナデモ 営業部 アカウントエグゼクティブ
〒150-0002 東京都渋谷区渋谷2-10-5 キズナビル5F
TEL: 03-6300-1234 / Mobile: 090-1234-0001
ken.sato@kizuna-demo.example
https://www.kizuna-demo.example/""",
)

# The user's English signature, for mail to overseas customers.
ME_SIGNATURE_EN = """\
--
Ken Sato
Account Executive, Kizuna Demo Inc.
5F Kizuna Bldg., 2-10-5 Shibuya, Shibuya-ku, Tokyo 150-0002, Japan
Tel: +81 3-6300-1234 | Mobile: +81 90-1234-0001
ken.sato@kizuna-demo.example"""

COLLEAGUES = [
    Person(
        key="suzuki",
        name="鈴木 美咲",
        email="misaki.suzuki@kizuna-demo.example",
        lang="ja",
        family="鈴木",
        given="美咲",
        company="株式会社キズナデモ",
        title="営業部 課長",
        phone="03-6300-1201",
        signature="""\
--
鈴木 美咲
株式会社キズナデモ 営業部 課長
TEL: 03-6300-1201""",
    ),
    Person(
        key="takahashi",
        name="高橋 翔",
        email="sho.takahashi@kizuna-demo.example",
        lang="ja",
        family="高橋",
        given="翔",
        company="株式会社キズナデモ",
        title="カスタマーサクセス部",
        phone="03-6300-1310",
        mailer="utf8-qp",
        signature="""\
--
高橋 翔
株式会社キズナデモ カスタマーサクセス部
TEL: 03-6300-1310 / support@kizuna-demo.example""",
    ),
    Person(
        key="ito",
        name="伊藤 由美",
        email="yumi.ito@kizuna-demo.example",
        lang="ja",
        family="伊藤",
        given="由美",
        company="株式会社キズナデモ",
        title="管理部 経理グループ",
        phone="03-6300-1100",
        signature="""\
--
伊藤 由美
株式会社キズナデモ 管理部 経理グループ
TEL: 03-6300-1100（内線 110）""",
    ),
]

CUSTOMERS = [
    Person(
        key="yamada",
        name="山田 太郎",
        email="t.yamada@sample-shoji.example.jp",
        lang="ja",
        family="山田",
        given="太郎",
        company="株式会社サンプル商事",
        title="営業部 部長",
        phone="03-1234-5678",
        mobile="090-2345-6789",
        address="〒100-0005 東京都千代田区丸の内1-2-3 サンプルビル8F",
        website="https://www.sample-shoji.example.jp/",
        mailer="outlook-jis",
        crm="contact",
        signature="""\
━━━━━━━━━━━━━━━━━━━━━━━━
株式会社サンプル商事
営業部 部長　山田 太郎
〒100-0005 東京都千代田区丸の内1-2-3 サンプルビル8F
TEL：03-1234-5678　FAX：03-1234-5679
携帯：090-2345-6789
E-mail：t.yamada@sample-shoji.example.jp
━━━━━━━━━━━━━━━━━━━━━━━━""",
    ),
    Person(
        key="tanaka",
        name="田中 花子",
        email="hanako.tanaka@mirai-logi.example.jp",
        lang="ja",
        family="田中",
        given="花子",
        company="株式会社みらい物流",
        title="総務部 課長",
        phone="045-123-4567",
        address="〒220-0012 神奈川県横浜市西区みなとみらい3-6-1",
        website="https://www.mirai-logi.example.jp/",
        mailer="utf8-b64",
        crm="contact",
        signature="""\
------------------------------------------
株式会社みらい物流 総務部 課長
田中 花子（Hanako Tanaka）
〒220-0012 神奈川県横浜市西区みなとみらい3-6-1
Tel: 045-123-4567 / Fax: 045-123-4568
------------------------------------------""",
    ),
    Person(
        key="kato",
        name="加藤 恵",
        email="kato.megumi@sakura-fudosan.example.jp",
        lang="ja",
        family="加藤",
        given="恵",
        company="株式会社さくら不動産",
        title="営業企画部 主任",
        phone="06-6123-4567",
        address="〒530-0001 大阪府大阪市北区梅田1-1-3",
        mailer="utf8-qp",
        crm="contact",
        signature="""\
**************************************
株式会社さくら不動産
営業企画部 主任　加藤 恵
〒530-0001 大阪府大阪市北区梅田1-1-3
ＴＥＬ　０６－６１２３－４５６７
**************************************""",
    ),
    Person(
        key="yoshida",
        name="吉田 大輔",
        email="d-yoshida@next-kensetsu.example.jp",
        lang="ja",
        family="吉田",
        given="大輔",
        company="株式会社ネクスト建設",
        title="情報システム部 部長",
        phone="052-201-3344",
        mobile="080-3456-7890",
        address="〒460-0008 愛知県名古屋市中区栄2-3-1",
        mailer="becky-jis",
        crm="contact",
        signature="""\
--------------------------------
株式会社ネクスト建設
情報システム部 部長
吉田 大輔
TEL 052-201-3344 / 携帯 080-3456-7890
--------------------------------""",
    ),
    Person(
        key="inoue",
        name="井上 彩",
        email="aya.inoue@cosmo-kaikei.example.jp",
        lang="ja",
        family="井上",
        given="彩",
        company="コスモ会計事務所",
        title="事務長",
        phone="03-5555-0123",
        mailer="utf8-b64",
        crm="contact",
        signature="""\
───────────────
コスモ会計事務所
事務長　井上 彩
TEL：03-5555-0123
───────────────""",
    ),
    Person(
        key="johnson",
        name="Sarah Johnson",
        email="sarah.johnson@northwind.example",
        lang="en",
        family="Johnson",
        given="Sarah",
        company="Northwind Traders",
        title="VP of Operations",
        phone="+1 (206) 555-0142",
        address="1200 Harbor Ave, Seattle, WA 98101",
        website="https://northwind.example",
        mailer="outlook-html",
        utc_offset=-7,
        crm="contact",
        signature="""\
Sarah Johnson
VP of Operations | Northwind Traders
+1 (206) 555-0142 | northwind.example""",
    ),
    Person(
        key="chen",
        name="Michael Chen",
        email="m.chen@contoso-pacific.example",
        lang="en",
        family="Chen",
        given="Michael",
        company="Contoso Pacific Pte. Ltd.",
        title="Procurement Manager",
        phone="+65 6555 0198",
        mobile="+65 9555 0123",
        address="8 Marina View, #20-01, Singapore 018960",
        mailer="ascii",
        utc_offset=8,
        crm="contact",
        signature="""\
--
Michael Chen | Procurement Manager
Contoso Pacific Pte. Ltd.
T +65 6555 0198 | M +65 9555 0123
8 Marina View, #20-01, Singapore 018960""",
    ),
    Person(
        key="schmidt",
        name="Laura Schmidt",
        email="laura.schmidt@adatum.example",
        lang="en",
        family="Schmidt",
        given="Laura",
        company="Adatum GmbH",
        title="Finance Manager",
        phone="+49 30 5550 1234",
        address="Friedrichstraße 100, 10117 Berlin",
        mailer="utf8-qp",
        utc_offset=1,
        crm="contact",
        signature="""\
--
Laura Schmidt
Finance Manager
Adatum GmbH · Friedrichstraße 100 · 10117 Berlin
Phone: +49 30 5550 1234""",
    ),
]

PROSPECTS = [
    Person(
        key="nakamura",
        name="中村 誠",
        email="nakamura@test-kogyo.example.jp",
        lang="ja",
        family="中村",
        given="誠",
        company="合同会社テスト工業",
        title="代表社員",
        phone="048-111-2233",
        mailer="sjis",
        crm="lead",
        signature="""\
＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝
合同会社テスト工業
代表社員　中村 誠
〒330-0063 埼玉県さいたま市浦和区高砂1-2-3
ＴＥＬ：０４８－１１１－２２３３
ＦＡＸ：０４８－１１１－２２３４
＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝＝""",
    ),
    Person(
        key="kobayashi",
        name="小林 直樹",
        email="n-kobayashi@hikari-clinic.example.jp",
        lang="ja",
        family="小林",
        given="直樹",
        company="医療法人ひかりクリニック",
        title="事務局長",
        phone="092-711-0001",
        mailer="becky-jis",
        crm="lead",
        signature="""\
医療法人ひかりクリニック
事務局長　小林 直樹
ＴＥＬ：０９２−７１１−０００１（代表）
〒810-0001 福岡県福岡市中央区天神1-4-2""",
    ),
    Person(
        key="matsumoto",
        name="松本 拓也",
        email="takuya.matsumoto@aoba-foods.example.jp",
        lang="ja",
        family="松本",
        given="拓也",
        company="株式会社アオバ食品",
        title="経営企画室 マネージャー",
        phone="022-200-5566",
        mailer="outlook-jis",
        crm="lead",
        signature="""\
株式会社アオバ食品 経営企画室
マネージャー　松本 拓也
〒980-0811 宮城県仙台市青葉区一番町2-2-2
TEL：022-200-5566
takuya.matsumoto@aoba-foods.example.jp""",
    ),
    Person(
        key="saito",
        name="斎藤 健太",
        email="kenta.saito.0715@freemail.example",
        lang="ja",
        family="斎藤",
        given="健太",
        company="斎藤デザイン事務所",
        title="代表",
        mobile="070-1111-2222",
        mailer="utf8-b64",
        crm="lead",
        signature="""\
斎藤デザイン事務所
斎藤 健太
携帯：070-1111-2222""",
    ),
    Person(
        key="patel",
        name="Priya Patel",
        email="priya.patel@fabrikam.test",
        lang="en",
        family="Patel",
        given="Priya",
        company="Fabrikam Analytics Ltd",
        title="Head of IT",
        phone="+44 20 7946 0321",
        mailer="outlook-html",
        utc_offset=0,
        crm="lead",
        signature="""\
Priya Patel
Head of IT, Fabrikam Analytics Ltd
+44 20 7946 0321""",
    ),
    Person(
        key="obrien",
        name="James O'Brien",
        email="james@tailspin-partners.example",
        lang="en",
        family="O'Brien",
        given="James",
        company="Tailspin Partners",
        title="Managing Director",
        phone="+61 2 5550 4477",
        mailer="ascii",
        utc_offset=10,
        crm="lead",
        signature="""\
James O'Brien
Managing Director, Tailspin Partners
Sydney | +61 2 5550 4477 | tailspin-partners.example""",
    ),
    # Not in the CRM yet: the first things a new user tries "add as lead" on.
    Person(
        key="watanabe",
        name="渡辺 さくら",
        email="s.watanabe@flower-design.example.jp",
        lang="ja",
        family="渡辺",
        given="さくら",
        company="株式会社フラワーデザイン",
        title="代表取締役",
        phone="０３－６２７８－９０１２",
        mobile="０８０－１２３４－５６７８",
        mailer="utf8-b64",
        signature="""\
◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇
株式会社フラワーデザイン
代表取締役　渡辺 さくら
〒107-0062 東京都港区南青山5-1-1
ＴＥＬ：０３－６２７８－９０１２
携帯：０８０－１２３４－５６７８
◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇◆◇""",
    ),
    Person(
        key="kim",
        name="David Kim",
        email="dkim.consulting@freemail.example",
        lang="en",
        family="Kim",
        given="David",
        company="Kim Consulting",
        title="Principal Consultant",
        mobile="+82 10-5555-0147",
        mailer="utf8-qp",
        utc_offset=9,
        signature="""\
David Kim
Principal Consultant, Kim Consulting
Mobile: +82 10-5555-0147""",
    ),
    Person(
        key="mori",
        name="森 優子",
        email="yuko.mori@hoshizora-edu.example.jp",
        lang="ja",
        family="森",
        given="優子",
        company="学校法人ほしぞら学園",
        title="法人本部 事務課",
        phone="011-222-3344",
        mailer="utf8-qp",
        signature="""\
学校法人ほしぞら学園 法人本部 事務課
森 優子
TEL 011-222-3344""",
    ),
]

# Prospects known only from the web form so far: Ken writes to them first.
FORM_PROSPECTS = [
    Person(
        key="shimizu",
        name="清水 綾",
        email="aya.shimizu@blue-ocean.example.jp",
        lang="ja",
        family="清水",
        given="綾",
        company="株式会社ブルーオーシャン",
        title="人事総務部",
        phone="03-4321-8765",
    ),
    Person(
        key="ishii",
        name="石井 亮",
        email="r.ishii@green-farm.example.jp",
        lang="ja",
        family="石井",
        given="亮",
        company="株式会社グリーンファーム",
        title="管理本部 課長",
        phone="0263-12-3456",
        mailer="utf8-qp",
        signature="""\
株式会社グリーンファーム 管理本部 課長
石井 亮
TEL：0263-12-3456""",
    ),
    Person(
        key="maeda",
        name="前田 真理",
        email="mari.maeda@maeda-tax.test",
        lang="ja",
        family="前田",
        given="真理",
        company="前田税理士法人",
        title="所長",
        phone="075-222-1111",
    ),
]

VENDORS = [
    Person(
        key="kimura",
        name="木村 雄一",
        email="seikyu@minato-print.example.jp",
        lang="ja",
        family="木村",
        given="雄一",
        company="株式会社ミナト印刷",
        title="経理課",
        phone="03-3456-7890",
        mailer="sjis-b64",
        signature="""\
株式会社ミナト印刷　経理課　木村 雄一
〒105-0022 東京都港区海岸1-9-9
ＴＥＬ：０３－３４５６－７８９０""",
    ),
]

# Bulk and automated senders: newsletters, the web form, notifications, junk.
WEBFORM = Person(
    key="webform", name="キズナデモ Webフォーム", email="noreply@kizuna-demo.example", lang="ja"
)
NEWS_EN = Person(
    key="news_en",
    name="SaaS Sales Weekly",
    email="newsletter@saas-sales-weekly.example",
    lang="en",
    utc_offset=-5,
)
NEWS_JA = Person(
    key="news_ja", name="営業力アップ通信", email="news@eigyo-tsushin.example.jp", lang="ja"
)
NEWS_SJIS = Person(
    key="news_sjis", name="週刊 経営ナビ", email="mag@keiei-navi.example.jp", lang="ja",
    mailer="sjis-b64",
)
EXPO = Person(
    key="expo", name="SaaS EXPO TOKYO 事務局", email="info@saas-expo.example.jp", lang="ja"
)
SALES_TEAM = Person(key="sales", name="営業部", email="sales@kizuna-demo.example", lang="ja")

EVERYONE = [
    ME,
    *COLLEAGUES,
    *CUSTOMERS,
    *PROSPECTS,
    *FORM_PROSPECTS,
    *VENDORS,
    WEBFORM,
    NEWS_EN,
    NEWS_JA,
    NEWS_SJIS,
    EXPO,
    SALES_TEAM,
]
BY_KEY = {p.key: p for p in EVERYONE}


def person(key: str) -> Person:
    return BY_KEY[key]
