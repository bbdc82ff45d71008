"""The migrated schema equals the models, on SQLite and PostgreSQL; upgrades copy SQLite aside."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from app.models import Base
from app.models.database import Database, DatabaseError
from app.models.migrate import current_revision, head_revision, upgrade_to_head


def test_migrated_schema_matches_models(db):
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []


def test_fresh_database_needs_no_backup(tmp_path):
    db = Database.open(f"sqlite:///{tmp_path / 'new.db'}")
    assert upgrade_to_head(db, tmp_path / "backups") is None
    assert not (tmp_path / "backups").exists()
    db.dispose()


def test_database_from_newer_release_is_refused_untouched(tmp_path):
    path = tmp_path / "hd.db"
    db = Database.open(f"sqlite:///{path}")
    upgrade_to_head(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(DatabaseError, match="更新版本"):
        upgrade_to_head(db, tmp_path / "backups")
    db.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999_future",)]
    assert not (tmp_path / "backups").exists()


def test_not_a_database_file_gives_a_clear_message(tmp_path):
    path = tmp_path / "hd.db"
    path.write_bytes(b"this is a word document, not sqlite" * 100)
    db = Database.open(f"sqlite:///{path}")
    with pytest.raises(DatabaseError, match="不是 HearingDesk 数据库"):
        db.check_connection()
    db.dispose()


def test_backup_api_copy_is_a_working_database(tmp_path):
    from app.models.migrate import _copy_sqlite_aside

    path = tmp_path / "hd.db"
    db = Database.open(f"sqlite:///{path}")
    upgrade_to_head(db)
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO room (name, active) VALUES ('调解室', 1)"))
    copy = _copy_sqlite_aside(db, tmp_path / "backups", head_revision())
    db.dispose()
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT name FROM room").fetchall() == [("调解室",)]


def test_outdated_sqlite_file_is_copied_aside_then_upgraded_keeping_data(tmp_path):
    from alembic import command

    from app.models.migrate import alembic_config

    path = tmp_path / "hd.db"
    db = Database.open(f"sqlite:///{path}")
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")  # the file as the first release left it
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO \"case\" (case_no, procedure, status, women_priority, new_employment_form,"
                          " cross_region, note, created_at, updated_at, version) VALUES ('青劳人仲(2025)办字第1号',"
                          " 'ordinary', 'accepted', 0, 0, 0, '', '2025-01-01', '2025-01-01', 1)"))
        conn.execute(text("INSERT INTO case_type_link (case_id, type_key, position) VALUES (1, 'overtime', 0)"))
    backup = upgrade_to_head(db, tmp_path / "backups")
    assert backup is not None and backup.exists() and "0001" in backup.name
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT template_version FROM case_type_link")).scalar() == 1
        assert conn.execute(text("SELECT case_no FROM \"case\"")).scalar() == "青劳人仲(2025)办字第1号"
    assert current_revision(db) == head_revision()
    db.dispose()
