import marshal

from app.mail.parse import parse_metadata
from app.sync.imap.connect import ImapEndpoint
from app.sync.imap.fetch_worker import WorkerLogin, _child_environment, _meta_from, _meta_tuple
from tests.mailfactory import make_message


def test_the_password_is_in_no_repr_argument_or_environment(monkeypatch):
    login = WorkerLogin(ImapEndpoint("imap.example.jp", 993, "ssl", "ken"), "s3cret-pw")
    assert "s3cret-pw" not in repr(login)
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    environment = _child_environment()
    assert "s3cret-pw" not in "".join(environment.values())
    assert environment["PYTHONPATH"].endswith("/elsewhere")  # the app's own root comes first


def test_metadata_crosses_the_pipe_unchanged():
    raw = make_message("Re: 見積もり", "本文", message_id="b@x", references=["a@x"],
                       sender="山田 太郎 <yamada@example.jp>", to="Ken <ken@example.jp>, x@y.jp")
    meta = parse_metadata(raw.split(b"\n\n", 1)[0] + b"\n\n", headers_only=True)
    assert _meta_from(marshal.loads(marshal.dumps(_meta_tuple(meta)))) == meta
