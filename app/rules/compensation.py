"""Compensation calculators of labour arbitration (劳动合同法 and its 实施条例, 劳动法,
带薪年休假条例). Pure functions over Decimal money, rounded to the fen at the end.

Every function is keyword-only and returns a `Calculation` whose `.amount` is the award
in yuan and whose `.basis` says, in Chinese, how it was reached and which article applies.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
MONTHLY_WORKING_DAYS = Decimal("21.75")  # 劳社部发〔2008〕3号
HOURS_PER_DAY = Decimal(8)


@dataclass(frozen=True)
class Calculation:
    amount: Decimal
    basis: str
    months: Decimal | None = None
    params: dict[str, str] = field(default_factory=dict)  # parameter values used, as text


def _money(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("money must be Decimal or int, not float")
    d = Decimal(value)
    if d < 0:
        raise ValueError("金额不能为负数")
    return d


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def _yuan(value: Decimal) -> str:
    return f"{_fen(value):,.2f}元"


def _num(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's end (1-31 + 1 month -> 2-28/29)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def service_span(start: date, end: date) -> tuple[int, int, int]:
    """Whole years, whole months and remaining days of service from `start` to `end`
    inclusive (the last day worked counts)."""
    if end < start:
        raise ValueError("终止日期早于入职日期")
    stop = end + timedelta(days=1)
    months = (stop.year - start.year) * 12 + (stop.month - start.month)
    if add_months(start, months) > stop:
        months -= 1
    days = (stop - add_months(start, months)).days
    return months // 12, months % 12, days


def severance_months(start: date, end: date) -> Decimal:
    """N of 劳动合同法 Art 47: one month per full year; a remainder of six months or more
    counts as one year, a remainder under six months as half a month's wage."""
    years, months, days = service_span(start, end)
    n = Decimal(years)
    if months >= 6:
        n += 1
    elif months or days:
        n += Decimal("0.5")
    return n


def severance(*, monthly_wage, start: date, end: date, city_avg_wage, min_wage=None) -> Calculation:
    """经济补偿 = M x N (劳动合同法 Art 47; 实施条例 Art 27).

    M is the average monthly wage of the last 12 months, not below the local minimum wage;
    above 3 x the city's average monthly wage of the previous year M is that cap and N is
    at most 12 years.
    """
    m = _money(monthly_wage)
    avg = _money(city_avg_wage)
    n = severance_months(start, end)
    notes = []
    params = {"city_avg_wage": str(avg)}
    if min_wage is not None:
        params["min_wage"] = str(_money(min_wage))
        if m < _money(min_wage):
            m = _money(min_wage)
            notes.append(f"月工资低于当地最低工资标准，按最低工资 {_yuan(m)} 计算（实施条例第二十七条）")
    cap = avg * 3
    if m > cap:
        notes.append(f"月工资高于上年度职工月平均工资三倍，按 {_yuan(cap)} 计算")
        m = cap
        if n > 12:
            notes.append(f"年限 {_num(n)} 年超过十二年，按十二年计算")
            n = Decimal(12)
    if start < date(2008, 1, 1):
        notes.append("2008年1月1日前的工作年限应按当时的规定计算，请核对（劳动合同法第九十七条）")
    amount = _fen(m * n)
    years, months, days = service_span(start, end)
    basis = (
        f"经济补偿 = 月工资 {_yuan(m)} × {_num(n)} 个月 = {_yuan(amount)}。"
        f"工作年限 {start}至{end}：{years}年{months}个月{days}天（劳动合同法第四十七条）"
    )
    if notes:
        basis += "；" + "；".join(notes)
    return Calculation(amount, basis + "。", months=n, params=params)


def unlawful_termination_damages(*, monthly_wage, start: date, end: date, city_avg_wage, min_wage=None) -> Calculation:
    """违法解除赔偿金 = 2 x 经济补偿, years from the start of employment, no severance on top
    (劳动合同法 Art 87; 实施条例 Art 25)."""
    base = severance(monthly_wage=monthly_wage, start=start, end=end, city_avg_wage=city_avg_wage, min_wage=min_wage)
    amount = _fen(base.amount * 2)
    basis = (f"赔偿金 = 经济补偿 {_yuan(base.amount)} × 2 = {_yuan(amount)}（劳动合同法第八十七条、"
             f"实施条例第二十五条；不再支付经济补偿）。其中：{base.basis}")
    return Calculation(amount, basis, months=base.months, params=base.params)


def month_count(first: date, last: date) -> Decimal:
    """Months from `first` to `last` inclusive: whole months, plus the remaining days as a
    share of the following month's days (e.g. 2-01..3-15 = 1 + 15/31)."""
    if last < first:
        return Decimal(0)
    stop = last + timedelta(days=1)
    months = (stop.year - first.year) * 12 + (stop.month - first.month)
    if add_months(first, months) > stop:
        months -= 1
    anchor = add_months(first, months)
    rest = (stop - anchor).days
    if rest == 0:
        return Decimal(months)
    span = (add_months(anchor, 1) - anchor).days
    return Decimal(months) + (Decimal(rest) / Decimal(span)).quantize(Decimal("0.0001"))


