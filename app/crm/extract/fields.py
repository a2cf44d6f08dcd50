"""Fields of a signature line: titles, website, postal address."""

from __future__ import annotations

import re

from app.crm.extract.surnames import SURNAMES
from app.crm.extract.text import CJK

# Titles and the words that end department names (営業部, 第二営業課, 経理グループ …).
JA_TITLES = (
    "代表取締役社長", "代表取締役", "取締役", "執行役員", "監査役", "代表社員", "代表理事", "理事",
    "社長", "副社長", "会長", "専務", "常務", "顧問", "相談役", "主任", "主査", "主事", "参事",
    "マネージャー", "マネジャー", "リーダー", "ディレクター", "プロデューサー", "エンジニア",
    "コンサルタント", "デザイナー", "アシスタント", "スペシャリスト", "チーフ", "担当",
    "エグゼクティブ", "オフィサー", "プランナー", "アナリスト", "アーキテクト", "秘書",
    "スタッフ", "営業", "代表", "代理", "補佐", "長", "弁護士", "税理士", "公認会計士",
    "司法書士", "行政書士", "社会保険労務士", "弁理士", "医師", "教授", "准教授", "講師",
)
JA_UNITS = ("部", "課", "室", "係", "局", "グループ", "チーム", "本部", "センター", "支店",
            "支社", "営業所", "事務局", "工場", "事業所", "ユニット", "セクション", "担当")
_EN_TITLE = re.compile(
    r"\b(ceo|cto|cfo|coo|cio|cmo|cro|vp|svp|evp|president|director|manager|head|lead|leader|"
    r"chief|officer|engineer|developer|consultant|specialist|executive|representative|"
    r"coordinator|associate|analyst|partner|founder|co-founder|owner|principal|architect|"
    r"designer|advisor|adviser|administrator|assistant|supervisor|buyer|agent|secretary|"
    r"treasurer|producer|editor|attorney|counsel|accountant|scientist|researcher|professor|"
    r"dept|department|division|sales|marketing|procurement|purchasing|operations|"
    r"leiter|leiterin|geschäftsführer|geschäftsführerin|responsable|directeur|directrice|"
    r"direttore|responsabile|gerente)\b",
    re.IGNORECASE,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\"'|｜、。]+", re.IGNORECASE)
_PREFECTURE = re.compile(r"(東京都|北海道|京都府|大阪府|[\u4e00-\u9fff]{2,3}県)"
                         r"[\u4e00-\u9fff\u3040-\u30ff]{1,8}[市区町村郡]")
_JA_POSTAL = re.compile(r"^(〒\s*)?\d{3}-\d{4}\b")
_ADDRESS_LABEL = re.compile(r"^(住所|所在地|address|addr|add)\s*[:：]\s*", re.IGNORECASE)
_STREET = re.compile(
    r"(^\d+[A-Za-z]?\s+\w.*\b(street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|"
    r"way|court|ct|place|pl|square|sq|parkway|pkwy|highway|hwy|terrace)\b\.?)"
    r"|(\w+(straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)\s+\d+)"
    r"|(^\d+,?\s+(rue|avenue|boulevard|bd|place|chemin|via|viale|piazza|corso)\b)"
    r"|(^(via|viale|piazza|corso|calle|avenida|rua)\s+\w.*\d)",
    re.IGNORECASE,
)
# US "CA 94103", UK "M1 1AE", continental "10117 Berlin".
# US "CA 94103", UK "M1 1AE", continental "10117 Berlin".
_CITY = re.compile(
    r"\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b"
    r"|(^|,\s*)\d{4,5}\s+[A-ZÀ-Ý][a-zà-ÿ]+"
)
_SUITE = re.compile(r"^(suite|ste\.?|floor|fl\.?|unit|room|building|bldg\.?)\b", re.IGNORECASE)


def is_ja_title_token(token: str) -> bool:
    if token in SURNAMES or not re.search(f"[{CJK}]", token):
        return False
    return (token.endswith(JA_TITLES) and len(token) >= 2) or (
        token.endswith(JA_UNITS) and len(token) > 1
    )


def is_en_title(piece: str) -> bool:
    words = piece.split()
    return (1 <= len(words) <= 8 and not re.search(r"[\d@]", piece)
            and bool(_EN_TITLE.search(piece)))


def website_in(line: str) -> str:
    match = _URL.search(line)
    if match is None or "@" in match.group(0):
        return ""
    return match.group(0).rstrip(".,;:")


def strip_address_label(line: str) -> str:
    return _ADDRESS_LABEL.sub("", line).strip()


def is_postal_only(line: str) -> bool:
    return bool(_JA_POSTAL.match(line)) and len(_JA_POSTAL.sub("", line).strip()) == 0


def is_ja_address(line: str) -> bool:
    return line.startswith("〒") or (bool(_PREFECTURE.search(line)) and bool(
        _JA_POSTAL.match(line) or re.search(r"\d", line)
    ))


def is_street(line: str) -> bool:
    return bool(_STREET.search(line))


def is_city_line(line: str) -> bool:
    return bool(_CITY.search(line)) and not re.search(r"[:@]", line)


def is_suite(line: str) -> bool:
    return bool(_SUITE.match(line))
