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
from app.services.parsing import InputError, parse_date, parse_money
from app.services import access
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


INPUT_LABELS = {
    "monthly_wage": "月工资", "avg_monthly_wage": "月平均工资", "start": "入职时间", "end": "解除/终止时间",
    "signed": "书面合同签订日期", "workday_hours": "工作日加班小时", "restday_hours": "休息日加班小时",
    "holiday_hours": "法定节假日加班小时", "cumulative_years": "累计工作年限", "unused_days": "未休天数",
}


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
                if feed in ("start", "end", "signed"):
                    values[feed] = parse_date(text.split("至")[0], r.label)
                else:
                    values[feed] = parse_money(text, r.label)
            except InputError as exc:
                problems.append(str(exc))
    return values, problems


TITLES = {
    "severance": "经济补偿", "unlawful_termination_damages": "违法解除赔偿金", "double_wage": "二倍工资差额",
    "overtime_pay": "加班费", "annual_leave_pay": "未休年休假工资", "non_compete_monthly": "竞业限制月补偿",
}
NEEDS = {
    "severance": ("monthly_wage", "start", "end"),
    "double_wage": ("monthly_wage", "start"),
    "overtime_pay": ("monthly_wage",),
    "annual_leave_pay": ("avg_monthly_wage", "unused_days"),
    "non_compete_monthly": ("avg_monthly_wage",),
}


def calculate(case_type_keys: list[str], rows: list[ElementRow], claimed: dict[str, Decimal], *, today: date,
              params=None) -> list[CalculatorView]:
    """Run the calculators of the case's types on the element values (pure; nothing stored)."""
    from app.rules import compensation as c
    from app.rules.local_params import local_parameters

    params = params or local_parameters()
    values, _problems = calculator_inputs(rows)
    views = []
    for key in case_type_keys:
        t = case_types().get(key)
        if t is None or not t.calculator:
            continue
        names = [t.calculator] + (["unlawful_termination_damages"] if t.calculator == "severance" else [])
        for name in names:
            needs = NEEDS.get(name, NEEDS["severance"])
            missing = [INPUT_LABELS[n] for n in needs if n not in values]
            view = CalculatorView(name, TITLES[name], None, "", claimed.get(key), missing,
                                  {k: str(v) for k, v in values.items()}, type_key=key)
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


def _run(c, name, v, params, today):
    end = v.get("end") or today
    if name in ("severance", "unlawful_termination_damages"):
        avg = params.city_avg_wage(end)
        mw = params.min_wage(end)
        fn = c.severance if name == "severance" else c.unlawful_termination_damages
        r = fn(monthly_wage=v["monthly_wage"], start=v["start"], end=end, city_avg_wage=avg.amount, min_wage=mw.amount)
        return r.amount, r.basis, {"city_avg_wage": avg.describe(), "min_wage": mw.describe()}
    if name == "double_wage":
        r = c.double_wage(monthly_wage=v["monthly_wage"], start=v["start"], signed=v.get("signed"), end=end)
        return r.amount, r.basis, {}
    if name == "overtime_pay":
        r = c.overtime_pay(monthly_wage=v["monthly_wage"], workday_hours=v.get("workday_hours", 0),
                           restday_hours=v.get("restday_hours", 0), holiday_hours=v.get("holiday_hours", 0))
        return r.amount, r.basis, {}
    if name == "annual_leave_pay":
        r = c.annual_leave_pay(avg_monthly_wage=v["avg_monthly_wage"], unused_days=v["unused_days"])
        return r.amount, r.basis, {}
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
    amount: Decimal
    limit: Decimal
    final: bool
    basis: str


def final_award_flags(session: Session, case_id: int, *, day: date, params=None) -> list[FinalAwardFlag]:
    """Claims that fall under the final award (一裁终局, 调解仲裁法 Art 47(1)): money items of
    wages, work-injury medical costs, severance or damages each at most 12 x the local monthly
    minimum wage, judged per item."""
    from app.rules.compensation import final_award_limit
    from app.rules.local_params import local_parameters

    params = params or local_parameters()
    mw = params.min_wage(day)
    limit = final_award_limit(mw.amount)
    types = case_types()
    case = session.get_one(Case, case_id)
    flags = []
    for claim in case.claims:
        t = types.get(claim.kind)
        if claim.amount is None or t is None or not t.final_award_money:
            continue
        final = claim.amount <= limit
        flags.append(FinalAwardFlag(
            claim.text or t.name, claim.kind, claim.amount, limit, final,
            f"{'适用' if final else '不适用'}一裁终局：{claim.amount} 元 {'≤' if final else '>'} 12 × {mw.amount} 元"
            f" = {limit} 元（调解仲裁法第四十七条第一项；{mw.describe()}）"))
    return flags


def claimed_by_type(session: Session, case_id: int) -> dict[str, Decimal]:
    case = session.get_one(Case, case_id)
    totals: dict[str, Decimal] = {}
    for claim in case.claims:
        if claim.amount is not None:
            totals[claim.kind] = totals.get(claim.kind, Decimal(0)) + claim.amount
    return totals
