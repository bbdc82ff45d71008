"""Roles checked in the core (issue 12), on SQLite and PostgreSQL: every state-changing use
case of app/services refuses an account without the right and changes nothing; the accounts
that have the right succeed. Expected rights from the issue: finalising and deciding
corrections for the case's tribunal (调解仲裁法 Art 31, 40), recording and editing the record
for its clerk and tribunal, element findings for the tribunal, settings/roster/accounts for
管理员, nothing for 查阅."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from app.models import AuditEntry, Hearing, RecordSignOff, Staff, TranscriptSegment
from app.services import accounts, record, sign_off
from app.services import office as office_service
from app.services.access import (
    FINALIZE,
    RECORD_EDIT,
    AccessDenied,
    permissions_for,
)
from app.services.cases import delete_case, load_case_form, save_case
from app.services.demo import seed_office
from app.services.elements import (
    CalculatorView,
    open_element_table,
    record_calculation,
    save_element,
)
from app.services.forms import HearingForm, SeatForm
from app.services.live_record import finish_audio, start_audio, store_live_segment
from app.services.transcript import hearing_for, store_import
from app.speech.engine import Segment
from app.vocabulary import AccountRole, CitationSide, Seat, StaffRole
from tests.services.test_cases import make_form

PASSWORD = "correct horse 1"
# Who is who: 王建华 presides case A, 李婷 is its clerk; 周敏 and 赵磊 sit on case B only.
USERS = {"王建华": AccountRole.ARBITRATOR, "周敏": AccountRole.ARBITRATOR, "李婷": AccountRole.CLERK,
         "赵磊": AccountRole.CLERK, "徐主任": AccountRole.ADMIN, "钱档案": AccountRole.VIEWER}
ALL = set(USERS) | {None}  # None: nobody signed in


@pytest.fixture
def cheap_hashes(monkeypatch):
    """Still argon2id, with a small cost: these tests are about roles, not hashing."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def office(db, cheap_hashes, tmp_path):
    with db.session() as s:
        seed_office(s)
        office_service.add_staff(s, "钱档案", StaffRole.CLERK)
        staff = {x.name: x.id for x in s.scalars(select(Staff))}
        case_a = save_case(s, make_form(seats=[SeatForm(staff["王建华"], Seat.PRESIDING),
                                                SeatForm(staff["陈静"], Seat.MEMBER),
                                                SeatForm(staff["刘志强"], Seat.MEMBER),
                                                SeatForm(staff["李婷"], Seat.CLERK)],
                                         hearings=[HearingForm(1)]))
        case_b = save_case(s, make_form(seats=[SeatForm(staff["周敏"], Seat.SOLE), SeatForm(staff["赵磊"], Seat.CLERK)]))
        hearing = s.scalar(select(Hearing).where(Hearing.case_id == case_a))
        segs = []
        for i, text in enumerate(["申请人陈述仲裁请求。", "被申请人答辩。", "双方确认入职时间。", "本次庭审结束。"]):
            seg = TranscriptSegment(hearing_id=hearing.id, start=i * 10.0, end=i * 10.0 + 8, text=text, raw_text="",
                                    speaker="arbitrator", source="typed")
            s.add(seg)
            s.flush()
            segs.append(seg.id)
        elements = open_element_table(s, case_a)
        accounts.init_admin(s, "徐主任", PASSWORD)
        for name, role in USERS.items():
            if role is not AccountRole.ADMIN:
                accounts.add_user(s, name, role, PASSWORD)
        principals = {name: accounts.principal_by_name(s, name) for name in USERS}
    principals[None] = None
    audio_dir = tmp_path / "audio"
    audio_dir.mkdir()
    return dict(db=db, case_a=case_a, case_b=case_b, hearing=hearing.id, segs=segs, elements=elements,
                principals=principals, audio_dir=audio_dir, staff=staff)


def audit_count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def run_as(ctx, who, fn):
    with ctx["db"].as_account(ctx["principals"][who]).session() as s:
        return fn(s)


def calc_view():
    return CalculatorView("severance", "经济补偿", Decimal("19200.00"), "8000 × 2.4", Decimal("19200.00"))


