import pytest

from app.errors import UsageError
from app.models.mail import Account
from app.sync.accounts import AccountSettings, add_account, apply_preset
from app.sync.presets import PRESETS, preset_for, suggest_preset, without_recent_prefix


def test_every_provider_has_servers_and_bilingual_advice():
    assert set(PRESETS) == {"gmail", "zoho", "yahoo", "outlook", "m365"}
    for preset in PRESETS.values():
        for endpoint in (preset.imap, preset.pop3, preset.smtp):
            assert endpoint.host and endpoint.security in ("ssl", "starttls")
            expected = {"ssl": (993, 995, 465), "starttls": (587,)}[endpoint.security]
            assert endpoint.port in expected
        assert preset.app_password_hint and preset.app_password_hint_ja


@pytest.mark.parametrize(("address", "key"), [
    ("ken@gmail.com", "gmail"), ("Ken@GoogleMail.com", "gmail"), ("a@zohomail.com", "zoho"),
    ("taro@yahoo.co.jp", "yahoo"), ("hanako@outlook.jp", "outlook"),
    ("x@hotmail.co.jp", "outlook"), ("recent:ken@gmail.com", "gmail"),
])
def test_the_address_suggests_a_preset(address, key):
    assert suggest_preset(address).key == key


def test_unknown_domains_suggest_nothing():
    assert suggest_preset("ken@example.co.jp") is None
    assert preset_for("ken@example.co.jp", "mail.example.co.jp") is None


def test_the_server_names_the_provider_of_a_custom_domain():
    assert preset_for("ken@corp.co.jp", "outlook.office365.com").key == "m365"
    assert preset_for("ken@corp.co.jp", "imap.gmail.com").key == "gmail"  # Workspace
    assert preset_for("ken@outlook.com", "outlook.office365.com").key == "outlook"
    assert preset_for("ken@gmail.com", "").key == "gmail"
    assert preset_for("ken@gmail.com", "mail.example.jp") is None  # not Gmail's server


def test_recent_prefix_is_only_for_pop():
    assert without_recent_prefix("recent:ken@gmail.com") == "ken@gmail.com"
    assert without_recent_prefix("RECENT:ken@gmail.com") == "ken@gmail.com"
    assert without_recent_prefix("ken@gmail.com") == "ken@gmail.com"


def test_preset_fills_incoming_by_protocol_and_outgoing():
    imap = AccountSettings(name="a", email="ken@outlook.com", protocol="imap", preset="outlook")
    apply_preset(imap)
    assert (imap.host, imap.port, imap.security) == ("outlook.office365.com", 993, "ssl")
    assert (imap.smtp_host, imap.smtp_port, imap.smtp_security) == (
        "smtp-mail.outlook.com", 587, "starttls")
    pop = AccountSettings(name="b", email="ken@yahoo.co.jp", protocol="pop3", preset="yahoo")
    apply_preset(pop)
    assert (pop.host, pop.port, pop.security) == ("pop.mail.yahoo.com", 995, "ssl")


def test_servers_the_user_typed_win_over_the_preset():
    settings = AccountSettings(name="a", email="ken@gmail.com", protocol="pop3",
                               preset="gmail", host="pop.example.jp", port=110,
                               security="starttls", smtp_host="smtp.example.jp",
                               smtp_port=587, smtp_security="starttls")
    apply_preset(settings)
    assert (settings.host, settings.port, settings.security) == ("pop.example.jp", 110,
                                                                 "starttls")
    assert (settings.smtp_host, settings.smtp_security) == ("smtp.example.jp", "starttls")


def test_unknown_preset_is_a_usage_error():
    with pytest.raises(UsageError) as error:
        apply_preset(AccountSettings(name="a", email="k@x.jp", protocol="imap", preset="aol"))
    assert "gmail" in error.value.english and "custom" in error.value.english


def test_gmail_pop_recent_account_sends_with_the_plain_user_name(db):
    add_account(AccountSettings(name="G", email="ken@gmail.com", protocol="pop3",
                                preset="gmail", username="recent:ken@gmail.com"), None)
    account = Account.get(Account.name == "G")
    assert (account.host, account.port, account.security) == ("pop.gmail.com", 995, "ssl")
    assert account.username == "recent:ken@gmail.com"
    assert account.smtp_username == "ken@gmail.com"
    assert (account.smtp_host, account.smtp_port) == ("smtp.gmail.com", 465)
