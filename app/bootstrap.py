"""Open the database the environment names and bring it to the current schema.

Shared by the GUI and the CLI; no Qt. Every failure is a DatabaseError with a message
a user can act on.
"""

from __future__ import annotations

import logging
from pathlib import Path

from app.config import AppPaths, database_url
from app.models.database import Database, DatabaseError
from app.models.migrate import upgrade_to_head
from app.security.office_key import OfficeKeyError, load_office_key

log = logging.getLogger(__name__)


def open_database(paths: AppPaths, *, actor: str = "", upgrade: bool = True) -> Database:
    url = database_url(paths)
    if url.startswith("sqlite"):
        try:
            paths.ensure()
        except OSError as exc:
            raise DatabaseError(f"无法创建数据目录 {paths.data_dir}：{exc.strerror or exc}") from exc
    try:
        key = load_office_key(paths.data_dir)
    except (OfficeKeyError, OSError) as exc:
        raise DatabaseError(f"无法读取办公室密钥：{exc}") from exc
    db = Database.open(url, actor=actor, office_key=key)
    try:
        db.check_connection()
        if upgrade:
            backup = upgrade_to_head(db, paths.backups_dir)
            if backup is not None:
                log.info("database upgraded; previous file kept at %s", backup)
        if db.is_sqlite and paths.sqlite_file.exists():  # owner-only, with its WAL and shared memory
            for f in paths.data_dir.glob(paths.sqlite_file.name + "*"):
                f.chmod(0o600)
    except BaseException:
        db.dispose()
        raise
    return db


def crash_log_path(paths: AppPaths) -> Path:
    return paths.data_dir / "hearingdesk-error.log"
