"""Editing an account after it was added: settings, the default for sending."""

from __future__ import annotations

import pytest

from app.errors import NotFound, UsageError
from app.services.accounts import account_settings, set_default_account, update_account
from app.sync.accounts import AccountSettings, add_account, list_accounts


def _add(name: str, email: str, **fields: object) -> None:
    add_account(AccountSettings(name=name, email=email, protocol="imap", **fields), None)


def test_settings_read_back_and_change(db) -> None:
    _add("Work", "ken@gmail.com", preset="gmail")
    settings = account_settings("Work")
    assert (settings.host, settings.port, settings.preset) == ("imap.gmail.com", 993, "gmail")
    settings.display_name = "佐藤 健"
    settings.smtp_port = 587
    settings.smtp_security = "starttls"
    view = update_account(settings)
    assert (view.display_name, view.smtp_port, view.smtp_security) == ("佐藤 健", 587,
                                                                       "starttls")
    assert account_settings("Work") == settings


def test_own_servers_on_a_provider_domain_are_not_the_preset(db) -> None:
    _add("Work", "ken@gmail.com", host="mail.example.jp")
    assert account_settings("Work").preset == ""


def test_rules_of_adding_still_hold(db) -> None:
    _add("Work", "ken@example.jp", host="imap.example.jp")
    settings = account_settings("Work")
    settings.security = "none"
    with pytest.raises(UsageError):
        update_account(settings)  # plaintext needs allow_insecure
    settings = account_settings("Work")
    settings.protocol = "pop3"
    with pytest.raises(UsageError, match="protocol"):
        update_account(settings)
    settings = account_settings("Work")
    settings.name = "Other"
    with pytest.raises(NotFound):
        update_account(settings)


def test_one_default_account(db) -> None:
    _add("Work", "ken@example.jp", host="imap.example.jp")
    _add("Home", "ken@home.example", host="imap.home.example")
    assert {a.name: a.is_default for a in list_accounts()} == {"Home": False, "Work": True}
    set_default_account("Home")
    assert {a.name: a.is_default for a in list_accounts()} == {"Home": True, "Work": False}
