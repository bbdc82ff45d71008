"""A case's element table: made from the templates, filled before and during the hearing,
summarised for reading out, and fed to the calculators."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.hearing.case_types import case_types, element_table
from app.models import Calculation, Case, ElementEntry
from app.models.base import utcnow
from app.models.database import ConflictError
from app.services import access
from app.services.parsing import (
    InputError,
    parse_date,
    parse_money,
    parse_month_amounts,
)
from app.vocabulary import ElementStatus


@dataclass
class ElementRow:
    id: int
    key: str
    label: str
    kind: str
    question: str
    basis: str
    type_key: str
    applicant_position: str = ""
    respondent_position: str = ""
    status: ElementStatus = ElementStatus.PENDING
    finding: str = ""
    evidence: str = ""
    note: str = ""
    version: int = 1
    choices: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()

    @property
    def value(self) -> str:
        """What the tribunal takes as the element's value: its finding, or the agreed
        position when both sides confirmed it."""
        if self.finding.strip():
            return self.finding.strip()
        if self.status == ElementStatus.UNDISPUTED:
            return (self.applicant_position or self.respondent_position).strip()
        return ""

    def summary_line(self) -> str:
        return f"{self.label}：{self.value or self.applicant_position or '（未填）'}"

    def dispute_line(self) -> str:
        a = self.applicant_position.strip() or "未陈述"
        r = self.respondent_position.strip() or "未陈述"
        return f"{self.label}（申请人：{a}；被申请人：{r}）"


def _row(entry: ElementEntry, spec=None) -> ElementRow:
    return ElementRow(
        id=entry.id, key=entry.element_key, label=entry.label, kind=entry.kind, question=entry.question,
        basis=entry.basis, type_key=entry.type_key, applicant_position=entry.applicant_position,
        respondent_position=entry.respondent_position, status=entry.status, finding=entry.finding,
        evidence=entry.evidence, note=entry.note, version=entry.version,
        choices=spec.choices if spec else (), feeds=spec.feeds if spec else (),
    )


def open_element_table(session: Session, case_id: int) -> list[ElementRow]:
    """The case's elements in hearing order, making entries for elements not yet present.

    Entries of a case type that was removed are kept (not shown) and come back if the type
    is added again, so nothing entered is lost when the case types change.
    """
    case = session.get_one(Case, case_id)
    specs = element_table(case.case_types)
    versions = {link.type_key: link.template_version for link in case.type_links}
    existing = {e.element_key: e for e in session.scalars(select(ElementEntry).where(ElementEntry.case_id == case_id))}
    rows = []
    for position, spec in enumerate(specs):
        entry = existing.get(spec.key)
        if entry is None:
            common_version = 1
            entry = ElementEntry(
                case_id=case_id, element_key=spec.key, type_key=spec.type_key,
                template_version=versions.get(spec.type_key, common_version), position=position,
                label=spec.label, kind=spec.kind, question=spec.question, basis=spec.basis,
            )
            session.add(entry)
        elif entry.position != position:
            entry.position = position
        rows.append((entry, spec))
    session.flush()
    return [_row(entry, spec) for entry, spec in rows]


EDITABLE = ("applicant_position", "respondent_position", "status", "finding", "evidence", "note")


def save_element(session: Session, row: ElementRow) -> ElementRow:
    entry = session.get(ElementEntry, row.id)
    if entry is None:
        raise LookupError(f"要素“{row.label}”已不存在")
    access.require(session, access.ELEMENTS_EDIT, entry.case_id)
    if entry.finding != row.finding:  # the tribunal's finding is the tribunal's alone
        access.require(session, access.ELEMENTS_FIND, entry.case_id)
    if entry.version != row.version:
        raise ConflictError(f"要素“{row.label}”已被其他用户修改，您的修改未保存。请刷新后再改。")
    changed = False
    for name in EDITABLE:
        value = getattr(row, name)
        if getattr(entry, name) != value:
            setattr(entry, name, value)
            changed = True
    if changed:
        entry.updated_at = utcnow()
        session.flush()
    spec_choices, spec_feeds = row.choices, row.feeds
    saved = _row(entry)
    saved.choices, saved.feeds = spec_choices, spec_feeds
    return saved


def summaries(rows: list[ElementRow]) -> tuple[list[str], list[str]]:
    """(undisputed facts, disputed points) ready to be read out."""
    undisputed = [r.summary_line() for r in rows if r.status == ElementStatus.UNDISPUTED]
    disputed = [r.dispute_line() for r in rows if r.status == ElementStatus.DISPUTED]
    return undisputed, disputed


def _yes(text: str) -> bool:
    return text.strip().lower() in {"是", "有", "yes", "true", "y", "1"} or text.strip().startswith("是")


def element_alerts(rows: list[ElementRow], *, sex: str = "") -> list[str]:
    """Protections the element values call for, for the tribunal to see at a glance:
    三期 (劳动合同法 Art 42(4), 45), 农民工 wage claims, pension drawn (劳动合同法 Art 44(2);
    法释〔2025〕12号 Art 16(2), and Art 21 repealing 法释〔2020〕26号 Art 32(1)), and the
    statutory retirement date from the birth date (实施条例 Art 21; the applicant's sex when
    known: 男 one date, 女 the two original ages 50 and 55)."""
    values = {r.key: (r.value or r.applicant_position).strip() for r in rows}
    alerts = []
    period = values.get("three_periods", "")
    if period in ("孕期", "产期", "哺乳期"):
        alerts.append(f"申请人处于{period}：用人单位不得依劳动合同法第四十条、第四十一条解除，合同期满的应续延至"
                      "相应情形消失时终止（劳动合同法第四十二条第四项、第四十五条）；适用女职工维权优先通道。")
    if _yes(values.get("migrant_worker", "")):
        alerts.append("申请人为农民工：拖欠工资争议优先处理（保障农民工工资支付条例）。")
    birth_text = values.get("applicant_birth_date", "")
    if birth_text:
        from app.rules.retirement import describe_age, retirement_age_months, retirement_date

        try:
            birth = parse_date(birth_text.split("至")[0], "出生日期")
        except InputError:
            birth = None
        if birth is not None:
            cats = {"男": ["male"], "女": ["female_50", "female_55"]}.get(sex, ["male", "female_50", "female_55"])
            names = {"male": "男职工", "female_50": "原50周岁女职工", "female_55": "原55周岁女职工"}
            parts = [f"{names[c]}{describe_age(retirement_age_months(birth, c))}（{retirement_date(birth, c)}）"
                     for c in cats]
            alerts.append(f"申请人{birth}出生，法定退休年龄：{'；'.join(parts)}"
                          "（全国人大常委会关于实施渐进式延迟法定退休年龄的决定；劳动合同法实施条例第二十一条）。")
    if _yes(values.get("pension_drawn", "")):
        alerts.append("申请人已享受基本养老保险待遇：劳动合同终止（劳动合同法第四十四条第二项），"
                      "违法解除后不再支持继续履行（法释〔2025〕12号第十六条第二项）；"
                      "法释〔2020〕26号第三十二条第一款（按劳务关系处理）已被法释〔2025〕12号第二十一条废止，"
                      "其后的用工争议按用工事实认定。")
    return alerts


# -- calculators ------------------------------------------------------------------------

@dataclass
class CalculatorView:
    calculator: str
    title: str
    amount: Decimal | None
    basis: str
    claimed: Decimal | None
    missing: list[str] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)
    type_key: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.amount is None or self.claimed is None:
            return None
        return self.claimed - self.amount

    @property
    def direction(self) -> str:
        """Which way the result differs from the claim, in words: 计算结果高于请求 1,200.00 元."""
        diff = self.difference
        if diff is None:
            return ""
        if diff == 0:
            return "计算结果与请求一致"
        return f"计算结果{'低于' if diff > 0 else '高于'}请求 {abs(diff):,.2f} 元"


INPUT_LABELS = {
    "monthly_wage": "月工资", "avg_monthly_wage": "月平均工资", "start": "入职时间", "end": "解除/终止时间",
    "signed": "书面合同签订日期", "workday_hours": "工作日加班小时", "restday_hours": "休息日加班小时",
    "holiday_hours": "法定节假日加班小时", "cumulative_years": "累计工作年限", "unused_days": "未休天数",
    "monthly_wages": "各月工资", "agreed_post_wage": "约定的岗位月工资",
    "workday_hours_by_month": "各月工作日加班小时", "restday_hours_by_month": "各月休息日加班小时",
    "holiday_hours_by_month": "各月法定节假日加班小时", "last_month_wage": "上一个月工资",
    "disability_grade": "伤残等级", "injury_avg_wage": "受伤前十二个月平均月缴费工资", "injury_date": "受伤日期",
}

_GRADES = {n: i for i, n in enumerate("一二三四五六七八九十", 1)}


def parse_grade(text: str, what: str) -> int:
    """"九级" / "9级" / "9" -> 9 (工伤保险条例 Art 22: grades one to ten)."""
    t = text.strip().removesuffix("伤残").removesuffix("级").strip()
    grade = _GRADES.get(t) or (int(t) if t.isdigit() else None)
    if grade is None or not 1 <= grade <= 10:
        raise InputError(f"{what}“{text}”不是一至十级伤残")
    return grade


def calculator_inputs(rows: list[ElementRow]) -> tuple[dict[str, object], list[str]]:
    """Element values parsed by what they feed; later (more specific) elements win."""
    values: dict[str, object] = {}
    problems = []
    for r in rows:
        text = r.value
        if not text:
            continue
        for feed in r.feeds:
            try:
                if feed in ("start", "end", "signed", "injury_date"):
                    values[feed] = parse_date(text.split("至")[0], r.label)
                elif feed == "disability_grade":
                    values[feed] = parse_grade(text, r.label)
                elif feed in ("monthly_wages", "workday_hours_by_month", "restday_hours_by_month",
                              "holiday_hours_by_month"):
                    values[feed] = parse_month_amounts(text, r.label)
                else:
                    values[feed] = parse_money(text, r.label)
            except InputError as exc:
                problems.append(str(exc))
    return values, problems


TITLES = {
    "severance": "经济补偿", "unlawful_termination_damages": "违法解除赔偿金", "double_wage": "二倍工资差额",
    "overtime_pay": "加班费", "annual_leave_pay": "未休年休假工资", "non_compete_monthly": "竞业限制月补偿",
    "wage_in_lieu_of_notice": "代通知金（额外一个月工资）", "one_off_disability_allowance": "一次性伤残补助金",
    "injury_medical_allowance": "一次性工伤医疗补助金（工伤保险基金支付）",
    "injury_employment_allowance": "一次性伤残就业补助金（用人单位支付）",
}
NEEDS = {
    "severance": ("monthly_wage", "start", "end"),
    "double_wage": ("monthly_wage", "start"),
    "overtime_pay": ("monthly_wage",),
    "annual_leave_pay": ("avg_monthly_wage", "unused_days"),
    "non_compete_monthly": ("avg_monthly_wage",),
    "wage_in_lieu_of_notice": ("last_month_wage",),
    "one_off_disability_allowance": ("disability_grade", "injury_avg_wage"),
    "injury_medical_allowance": ("disability_grade", "end"),
    "injury_employment_allowance": ("disability_grade", "end"),
}


DATE_INPUTS = ("start", "end", "signed")
TRIAL_INPUTS = ("monthly_wage", "avg_monthly_wage", "start", "end", "signed", "workday_hours", "restday_hours",
                "holiday_hours", "unused_days")


def trial_values(typed: dict[str, str]) -> tuple[dict[str, object], dict[str, str]]:
    """Inputs typed for a trial calculation ("what if the wage is 7,600?"), read like element
    values: (values, problems by input). Empty fields are left out."""
    values: dict[str, object] = {}
    problems: dict[str, str] = {}
    for key, text in typed.items():
        if not (text or "").strip():
            continue
        label = INPUT_LABELS.get(key, key)
        try:
            values[key] = parse_date(text, label) if key in DATE_INPUTS else parse_money(text, label)
        except InputError as exc:
            problems[key] = str(exc)
    return values, problems


def calculate(case_type_keys: list[str], rows: list[ElementRow], claimed: dict[str, Decimal], *, today: date,
              params=None) -> list[CalculatorView]:
    """Run the calculators of the case's types on the element values (pure; nothing stored)."""
    values, _problems = calculator_inputs(rows)
    return calculate_values(case_type_keys, values, claimed, today=today, params=params)


