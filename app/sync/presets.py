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


PRESETS = {
    p.key: p
    for p in (
        Preset(
            "gmail", "Gmail",
            Endpoint("imap.gmail.com", 993, "ssl"), Endpoint("pop.gmail.com", 995, "ssl"),
            Endpoint("smtp.gmail.com", 465, "ssl"), ("gmail.com", "googlemail.com"),
            "With 2-Step Verification on, use an app password.",
        ),
        Preset(
            "zoho", "Zoho Mail",
            Endpoint("imap.zoho.com", 993, "ssl"), Endpoint("pop.zoho.com", 995, "ssl"),
            Endpoint("smtp.zoho.com", 465, "ssl"), ("zoho.com", "zohomail.com"),
            "With two-factor authentication on, use an application-specific password.",
        ),
        Preset(
            "yahoo", "Yahoo Mail",
            Endpoint("imap.mail.yahoo.com", 993, "ssl"), Endpoint("pop.mail.yahoo.com", 995, "ssl"),
            Endpoint("smtp.mail.yahoo.com", 465, "ssl"), ("yahoo.com", "yahoo.co.jp", "ymail.com"),
            "Yahoo requires an app password for mail programs.",
        ),
        Preset(
            "outlook", "Outlook.com",
            Endpoint("outlook.office365.com", 993, "ssl"),
            Endpoint("outlook.office365.com", 995, "ssl"),
            Endpoint("smtp-mail.outlook.com", 587, "starttls"),
            ("outlook.com", "hotmail.com", "live.com", "msn.com", "outlook.jp", "hotmail.co.jp"),
            "With two-step verification on, use an app password.",
        ),
        Preset(
            "m365", "Microsoft 365",
            Endpoint("outlook.office365.com", 993, "ssl"),
            Endpoint("outlook.office365.com", 995, "ssl"),
            Endpoint("smtp.office365.com", 587, "starttls"),
            (),
            "Your administrator may need to enable IMAP/POP and SMTP AUTH for your mailbox.",
        ),
    )
}


def suggest_preset(address: str) -> Preset | None:
    domain = address.rpartition("@")[2].lower()
    return next((p for p in PRESETS.values() if domain in p.domains), None)
