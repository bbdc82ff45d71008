"""Checks a case form before it is saved; the UI runs them as the user types."""

from __future__ import annotations

import re
from decimal import Decimal

from app.rules.case_numbers import CaseNumberError, check_case_no
from app.rules.compensation import FINAL_AWARD_CATEGORIES, preliminary_enforcement_allowed
from app.rules.deadlines import time_limits
from app.services.forms import CaseForm, Problem
from app.services.parsing import MAX_MONEY
from app.vocabulary import CaseStatus, ClosingWay, PartyKind, PartySide, Seat, TimeLimitKind

_ID_CARD = re.compile(r"^\d{17}[\dXx]$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_card_ok(number: str) -> bool:
    """18-digit resident ID with its ISO 7064 check character (GB 11643-1999)."""
    if not _ID_CARD.match(number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS))
    return _ID_CHECK[total % 11] == number[17].upper()


def validate_case(form: CaseForm) -> list[Problem]:
    problems: list[Problem] = []
    add = lambda field, msg: problems.append(Problem(field, msg))  # noqa: E731

    if form.case_no.strip():
        try:
            check_case_no(form.case_no)
        except CaseNumberError as exc:
            add("case_no", str(exc))
    if not form.case_types:
        add("case_types", "请至少选择一个案由")

    if form.applied_on and form.accepted_on and form.accepted_on < form.applied_on:
        add("accepted_on", "受理日期不能早于申请日期")
    if form.closed_on and form.accepted_on and form.closed_on < form.accepted_on:
        add("closed_on", "结案日期不能早于受理日期")
    if form.closed_on and form.applied_on and form.closed_on < form.applied_on:
        add("closed_on", "结案日期不能早于申请日期")
    if form.right_known_on and form.applied_on and form.right_known_on > form.applied_on:
        add("right_known_on", "知道权利被侵害之日不能晚于申请日期（调解仲裁法第二十七条）")

    if form.status == CaseStatus.CLOSED:
        if form.closing_way is None:
            add("closing_way", "已结案的案件须选择结案方式")
        if form.closed_on is None:
            add("closed_on", "已结案的案件须填写结案日期")
    elif form.closing_way is not None or form.closed_on is not None:
        add("status", "填写了结案方式或结案日期，但案件状态不是“已结案”")
    needs_acceptance = form.status not in (CaseStatus.PENDING, CaseStatus.CLOSED) or (
        form.status == CaseStatus.CLOSED and form.closing_way != ClosingWay.NOT_ACCEPTED
    )
    if needs_acceptance and form.accepted_on is None:
        add("accepted_on", f"状态为“{form.status.label}”的案件须填写受理日期")

    _check_parties(form, add)
    _check_claims(form, add)
    _check_tribunal(form, add)
    _check_hearings(form, add)
    _check_events(form, add)
    return problems


def _check_parties(form: CaseForm, add) -> None:
    sides = [p.side for p in form.parties]
    if PartySide.APPLICANT not in sides:
        add("parties", "至少需要一名申请人")
    if PartySide.RESPONDENT not in sides:
        add("parties", "至少需要一名被申请人")
    for i, p in enumerate(form.parties):
        where = f"parties[{i}]"
        if not p.name.strip():
            add(f"{where}.name", f"第 {i + 1} 个当事人缺少名称")
        number = p.id_number.strip()
        if number:
            if p.kind == PartyKind.PERSON and not id_card_ok(number):
                add(f"{where}.id_number", f"当事人“{p.name}”的身份证号码无效")
            if p.kind == PartyKind.EMPLOYER and not _CREDIT_CODE.match(number.upper()):
                add(f"{where}.id_number", f"用人单位“{p.name}”的统一社会信用代码应为 18 位")
        if p.kind == PartyKind.PERSON and p.legal_representative.strip():
            add(f"{where}.legal_representative", f"自然人“{p.name}”不应填写法定代表人")
    for i, a in enumerate(form.agents):
        where = f"agents[{i}]"
        if not a.name.strip():
            add(f"{where}.name", f"第 {i + 1} 个代理人缺少姓名")
        if not 0 <= a.party_index < len(form.parties):
            add(f"{where}.party_index", f"代理人“{a.name}”未指明被代理的当事人")


def _check_claims(form: CaseForm, add) -> None:
    for i, c in enumerate(form.claims):
        if c.amount is not None:
            if not isinstance(c.amount, Decimal):
                add(f"claims[{i}].amount", "金额必须是精确的十进制数")
            elif not c.amount.is_finite() or abs(c.amount) > MAX_MONEY:
                add(f"claims[{i}].amount", f"第 {i + 1} 项仲裁请求的金额超出范围（最多 {MAX_MONEY:,.2f} 元）")
            elif c.amount < 0:
                add(f"claims[{i}].amount", f"第 {i + 1} 项仲裁请求的金额不能为负数")
            elif c.amount != c.amount.quantize(Decimal("0.01")):
                add(f"claims[{i}].amount", f"第 {i + 1} 项仲裁请求的金额最多精确到分")
        if not c.text.strip() and c.amount is None:
            add(f"claims[{i}].text", f"第 {i + 1} 项仲裁请求缺少内容")
        category = claim_category(c.kind, c.category)
        if c.category and c.category not in FINAL_AWARD_CATEGORIES:
            add(f"claims[{i}].category", f"第 {i + 1} 项仲裁请求的类别“{c.category}”无效")
        elif c.preliminary_enforcement and not preliminary_enforcement_allowed(category):
            add(f"claims[{i}].preliminary_enforcement",
                f"第 {i + 1} 项仲裁请求不能申请先予执行：仅限追索劳动报酬、工伤医疗费、经济补偿或者赔偿金"
                "（调解仲裁法第四十四条）")