def calculate_values(case_type_keys: list[str], values: dict[str, object], claimed: dict[str, Decimal], *,
                     today: date, params=None) -> list[CalculatorView]:
    """The calculators on given input values: the element table's, or a trial's (nothing stored).
    `params`: the local figures with the office's confirmations (`figures.office_parameters`,
    carried by the workspace snapshot); without them the resource table as shipped."""
    from app.rules import compensation as c
    from app.rules.local_params import local_parameters

    params = params or local_parameters()
    views = []
    for key in case_type_keys:
        t = case_types().get(key)
        if t is None or not t.calculator:
            continue
        names = [t.calculator] + (["unlawful_termination_damages"] if t.calculator == "severance" else [])
        if t.calculator == "severance" and "last_month_wage" in values:
            names.append("wage_in_lieu_of_notice")  # 实施条例 Art 20
        if t.calculator == "one_off_disability_allowance" and "end" in values and \
                5 <= int(values.get("disability_grade", 0)) <= 10:
            # grades 5-10 whose labour relationship ended (工伤保险条例 Art 36(2), 37(2))
            names += ["injury_medical_allowance", "injury_employment_allowance"]
        for name in names:
            needs = NEEDS.get(name, NEEDS["severance"])
            have = set(values) | ({"monthly_wage"} if "monthly_wages" in values else set())
            missing = [INPUT_LABELS[n] for n in needs if n not in have]
            view = CalculatorView(name, TITLES[name], None, "", claimed.get(key), missing,
                                  {k: _input_text(v) for k, v in values.items()}, type_key=key)
            if missing:
                view.basis = "缺少要素：" + "、".join(missing)
                views.append(view)
                continue
            try:
                view.amount, view.basis, view.params = _run(c, name, values, params, today)
            except (ValueError, TypeError, LookupError) as exc:
                view.basis = f"无法计算：{exc}"
            views.append(view)
    return views


