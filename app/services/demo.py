"""Realistic demo data for trying the app and for screenshots: a district office with a
roster, rooms and cases of every frequent kind at every stage, dated around `today`."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Case
from app.rules.calendar import default_calendar
from app.services import office as office_service
from app.services.cases import save_case
from app.services.forms import (
    AgentForm,
    CaseForm,
    ClaimForm,
    EventForm,
    HearingForm,
    PartyForm,
    SeatForm,
)
from app.services.validation import _ID_CHECK, _ID_WEIGHTS
from app.vocabulary import (
    AccountRole,
    AgentAuthority,
    CaseStatus,
    ClosingWay,
    PartyKind,
    PartySide,
    Procedure,
    RestartReason,
    Seat,
    StaffRole,
    TimeLimitKind,
)

COMMISSION = "上海市青浦区劳动人事争议仲裁委员会"
PATTERN = "青劳人仲({year})办字第{seq}号"
ARBITRATORS = ["王建华", "陈静", "刘志强", "周敏", "孙立新"]
CLERKS = ["李婷", "赵磊", "吴佳怡"]
ADMINS = ["徐主任"]
ROOMS = ["第一仲裁庭", "第二仲裁庭", "第三仲裁庭", "调解室"]
WORKERS = ["张伟", "李娜", "王芳", "刘洋", "陈杰", "杨秀英", "黄磊", "赵丽", "周强", "吴霞",
           "徐明", "孙燕", "马超", "朱婷", "胡军", "郭敏", "何涛", "林静", "高峰", "罗丹"]
EMPLOYERS = [
    ("上海青浦华腾机械制造有限公司", "钱国栋"),
    ("上海赵巷物流配送有限公司", "沈建平"),
    ("上海朱家角餐饮管理有限公司", "顾晓梅"),
    ("上海徐泾电子科技有限公司", "陆志勇"),
    ("上海快达同城配送服务有限公司", "蒋文涛"),
    ("上海华新建筑劳务有限公司", "曹永明"),
    ("上海练塘服装有限公司", "邹丽华"),
    ("上海盈浦物业管理有限公司", "韩斌"),
]
LAWYERS = [("郑律师", "上海青浦律师事务所律师"), ("冯律师", "上海淀山湖律师事务所律师"), ("褚明", "公司员工")]

# case types, procedure, claims (kind, amount, wording)
SCENARIOS = [
    (["unpaid_wages"], Procedure.FAST_TRACK, [("unpaid_wages", "18600.00", "支付2025年8月至10月工资")]),
    (["double_wage", "severance"], Procedure.ORDINARY,
     [("double_wage", "52800.00", "支付未签订书面劳动合同二倍工资差额"), ("severance", "19200.00", "支付解除劳动合同经济补偿")]),
    (["overtime"], Procedure.SIMPLE, [("overtime", "23450.50", "支付延长工作时间加班费")]),
    (["annual_leave"], Procedure.FAST_TRACK, [("annual_leave", "4413.79", "支付2024年度未休年休假工资")]),
    (["severance"], Procedure.ORDINARY, [("severance", "96000.00", "支付违法解除劳动合同赔偿金")]),
    (["employment_confirmation"], Procedure.ORDINARY, [("employment_confirmation", None, "确认申请人与被申请人之间自2024年3月1日起存在劳动关系")]),
    (["work_injury"], Procedure.ORDINARY, [("work_injury", "135200.00", "支付一次性伤残补助金、停工留薪期工资")]),
    (["social_insurance"], Procedure.SIMPLE, [("social_insurance", "8650.00", "赔偿未缴纳社会保险造成的失业保险金损失")]),
    (["non_compete"], Procedure.ORDINARY, [("non_compete", "36000.00", "支付竞业限制经济补偿")]),
    (["termination_certificate"], Procedure.FAST_TRACK, [("termination_certificate", None, "出具解除劳动合同证明")]),
    (["unpaid_wages", "overtime"], Procedure.SIMPLE,
     [("unpaid_wages", "9800.00", "支付拖欠工资"), ("overtime", "6120.00", "支付休息日加班费")]),
    (["employment_confirmation", "unpaid_wages"], Procedure.ORDINARY,
     [("employment_confirmation", None, "确认与平台合作商存在劳动关系"), ("unpaid_wages", "7400.00", "支付配送服务报酬")]),
]


def id_number(rng: random.Random, birth: date, female: bool) -> str:
    body = "310118" + birth.strftime("%Y%m%d") + f"{rng.randint(10, 99)}"
    body += str(rng.choice([0, 2, 4, 6, 8]) if female else rng.choice([1, 3, 5, 7, 9]))
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS))
    return body + _ID_CHECK[total % 11]


def credit_code(rng: random.Random) -> str:
    return "91310118" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))


def has_data(session: Session) -> bool:
    return (session.scalar(select(func.count()).select_from(Case)) or 0) > 0


def seed_office(session: Session) -> None:
    settings = office_service.read_settings(session)
    settings.commission_name = COMMISSION
    settings.case_no_pattern = PATTERN
    office_service.save_settings(session, settings)
    existing = {s.name for s in office_service.roster(session)}
    for names, role in ((ARBITRATORS, StaffRole.ARBITRATOR), (CLERKS, StaffRole.CLERK), (ADMINS, StaffRole.ADMINISTRATOR)):
        for name in names:
            if name not in existing:
                office_service.add_staff(session, name, role)
    known_rooms = {r.name for r in office_service.rooms(session)}
    for name in ROOMS:
        if name not in known_rooms:
            office_service.add_room(session, name)
    session.flush()


# Cases whose first hearing was held on the last working day before the seeding date,
# whatever that date: one with both sides (the full record), one without the respondent.
HELD_CASE = 1
ABSENT_CASE = 3


def previous_working_day(today: date) -> date:
    day = today - timedelta(days=1)
    while not default_calendar().is_working_day(day):
        day -= timedelta(days=1)
    return day


def seed_cases(session: Session, *, today: date, count: int = 28, seed: int = 7) -> int:
    """Seed `count` cases spread over the register's states; returns how many were made."""
    rng = random.Random(seed)
    staff = office_service.roster(session)
    arbitrators = [s.id for s in staff if s.role == StaffRole.ARBITRATOR]
    clerks = [s.id for s in staff if s.role == StaffRole.CLERK]
    rooms = [r.id for r in office_service.rooms(session)]
    for i in range(count):
        types, procedure, claims = SCENARIOS[i % len(SCENARIOS)]
        form = _demo_case(i, rng, today, types, procedure, claims, arbitrators, clerks, rooms)
        case_id = save_case(session, form, today=today)
        if form.status in (CaseStatus.SCHEDULED, CaseStatus.HEARING) and i % 3 != 2:
            seed_elements(session, case_id, i, heard=form.status == CaseStatus.HEARING)
        if i == HELD_CASE:
            seed_record(session, case_id)
        elif i == ABSENT_CASE:
            seed_absent_record(session, case_id)
    return count


