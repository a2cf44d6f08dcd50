"""Adding, listing and removing mail accounts; the rules a configuration must follow."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field

from app.errors import NotFound, UsageError
from app.models.base import database_proxy
from app.models.mail import Account
from app.sync import credentials
from app.sync.presets import PRESETS, without_recent_prefix

SECURITY = ("ssl", "starttls", "none")
DEFAULT_PORTS = {
    ("imap", "ssl"): 993, ("imap", "starttls"): 143, ("imap", "none"): 143,
    ("pop3", "ssl"): 995, ("pop3", "starttls"): 110, ("pop3", "none"): 110,
    ("smtp", "ssl"): 465, ("smtp", "starttls"): 587, ("smtp", "none"): 25,
}


@dataclass
class AccountSettings:
    name: str
    email: str
    protocol: str  # imap | pop3
    host: str = ""
    port: int = 0
    security: str = "ssl"
    username: str = ""
    display_name: str = ""
    smtp_host: str = ""
    smtp_port: int = 0
    smtp_security: str = "ssl"
    smtp_username: str = ""
    same_credentials: bool = True
    pop_retention: str = "keep"
    ca_file: str = ""
    allow_insecure: bool = False
    preset: str = ""
    options: dict[str, object] = field(default_factory=dict)


@dataclass
class AccountView:
    name: str
    email: str
    display_name: str
    protocol: str
    host: str
    port: int
    security: str
    username: str
    smtp_host: str
    smtp_port: int
    smtp_security: str
    same_credentials: bool
    pop_retention: str
    is_default: bool


def _invalid(english: str, japanese: str) -> UsageError:
    return UsageError(english, japanese)


def apply_preset(settings: AccountSettings) -> None:
    if not settings.preset or settings.preset == "custom":
        return
    preset = PRESETS.get(settings.preset)
    if preset is None:
        names = ", ".join([*PRESETS, "custom"])
        raise _invalid(f"Unknown preset '{settings.preset}' (one of {names})",
                       f"プリセット「{settings.preset}」はありません（{names}）")
    incoming = preset.imap if settings.protocol == "imap" else preset.pop3
    if not settings.host:
        settings.security = incoming.security
    settings.host = settings.host or incoming.host
    settings.port = settings.port or incoming.port
    if not settings.smtp_host:
        settings.smtp_security = preset.smtp.security
    settings.smtp_host = settings.smtp_host or preset.smtp.host
    settings.smtp_port = settings.smtp_port or preset.smtp.port


def validate(settings: AccountSettings) -> None:
    if settings.protocol not in ("imap", "pop3"):
        raise _invalid("Protocol must be imap or pop3", "プロトコルは imap か pop3 です")
    if "@" not in settings.email:
        raise _invalid(f"'{settings.email}' is not an email address",
                       f"「{settings.email}」はメールアドレスではありません")
    if not settings.host:
        raise _invalid("An incoming server (--host) is required",
                       "受信サーバー（--host）を指定してください")
    for security in (settings.security, settings.smtp_security):
        if security not in SECURITY:
            raise _invalid(f"Security must be one of {', '.join(SECURITY)}",
                           f"セキュリティは {', '.join(SECURITY)} のいずれかです")
        if security == "none" and not settings.allow_insecure:
            raise _invalid(
                "Plaintext connections send your password unencrypted; "
                "pass --allow-insecure if you really mean it.",
                "暗号化なしの接続ではパスワードが平文で送られます。"
                "本当に使う場合は --allow-insecure を指定してください。",
            )
    retention = settings.pop_retention
    if retention not in ("keep", "delete", "mirror") and not (
        retention.startswith("days:") and retention[5:].isdigit() and int(retention[5:]) > 0
    ):
        raise _invalid("--pop-retention must be keep, delete, days:N or mirror",
                       "--pop-retention は keep・delete・days:N・mirror のいずれかです")


def add_account(settings: AccountSettings, password: str | None) -> AccountView:
    apply_preset(settings)
    settings.port = settings.port or DEFAULT_PORTS[(settings.protocol, settings.security)]
    if settings.smtp_host:
        settings.smtp_port = settings.smtp_port or DEFAULT_PORTS[("smtp", settings.smtp_security)]
    settings.username = settings.username or settings.email
    settings.smtp_username = settings.smtp_username or without_recent_prefix(settings.username)
    validate(settings)
    if Account.get_or_none(Account.name == settings.name) is not None:
        raise _invalid(f"An account named '{settings.name}' already exists",
                       f"「{settings.name}」という名前のアカウントは既にあります")
    if password is not None:
        credentials.set_password(settings.name, "incoming", password)
    fields = asdict(settings)
    options = fields.pop("options")
    fields.pop("preset")
    with database_proxy.atomic():
        first = Account.select().where(Account.protocol != "local").count() == 0
        account = Account.create(**fields, settings=json.dumps(options), is_default=first,
                                 created_at=int(time.time()))
    return account_view(account)


def account_view(account: Account) -> AccountView:
    return AccountView(
        name=account.name, email=account.email, display_name=account.display_name,
        protocol=account.protocol, host=account.host, port=account.port,
        security=account.security, username=account.username, smtp_host=account.smtp_host,
        smtp_port=account.smtp_port, smtp_security=account.smtp_security,
        same_credentials=account.same_credentials, pop_retention=account.pop_retention,
        is_default=account.is_default,
    )


def get_account(name: str) -> Account:
    account = Account.get_or_none(Account.name == name)
    if account is None:
        raise NotFound(f"No account named '{name}'", f"アカウント「{name}」はありません")
    return account


def list_accounts() -> list[AccountView]:
    return [account_view(a) for a in Account.select().order_by(Account.name)]


def remove_account(name: str) -> None:
    account = get_account(name)
    account.delete_instance(recursive=False)
    credentials.delete_passwords(name)
