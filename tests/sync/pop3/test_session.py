import poplib

import pytest

from app.errors import UsageError
from app.mail.store import ensure_account
from app.sync.errors import AuthError, MailboxError, ServerUnavailable
from app.sync.pop3.session import Pop3Endpoint, connect, endpoint_for, login_error, recent_mode_note

ENDPOINT = Pop3Endpoint("pop.example.jp", 995, "ssl", "ken", hint="Use an app password.",
                        hint_ja="アプリパスワードを使用してください。")


def _error(reply: bytes):
    return login_error(poplib.error_proto(reply), ENDPOINT)


def test_login_failures_are_sorted_by_response_code():
    for reply in (b"-ERR [AUTH] Authentication failed.", b"-ERR invalid password"):
        error = _error(reply)
        assert type(error) is AuthError
        assert error.english.endswith("Use an app password.")
        assert error.japanese.endswith("アプリパスワードを使用してください。")
    locked = _error(b"-ERR [IN-USE] Mailbox locked")
    assert isinstance(locked, MailboxError) and "Mailbox locked" in locked.english
    assert isinstance(_error(b"-ERR [SYS/PERM] POP disabled for this account"), MailboxError)
    for reply in (b"-ERR [SYS/TEMP] try later", b"-ERR [LOGIN-DELAY] 300 seconds"):
        assert isinstance(_error(reply), ServerUnavailable)


def test_server_text_is_kept_printable():
    error = _error(b"-ERR [IN-USE] locked\x1b[31m by\tsomeone")
    assert "\x1b" not in error.english and "\t" not in error.english


def test_line_breaks_never_reach_the_server():
    with pytest.raises(UsageError):
        connect(Pop3Endpoint("127.0.0.1", 1, "ssl", "ken"), "pass\r\nDELE 1")


def test_gmail_recent_mode_is_explained():
    english, japanese = recent_mode_note("recent:ken@gmail.com")
    assert "30 days" in english and "30日" in japanese
    assert recent_mode_note("Recent:ken@gmail.com") is not None
    assert recent_mode_note("ken@gmail.com") is None


def test_endpoint_hint_follows_the_provider(db):
    m365 = ensure_account("Work", "ken@corp.co.jp", protocol="pop3",
                          host="outlook.office365.com", port=995)
    assert "administrator" in endpoint_for(m365).hint
    custom = ensure_account("Own", "ken@corp.co.jp", protocol="pop3", host="pop.corp.co.jp",
                            port=995)
    assert endpoint_for(custom).hint == ""
