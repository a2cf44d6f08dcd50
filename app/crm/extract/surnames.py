"""Common Japanese family names with their usual romanization.

Used to split a name written without a space (林健太 → 林 / 健太) and to tell the order of a
romanized name (Yamada Taro is family-first, Taro Yamada is not).
"""

from __future__ import annotations

SURNAMES: dict[str, str] = {
    "佐藤": "sato", "鈴木": "suzuki", "高橋": "takahashi", "田中": "tanaka", "伊藤": "ito",
    "渡辺": "watanabe", "渡邊": "watanabe", "渡邉": "watanabe", "山本": "yamamoto",
    "中村": "nakamura", "小林": "kobayashi", "加藤": "kato", "吉田": "yoshida",
    "山田": "yamada", "佐々木": "sasaki", "山口": "yamaguchi", "松本": "matsumoto",
    "井上": "inoue", "木村": "kimura", "林": "hayashi", "斎藤": "saito", "斉藤": "saito",
    "齋藤": "saito", "清水": "shimizu", "山崎": "yamazaki", "森": "mori", "池田": "ikeda",
    "橋本": "hashimoto", "阿部": "abe", "石川": "ishikawa", "山下": "yamashita",
    "中島": "nakajima", "石井": "ishii", "小川": "ogawa", "前田": "maeda", "岡田": "okada",
    "長谷川": "hasegawa", "藤田": "fujita", "後藤": "goto", "近藤": "kondo", "村上": "murakami",
    "遠藤": "endo", "青木": "aoki", "坂本": "sakamoto", "福田": "fukuda", "太田": "ota",
    "西村": "nishimura", "藤井": "fujii", "金子": "kaneko", "岡本": "okamoto",
    "藤原": "fujiwara", "中野": "nakano", "三浦": "miura", "原田": "harada", "中川": "nakagawa",
    "松田": "matsuda", "竹内": "takeuchi", "小野": "ono", "田村": "tamura", "中山": "nakayama",
    "和田": "wada", "石田": "ishida", "森田": "morita", "上田": "ueda", "原": "hara",
    "内田": "uchida", "柴田": "shibata", "酒井": "sakai", "宮崎": "miyazaki",
    "横山": "yokoyama", "高木": "takagi", "安藤": "ando", "宮本": "miyamoto", "大野": "ono",
    "小島": "kojima", "谷口": "taniguchi", "今井": "imai", "工藤": "kudo", "高田": "takada",
    "増田": "masuda", "丸山": "maruyama", "杉山": "sugiyama", "村田": "murata",
    "大塚": "otsuka", "新井": "arai", "小山": "koyama", "平野": "hirano", "藤本": "fujimoto",
    "河野": "kono", "上野": "ueno", "野口": "noguchi", "武田": "takeda", "松井": "matsui",
    "千葉": "chiba", "岩崎": "iwasaki", "菅原": "sugawara", "木下": "kinoshita", "久保": "kubo",
    "佐野": "sano", "野村": "nomura", "松尾": "matsuo", "市川": "ichikawa", "菊地": "kikuchi",
    "菊池": "kikuchi", "杉本": "sugimoto", "古川": "furukawa", "大西": "onishi",
    "島田": "shimada", "水野": "mizuno", "桜井": "sakurai", "高野": "takano",
    "渡部": "watanabe", "吉川": "yoshikawa", "山内": "yamauchi", "西田": "nishida",
    "飯田": "iida", "西川": "nishikawa", "小松": "komatsu", "北村": "kitamura",
    "安田": "yasuda", "五十嵐": "igarashi", "川口": "kawaguchi", "平田": "hirata", "関": "seki",
    "中田": "nakata", "久保田": "kubota", "服部": "hattori", "東": "higashi", "岩田": "iwata",
    "土屋": "tsuchiya", "川崎": "kawasaki", "福島": "fukushima", "本田": "honda", "辻": "tsuji",
    "樋口": "higuchi", "秋山": "akiyama", "田口": "taguchi", "永井": "nagai",
    "山中": "yamanaka", "中西": "nakanishi", "吉村": "yoshimura", "川上": "kawakami",
    "石原": "ishihara", "大橋": "ohashi", "松岡": "matsuoka", "馬場": "baba", "浅野": "asano",
    "荒木": "araki", "大久保": "okubo", "野田": "noda", "小沢": "ozawa", "田辺": "tanabe",
    "川村": "kawamura", "星野": "hoshino", "谷": "tani", "黒田": "kuroda", "堀": "hori",
    "尾崎": "ozaki", "望月": "mochizuki", "永田": "nagata", "熊谷": "kumagai",
    "内藤": "naito", "松村": "matsumura", "西山": "nishiyama", "大谷": "otani", "平井": "hirai",
    "大島": "oshima", "岩本": "iwamoto", "片山": "katayama", "本間": "honma",
    "早川": "hayakawa", "横田": "yokota", "岡崎": "okazaki", "荒井": "arai", "大石": "oishi",
    "鎌田": "kamata", "成田": "narita", "宮田": "miyata", "小田": "oda", "石橋": "ishibashi",
    "篠原": "shinohara", "須藤": "sudo", "河合": "kawai", "大森": "omori",
    "高山": "takayama", "萩原": "hagiwara", "吉岡": "yoshioka", "小池": "koike",
    "森本": "morimoto", "岡": "oka", "宮下": "miyashita", "南": "minami", "坂口": "sakaguchi",
    "松下": "matsushita", "杉浦": "sugiura", "竹田": "takeda", "前川": "maekawa",
    "川島": "kawashima", "菅野": "kanno", "岡部": "okabe", "島": "shima", "桑原": "kuwahara",
    "野崎": "nozaki", "松浦": "matsuura", "大川": "okawa", "小西": "konishi", "田島": "tajima",
    "西": "nishi", "北": "kita", "浜田": "hamada", "三宅": "miyake", "上原": "uehara",
    "小泉": "koizumi", "新田": "nitta", "宮川": "miyagawa", "福井": "fukui",
}

ROMAJI_SURNAMES: frozenset[str] = frozenset(SURNAMES.values()) | frozenset(
    {"oono", "ohno", "satou", "itou", "katou", "satoh", "itoh", "katoh", "saitou", "kondou",
     "endou", "gotou", "andou", "kudou", "oota", "ohta", "ootsuka", "ohtsuka", "oonishi"}
)
