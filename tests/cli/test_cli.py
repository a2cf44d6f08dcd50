import json
import subprocess
import sys

import pytest

from app.cli.main import run


def _json(capsys, *argv: str):
    code = run([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def demo_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("demo")
    assert run(["--home", str(home), "demo", "--json"]) == 0
    return home


MESSAGE_FIELDS = {
    "id", "account", "folder", "uid", "message_id", "subject", "from_name", "from_addr",
    "to", "cc", "date", "flags", "thread_id", "has_attachments", "snippet",
}


def test_messages_list_has_contract_fields_and_decoded_japanese(demo_home, capsys):
    messages = _json(capsys, "--home", str(demo_home), "messages", "list", "--limit", "500")
    assert len(messages) >= 200
    for message in messages:
        assert message.keys() >= MESSAGE_FIELDS
        assert "=?" not in message["subject"]
        assert message["date"].endswith("Z")
    assert any(any("\u3040" <= ch <= "\u30ff" for ch in m["subject"]) for m in messages)


def test_folder_filter_and_threads(demo_home, capsys):
    inbox = _json(capsys, "--home", str(demo_home), "messages", "list", "--folder", "INBOX")
    assert inbox and {m["folder"] for m in inbox} == {"INBOX"}
    threads = _json(capsys, "--home", str(demo_home), "messages", "list", "--threads")
    assert threads and len({t["thread_id"] for t in threads}) == len(threads)
    assert any(t["messages"] > 1 for t in threads)


def test_folders_lists_roles_with_counts(demo_home, capsys):
    folders = _json(capsys, "folders", "--home", str(demo_home))
    roles = {f["role"] for f in folders}
    assert {"inbox", "sent"} <= roles
    assert folders[0]["role"] == "inbox"
    assert all(f["total"] >= f["unread"] >= 0 for f in folders)


@pytest.mark.parametrize("query", ["見積", "invoice"])
def test_search_japanese_and_english(demo_home, capsys, query):
    found = _json(capsys, "--home", str(demo_home), "search", query)
    assert found
    for message in found:
        shown = _json(capsys, "--home", str(demo_home), "messages", "show", str(message["id"]))
        people = " ".join(f"{p['name']} {p['addr']}" for p in shown["to"] + shown["cc"])
        haystack = " ".join([shown["subject"], shown["text"], shown["from_name"], people])
        assert query in haystack.lower()


def test_show_has_body_attachments_warnings_and_crm(demo_home, capsys):
    messages = _json(capsys, "--home", str(demo_home), "messages", "list", "--limit", "500")
    with_attachment = next(m for m in messages if m["has_attachments"])
    shown = _json(capsys, "--home", str(demo_home), "messages", "show", str(with_attachment["id"]))
    assert shown["attachments"]
    assert {"filename", "content_type", "size"} <= shown["attachments"][0].keys()
    assert isinstance(shown["warnings"], list)
    assert "text" in shown and "html" in shown and "crm" in shown


def test_not_found_is_exit_4_with_one_line(demo_home, capsys):
    code = run(["--home", str(demo_home), "messages", "show", "999999", "--json"])
    out, err = capsys.readouterr()
    assert code == 4
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "999999" in err


@pytest.mark.parametrize(
    "argv",
    [["bogus"], ["messages"], ["messages", "list", "--limit", "0"], ["search"], []],
)
def test_usage_errors_are_exit_2_with_one_line(tmp_path, capsys, argv):
    code = run(["--home", str(tmp_path), *argv])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1


def test_unknown_folder_is_not_found(tmp_path, capsys):
    assert run(["--home", str(tmp_path), "messages", "list", "--folder", "Nope"]) == 4


def test_japanese_error_messages(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIZUNA_LANG", "ja")
    assert run(["--home", str(tmp_path), "messages", "show", "5"]) == 4
    assert "メッセージはありません" in capsys.readouterr().err


def test_console_entry_point_without_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "app", "--home", str(tmp_path), "messages", "show", "7", "--json"],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 4
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