def claim_category(kind: str, category: str = "") -> str:
    """A claim's final-award category: its own when set, else its case type's."""
    if category:
        return category
    from app.hearing.case_types import case_types

    t = case_types().get(kind)
    return t.final_award_category if t else "other"


def _check_tribunal(form: CaseForm, add) -> None:
    seats = [s.seat for s in form.seats]
    if Seat.SOLE in seats and (Seat.PRESIDING in seats or Seat.MEMBER in seats):
        add("seats", "独任仲裁与合议仲裁庭不能同时设置")
    if seats.count(Seat.SOLE) > 1 or seats.count(Seat.PRESIDING) > 1:
        add("seats", "仲裁庭只能有一名首席或独任仲裁员")
    if seats.count(Seat.MEMBER) > 2:
        add("seats", "合议仲裁庭由三名仲裁员组成（调解仲裁法第三十一条）")
    arbitrators = [s.staff_id for s in form.seats if s.seat != Seat.CLERK]
    if len(arbitrators) != len(set(arbitrators)):
        add("seats", "同一名仲裁员不能在仲裁庭中重复出现")


def _check_hearings(form: CaseForm, add) -> None:
    numbers = [h.session_no for h in form.hearings]
    if len(numbers) != len(set(numbers)):
        add("hearings", "开庭次数（第N次）不能重复")
    for i, h in enumerate(form.hearings):
        if h.session_no < 1:
            add(f"hearings[{i}].session_no", "开庭次数须从 1 开始")
        if h.started_at and h.ended_at and h.ended_at < h.started_at:
            add(f"hearings[{i}].ended_at", f"第 {h.session_no} 次开庭的结束时间早于开始时间")
        if h.scheduled_at and form.accepted_on and h.scheduled_at.date() < form.accepted_on:
            add(f"hearings[{i}].scheduled_at", f"第 {h.session_no} 次开庭排在受理日期之前")


def _check_events(form: CaseForm, add) -> None:
    max_ext = time_limits().max_extension_days
    total_ext = 0
    for i, e in enumerate(form.events):
        where = f"events[{i}]"
        if e.starts_on is None:
            add(f"{where}.starts_on", f"第 {i + 1} 个期限事件缺少日期")
            continue
        if form.accepted_on and e.starts_on < form.accepted_on:
            add(f"{where}.starts_on", f"期限事件“{e.kind.label}”早于受理日期")
        if e.kind == TimeLimitKind.EXTENSION:
            if not e.days or e.days < 1:
                add(f"{where}.days", "延期天数须为正数")
            else:
                total_ext += e.days
            if not e.approver.strip():
                add(f"{where}.approver", "延期须经仲裁委员会主任书面批准，请填写批准人（调解仲裁法第四十三条）")
        elif e.kind in (TimeLimitKind.SUSPENSION, TimeLimitKind.PUBLIC_NOTICE):
            if e.ends_on is not None and e.ends_on < e.starts_on:
                add(f"{where}.ends_on", f"“{e.kind.label}”的结束日期早于开始日期")
        elif e.kind == TimeLimitKind.RESTART and e.restart_reason is None:
            add(f"{where}.restart_reason", "重新计算期限须写明事由（办案规则第四十六条）")
    if total_ext > max_ext:
        add("events", f"延长期限合计 {total_ext} 日，超过法定上限 {max_ext} 日（调解仲裁法第四十三条）")


def limitation_note(form: CaseForm) -> str:
    """What the case dialog says about the one-year limitation period (调解仲裁法 Art 27),
    when the day the right was known is entered. Limitation is a defence: the note flags a
    late application for the tribunal to examine, it does not refuse the case."""
    from app.rules.deadlines import limitation_expires

    if form.right_known_on is None:
        return ""
    expires = limitation_expires(form.right_known_on)
    if form.applied_on is not None and form.applied_on > expires:
        return (f"仲裁时效：自 {form.right_known_on} 起一年，已于 {expires} 届满，申请日 {form.applied_on} 在其后。"
                "如被申请人提出时效抗辩，应审查有无中断、中止事由；劳动关系存续期间拖欠劳动报酬的不受此限"
                "（调解仲裁法第二十七条）。")
    return f"仲裁时效：自 {form.right_known_on} 起一年，至 {expires} 届满（调解仲裁法第二十七条）。"


def service_note(form: CaseForm) -> str:
    """The service steps after acceptance (调解仲裁法 Art 30): the application's copy to the
    respondent within 5 days; the answer within 10 days of receiving it; the answer's copy to
    the applicant within 5 days of receiving it."""
    from app.rules.deadlines import application_service_due, time_limits

    if form.accepted_on is None:
        return ""
    limits = time_limits()
    return (f"送达：申请书副本于 {application_service_due(form.accepted_on)} 前送达被申请人；被申请人收到后 "
            f"{limits.answer_days} 日内答辩，仲裁委收到答辩书后 {limits.answer_service_days} 日内送达申请人"
            "（调解仲裁法第三十条）。")
