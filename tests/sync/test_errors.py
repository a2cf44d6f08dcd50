import errno

from app.sync.errors import ServerUnreachable, classify


def test_a_refused_connection_says_so_in_both_languages():
    # What asyncio raises: its own text, the errno beside it.
    refused = OSError(errno.ECONNREFUSED, "Connect call failed ('127.0.0.1', 2525)")
    error = classify(refused, "127.0.0.1:2525")
    assert isinstance(error, ServerUnreachable)
    assert error.english == "Cannot reach 127.0.0.1:2525: Connection refused."
    assert error.japanese == "127.0.0.1:2525 に接続できません（接続を拒否されました）。"


def test_an_oserror_without_errno_keeps_its_text():
    error = classify(OSError("socket closed"), "imap.example.jp:993")
    assert error.english == "Cannot reach imap.example.jp:993: socket closed."