def _region(params) -> str:
    for rows in params.values.values():
        if rows:
            return rows[0].region
    return ""


def _input_text(value) -> str:
    if isinstance(value, dict):
        return "；".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def _run(c, name, v, params, today):
    end = v.get("end") or today
    if name in ("severance", "unlawful_termination_damages"):
        avg = params.city_avg_wage(end)
        mw = params.min_wage(end)
        fn = c.severance if name == "severance" else c.unlawful_termination_damages
        r = fn(monthly_wage=v["monthly_wage"], start=v["start"], end=end, city_avg_wage=avg.amount, min_wage=mw.amount)
        return r.amount, r.basis, {"city_avg_wage": avg.describe(), "min_wage": mw.describe()}
    if name == "double_wage":
        # Month by month when the element table lists each month's wage (劳动合同法 Art 82).
        r = c.double_wage(monthly_wage=v.get("monthly_wages") or v["monthly_wage"], start=v["start"],
                          signed=v.get("signed"), end=end)
        return r.amount, r.basis, {}
    if name == "overtime_pay":
        by_month = [v.get(k) for k in ("workday_hours_by_month", "restday_hours_by_month", "holiday_hours_by_month")]
        if any(by_month):  # month by month, each month at its own wage
            r = c.overtime_pay(monthly_wage=v.get("monthly_wages") or v["monthly_wage"],
                               workday_hours=by_month[0] or {}, restday_hours=by_month[1] or {},
                               holiday_hours=by_month[2] or {})
            return r.amount, r.basis, {}
        base, used = v["monthly_wage"], {}
        if _region(params) == "上海":
            # 上海市企业工资支付办法 Art 9: the agreed post wage, else 70% of the normal wage,
            # never below the minimum wage in force at the end of the period
            mw = params.min_wage(end)
            b = c.shanghai_overtime_base(min_wage=mw.amount, agreed_post_wage=v.get("agreed_post_wage"),
                                         normal_wage=v["monthly_wage"])
            base, used = b.amount, {"min_wage": mw.describe()}
        r = c.overtime_pay(monthly_wage=base, workday_hours=v.get("workday_hours", 0),
                           restday_hours=v.get("restday_hours", 0), holiday_hours=v.get("holiday_hours", 0))
        basis = (b.basis + r.basis) if used else r.basis
        return r.amount, basis, used
    if name == "annual_leave_pay":
        r = c.annual_leave_pay(avg_monthly_wage=v["avg_monthly_wage"], unused_days=v["unused_days"])
        return r.amount, r.basis, {}
    if name == "wage_in_lieu_of_notice":
        r = c.wage_in_lieu_of_notice(last_month_wage=v["last_month_wage"])
        return r.amount, r.basis, {}
    if name == "one_off_disability_allowance":
        day = v.get("injury_date") or end
        avg = params.city_avg_wage(day)
        own = c.injury_own_wage(avg_wage_12m=v["injury_avg_wage"], region_avg_wage=avg.amount)
        r = c.one_off_disability_allowance(grade=v["disability_grade"], own_wage=own.amount)
        return r.amount, own.basis + r.basis, {"city_avg_wage": avg.describe()}
    if name in ("injury_medical_allowance", "injury_employment_allowance"):
        avg = params.city_avg_wage(end)
        r = c.injury_termination_allowance(kind=name.split("_")[1], grade=v["disability_grade"],
                                           region=_region(params), day=end, city_avg_wage=avg.amount)
        return r.amount, r.basis, {"city_avg_wage": avg.describe(), **r.params}
    if name == "non_compete_monthly":
        mw = params.min_wage(end)
        r = c.non_compete_monthly(avg_monthly_wage=v["avg_monthly_wage"], min_wage=mw.amount)
        return r.amount, r.basis, {"min_wage": mw.describe()}
    raise LookupError(name)