def double_wage(*, monthly_wage, start: date, signed: date | None, end: date) -> Calculation:
    """未签书面劳动合同二倍工资差额 (劳动合同法 Art 82; 实施条例 Art 6, 7).

    One extra monthly wage for each month from the day after the first month of employment
    to the day before the contract was signed (or the end of employment), at most 11 months:
    after a full year without a contract a non-fixed-term contract is deemed concluded.
    """
    m = _money(monthly_wage)
    first = add_months(start, 1)  # the day after the first month
    last_candidates = [end, add_months(start, 12) - timedelta(days=1)]
    if signed is not None:
        last_candidates.append(signed - timedelta(days=1))
    last = min(last_candidates)
    months = min(month_count(first, last), Decimal(11))
    amount = _fen(m * months)
    if months == 0:
        basis = "自用工之日起一个月内已订立书面劳动合同或用工不满一个月，不产生二倍工资差额（实施条例第五条）。"
    else:
        basis = (f"二倍工资差额 = 月工资 {_yuan(m)} × {_num(months)} 个月 = {_yuan(amount)}；"
                 f"计算期间 {first}至{last}（劳动合同法第八十二条、实施条例第六条、第七条，最多十一个月）。")
        if signed is None and end >= add_months(start, 12):
            basis += "用工满一年未订立书面合同的，视为已订立无固定期限劳动合同（劳动合同法第十四条）。"
    return Calculation(amount, basis, months=months)


def hourly_wage(monthly_wage) -> Decimal:
    return _money(monthly_wage) / (MONTHLY_WORKING_DAYS * HOURS_PER_DAY)


def overtime_pay(*, monthly_wage, workday_hours=0, restday_hours=0, holiday_hours=0) -> Calculation:
    """加班费 (劳动法 Art 44): at least 150% on workdays, 200% on rest days without time off
    in lieu, 300% on statutory holidays; hourly wage = M / (21.75 x 8) (劳社部发〔2008〕3号)."""
    hours = [_money(workday_hours), _money(restday_hours), _money(holiday_hours)]
    hourly = hourly_wage(monthly_wage)
    rates = [Decimal("1.5"), Decimal(2), Decimal(3)]
    amount = _fen(sum((h * r for h, r in zip(hours, rates)), Decimal(0)) * hourly)
    basis = (f"小时工资 = {_yuan(_money(monthly_wage))} ÷ 21.75 ÷ 8 = {hourly.quantize(FEN)}元；"
             f"加班费 = 小时工资 × (工作日 {_num(hours[0])}h × 150% + 休息日 {_num(hours[1])}h × 200% + "
             f"法定节假日 {_num(hours[2])}h × 300%) = {_yuan(amount)}（劳动法第四十四条）。")
    return Calculation(amount, basis)


def annual_leave_days(*, cumulative_years) -> int:
    """Days of paid annual leave a year (职工带薪年休假条例 Art 3): 5 after 1 year of cumulative
    work, 10 after 10 years, 15 after 20 years."""
    years = Decimal(cumulative_years) if not isinstance(cumulative_years, float) else Decimal(str(cumulative_years))
    if years < 0:
        raise ValueError("累计工作年限不能为负数")
    if years >= 20:
        return 15
    if years >= 10:
        return 10
    if years >= 1:
        return 5
    return 0


def prorated_annual_leave_days(*, entitled_days: int, worked_days: int, days_in_year: int) -> int:
    """Leave due on leaving mid-year: calendar days worked this year / days in the year x
    annual days, fractions of a day dropped (实施办法 Art 12)."""
    if not 0 <= worked_days <= days_in_year:
        raise ValueError("本年度工作天数有误")
    return (entitled_days * worked_days) // days_in_year


def annual_leave_pay(*, avg_monthly_wage, unused_days) -> Calculation:
    """未休年休假工资 (年休假条例 Art 5; 实施办法 Art 10-11): 300% of the daily wage per
    unused day, of which the normal 100% is already paid, so the award is 200%; daily wage =
    12-month average wage excluding overtime / 21.75."""
    days = _money(unused_days)
    daily = _money(avg_monthly_wage) / MONTHLY_WORKING_DAYS
    amount = _fen(daily * days * 2)
    basis = (f"日工资 = {_yuan(_money(avg_monthly_wage))} ÷ 21.75 = {daily.quantize(FEN)}元；"
             f"未休年休假工资 = 日工资 × {_num(days)} 天 × 200% = {_yuan(amount)}"
             f"（职工带薪年休假条例第五条、企业职工带薪年休假实施办法第十条、第十一条）。")
    return Calculation(amount, basis)


def non_compete_monthly(*, avg_monthly_wage, min_wage) -> Calculation:
    """竞业限制经济补偿 per month when not agreed: 30% of the 12-month average wage, not below
    the local minimum wage (法释〔2020〕26号 Art 36)."""
    thirty = _money(avg_monthly_wage) * Decimal("0.3")
    floor = _money(min_wage)
    amount = _fen(max(thirty, floor))
    basis = (f"月补偿 = max(平均工资 {_yuan(_money(avg_monthly_wage))} × 30%, 最低工资 {_yuan(floor)}) = {_yuan(amount)}"
             f"（最高人民法院关于审理劳动争议案件适用法律问题的解释（一）第三十六条）。")
    return Calculation(amount, basis, params={"min_wage": str(floor)})


def final_award_limit(min_wage) -> Decimal:
    """Per-item ceiling of the final award (一裁终局): 12 x the local monthly minimum wage
    (调解仲裁法 Art 47(1))."""
    return _fen(_money(min_wage) * 12)


def is_final_award_amount(amount, min_wage) -> bool:
    return _money(amount) <= final_award_limit(min_wage)