# Element values as the parties' element forms would give them (applicant, respondent).
ELEMENT_VALUES = {
    "applicant_qualification": ("具有完全民事行为能力，未达法定退休年龄", "无异议"),
    "respondent_qualification": ("依法登记的有限责任公司，存续", "无异议"),
    "start_date": ("2021-03-08", "2021-03-08"),
    "position": ("操作工", "操作工"),
    "workplace": ("上海市青浦区华新镇", "上海市青浦区华新镇"),
    "hours_system": ("标准工时制", "综合计算工时制（已审批）"),
    "agreed_wage": ("6500", "6500"),
    "monthly_wage": ("8200", "7600"),
    "pay_day": ("每月15日发放上月工资", "每月15日发放上月工资"),
    "social_insurance_period": ("2021-04至2025-09", "2021-04至2025-09"),
    "end_date": ("2025-09-30", "2025-09-30"),
    "end_reason": ("用人单位提出解除", "用人单位提出解除"),
    "termination_date": ("2025-09-30", "2025-09-30"),
    "termination_party": ("用人单位", "用人单位"),
    "termination_reason": ("公司以经营调整为由口头辞退", "申请人严重违反规章制度，依第三十九条解除"),
    "rules_democratic": ("否，员工手册未经民主程序", "是，经职工代表大会通过"),
    "overtime_workday_hours": ("120", "40"),
    "overtime_restday_hours": ("64", "0（已安排补休）"),
    "overtime_holiday_hours": ("16", "16"),
    "attendance_records": ("由公司保管", "由公司保管，可以提供"),
    "contract_signed": ("否", "是，但合同原件遗失"),
    "cumulative_years": ("12", "12"),
    "unused_leave_days": ("5", "2"),
    "leave_avg_wage": ("7800", "7800"),
    "wage_due": ("8200", "8200"),
    "wage_paid": ("0", "3000"),
    "still_employed": ("否", "否"),
    "both_qualified": ("是", "是"),
    "managed_and_paid": ("按平台规则接单，由站点排班考核，按单结算", "自主接单，不受管理"),
    "platform_order_freedom": ("拒单会被扣分、降低派单", "可以自由拒单"),
    "platform_contracting_entity": ("与配送站点所属合作商签约", "与合作商签订合作协议"),
    "injury_employment": ("是", "是"),
    "accident_facts": ("2025-06-03 上午在车间操作冲床时右手受伤", "无异议"),
    "injury_decision": ("青人社认（2025）第1234号认定为工伤", "无异议"),
    "disability_grade": ("九级", "九级"),
}


