"""Saving and reading cases on SQLite and PostgreSQL: round trip, numbering, validation,
optimistic locking (two clerks), the audit trail."""

import json
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.models import AuditEntry, Case
from app.models.database import ConflictError
from app.rules.deadlines import WarningLevel
from app.services import office as office_service
from app.services.cases import InvalidCase, load_case_form, save_case
from app.services.demo import seed_office
from app.services.forms import AgentForm, CaseForm, ClaimForm, EventForm, HearingForm, PartyForm, SeatForm
from app.services.register import case_rows, hearings_between
from app.vocabulary import (
    AgentAuthority,
    CaseStatus,
    PartyKind,
    PartySide,
    Procedure,
    Seat,
    StaffRole,
    TimeLimitKind,
)


def make_form(**overrides) -> CaseForm:
    form = CaseForm(
        case_types=["overtime", "severance"],
        applied_on=date(2026, 10, 8),
        accepted_on=date(2026, 10, 10),
        status=CaseStatus.ACCEPTED,
        procedure=Procedure.ORDINARY,
        parties=[
            PartyForm(PartySide.APPLICANT, PartyKind.PERSON, "张伟", "11010519491231002X"),
            PartyForm(PartySide.RESPONDENT, PartyKind.EMPLOYER, "上海华腾机械制造有限公司",
                      "91310118MA1JL0XX1X", legal_representative="钱国栋"),
        ],
        agents=[AgentForm(1, "郑律师", AgentAuthority.SPECIAL, "律师")],
        claims=[ClaimForm("overtime", Decimal("23450.55"), "支付加班费")],
    )
    for k, v in overrides.items():
        setattr(form, k, v)
    return form


@pytest.fixture
def office_db(db):
    with db.session() as s:
        seed_office(s)
    return db


def test_round_trip_keeps_everything_and_money_exact(office_db):
    db = office_db
    with db.session() as s:
        arbitrators = office_service.roster(s, role=StaffRole.ARBITRATOR)
        rooms = office_service.rooms(s)
    form = make_form(
        seats=[SeatForm(arbitrators[0].id, Seat.PRESIDING), SeatForm(arbitrators[1].id, Seat.MEMBER)],
        hearings=[HearingForm(1, datetime(2026, 11, 30, 9, 30), rooms[0].id)],
        events=[EventForm(TimeLimitKind.EXTENSION, date(2026, 11, 20), days=10, approver="徐主任")],
    )
    with db.session() as s:
        case_id = save_case(s, form)
    with db.session() as s:
        back = load_case_form(s, case_id)
    assert back.case_no == "青劳人仲(2026)办字第1号"  # numbered from the office pattern
    assert back.case_types == ["overtime", "severance"]
    assert back.claims[0].amount == Decimal("23450.55")
    assert isinstance(back.claims[0].amount, Decimal)
    assert [p.name for p in back.parties] == ["张伟", "上海华腾机械制造有限公司"]
    assert back.agents[0].party_index == 1 and back.agents[0].authority == AgentAuthority.SPECIAL
    assert back.hearings[0].scheduled_at == datetime(2026, 11, 30, 9, 30)
    assert back.events[0].days == 10
    assert back.version == 1


def test_numbering_continues_and_clashes_are_refused(office_db):
    with office_db.session() as s:
        save_case(s, make_form())
        second = save_case(s, make_form())
        assert load_case_form(s, second).case_no == "青劳人仲(2026)办字第2号"
    with pytest.raises(InvalidCase, match="已被其他案件使用"):
        with office_db.session() as s:
            save_case(s, make_form(case_no="青劳人仲(2026)办字第2号"))


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"case_no": "第123号"}, "格式不正确"),
        ({"accepted_on": date(2026, 10, 1)}, "受理日期不能早于申请日期"),
        ({"claims": [ClaimForm("overtime", Decimal("-1"), "x")]}, "不能为负数"),
        ({"events": [EventForm(TimeLimitKind.EXTENSION, date(2026, 11, 1), days=16, approver="徐主任")]}, "超过法定上限"),
        ({"events": [EventForm(TimeLimitKind.EXTENSION, date(2026, 11, 1), days=5)]}, "批准人"),
        ({"parties": []}, "申请人"),
        ({"case_types": []}, "案由"),
    ],
)
def test_invalid_cases_are_refused_and_nothing_is_written(office_db, overrides, message):
    with pytest.raises(InvalidCase, match=message):
        with office_db.session() as s:
            save_case(s, make_form(**overrides))
    with office_db.session() as s:
        assert s.scalars(select(Case)).all() == []


def test_two_clerks_saving_the_same_case_later_save_is_refused(office_db):
    db = office_db
    with db.session() as s:
        case_id = save_case(s, make_form())
    with db.session() as s:
        clerk_a = load_case_form(s, case_id)
    with db.session() as s:
        clerk_b = load_case_form(s, case_id)
    clerk_a.note = "李婷：已通知双方"
    with db.session() as s:
        save_case(s, clerk_a)
    clerk_b.note = "赵磊：申请人补交证据"
    with pytest.raises(ConflictError, match="已被其他用户修改"):
        with db.session() as s:
            save_case(s, clerk_b)
    with db.session() as s:
        assert load_case_form(s, case_id).note == "李婷：已通知双方"


