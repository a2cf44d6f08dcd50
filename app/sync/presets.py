"""Server settings of common providers, so a user types only an address and a password."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    security: str  # ssl | starttls


@dataclass(frozen=True)
class Preset:
    key: str
    label: str
    imap: Endpoint
    pop3: Endpoint
    smtp: Endpoint
    domains: tuple[str, ...]
    app_password_hint: str = ""
    app_password_hint_ja: str = ""

    def hosts(self) -> set[str]:
        return {self.imap.host, self.pop3.host, self.smtp.host}


PRESETS = {
    p.key: p
    for p in (
        Preset(
            "gmail", "Gmail",
            Endpoint("imap.gmail.com", 993, "ssl"), Endpoint("pop.gmail.com", 995, "ssl"),
            Endpoint("smtp.gmail.com", 465, "ssl"), ("gmail.com", "googlemail.com"),
            "With 2-Step Verification on, use an app password.",
            "2段階認証を有効にしている場合は、アプリパスワードを使用してください。",
        ),
        Preset(
            "zoho", "Zoho Mail",
            Endpoint("imap.zoho.com", 993, "ssl"), Endpoint("pop.zoho.com", 995, "ssl"),
            Endpoint("smtp.zoho.com", 465, "ssl"), ("zoho.com", "zohomail.com"),
            "With two-factor authentication on, use an application-specific password.",
            "2要素認証を有効にしている場合は、アプリケーション固有のパスワードを"
            "使用してください。",
        ),
        Preset(
            "yahoo", "Yahoo Mail",
            Endpoint("imap.mail.yahoo.com", 993, "ssl"), Endpoint("pop.mail.yahoo.com", 995, "ssl"),
            Endpoint("smtp.mail.yahoo.com", 465, "ssl"), ("yahoo.com", "yahoo.co.jp", "ymail.com"),
            "Yahoo requires an app password for mail programs.",
            "Yahoo!メールをメールソフトで使うにはアプリパスワードが必要です。",
        ),
        Preset(
            "outlook", "Outlook.com",
            Endpoint("outlook.office365.com", 993, "ssl"),
            Endpoint("outlook.office365.com", 995, "ssl"),
            Endpoint("smtp-mail.outlook.com", 587, "starttls"),
            ("outlook.com", "hotmail.com", "live.com", "msn.com", "outlook.jp", "hotmail.co.jp"),
            "With two-step verification on, use an app password.",
            "2段階認証を有効にしている場合は、アプリパスワードを使用してください。",
        ),
        Preset(
            "m365", "Microsoft 365",
            Endpoint("outlook.office365.com", 993, "ssl"),
            Endpoint("outlook.office365.com", 995, "ssl"),
            Endpoint("smtp.office365.com", 587, "starttls"),
            (),
            "Your administrator may need to enable IMAP/POP and SMTP AUTH for your mailbox.",
            "管理者がメールボックスの IMAP/POP と SMTP AUTH を有効にする必要がある"
            "場合があります。",
        ),
    )
}


# Gmail's POP "recent mode": a user name "recent:ken@gmail.com" lists the last 30 days of
# mail, including messages another device has already downloaded.
RECENT_PREFIX = "recent:"


def without_recent_prefix(username: str) -> str:
    """The account's real user name (SMTP and IMAP know nothing of the POP prefix)."""
    if username[:len(RECENT_PREFIX)].lower() == RECENT_PREFIX:
        return username[len(RECENT_PREFIX):]
    return username


def suggest_preset(address: str) -> Preset | None:
    domain = without_recent_prefix(address).rpartition("@")[2].lower()
    return next((p for p in PRESETS.values() if domain in p.domains), None)


def preset_for(address: str, host: str = "") -> Preset | None:
    """The provider behind an account, from its address and its server name."""
    by_domain = suggest_preset(address)
    if by_domain is not None and (not host or host.lower() in by_domain.hosts()):
        return by_domain
    # Mail on the customer's own domain at a provider's server is its business offer.
    serving = [p for p in PRESETS.values() if host.lower() in p.hosts()]
    return next((p for p in serving if not p.domains), serving[0] if serving else None)