def seed_elements(session: Session, case_id: int, i: int, *, heard: bool) -> None:
    """Fill a demo case's element table: agreed values undisputed, differing ones disputed;
    cases not yet heard keep some elements pending (from the parties' forms only)."""
    from app.models import ElementEntry
    from app.services.elements import open_element_table
    from app.vocabulary import ElementStatus

    for n, row in enumerate(open_element_table(session, case_id)):
        values = ELEMENT_VALUES.get(row.key)
        if values is None:
            continue
        entry = session.get(ElementEntry, row.id)
        entry.applicant_position, entry.respondent_position = values
        if not heard and n % 3 == 0:
            continue
        if values[0] == values[1] or values[1] == "无异议":
            entry.status = ElementStatus.UNDISPUTED
        else:
            entry.status = ElementStatus.DISPUTED
            if heard and row.key in ("monthly_wage", "overtime_workday_hours"):
                entry.finding = {"monthly_wage": "8200", "overtime_workday_hours": "96"}[row.key]
                entry.evidence = "银行流水、考勤记录" if row.key == "overtime_workday_hours" else "银行流水"
    session.flush()


def _demo_case(i, rng, today, types, procedure, claims, arbitrators, clerks, rooms) -> CaseForm:
    # Spread acceptance over the last ~70 days so every warning level appears.
    age = [2, 10, 18, 25, 31, 36, 39, 41, 43, 44, 47, 52, 60, 68][i % 14]
    if i == 24:
        age = 49  # one case past its limit, as the closing supervision should catch
    accepted = today - timedelta(days=age)
    applied = accepted - timedelta(days=rng.randint(1, 4))
    female = i % 3 == 1
    worker = WORKERS[i % len(WORKERS)]
    employer, legal_rep = EMPLOYERS[i % len(EMPLOYERS)]
    birth = date(1975 + i % 25, 1 + i % 12, 1 + i % 27)
    form = CaseForm(
        case_types=list(types), applied_on=applied, accepted_on=accepted, procedure=procedure,
        women_priority=female and i % 2 == 0,
        new_employment_form="employment_confirmation" in types,
        cross_region=i % 11 == 5,
    )
    form.parties = [
        PartyForm(PartySide.APPLICANT, PartyKind.PERSON, worker, id_number(rng, birth, female),
                  address="上海市青浦区公园路" + str(100 + i) + "号", phone=f"139{rng.randint(10000000, 99999999)}",
                  sex="女" if female else "男", birth_date=birth),
        PartyForm(PartySide.RESPONDENT, PartyKind.EMPLOYER, employer, credit_code(rng), legal_representative=legal_rep,
                  address="上海市青浦区华新镇华志路" + str(200 + i) + "号", phone=f"021-5970{rng.randint(1000, 9999)}",
                  legal_representative_title="执行董事" if i % 2 else "总经理"),
    ]
    if "employment_confirmation" in types and i % 2:
        form.parties.append(PartyForm(PartySide.THIRD_PARTY, PartyKind.EMPLOYER, "上海闪送网络科技有限公司",
                                      credit_code(rng), legal_representative="邵振华"))
    lawyer, occupation = LAWYERS[i % len(LAWYERS)]
    form.agents = [AgentForm(1, lawyer, AgentAuthority.SPECIAL if i % 2 else AgentAuthority.GENERAL, occupation)]
    if i % 4 == 0:
        form.agents.append(AgentForm(0, "张建国", AgentAuthority.GENERAL, "申请人之父"))
    form.claims = [ClaimForm(kind, Decimal(amount) if amount else None, text) for kind, amount, text in claims]

    sole = procedure != Procedure.ORDINARY
    a = rng.sample(arbitrators, 3)
    form.seats = [SeatForm(a[0], Seat.SOLE)] if sole else [
        SeatForm(a[0], Seat.PRESIDING), SeatForm(a[1], Seat.MEMBER), SeatForm(a[2], Seat.MEMBER)]
    form.seats.append(SeatForm(clerks[i % len(clerks)], Seat.CLERK))

    # Stage by age: recent cases wait for a hearing, older ones were heard, oldest closed.
    if i % 9 == 8 and age > 40:
        form.status = CaseStatus.CLOSED
        form.closing_way = [ClosingWay.AWARD, ClosingWay.MEDIATION, ClosingWay.WITHDRAWAL][i % 3]
        form.closed_on = accepted + timedelta(days=min(age - 1, 40))
    elif age <= 2:
        form.status = CaseStatus.ACCEPTED
    else:
        form.status = CaseStatus.SCHEDULED
        # one slot per (day, hour, room): no room is booked twice
        when = today + timedelta(days=(i % 6) - 2)
        if when < accepted + timedelta(days=6):  # notice at least 5 days before (调解仲裁法 Art 35)
            when = accepted + timedelta(days=6 + i % 3)
        when = default_calendar().next_working_day_on_or_after(when)
        hour = [9, 10, 14, 15][(i // 6) % 4]
        if i in (HELD_CASE, ABSENT_CASE):  # held on the last working day, whatever today is
            when = previous_working_day(today)
            if when < accepted + timedelta(days=6):  # accepted early enough for the notice
                shift = accepted + timedelta(days=10) - when
                form.accepted_on, form.applied_on = accepted - shift, applied - shift
                accepted, applied = form.accepted_on, form.applied_on
            if i == ABSENT_CASE:
                hour = 14
        room = rooms[(i // 24 + i % 2) % len(rooms)]
        form.hearings = [HearingForm(1, datetime.combine(when, time(hour, 30 if i % 2 else 0)), room)]
        if when < today:
            form.status = CaseStatus.HEARING
            h = form.hearings[0]
            h.started_at = h.scheduled_at + timedelta(minutes=3)
            h.ended_at = h.started_at + timedelta(minutes=(25 if i == ABSENT_CASE else 55 + i))
    # Time-limit events on the oldest open cases, as the office would record them.
    if form.status != CaseStatus.CLOSED and age >= 47 and i != 24:
        form.events.append(EventForm(TimeLimitKind.EXTENSION, accepted + timedelta(days=40), days=15,
                                     approver="徐主任", note="案情复杂，经仲裁委员会主任书面批准延期"))
    if form.status != CaseStatus.CLOSED and age >= 60:
        form.events.append(EventForm(TimeLimitKind.SUSPENSION, accepted + timedelta(days=20),
                                     accepted + timedelta(days=29), note="等待工伤认定结论"))
    if i % 12 == 1 and form.status != CaseStatus.CLOSED:
        form.events.append(EventForm(TimeLimitKind.RESTART, accepted + timedelta(days=min(age, 8)),
                                     restart_reason=RestartReason.CHANGED_CLAIMS, note="申请人增加仲裁请求"))
    return form


def seed_accounts(session: Session, password: str) -> list[tuple[str, AccountRole]]:
    """An account for everyone on the demo roster, all with `password` (the demo prints it).
    They share one argon2id hash: one password, hashed once."""
    from app.models.account import Account
    from app.services import access
    from app.services.accounts import hash_password

    access.require(session, access.ACCOUNTS)
    roles = {StaffRole.ARBITRATOR: AccountRole.ARBITRATOR, StaffRole.CLERK: AccountRole.CLERK,
             StaffRole.ADMINISTRATOR: AccountRole.ADMIN}
    have = set(session.scalars(select(Account.staff_id)))
    made = []
    pw_hash = hash_password(password)
    for s in office_service.roster(session, active_only=True):
        if s.id not in have:
            session.add(Account(staff_id=s.id, role=roles[s.role], password_hash=pw_hash, active=True,
                                failed_attempts=0))
            made.append((s.name, roles[s.role]))
    session.flush()
    return sorted(made, key=lambda m: (list(roles.values()).index(m[1]), m[0]))


def seed_demo(session: Session, *, today: date | None = None) -> int:
    """Seed office settings and demo cases unless cases exist already; returns cases made."""
    seed_office(session)
    if has_data(session):
        return 0
    return seed_cases(session, today=today or date.today())


# A held hearing's record: typed and recognised lines, several speakers (role, text, raw).
RECORD = [
    ("clerk", "请肃静。现在核对当事人及其他仲裁参加人到庭情况。", None),
    ("clerk", "申请人、被申请人的委托代理人均已到庭。下面宣布庭审纪律。", None),
    ("arbitrator", "现在开庭。本案由首席仲裁员和两名仲裁员组成仲裁庭，书记员担任记录。双方对对方出庭人员的身份有无异议？",
     "现在 开庭 本案 由 首席 仲裁员 和 两名 仲裁员 组成 仲裁庭 书记员 担任 记录 双方 对 对方 出庭 人员 的 身份 有无 异议"),
    ("applicant", "没有异议。", "没有 异议"),
    ("respondent_agent", "没有异议。", "没有 异议"),
    ("arbitrator", "是否申请仲裁员、书记员回避？", "是否 申请 仲裁员 书记员 回避"),
    ("applicant", "不申请回避。", "不 申请 回避"),
    ("respondent_agent", "不申请。", "不 申请"),
    ("arbitrator", "请申请人陈述仲裁请求及事实和理由。", "请 申请人 陈述 仲裁 请求 及 事实 和 理由"),
    ("applicant", "我于2021年3月8日入职，做操作工，公司一直没有和我签书面劳动合同，2025年9月30日公司口头辞退我。",
     "我 于 二零二一年 三月 八日 入职 做 操作工 公司 一直 没有 和 我 签 书面 劳动 合同 二零二五年 九月 三十日 公司 口头 辞退 我"),
    ("applicant", "请求支付未签书面劳动合同二倍工资差额和解除劳动合同经济补偿。", None),
    ("arbitrator", "请被申请人答辩。", "请 被申请人 答辩"),
    ("respondent_agent", "申请人严重违反公司规章制度，公司依据劳动合同法第三十九条解除，不应支付经济补偿。书面合同签过，但原件遗失。",
     "申请人 严重 违反 公司 规章 制度 公司 依据 劳动 合同法 第三十九条 解除 不 应 支付 经济 补偿 书面 合同 签过 但 原件 遗失"),
    ("arbitrator", "双方对入职时间2021年3月8日、工作岗位操作工是否确认？", None),
    ("applicant", "确认。", "确认"),
    ("respondent_agent", "确认。", "确认"),
    ("arbitrator", "申请人离职前十二个月的月平均工资是多少？", "申请人 离职 前 十二 个月 的 月 平均 工资 是 多少"),
    ("applicant", "每月八千二百元左右，有银行流水。", "每月 八千 二百 元 左右 有 银行 流水"),
    ("respondent_agent", "实际是七千六百元，八千二包括了加班费。", "实际 是 七千 六百 元 八千 二 包括 了 加班费"),
    ("arbitrator", "被申请人主张的规章制度是否经过民主程序并向申请人公示？", None),
    ("respondent_agent", "员工手册经职工代表大会通过，入职时申请人签收过。", "员工 手册 经 职工 代表 大会 通过 入职 时 申请人 签收 过"),
    ("applicant", "我没有签收过员工手册。", "我 没有 签收 过 员工 手册"),
    ("arbitrator", "双方是否愿意调解？", "双方 是否 愿意 调解"),
    ("applicant", "愿意调解，但经济补偿不能少于一万五千元。", "愿意 调解 但 经济 补偿 不能 少于 一万 五千 元"),
    ("respondent_agent", "需要回去请示公司。", "需要 回去 请示 公司"),
    ("arbitrator", "本次庭审到此结束，请双方阅读笔录后签名。", None),
]


def seed_record(session: Session, case_id: int) -> None:
    """A held first hearing with its transcript, element citations and two correction
    requests (one accepted, one refused), so the export can be tried at once."""
    from app.models import ElementEntry, Hearing, TranscriptSegment
    from app.services.record import cite, decide_correction, request_correction
    from app.vocabulary import CitationSide

    hearing = session.scalar(select(Hearing).where(Hearing.case_id == case_id, Hearing.session_no == 1))
    # the applicant in person and the respondent's agent appeared; its legal representative did not
    _seed_attendance(session, hearing.id, {("applicant", "party"): True, ("respondent", "legal_representative"): False,
                                           ("respondent", "agent"): True, ("applicant", "agent"): True})
    t = 5.0
    ids = []
    for role, text, raw in RECORD:
        seconds = 3.0 + len(text) * 0.22
        seg = TranscriptSegment(hearing_id=hearing.id, start=t, end=t + seconds, text=text, raw_text=raw or "",
                                speaker=role, source="speech" if raw else "typed", conf=0.86 if raw else 0.0)
        session.add(seg)
        session.flush()
        ids.append(seg.id)
        t += seconds + 2.5
    entries = {e.element_key: e.id for e in session.scalars(select(ElementEntry).where(ElementEntry.case_id == case_id))}
    if "start_date" in entries:
        cite(session, entries["start_date"], ids[9], CitationSide.APPLICANT)
    if "monthly_wage" in entries:
        cite(session, entries["monthly_wage"], ids[17], CitationSide.APPLICANT)
        cite(session, entries["monthly_wage"], ids[18], CitationSide.RESPONDENT)
    if "termination_reason" in entries:
        cite(session, entries["termination_reason"], ids[12], CitationSide.RESPONDENT)
    first = request_correction(session, hearing.id, requested_by="applicant", segment_id=ids[17],
                               content="“八千二百元左右”应为“八千二百元”，没有“左右”",
                               proposed_text="每月八千二百元，有银行流水。")
    decide_correction(session, first, accepted=True, decided_by="首席仲裁员")
    second = request_correction(session, hearing.id, requested_by="respondent_agent", segment_id=ids[21],
                                content="申请人称未签收员工手册，应记为“记不清是否签收”")
    decide_correction(session, second, accepted=False, decided_by="首席仲裁员",
                      reason="与申请人当庭陈述不符，申请人当庭明确表示没有签收")


def _seed_attendance(session: Session, hearing_id: int, present: dict[tuple[str, str], bool]) -> None:
    from app.services.attendance import attendance, save_attendance

    rows = attendance(session, hearing_id)
    for r in rows:
        r.present = present.get((r.side.value, r.role))
    save_attendance(session, hearing_id, rows)


# A hearing held without the respondent (缺席审理, 调解仲裁法 Art 36).
RECORD_ABSENT = [
    ("clerk", "请肃静。现在核对当事人及其他仲裁参加人到庭情况。申请人到庭；被申请人经书面通知，未到庭。", None),
    ("clerk", "本庭庭审全程录音，并以语音识别辅助记录。下面宣布庭审纪律。", None),
    ("arbitrator", "现在开庭。被申请人经本委书面通知，无正当理由未到庭，本庭依法缺席审理。",
     "现在 开庭 被申请人 经 本委 书面 通知 无 正当 理由 未 到庭 本庭 依法 缺席 审理"),
    ("arbitrator", "申请人是否申请仲裁员、书记员回避？", "申请人 是否 申请 仲裁员 书记员 回避"),
    ("applicant", "不申请回避。", "不 申请 回避"),
    ("arbitrator", "请申请人陈述仲裁请求及事实和理由。", None),
    ("applicant", "我2024年度有五天年休假没有休，公司离职时也没有支付，请求支付未休年休假工资。",
     "我 二零二四 年度 有 五天 年休假 没有 休 公司 离职 时 也 没有 支付 请求 支付 未休 年休假 工资"),
    ("arbitrator", "申请人有哪些证据？", "申请人 有 哪些 证据"),
    ("applicant", "有劳动合同、工资银行流水和考勤记录截图。", "有 劳动 合同 工资 银行 流水 和 考勤 记录 截图"),
    ("arbitrator", "请申请人作最后陈述。", None),
    ("applicant", "坚持仲裁请求。", "坚持 仲裁 请求"),
    ("arbitrator", "本次庭审到此结束。请申请人阅读笔录后签名。", None),
]


def seed_absent_record(session: Session, case_id: int) -> None:
    """A held first hearing the respondent did not attend: attendance recorded as absent,
    a short record of the applicant's statements."""
    from app.models import Hearing, TranscriptSegment

    hearing = session.scalar(select(Hearing).where(Hearing.case_id == case_id, Hearing.session_no == 1))
    _seed_attendance(session, hearing.id, {("applicant", "party"): True, ("applicant", "agent"): True,
                                           ("respondent", "legal_representative"): False,
                                           ("respondent", "agent"): False})
    t = 4.0
    for role, text, raw in RECORD_ABSENT:
        seconds = 3.0 + len(text) * 0.22
        session.add(TranscriptSegment(hearing_id=hearing.id, start=t, end=t + seconds, text=text, raw_text=raw or "",
                                      speaker=role, source="speech" if raw else "typed", conf=0.86 if raw else 0.0))
        t += seconds + 2.5
    session.flush()