def test_concurrent_commit_race_is_caught_by_the_version_column(office_db):
    """Both sessions pass the early version check; the database row version decides."""
    db = office_db
    with db.session() as s:
        case_id = save_case(s, make_form())
    with pytest.raises(ConflictError):
        with db.session() as s1:
            c1 = s1.get(Case, case_id)
            c1.note = "first"
            with db.session() as s2:
                c2 = s2.get(Case, case_id)
                c2.note = "second"
            s1.flush()
    with db.session() as s:
        assert s.get(Case, case_id).note == "second"


def test_children_only_change_still_bumps_the_version(office_db):
    db = office_db
    with db.session() as s:
        case_id = save_case(s, make_form())
    with db.session() as s:
        form = load_case_form(s, case_id)
    form.claims.append(ClaimForm("severance", Decimal("19200"), "经济补偿"))
    with db.session() as s:
        save_case(s, form)
    with db.session() as s:
        assert load_case_form(s, case_id).version == 2


def test_audit_trail_records_who_and_what(office_db):
    db = office_db
    with db.session() as s:
        case_id = save_case(s, make_form())
    with db.session() as s:
        form = load_case_form(s, case_id)
    form.status = CaseStatus.SCHEDULED
    form.claims[0].amount = Decimal("30000.00")
    with db.session() as s:
        save_case(s, form)
    with db.session() as s:
        entries = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "update", AuditEntry.entity.in_(["case", "claim"]))
        ).all()
    by_entity = {e.entity: json.loads(e.changes) for e in entries}
    assert by_entity["case"]["status"] == ["accepted", "scheduled"]
    assert by_entity["claim"]["amount"] == ["23450.55", "30000.00"]
    assert [(e.entity, e.actor, e.case_id) for e in entries] == [(e.entity, "测试员", case_id) for e in entries]


def test_status_transition_rules_apply_on_save(office_db):
    db = office_db
    with db.session() as s:
        case_id = save_case(s, make_form(status=CaseStatus.PENDING, accepted_on=None))
    with db.session() as s:
        form = load_case_form(s, case_id)
    form.status = CaseStatus.HEARING
    form.accepted_on = date(2026, 10, 10)
    with pytest.raises(InvalidCase, match="不能从"):
        with db.session() as s:
            save_case(s, form)


def test_register_rows_and_hearings(office_db):
    db = office_db
    with db.session() as s:
        rooms = office_service.rooms(s)
        save_case(s, make_form(hearings=[HearingForm(1, datetime(2026, 11, 27, 14, 0), rooms[1].id)]))
        save_case(s, make_form(accepted_on=date(2026, 10, 12), applied_on=date(2026, 10, 12)))
    with db.session() as s:
        rows = case_rows(s, today=date(2026, 11, 27))
        today = hearings_between(s, date(2026, 11, 27), date(2026, 11, 27))
    first = next(r for r in rows if r.case_no.endswith("第1号"))
    # accepted 10-10 + 45 = 11-24 (a Tuesday): overdue by 3 days
    assert first.deadline == date(2026, 11, 24) and first.days_left == -3
    assert first.level == WarningLevel.OVERDUE
    second = next(r for r in rows if r.case_no.endswith("第2号"))
    assert second.deadline == date(2026, 11, 26)
    assert today[0].room == rooms[1].name and today[0].parties.startswith("张伟 诉 ")


def test_register_shows_a_dated_public_notice_running_today_as_suspended(office_db):
    """办案规则 Art 46(6): service by public notice 11-20..12-20 does not count; on 11-27 the
    register shows the case 中止中, not 正常; a pause that starts tomorrow leaves it running."""
    db = office_db
    with db.session() as s:
        save_case(s, make_form(accepted_on=date(2026, 11, 1), applied_on=date(2026, 11, 1), events=[
            EventForm(TimeLimitKind.PUBLIC_NOTICE, date(2026, 11, 20), date(2026, 12, 20))]))
        save_case(s, make_form(accepted_on=date(2026, 11, 1), applied_on=date(2026, 11, 1), events=[
            EventForm(TimeLimitKind.SUSPENSION, date(2026, 11, 28), date(2026, 12, 5))]))
    with db.session() as s:
        rows = {r.case_no[-3:]: r for r in case_rows(s, today=date(2026, 11, 27))}
    noticed, later = rows["第1号"], rows["第2号"]
    assert noticed.level == WarningLevel.SUSPENDED and noticed.level.label == "中止中"
    assert noticed.as_json()["warning"] == "suspended"
    # by hand: 11-01 + 45 = 12-16, inside the notice; 31 paused days -> 2027-01-16, a Saturday,
    # which the office's setting rolls to Monday 01-18 (办案规则 Art 19)
    assert noticed.deadline == date(2027, 1, 18)
    assert later.level != WarningLevel.SUSPENDED, "a suspension starting tomorrow is not running today"
    # 12-16 plus the 8 days 11-28..12-05 = 12-24 (a Thursday): 27 days left, shown as running normally
    assert later.deadline == date(2026, 12, 24) and later.level == WarningLevel.NORMAL
