"""Synthetic mail for benchmarks: fast to make, shaped like a salesperson's inbox.

Built from string templates rather than email.message so that making 100k messages takes
seconds, not minutes. Threads of 1-6 messages with References; a third of the mail is
Japanese (UTF-8 base64 subjects, ISO-2022-JP bodies now and then).
"""

from __future__ import annotations

import base64
import random
from collections.abc import Iterator
from email.utils import formatdate

JA_SUBJECTS = ["お見積もりのお願い", "定例会議の議事録", "契約書の送付について",
               "請求書送付のご案内", "新製品のご紹介", "打ち合わせ日程のご相談"]
EN_SUBJECTS = ["Request for quote", "Meeting notes", "Contract draft", "Invoice for October",
               "Product update", "Scheduling a call", "Renewal reminder"]
JA_BODY = ("いつもお世話になっております。{company}の{name}です。\r\n"
           "先日ご相談いただいた件について、お見積もりをお送りいたします。\r\n"
           "ご確認のほどよろしくお願いいたします。\r\n")
EN_BODY = ("Hi,\r\n\r\nThanks for the meeting yesterday. As discussed, I am sending the "
           "details of our proposal and the invoice for the pilot. Let me know if the "
           "schedule works for your team.\r\n\r\nBest regards,\r\n{name}\r\n{company}\r\n")
COMPANIES = ["株式会社サンプル商事", "Acme Corp", "テスト工業株式会社", "Globex Ltd",
             "Initech GmbH"]
NAMES = ["山田 太郎", "John Smith", "鈴木 花子", "Maria Garcia", "佐々木 健一", "Wei Chen"]

# A word that appears in exactly one message in every 5,000: the "rare" query.
RARE_WORD = "zanzibarite"


def _encoded(subject: str) -> str:
    if subject.isascii():
        return subject
    return "=?UTF-8?B?" + base64.b64encode(subject.encode()).decode() + "?="


def generate(count: int, seed: int = 1, start: int = 1_700_000_000) -> Iterator[bytes]:
    rng = random.Random(seed)
    n = 0
    while n < count:
        japanese = rng.random() < 0.35
        subject = rng.choice(JA_SUBJECTS if japanese else EN_SUBJECTS) + f" #{n}"
        depth = min(rng.randint(1, 6), count - n)
        references: list[str] = []
        for step in range(depth):
            name, company = rng.choice(NAMES), rng.choice(COMPANIES)
            body = (JA_BODY if japanese else EN_BODY).format(name=name, company=company)
            if n % 5000 == 17:
                body += f"\r\nPS: {RARE_WORD}\r\n"
            msgid = f"bench{n}.{seed}@example.com"
            headers = [
                f"From: {_encoded(name)} <user{n % 997}@example.com>",
                "To: Ken Sato <ken@example.jp>",
                f"Subject: {_encoded(('Re: ' if step else '') + subject)}",
                f"Date: {formatdate(start + n * 30)}",
                f"Message-ID: <{msgid}>",
            ]
            if references:
                headers.append("References: " + " ".join(f"<{r}>" for r in references[-5:]))
                headers.append(f"In-Reply-To: <{references[-1]}>")
            if japanese and n % 3 == 0:
                headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=ISO-2022-JP",
                            "Content-Transfer-Encoding: 7bit"]
                payload = body.encode("iso2022_jp")
            else:
                headers += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
                            "Content-Transfer-Encoding: 8bit"]
                payload = body.encode()
            references.append(msgid)
            yield ("\r\n".join(headers) + "\r\n\r\n").encode() + payload
            n += 1
