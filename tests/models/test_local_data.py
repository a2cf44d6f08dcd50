"""Local data: the store, its side files and saved attachments are the user's alone, and
every SQL statement takes values as parameters, never pasted into its text."""

from __future__ import annotations

import ast
import os
import stat
from pathlib import Path

from app.mail.store import IncomingMessage, ensure_account, ensure_folder, store_messages
from app.models.db import STORE_FILE_SUFFIXES
from app.paths import attachment_cache, database_path
from app.services import mailbox
from app.services.session import open_session
from tests.mail.builders import entity, message, multipart

APP = Path(__file__).resolve().parents[2] / "app"


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _side_files(home: Path) -> list[Path]:
    db = database_path(home)
    files = [db.with_name(db.name + suffix) for suffix in STORE_FILE_SUFFIXES]
    return [f for f in files if f.exists()]


def _store_one(raw: bytes) -> int:
    folder = ensure_folder(ensure_account("Work", "ken@example.jp"), "INBOX", "inbox")
    return store_messages(folder, [IncomingMessage(raw)])[0]


def test_new_store_and_its_wal_files_are_private(tmp_path: Path) -> None:
    home = tmp_path / "home"
    session = open_session(home)
    _store_one(message())
    names = {f.name for f in _side_files(home)}
    assert {"kizuna.sqlite3", "kizuna.sqlite3-wal", "kizuna.sqlite3-shm"} <= names
    assert {_mode(f) for f in _side_files(home)} == {0o600}
    assert _mode(home) == 0o700
    session.close()


def test_a_store_left_readable_is_made_private_on_open(tmp_path: Path) -> None:
    home = tmp_path / "home"
    open_session(home).close()
    os.chmod(home, 0o755)
    for file in _side_files(home):
        os.chmod(file, 0o644)
    session = open_session(home)
    assert _mode(home) == 0o700
    assert {_mode(f) for f in _side_files(home)} == {0o600}
    session.close()


def test_attachments_are_saved_privately_under_safe_names(tmp_path: Path) -> None:
    session = open_session(tmp_path / "home")
    attached = entity("application/pdf", "%PDF-1.4", encoding="base64", headers=(
        'Content-Disposition: attachment; filename="../../.profile\u202efdp.exe"',))
    message_id = _store_one(message(multipart("mixed", entity("text/plain", "hi"), attached)))
    cache = attachment_cache(session.home)
    saved = mailbox.save_attachment(message_id, "2", cache)
    assert saved.parent == cache and saved.name == "profilefdp.exe"
    assert saved.read_bytes() == b"%PDF-1.4"
    assert _mode(cache) == 0o700 and _mode(saved) == 0o600
    again = mailbox.save_attachment(message_id, "2", cache)
    assert again.name == "profilefdp (2).exe" and saved.read_bytes() == b"%PDF-1.4"
    session.close()


# Interpolated into SQL text, these only ever produce placeholders ("?,?,?") or a column
# name picked from constants in the same function; everything else must be a parameter.
PLACEHOLDER_SOURCES = {"marks", "column", "owner", "' AND '.join(where)", "int(level)"}
SQL_CALLS = {"execute", "execute_sql", "executemany", "executescript", "raw"}


def _interpolations(node: ast.expr) -> list[str]:
    """Source of every value pasted into a SQL string expression."""
    if isinstance(node, ast.JoinedStr):
        return [ast.unparse(v.value) for v in node.values if isinstance(v, ast.FormattedValue)]
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mod):
            return [ast.unparse(node.right)]
        return _interpolations(node.left) + _interpolations(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
            and node.func.attr == "format":
        return [ast.unparse(k.value) for k in node.keywords] + [ast.unparse(a) for a in node.args]
    return []


def _pasted_values(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in SQL_CALLS and node.args):
            continue
        for source in _interpolations(node.args[0]):
            if "'?'" in source or '"?"' in source or source.startswith("_in("):
                continue  # a run of placeholders
            if source not in PLACEHOLDER_SOURCES:
                found.append((node.lineno, source))
    return found


def test_sql_takes_values_only_as_parameters() -> None:
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        offenders += [f"{path.relative_to(APP.parent)}:{line}: {source}"
                      for line, source in _pasted_values(tree)]
    assert offenders == []


def test_the_sql_check_catches_a_pasted_value() -> None:
    tree = ast.parse('db.execute_sql(f"SELECT * FROM message WHERE subject = \'{subject}\'")\n'
                     'db.execute_sql("DELETE FROM x WHERE id = %s" % ident)\n'
                     'db.execute_sql(f"DELETE FROM x WHERE id IN ({marks})", ids)\n')
    assert [source for _, source in _pasted_values(tree)] == ["subject", "ident"]
