"""Migration 0008 (the sealed record) on a database with a record in it (issue 11): nothing is lost (on SQLite a
table copy with foreign keys on used to cascade-delete every citation of the transcript's
lines), and records finalised before it come out sealed."""

import uuid
from datetime import datetime

import pytest
from alembic import command
from sqlalchemy import MetaData, create_engine, insert, text
from sqlalchemy.engine import make_url

from app.models.database import Database
from app.models.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from tests.conftest import PG_URL


def _fill(table, **values):
    """A row with every NOT NULL column given (values as given, the rest plain defaults)."""
    row = {}
    for c in table.columns:
        if c.name in values:
            row[c.name] = values[c.name]
        elif c.primary_key or c.nullable:
            continue
        else:
            kind = c.type.python_type
            row[c.name] = {bool: True, int: 1, float: 0.0, datetime: datetime(2026, 11, 25, 9, 0)}.get(kind, "x")
    return row


def _record_at_0004(db):
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    md = MetaData()
    md.reflect(db.engine)
    t = md.tables
    with db.engine.begin() as conn:
        conn.execute(insert(t["case"]).values(_fill(t["case"], id=1, case_no="A1", status="hearing",
                                                      procedure="ordinary")))
        for hid in (1, 2):
            conn.execute(insert(t["hearing"]).values(_fill(t["hearing"], id=hid, case_id=1, session_no=hid,
                                                            public=True)))
        conn.execute(insert(t["transcript_segment"]).values(_fill(t["transcript_segment"], id=1, hearing_id=1,
                                                                  start=1.0, end=2.0, text="没有异议。")))
        conn.execute(insert(t["element_entry"]).values(_fill(t["element_entry"], id=1, case_id=1, element_key="k",
                                                             status="pending")))
        conn.execute(insert(t["element_citation"]).values(_fill(t["element_citation"], element_id=1, segment_id=1,
                                                                side="applicant")))
        conn.execute(insert(t["correction_request"]).values(_fill(t["correction_request"], hearing_id=1,
                                                                  segment_id=1, accepted=None, decided_at=None)))
        conn.execute(insert(t["record_sign_off"]).values(_fill(t["record_sign_off"], hearing_id=1, digest="0" * 64,
                                                               manifest="{}")))


def _check_upgraded(db):
    assert current_revision(db) == head_revision()
    with db.engine.connect() as conn:
        q = lambda sql: conn.execute(text(sql)).scalar()
        assert q("SELECT count(*) FROM element_citation") == 1
        assert q("SELECT segment_id FROM correction_request") == 1
        assert q("SELECT count(*) FROM transcript_segment") == 1
        assert [bool(r[0]) for r in conn.execute(text("SELECT sealed FROM hearing ORDER BY id"))] == [True, False]


def test_upgrade_keeps_the_record_on_sqlite(tmp_path):
    db = Database.open(f"sqlite:///{tmp_path / 'hd.db'}")
    _record_at_0004(db)
    upgrade_to_head(db, tmp_path / "backups")
    _check_upgraded(db)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # back on for the app
    db.dispose()


@pytest.mark.postgres
def test_upgrade_keeps_the_record_on_postgresql():
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"hd_mig_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = Database.open(make_url(PG_URL).set(database=name).render_as_string(hide_password=False))
    try:
        _record_at_0004(db)
        upgrade_to_head(db)
        _check_upgraded(db)
    finally:
        db.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
