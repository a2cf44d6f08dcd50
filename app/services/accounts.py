"""Changing an existing account: its settings, which one sends by default.

Adding, listing and removing live in app.sync.accounts; this is what the settings dialog
needs beyond them. The name is fixed (the keyring files passwords under it) and so is the
protocol (stored folders belong to one).
"""

from __future__ import annotations

import json
from dataclasses import asdict

from app.errors import UsageError
from app.models.base import database_proxy
from app.models.mail import Account
from app.sync.accounts import AccountSettings, AccountView, account_view, get_account, validate
from app.sync.presets import suggest_preset

EDITABLE = (
    "email", "display_name", "host", "port", "security", "username", "smtp_host", "smtp_port",
    "smtp_security", "smtp_username", "same_credentials", "pop_retention", "ca_file",
    "allow_insecure",
)


def account_settings(name: str) -> AccountSettings:
    account = get_account(name)
    preset = suggest_preset(account.email)
    if preset is not None and account.host not in (preset.imap.host, preset.pop3.host):
        preset = None  # the provider's domain, but the user's own servers
    return AccountSettings(
        name=account.name, email=account.email, protocol=account.protocol, host=account.host,
        port=account.port, security=account.security, username=account.username,
        display_name=account.display_name, smtp_host=account.smtp_host,
        smtp_port=account.smtp_port, smtp_security=account.smtp_security,
        smtp_username=account.smtp_username, same_credentials=account.same_credentials,
        pop_retention=account.pop_retention, ca_file=account.ca_file,
        allow_insecure=account.allow_insecure, preset=preset.key if preset else "",
        options=json.loads(account.settings or "{}"),
    )


def update_account(settings: AccountSettings) -> AccountView:
    account = get_account(settings.name)
    if settings.protocol != account.protocol:
        raise UsageError(
            "An account's protocol cannot change; add a new account instead.",
            "アカウントのプロトコルは変更できません。新しいアカウントを追加してください。",
        )
    validate(settings)
    fields = {key: value for key, value in asdict(settings).items() if key in EDITABLE}
    Account.update(**fields).where(Account.id == account.id).execute()
    return account_view(get_account(settings.name))


def set_default_account(name: str) -> AccountView:
    """The account new mail is sent from unless the user picks another."""
    account = get_account(name)
    with database_proxy.atomic():
        Account.update(is_default=False).where(Account.is_default).execute()
        Account.update(is_default=True).where(Account.id == account.id).execute()
    return account_view(get_account(name))
