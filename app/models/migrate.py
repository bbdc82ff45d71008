"""Bring a database to the schema this program expects.

SQLite files are copied aside before any change, so a failed or unwanted upgrade can be
undone by putting the copy back. A database from a newer HearingDesk is refused untouched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import DBAPIError, OperationalError

from app.models.database import Database, DatabaseError, describe_db_error

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    try:
        with db.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseError(describe_db_error(exc, db.url)) from exc


def needs_upgrade(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade_to_head(db: Database, backups_dir: Path | None = None) -> Path | None:
    """Upgrade; return the path of the SQLite copy made first (None if none was needed)."""
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(db)
    head = script.get_current_head()
    if current == head:
        return None
    if current is None:
        from sqlalchemy import inspect

        with db.engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if not t.startswith("sqlite_")]
        if tables:  # someone else's database: the schema is not written into it
            where = db.engine.url.database if db.is_sqlite else db.engine.url.render_as_string(hide_password=True)
            raise DatabaseError(f"该数据库不是 HearingDesk 数据库（已有其他程序的表：{'、'.join(sorted(tables)[:5])}），"
                                f"未作任何改动：{where}")
    if current is not None and not _known(script, current):
        raise DatabaseError(
            f"该数据库由更新版本的 HearingDesk 创建（结构版本 {current}），"
            "本程序无法使用它。请升级 HearingDesk。"
        )
    backup = None
    if current is not None and db.is_sqlite and backups_dir is not None:
        backup = _copy_sqlite_aside(db, backups_dir, current)
    cfg = alembic_config()
    try:
        if db.is_sqlite:
            _upgrade_sqlite(db, cfg)
        else:
            with db.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
    except (OperationalError, DBAPIError) as exc:
        raise DatabaseError(describe_db_error(exc, db.url)) from exc
    return backup


def _upgrade_sqlite(db: Database, cfg: Config) -> None:
    """The whole upgrade in one transaction (pysqlite would run DDL outside any: a failure
    mid-way would leave half a migration), with foreign keys off while it runs: a batch
    migration copies a table and drops the old one, and with foreign keys on that drop
    cascades (deleting, for instance, every citation of the transcript's lines). The keys are
    checked before committing and switched on again."""
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only outside a transaction
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseError(f"升级后数据库的外键不一致（{broken[0][0]} 表），已撤销升级")
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")


def _known(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is not None
    except Exception:  # alembic raises ResolutionError/CommandError for unknown ids
        return False


def _copy_sqlite_aside(db: Database, backups_dir: Path, revision: str) -> Path:
    source = Path(db.engine.url.database or "")
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{source.stem}-{revision}-{stamp}.db"
    # The SQLite backup API gives a consistent copy even with a WAL file beside it.
    import sqlite3

    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


__all__ = ["upgrade_to_head", "needs_upgrade", "head_revision", "current_revision"]
