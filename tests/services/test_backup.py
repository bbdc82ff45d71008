"""Backup and restore (issue 12): the demo with a sealed record and its audio, backed up while
the database is open, restored into an empty data dir: every sealed record and the audit chain
verify; a damaged backup, a wrong key or a non-empty target are refused; PostgreSQL through
pg_dump / pg_restore on the real server."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.cli.backup import verify_all
from app.config import AppPaths
from app.models import Case, HearingAudio, RecordSignOff
from app.security.office_key import ENV_VAR
from app.services import sign_off
from app.services.backup import BackupError, BackupStatus, backup, backup_status, restore
from app.services.cases import find_case_id
from app.services.demo import seed_demo
from app.services.transcript import hearing_for
from tests.conftest import DATA, PG_URL, TEST_OFFICE_KEY, TODAY, make_test_database

CASE_NO = "青劳人仲(2026)办字第2号"
KEY_ENV = {ENV_VAR: TEST_OFFICE_KEY.hex()}


def sealed_demo(db, home):
    """The demo, its held hearing with a real recording, finalised (sealed)."""
    paths = AppPaths(home)
    with db.session() as s:
        seed_demo(s, today=TODAY)
        ref = hearing_for(s, find_case_id(s, CASE_NO), 1, create=False)
        rel = f"hearing-{ref.hearing_id}/import-1.m4a"
        (paths.audio_dir / rel).parent.mkdir(parents=True)
        shutil.copy(DATA / "ko.m4a", paths.audio_dir / rel)
        s.add(HearingAudio(hearing_id=ref.hearing_id, path=rel, original_name="庭审.m4a", duration=19.0))
    with db.session() as s:  # a session of its own, as the app finalises
        sign_off.finalize(s, ref.hearing_id, audio_dir=paths.audio_dir, by="陈静")
    return paths


@pytest.fixture
def sqlite_home(tmp_path, sqlite_db):
    home = tmp_path  # sqlite_db lives in tmp_path/hearingdesk.db: the data dir
    return sqlite_db, sealed_demo(sqlite_db, home)


def test_backup_then_restore_into_an_empty_place_verifies_every_sealed_record(sqlite_home, tmp_path_factory):
    db, paths = sqlite_home
    out = tmp_path_factory.mktemp("usb") / "backup-1"
    with db.session() as s:
        assert backup_status(s) == BackupStatus("尚未备份", True)
    result = backup(db, paths, out)
    with db.session() as s:
        status = backup_status(s)
    assert status.text.startswith("上次备份：不到 1 小时前") and not status.stale
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert result.files == 2 and set(manifest["files"]) == {"hearingdesk.db", next(
        f for f in manifest["files"] if f.startswith("audio/hearing-"))}
    assert not manifest["office_key"]["included"] and not (out / "office.key").exists()
    assert (out / "hearingdesk.db").stat().st_mode & 0o077 == 0

    target = AppPaths(tmp_path_factory.mktemp("new-pc") / "data")
    restore(out, target, db_url=f"sqlite:///{target.sqlite_file}", environ=KEY_ENV)
    restored = make_test_database(f"sqlite:///{target.sqlite_file}")
    try:
        with restored.session() as s:
            assert s.scalar(select(func.count()).select_from(Case)) == 28
            assert s.scalar(select(func.count()).select_from(RecordSignOff)) == 1
        assert verify_all(restored, target) == []
    finally:
        restored.dispose()


def test_a_damaged_backup_a_wrong_key_and_a_used_target_are_refused(sqlite_home, tmp_path_factory):
    db, paths = sqlite_home
    out = tmp_path_factory.mktemp("usb") / "b"
    backup(db, paths, out)
    target = AppPaths(tmp_path_factory.mktemp("t") / "data")
    url = f"sqlite:///{target.sqlite_file}"
    with pytest.raises(BackupError, match="需要备份时的办公室密钥"):
        restore(out, target, db_url=url, environ={})
    with pytest.raises(BackupError, match="密钥与备份时的不一致"):
        restore(out, target, db_url=url, environ={ENV_VAR: "ab" * 32})
    with pytest.raises(BackupError, match="只能恢复到空的数据目录"):
        restore(out, paths, db_url=f"sqlite:///{paths.sqlite_file}", environ=KEY_ENV)
    audio = next((out / "audio").rglob("*.m4a"))
    audio.write_bytes(audio.read_bytes()[:-10])
    with pytest.raises(BackupError, match="已损坏或被改动：audio/"):
        restore(out, target, db_url=url, environ=KEY_ENV)
    assert not target.sqlite_file.exists()  # nothing was written
    with pytest.raises(BackupError, match="不是空的"):
        backup(db, paths, out)


def test_only_an_administrator_may_back_up(sqlite_home, tmp_path):
    from app.services.access import AccessDenied

    db, paths = sqlite_home
    with pytest.raises(AccessDenied, match="备份数据"):
        backup(db.as_account(None), paths, tmp_path / "nobody")


@pytest.mark.postgres
def test_postgresql_through_pg_dump_and_pg_restore(pg_db, tmp_path):
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not on the PATH")
    paths = sealed_demo(pg_db, tmp_path / "office")
    out = tmp_path / "backup"
    backup(pg_db, paths, out)
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"hd_restored_{out.stat().st_ino % 100000}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        target = AppPaths(tmp_path / "other-pc")
        restore(out, target, db_url=url, environ=KEY_ENV)
        restored = make_test_database(url)
        try:
            with restored.session() as s:
                assert s.scalar(select(func.count()).select_from(Case)) == 28
            assert verify_all(restored, target) == []
        finally:
            restored.dispose()
        with pytest.raises(BackupError, match="空的数据库"):
            restore(out, AppPaths(tmp_path / "third"), db_url=url, environ=KEY_ENV)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