def record_calculation(session: Session, case_id: int, view: CalculatorView) -> int:
    access.require(session, access.ELEMENTS_FIND, case_id)
    if view.amount is None:
        raise ValueError("没有可记录的计算结果：" + view.basis)
    calc = Calculation(case_id=case_id, calculator=view.calculator, amount=view.amount, basis=view.basis,
                       inputs=json.dumps(view.inputs, ensure_ascii=False),
                       params=json.dumps(view.params, ensure_ascii=False))
    session.add(calc)
    session.flush()
    return calc.id


@dataclass(frozen=True)
class FinalAwardFlag:
    claim_text: str
    kind: str
    amount: Decimal | None
    limit: Decimal
    final: bool
    basis: str
    category: str = "other"


def final_award_flags(session: Session, case_id: int, *, day: date, params=None) -> list[FinalAwardFlag]:
    """Each claim's final-award status (一裁终局), item by item: money items of labour
    remuneration, 工伤医疗费, economic compensation (incl. non-compete compensation) and damages
    (incl. the double wage) at most 12 x the monthly minimum wage in force on `day`
    (调解仲裁法 Art 47(1); 办案规则 Art 50); working time, rest and leave and social insurance
    disputes whatever the amount (Art 47(2)); other claims are listed as not final."""
    from app.rules.compensation import (
        CAPPED_CATEGORIES,
        final_award_basis,
        final_award_limit,
        is_final_award_item,
    )
    from app.rules.local_params import MissingParameter
    from app.services.figures import office_parameters
    from app.services.validation import claim_category

    params = params or office_parameters(session)  # with the office's confirmations
    try:
        mw = params.min_wage(day)
    except MissingParameter as exc:  # the money items cannot be judged without it
        mw, missing = None, str(exc)
    limit = final_award_limit(mw.amount) if mw else Decimal(0)
    types = case_types()
    case = session.get_one(Case, case_id)
    flags = []
    for claim in case.claims:
        t = types.get(claim.kind)
        category = claim_category(claim.kind, claim.category)
        if mw is None and category in CAPPED_CATEGORIES:
            final, basis = False, f"无法判断是否一裁终局：{missing}"
        else:
            final = is_final_award_item(category, claim.amount, mw.amount if mw else 0)
            basis = final_award_basis(category, claim.amount, mw.amount if mw else 0)
            if mw is not None and claim.amount is not None and category in CAPPED_CATEGORIES:
                basis += f"（{mw.describe()}）"
        flags.append(FinalAwardFlag(claim.text or (t.name if t else claim.kind), claim.kind,
                                    claim.amount, limit, final, basis, category))
    return flags


def claimed_by_type(session: Session, case_id: int) -> dict[str, Decimal]:
    case = session.get_one(Case, case_id)
    totals: dict[str, Decimal] = {}
    for claim in case.claims:
        if claim.amount is not None:
            totals[claim.kind] = totals.get(claim.kind, Decimal(0)) + claim.amount
    return totals