def element(ctx, key):
    with ctx["db"].session() as s:
        return next(r for r in open_element_table(s, ctx["case_a"]) if r.key == key)


# (what, use case, who may) -- in an order that keeps each step possible after the ones before
USE_CASES = [
    ("办公室设置", lambda c, s: office_service.save_settings(s, office_service.read_settings(s)), {"徐主任"}),
    ("添加人员", lambda c, s: office_service.add_staff(s, "新同事", StaffRole.CLERK), {"徐主任"}),
    ("停用人员", lambda c, s: office_service.set_staff_active(s, c["staff"]["孙立新"], False), {"徐主任"}),
    ("添加庭室", lambda c, s: office_service.add_room(s, "第五仲裁庭"), {"徐主任"}),
    ("添加账户", lambda c, s: accounts.add_user(s, "吴佳怡", AccountRole.CLERK, PASSWORD), {"徐主任"}),
    ("安全设置", lambda c, s: accounts.save_security(s, idle_lock_minutes=5), {"徐主任"}),
    ("重设他人密码", lambda c, s: accounts.set_password(s, "徐主任", "another pass 2"), {"徐主任"}),
    ("新建案件", lambda c, s: c.__setitem__("new_case", save_case(s, make_form())),
     {"徐主任", "王建华", "周敏", "李婷", "赵磊"}),
    ("修改案件", lambda c, s: save_case(s, dataclasses.replace(load_case_form(s, c["new_case"]), note="补充材料")),
     {"徐主任", "王建华", "周敏", "李婷", "赵磊"}),
    ("删除案件", lambda c, s: delete_case(s, c["new_case"]), {"徐主任", "王建华", "周敏", "李婷", "赵磊"}),
    ("修改笔录", lambda c, s: record.edit_segment(s, c["segs"][0], version=1, text="申请人陈述仲裁请求及理由。"),
     {"王建华", "李婷"}),
    ("插入笔录", lambda c, s: record.add_typed_line(s, c["hearing"], start=5.0, text="（申请人出示证据）"),
     {"王建华", "李婷"}),
    ("标注发言人", lambda c, s: record.relabel(s, [c["segs"][1]], "respondent_agent"), {"王建华", "李婷"}),
    ("拆分", lambda c, s: c.__setitem__("split", record.split_segment(s, c["segs"][2], 4)), {"王建华", "李婷"}),
    ("合并", lambda c, s: record.merge_segments(s, [c["segs"][2], c["split"]]), {"王建华", "李婷"}),
    ("删除段落", lambda c, s: record.delete_segment(s, c["segs"][3]), {"王建华", "李婷"}),
    ("查找替换", lambda c, s: record.replace_text(s, c["hearing"], "答辩", "答辩意见"), {"王建华", "李婷"}),
    ("引用陈述", lambda c, s: record.cite(s, c["elements"][0].id, c["segs"][0], CitationSide.APPLICANT),
     {"王建华", "李婷"}),
    ("引用为认定", lambda c, s: record.cite(s, c["elements"][0].id, c["segs"][1], CitationSide.FINDING), {"王建华"}),
    ("填写要素", lambda c, s: save_element(s, dataclasses.replace(element(c, c["elements"][0].key),
                                                               applicant_position="2021年3月8日")), {"王建华", "李婷"}),
    ("填写认定", lambda c, s: save_element(s, dataclasses.replace(element(c, c["elements"][0].key),
                                                               finding="认定2021年3月8日入职")), {"王建华"}),
    ("记录计算", lambda c, s: record_calculation(s, c["case_a"], calc_view()), {"王建华"}),
    ("登记补正申请", lambda c, s: c.__setitem__("req", record.request_correction(
        s, c["hearing"], requested_by="applicant", content="应为答辩意见", segment_id=c["segs"][1],
        proposed_text="被申请人发表答辩意见。")), {"王建华", "李婷"}),
    ("处理补正申请", lambda c, s: record.decide_correction(s, c["req"], accepted=True, decided_by="首席仲裁员"), {"王建华"}),
    ("导入录音", lambda c, s: store_import(s, c["hearing"], [Segment(50.0, 52.0, "好 的", text="好的")],
                                          audio_path="hearing-x/import.wav", original_name="a.wav", duration=3.0),
     {"王建华", "李婷"}),
    ("开始录音", lambda c, s: c.__setitem__("audio", start_audio(s, c["hearing"], "hearing-x/live.wav", 60.0)),
     {"王建华", "李婷"}),
    ("实时笔录", lambda c, s: store_live_segment(s, c["hearing"], c["audio"], Segment(61.0, 62.0, "是 的"), "applicant"),
     {"王建华", "李婷"}),
    ("结束录音", lambda c, s: finish_audio(s, c["audio"], 3.0), {"王建华", "李婷"}),
    ("定稿", lambda c, s: sign_off.finalize(s, c["hearing"], audio_dir=c["audio_dir"], by="随便写的名字"), {"王建华"}),
]


