"""The headless commands as a user runs them: exit codes and messages, never a traceback."""

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from app.cli.common import EXIT_DATA
from app.models.migrate import head_revision


def hd(*args, home, env_extra=None, timeout=120):
    env = {**os.environ, "HEARINGDESK_HOME": str(home)}
    env.pop("HEARINGDESK_DB_URL", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def assert_clean_failure(result, *words):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    for w in words:
        assert w in result.stderr


def test_version(tmp_path):
    r = hd("--version", home=tmp_path)
    assert r.returncode == 0 and "HearingDesk 0.1.0" in r.stdout


def test_demo_then_cases_json(tmp_path):
    r = hd("demo", "--today", "2026-11-27", home=tmp_path)
    assert r.returncode == 0, r.stderr
    again = hd("demo", home=tmp_path)
    assert again.returncode == 0 and "未重复写入" in again.stdout
    r = hd("cases", "--json", "--today", "2026-11-27", home=tmp_path)
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert len(rows) == 28
    for row in rows:
        assert {"case_no", "case_types", "accepted", "deadline", "days_left", "procedure", "status"} <= row.keys()
        assert row["case_no"].startswith("青劳人仲(2026)办字第")
        if row["deadline"]:
            left = (date.fromisoformat(row["deadline"]) - date(2026, 11, 27)).days
            assert row["days_left"] == left
    assert {r["warning"] for r in rows} >= {"normal", "warn", "urgent", "overdue", "closed"}
    assert {t for r in rows for t in r["case_types"]} >= {"unpaid_wages", "employment_confirmation", "work_injury"}


def test_db_upgrade_creates_and_reports(tmp_path):
    r = hd("db", "upgrade", home=tmp_path)
    assert r.returncode == 0 and "最新版本" in r.stdout
    assert (tmp_path / "hearingdesk.db").exists()
    r = hd("db", "status", home=tmp_path)
    assert r.returncode == 0 and head_revision() in r.stdout


def test_wrong_database_url(tmp_path):
    r = hd("cases", home=tmp_path, env_extra={"HEARINGDESK_DB_URL": "nosuchdb://x"})
    assert_clean_failure(r, "数据库地址无效")


def test_unreachable_server(tmp_path):
    r = hd("cases", home=tmp_path,
           env_extra={"HEARINGDESK_DB_URL": "postgresql+psycopg://hd:secret@127.0.0.1:9/hearingdesk"})
    assert_clean_failure(r, "无法连接数据库服务器")
    assert "secret" not in r.stderr  # the password is never echoed
    assert r.returncode == EXIT_DATA


def test_database_from_newer_release(tmp_path):
    assert hd("db", "upgrade", home=tmp_path).returncode == 0
    with sqlite3.connect(tmp_path / "hearingdesk.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    r = hd("cases", home=tmp_path)
    assert_clean_failure(r, "更新版本")


def test_locked_database_file(tmp_path):
    assert hd("db", "upgrade", home=tmp_path).returncode == 0
    conn = sqlite3.connect(tmp_path / "hearingdesk.db", isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        r = hd("demo", home=tmp_path)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    assert_clean_failure(r, "锁定")
    with sqlite3.connect(tmp_path / "hearingdesk.db") as check:
        assert check.execute("SELECT count(*) FROM \"case\"").fetchone() == (0,)  # nothing half-written


def test_not_a_database(tmp_path):
    (tmp_path / "hearingdesk.db").write_bytes(b"PK\x03\x04 not sqlite" * 200)
    r = hd("cases", home=tmp_path)
    assert_clean_failure(r, "不是 HearingDesk 数据库")


def test_unwritable_data_dir(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = hd("cases", home=blocker / "sub")
    assert_clean_failure(r, "数据目录")


@pytest.mark.postgres
def test_shared_server_through_the_environment(tmp_path, pg_db):
    url = pg_db.url
    r = hd("demo", "--today", "2026-11-27", home=tmp_path, env_extra={"HEARINGDESK_DB_URL": url})
    assert r.returncode == 0, r.stderr
    r = hd("cases", "--json", home=tmp_path, env_extra={"HEARINGDESK_DB_URL": url})
    assert len(json.loads(r.stdout)) == 28
    assert not (tmp_path / "hearingdesk.db").exists()
