import io

import keyring
import pytest
from keyring.backends import fail

from app.cli.main import run
from app.services.session import open_session
from app.sync import credentials
from app.sync.errors import KeyringUnavailable


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_passwords_round_trip_through_the_keyring():
    credentials.set_password("Acct", "incoming", "s3cret")
    assert credentials.get_password("Acct", "incoming") == "s3cret"
    credentials.delete_passwords("Acct")
    assert credentials.get_password("Acct", "incoming") is None


def test_no_usable_keyring_is_one_clear_error(no_keyring):
    with pytest.raises(KeyringUnavailable) as error:
        credentials.set_password("Acct", "incoming", "s3cret")
    assert "PYTHON_KEYRING_BACKEND" in error.value.english


def test_account_add_without_keyring_fails_cleanly_and_stores_nothing(
    no_keyring, tmp_path, capsys, monkeypatch
):
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret\n"))
    code = run(["--home", str(tmp_path), "account", "add", "--name", "W", "--email",
                "w@example.com", "--protocol", "imap", "--host", "imap.example.com",
                "--password-stdin"])
    _, err = capsys.readouterr()
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "keyring" in err
    assert run(["--home", str(tmp_path), "account", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"


def test_password_never_lands_in_the_database(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("unique-pw-8842\n"))
    assert run(["--home", str(tmp_path), "account", "add", "--name", "W", "--email",
                "w@example.com", "--protocol", "imap", "--host", "imap.example.com",
                "--password-stdin"]) == 0
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert b"unique-pw-8842" not in data
    assert credentials.get_password("W", "incoming") == "unique-pw-8842"


def test_plaintext_needs_the_explicit_insecure_flag(tmp_path, capsys):
    argv = ["--home", str(tmp_path), "account", "add", "--name", "W", "--email",
            "w@example.com", "--protocol", "imap", "--host", "imap.example.com",
            "--security", "none"]
    assert run(argv) == 2
    assert "--allow-insecure" in capsys.readouterr().err
    assert run([*argv, "--allow-insecure"]) == 0


def test_two_data_directories_keep_their_own_password_for_the_same_account_name(tmp_path):
    first = open_session(tmp_path / "first")
    credentials.set_password("Work", "incoming", "first-pw")
    first.close()
    second = open_session(tmp_path / "second")
    credentials.set_password("Work", "incoming", "second-pw")
    second.close()
    assert (tmp_path / "first" / credentials.ID_FILE).stat().st_mode & 0o777 == 0o600

    for name, expected in (("first", "first-pw"), ("second", "second-pw")):
        session = open_session(tmp_path / name)
        assert credentials.get_password("Work", "incoming") == expected
        session.close()


def test_a_password_stored_under_the_bare_account_name_is_still_found(tmp_path):
    keyring.set_password(credentials.SERVICE, "Old:incoming", "legacy-pw")
    session = open_session(tmp_path)
    assert credentials.get_password("Old", "incoming") == "legacy-pw"
    keyring.delete_password(credentials.SERVICE, "Old:incoming")
    assert credentials.get_password("Old", "incoming") == "legacy-pw"  # adopted
    session.close()
