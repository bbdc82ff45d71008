"""The documented PostgreSQL setup (resources/sql/postgres_audit_lockdown.sql, issue 12) on the
real server: the app's role works normally, inserts and reads audit entries, and UPDATE and
DELETE of the audit trail are refused (to the app role by privilege, to everybody by trigger)."""

from __future__ import annotations

import shutil
import subprocess
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.config import RESOURCES_DIR
from app.services import office as office_service
from app.services.audit_chain import verify_chain
from tests.conftest import TEST_OFFICE_KEY, make_test_database

SCRIPT = RESOURCES_DIR / "sql" / "postgres_audit_lockdown.sql"
pytestmark = pytest.mark.postgres


@pytest.fixture
def app_role(pg_db):
    role = f"hd_app_{uuid.uuid4().hex[:8]}"
    with pg_db.engine.begin() as conn:
        conn.execute(text(f'CREATE ROLE "{role}" LOGIN'))
    yield role
    pg_db.dispose()
    with pg_db.engine.begin() as conn:
        conn.execute(text(f'DROP OWNED BY "{role}"'))
        conn.execute(text(f'DROP ROLE "{role}"'))


def apply_script(db, role):
    url = make_url(db.url)
    if shutil.which("psql"):  # exactly the documented command
        r = subprocess.run(["psql", "-h", url.host, "-p", str(url.port), "-U", url.username, "-d", url.database,
                            "-v", f"app_role={role}", "-f", str(SCRIPT)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        return
    sql = SCRIPT.read_text(encoding="utf-8").replace(':"app_role"', f'"{role}"').replace(':"DBNAME"', f'"{url.database}"')
    sql = "\n".join(line for line in sql.splitlines() if not line.startswith("\\"))
    with db.engine.begin() as conn:
        conn.exec_driver_sql(sql)


def test_app_role_may_insert_and_read_audit_entries_only(pg_db, app_role):
    apply_script(pg_db, app_role)
    app_db = make_test_database(make_url(pg_db.url).set(username=app_role, password=None)
                                .render_as_string(hide_password=False))
    try:
        with app_db.session() as s:  # the app works: a change is made and audited
            office_service.add_room(s, "第一仲裁庭")
        with app_db.session() as s:
            assert verify_chain(s, TEST_OFFICE_KEY).ok
        with app_db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_entry")).scalar() == 1
            for statement in ("UPDATE audit_entry SET actor = 'x'", "DELETE FROM audit_entry",
                              "TRUNCATE audit_entry"):
                with pytest.raises(Exception, match="permission denied|append-only"):
                    conn.execute(text(statement))
                conn.rollback()
    finally:
        app_db.dispose()
    # the trigger refuses even the owner (here a superuser)
    with pg_db.engine.connect() as conn:
        for statement in ("UPDATE audit_entry SET actor = 'x'", "DELETE FROM audit_entry"):
            with pytest.raises(Exception, match="append-only"):
                conn.execute(text(statement))
            conn.rollback()
        assert conn.execute(text("SELECT actor FROM audit_entry")).scalar() == "测试员"
