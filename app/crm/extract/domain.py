"""The company a mail domain suggests, unless the domain belongs to a free-mail provider."""

from __future__ import annotations

FREE_MAIL = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.jp", "ymail.com", "rocketmail.com",
    "yahoo.co.uk", "yahoo.fr", "yahoo.de", "hotmail.com", "hotmail.co.jp", "hotmail.co.uk",
    "hotmail.fr", "outlook.com", "outlook.jp", "live.com", "live.jp", "msn.com", "icloud.com",
    "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.com",
    "gmx.de", "gmx.net", "web.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com",
    "zoho.com", "zohomail.com", "fastmail.com", "hey.com", "tutanota.com", "qq.com",
    "163.com", "126.com", "naver.com", "daum.net", "hanmail.net",
    # Japanese carriers and ISPs: addresses of subscribers, not of companies.
    "docomo.ne.jp", "ezweb.ne.jp", "au.com", "softbank.ne.jp", "i.softbank.jp",
    "ymobile.ne.jp", "rakuten.jp", "nifty.com", "nifty.ne.jp", "biglobe.ne.jp",
    "ocn.ne.jp", "so-net.ne.jp", "plala.or.jp", "dion.ne.jp", "excite.co.jp",
})
# Second-level names under a country code that are not the organization's own name.
_SECOND_LEVEL = frozenset({
    "co", "ne", "or", "ac", "go", "ed", "gr", "lg", "ad", "com", "net", "org", "edu", "gov",
    "ltd", "plc", "biz", "info",
})


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(".")


def is_free_mail(domain: str) -> bool:
    # A Japanese ISP domain (*.ne.jp) is a subscriber's address, whatever the provider.
    return domain in FREE_MAIL or domain.endswith(".ne.jp") or any(
        domain.endswith("." + free) for free in FREE_MAIL
    )


def organization_label(domain: str) -> str:
    """The label naming the organization: 'mail.kumo-tech.co.jp' → 'kumo-tech'."""
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return labels[0] if labels else ""
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2]


def company_from_domain(address: str) -> str:
    """'dpark@bluefin-robotics.com' → 'Bluefin Robotics'; '' for free mail."""
    domain = domain_of(address)
    if not domain or is_free_mail(domain):
        return ""
    label = organization_label(domain)
    words = [w for w in label.replace("_", "-").split("-") if w]
    return " ".join(w.capitalize() for w in words)
