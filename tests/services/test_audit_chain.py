"""The tamper-evident audit trail (issue 12) on SQLite and PostgreSQL: an edited, a deleted and
an inserted entry are each named by `verify_chain`; two writers at once still make one chain."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text

from app.models import AuditEntry, Room
from app.services import office as office_service
from app.services.audit_chain import verify_chain
from tests.conftest import TEST_OFFICE_KEY


@pytest.fixture
def trail(db):
    for name in ("第一仲裁庭", "第二仲裁庭", "第三仲裁庭", "调解室"):
        with db.session() as s:
            office_service.add_room(s, name)
    with db.session() as s:
        room = s.scalar(select(Room).where(Room.name == "调解室"))
        room.active = False
    with db.session() as s:
        ids = list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.seq)))
    assert len(ids) == 5
    return db, ids


def check(db, key=TEST_OFFICE_KEY):
    with db.session() as s:
        return verify_chain(s, key)


def sql(db, statement, **params):
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def test_intact_chain_verifies(trail):
    db, ids = trail
    report = check(db)
    assert report.ok and report.checked == 5 and report.last_seq == 5 and report.unchained == 0


def test_the_wrong_key_fails_at_the_first_entry(trail):
    db, ids = trail
    report = check(db, key=b"x" * 32)
    assert not report.ok and report.entry_id == ids[0]


def test_an_edited_entry_is_named(trail):
    db, ids = trail
    sql(db, "UPDATE audit_entry SET actor = '别人' WHERE id = :id", id=ids[2])
    report = check(db)
    assert not report.ok and report.entry_id == ids[2] and "内容已被改动" in report.problem


def test_a_deleted_entry_is_named(trail):
    db, ids = trail
    with db.session() as s:
        seq = s.get(AuditEntry, ids[1]).seq
    sql(db, "DELETE FROM audit_entry WHERE id = :id", id=ids[1])
    report = check(db)
    assert not report.ok and report.entry_id == ids[2]
    assert f"序号 {seq}–{seq} 的日志已被删除" in report.problem


def test_an_inserted_entry_is_named(trail):
    db, ids = trail
    # make room in the sequence as a forger would, then insert a plausible entry with a made-up link
    with db.session() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.id >= ids[3]).order_by(AuditEntry.seq.desc())).all()
        plan = [(r.id, r.seq) for r in rows]
        template = s.get(AuditEntry, ids[3])
        fake = dict(at=template.at, actor="徐主任", os_user="x", entity="room", entity_id=99, action="delete",
                    changes="{}", seq=template.seq)
    for row_id, seq in plan:  # highest first: the unique seq never collides
        sql(db, "UPDATE audit_entry SET seq = :seq WHERE id = :id", seq=seq + 1, id=row_id)
    with db.engine.begin() as conn:
        conn.execute(AuditEntry.__table__.insert(), [{**fake, "link": "0" * 64}])
        new_id = conn.execute(select(func.max(AuditEntry.id))).scalar()
    report = check(db)
    assert not report.ok and report.entry_id == new_id and "是插入的" in report.problem


def test_an_entry_added_without_a_link_is_named(trail):
    db, ids = trail
    sql(db, "INSERT INTO audit_entry (at, actor, os_user, entity, action, changes, link) "
            "VALUES (CURRENT_TIMESTAMP, '某人', '', 'room', 'delete', '{}', '')")
    report = check(db)
    assert not report.ok and "没有链接到日志链" in report.problem


def test_two_writers_at_once_make_one_unbroken_chain(db):
    """Each thread saves rooms in its own sessions at the same time; the tail is serialised."""
    start = threading.Barrier(2)
    errors = []

    def writer(prefix):
        try:
            start.wait()
            for i in range(15):
                with db.session() as s:
                    office_service.add_room(s, f"{prefix}{i}")
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(p,)) for p in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    report = check(db)
    assert report.ok and report.checked == 30


def test_a_trail_cut_short_shows_against_an_earlier_anchor(trail):
    db, ids = trail
    with db.session() as s:
        last = s.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
        anchor = (last.seq, last.link)
    assert check(db).ok
    with db.session() as s:
        assert verify_chain(s, TEST_OFFICE_KEY, anchor=anchor).ok
    sql(db, "DELETE FROM audit_entry WHERE id = :id", id=ids[-1])  # the last entry: no successor tells
    assert check(db).ok
    with db.session() as s:
        report = verify_chain(s, TEST_OFFICE_KEY, anchor=anchor)
    assert not report.ok and "截断" in report.problem
