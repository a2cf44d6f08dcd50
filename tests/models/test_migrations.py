import shutil
from pathlib import Path

import peewee as pw
import pytest

from app.mail.search import index_pending, search_ids
from app.models.crm import CRM_TABLES, Contact
from app.models.db import open_database
from app.models.mail import MAIL_TABLES, Message
from app.models.migrations import LATEST_VERSION, MigrationError, current_version
from app.paths import database_path

V1_DATABASE = Path(__file__).parent / "data" / "kizuna-v1.sqlite3"


@pytest.fixture
def v1_home(tmp_path):
    shutil.copy(V1_DATABASE, database_path(tmp_path))
    return tmp_path


def test_upgrade_from_version_1_keeps_data_and_adds_search(v1_home):
    db = open_database(v1_home)
    try:
        assert current_version(db) == LATEST_VERSION
        message = Message.get_by_id(1)
        assert message.subject == "お見積もりの件"
        assert Contact.get_by_id(1).company_name == "株式会社サンプル"
        assert index_pending() == 1
        assert search_ids("見積") == [1]
        assert search_ids("会議") == [1]
    finally:
        db.close()
    backups = list(v1_home.glob("*.v1-*.bak"))
    assert len(backups) == 1


def test_new_database_starts_at_latest_version_without_backup(tmp_path):
    db = open_database(tmp_path)
    try:
        assert current_version(db) == LATEST_VERSION
    finally:
        db.close()
    assert not list(tmp_path.glob("*.bak"))
    assert (database_path(tmp_path).stat().st_mode & 0o777) == 0o600


def test_migrated_schema_matches_the_models(v1_home):
    """Every model column exists in the migrated database, and nothing extra."""
    db = open_database(v1_home)
    try:
        for model in MAIL_TABLES + CRM_TABLES:
            table = model._meta.table_name
            columns = {c.name for c in db.get_columns(table)}
            expected = {f.column_name for f in model._meta.sorted_fields}
            assert columns == expected, table
    finally:
        db.close()


def test_refuses_a_database_from_a_newer_version(tmp_path):
    db = open_database(tmp_path)
    db.execute_sql("INSERT INTO schema_version (version) VALUES (?)", (LATEST_VERSION + 1,))
    db.close()
    with pytest.raises(MigrationError):
        open_database(tmp_path)


def test_a_failing_step_leaves_the_previous_version(tmp_path, monkeypatch):
    from app.models import migrations

    monkeypatch.setattr(
        migrations, "STEPS", [*migrations.STEPS, (LATEST_VERSION + 1, "v001_initial.sql")]
    )
    with pytest.raises(pw.OperationalError):
        open_database(tmp_path)  # step 1 again: tables exist, so the new step fails
    db = pw.SqliteDatabase(str(database_path(tmp_path)))
    assert current_version(db) == LATEST_VERSION
    db.close()