def test_every_use_case_refuses_without_the_right_and_changes_nothing(office):
    # the audio files the record names exist, so finalising can seal them
    for rel in ("hearing-x/import.wav", "hearing-x/live.wav"):
        (office["audio_dir"] / rel).parent.mkdir(parents=True, exist_ok=True)
        (office["audio_dir"] / rel).write_bytes(b"RIFF")
    for what, use_case, allowed in USE_CASES:
        for who in sorted(ALL - allowed, key=str):
            before = audit_count(office["db"])
            with pytest.raises(AccessDenied, match="没有权限|未登录") as refused:
                run_as(office, who, lambda s, use_case=use_case: use_case(office, s))
                pytest.fail(f"{what}: {who} was not refused")
            assert "\n" not in str(refused.value), what
            assert audit_count(office["db"]) == before, f"{what}: {who} was refused but something changed"
        run_as(office, min(allowed), lambda s, use_case=use_case: use_case(office, s))
    with office["db"].session() as s:
        assert s.scalar(select(RecordSignOff.finalized_by)) == "王建华"
        # who decided is the signed-in account, whatever name the caller passed
        assert record.corrections(s, office["hearing"])[0].decided_by == "王建华"


def test_clerk_may_finalise_only_when_the_office_allows_it(office):
    def finalize(s):
        return sign_off.finalize(s, office["hearing"], audio_dir=office["audio_dir"], by="李婷")

    with pytest.raises(AccessDenied, match="未允许书记员定稿"):
        run_as(office, "李婷", finalize)
    with pytest.raises(AccessDenied):
        run_as(office, "赵磊", lambda s: accounts.save_security(s, clerk_may_finalize=True))
    run_as(office, "徐主任", lambda s: accounts.save_security(s, clerk_may_finalize=True))
    with pytest.raises(AccessDenied):  # the clerk of another case still may not
        run_as(office, "赵磊", finalize)
    run_as(office, "李婷", finalize)


def test_permissions_for_tells_the_ui_what_to_show(office):
    a = office["case_a"]
    assert FINALIZE in run_as(office, "王建华", lambda s: permissions_for(s, a))
    clerk = run_as(office, "李婷", lambda s: permissions_for(s, a))
    assert RECORD_EDIT in clerk and FINALIZE not in clerk
    assert run_as(office, "钱档案", lambda s: permissions_for(s, a)) == set()
    assert RECORD_EDIT not in run_as(office, "周敏", lambda s: permissions_for(s, a))


def test_a_deactivated_account_loses_its_rights_at_once(office):
    run_as(office, "徐主任", lambda s: accounts.set_active(s, "李婷", False))
    with pytest.raises(AccessDenied, match="已停用"):
        run_as(office, "李婷", lambda s: record.add_typed_line(s, office["hearing"], start=1.0, text="测试"))


def test_a_viewer_may_open_a_session_but_records_nothing_into_it(office):
    ref = run_as(office, "钱档案", lambda s: hearing_for(s, office["case_a"], 2))
    with pytest.raises(AccessDenied, match="查阅账户只能查看"):
        run_as(office, "钱档案", lambda s: record.add_typed_line(s, ref.hearing_id, start=0.0, text="旁听"))
