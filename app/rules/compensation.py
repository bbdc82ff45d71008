"""Compensation calculators of labour arbitration (劳动合同法 and its 实施条例, 劳动法,
带薪年休假条例). Pure functions over Decimal money, rounded to the fen at the end.

Every function is keyword-only and returns a `Calculation` whose `.amount` is the award
in yuan and whose `.basis` says, in Chinese, how it was reached and which article applies.
Intermediate figures (shares of a month, hourly wages) are exact fractions; the amount is
rounded to the fen once, at the end.

Wages may be given month by month: `monthly_wage` takes one amount or a mapping
"YYYY-MM" -> amount (e.g. the minimum wage changing on 04-01), and each month's share is paid
at that month's wage.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

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


def _fen_exact(value: Fraction) -> Decimal:
    """An exact fraction of a yuan rounded half-up to the fen (the only rounding step)."""
    if value < 0:
        raise ValueError("金额不能为负数")
    cents = math.floor(value * 100 + Fraction(1, 2))
    return Decimal(cents).scaleb(-2)


def _frac_text(value: Fraction) -> str:
    """1 + 15/31 -> "1又15/31"; whole numbers plain."""
    whole = value.numerator // value.denominator
    rest = value - whole
    if rest == 0:
        return str(whole)
    return (f"{whole}又" if whole else "") + f"{rest.numerator}/{rest.denominator}"


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _wage_by_month(monthly_wage, months, what: str = "月工资") -> dict[str, Decimal]:
    """One amount for every month, or the mapping's amount for each month asked for."""
    if isinstance(monthly_wage, Mapping):
        wages = {}
        for key, amount in monthly_wage.items():
            try:
                y, m = str(key).split("-")
                date(int(y), int(m), 1)
            except ValueError:
                raise ValueError(f"{what}的月份“{key}”无效，应如 2015-02") from None
            wages[f"{int(y):04d}-{int(m):02d}"] = _money(amount)
        missing = [m for m in months if m not in wages]
        if missing:
            raise ValueError(f"缺少 {'、'.join(missing)} 的{what}")
        return {m: wages[m] for m in months}
    m = _money(monthly_wage)
    return {month: m for month in months}


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
    at most 12 years. Years before 2008 follow the rules of the time (劳动合同法 Art 97):
    the basis says so.
    """
    return _severance(monthly_wage=monthly_wage, start=start, end=end, city_avg_wage=city_avg_wage,
                      min_wage=min_wage, pre_2008_note=True)


def _severance(*, monthly_wage, start: date, end: date, city_avg_wage, min_wage, pre_2008_note: bool) -> Calculation:
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
    if pre_2008_note and start < date(2008, 1, 1):
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
    (劳动合同法 Art 87; 实施条例 Art 25): years before 2008 count in full, so the basis
    carries no pre-2008 warning."""
    base = _severance(monthly_wage=monthly_wage, start=start, end=end, city_avg_wage=city_avg_wage,
                      min_wage=min_wage, pre_2008_note=False)
    amount = _fen(base.amount * 2)
    basis = (f"赔偿金 = 经济补偿标准 {_yuan(base.amount)} × 2 = {_yuan(amount)}（劳动合同法第八十七条、"
             f"实施条例第二十五条：计算年限自用工之日起计算，不再支付经济补偿）。其中：{base.basis}")
    return Calculation(amount, basis, months=base.months, params=base.params)


def _month_periods(first: date, last: date):
    """The employment months from `first` to `last` inclusive: (start, end, span) where
    span is the days of a whole month starting at `start` (the last one may be partial)."""
    k = 0
    begin = first
    while begin <= last:
        nxt = add_months(first, k + 1)
        yield begin, min(last, nxt - timedelta(days=1)), (nxt - begin).days
        k += 1
        begin = nxt


def month_fraction(first: date, last: date) -> Fraction:
    """Months from `first` to `last` inclusive, exactly: whole months, plus the remaining
    days as a share of that month's days (e.g. 2-01..3-15 = 1 + 15/31)."""
    total = Fraction(0)
    for begin, end, span in _month_periods(first, last):
        total += Fraction((end - begin).days + 1, span)
    return total


def month_shares(first: date, last: date) -> dict[str, Fraction]:
    """`month_fraction` split by calendar month ("YYYY-MM" -> share), so that each day is
    paid at the wage of the calendar month it falls in. The shares add up to
    `month_fraction(first, last)`; a month that starts on the 1st gets exactly its month."""
    shares: dict[str, Fraction] = {}
    for begin, end, span in _month_periods(first, last):
        day = begin
        while day <= end:
            # the days of this period that fall in day's calendar month
            month_end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
            upto = min(end, month_end)
            key = month_key(day)
            shares[key] = shares.get(key, Fraction(0)) + Fraction((upto - day).days + 1, span)
            day = upto + timedelta(days=1)
    return shares


def month_count(first: date, last: date) -> Decimal:
    """`month_fraction` as a Decimal of 4 places, for display only: amounts are computed
    from the exact fraction (a rounded share multiplied by a wage is off by fen)."""
    exact = month_fraction(first, last)
    value = Decimal(exact.numerator) / Decimal(exact.denominator)
    return value if exact.denominator == 1 else value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _wage_lines(wages: dict[str, Decimal], shares: dict[str, Fraction]) -> str:
    """2015-02 至 2015-03 每月 1,820.00元 × 2 个月 ... grouped by runs of equal wage."""
    runs: list[list] = []
    for key in sorted(shares):
        if runs and runs[-1][2] == wages[key]:
            runs[-1][1] = key
            runs[-1][3] += shares[key]
        else:
            runs.append([key, key, wages[key], shares[key]])
    parts = []
    for first, last, wage, share in runs:
        when = first if first == last else f"{first}至{last}"
        parts.append(f"{when} 月工资 {_yuan(wage)} × {_frac_text(share)} 个月")
    return "；".join(parts)


def double_wage(*, monthly_wage, start: date, signed: date | None, end: date) -> Calculation:
    """未签书面劳动合同二倍工资差额 (劳动合同法 Art 82; 实施条例 Art 6, 7).

    One extra monthly wage for each month from the day after the first month of employment
    to the day before the contract was signed (or the end of employment), at most 11 months:
    after a full year without a contract a non-fixed-term contract is deemed concluded.
    `monthly_wage` is one amount or "YYYY-MM" -> amount: the difference is owed month by
    month at that month's wage; a partial month is paid pro rata.
    """
    first = add_months(start, 1)  # the day after the first month
    last_candidates = [end, add_months(start, 12) - timedelta(days=1)]
    if signed is not None:
        last_candidates.append(signed - timedelta(days=1))
    last = min(last_candidates)
    shares = month_shares(first, last)
    exact_months = sum(shares.values(), Fraction(0))
    if exact_months > 11:  # cannot happen (first..last spans at most 11 months); kept as a guard
        raise AssertionError("二倍工资期间超过十一个月")
    months = month_count(first, last) if last >= first else Decimal(0)
    if exact_months == 0:
        if not isinstance(monthly_wage, Mapping):
            _money(monthly_wage)
        basis = "自用工之日起一个月内已订立书面劳动合同或用工不满一个月，不产生二倍工资差额（实施条例第五条）。"
        return Calculation(Decimal("0.00"), basis, months=Decimal(0))
    wages = _wage_by_month(monthly_wage, sorted(shares))
    amount = _fen_exact(sum((Fraction(wages[k]) * share for k, share in shares.items()), Fraction(0)))
    if isinstance(monthly_wage, Mapping):
        how = f"按各月工资逐月计算：{_wage_lines(wages, shares)}；合计 {_frac_text(exact_months)} 个月 = {_yuan(amount)}"
    else:
        how = f"月工资 {_yuan(wages[min(wages)])} × {_frac_text(exact_months)} 个月 = {_yuan(amount)}"
    basis = (f"二倍工资差额 = {how}；计算期间 {first}至{last}（劳动合同法第八十二条、实施条例第六条、第七条，"
             f"最多十一个月；不足一个月的按当月天数折算）。")
    if signed is None and end >= add_months(start, 12):
        basis += "用工满一年未订立书面合同的，视为已订立无固定期限劳动合同（劳动合同法第十四条）。"
    return Calculation(amount, basis, months=months)


def hourly_wage(monthly_wage) -> Decimal:
    """For display: M / (21.75 x 8), to the fen. Calculations use the exact fraction."""
    return _fen_exact(Fraction(_money(monthly_wage)) / _HOURS_A_MONTH)


_HOURS_A_MONTH = Fraction(MONTHLY_WORKING_DAYS) * Fraction(HOURS_PER_DAY)
_OVERTIME_RATES = (Fraction(3, 2), Fraction(2), Fraction(3))


def overtime_pay(*, monthly_wage, workday_hours=0, restday_hours=0, holiday_hours=0) -> Calculation:
    """加班费 (劳动法 Art 44): at least 150% on workdays, 200% on rest days without time off
    in lieu, 300% on statutory holidays; hourly wage = M / (21.75 x 8) (劳社部发〔2008〕3号).

    Month by month: when the wage or any of the hours is a mapping "YYYY-MM" -> value, each
    month's hours are paid at that month's hourly wage (the hours must then be given by
    month too, a month left out having none)."""
    hours_args = (workday_hours, restday_hours, holiday_hours)
    by_month = isinstance(monthly_wage, Mapping) or any(isinstance(h, Mapping) for h in hours_args)
    if not by_month:
        hours = [_money(h) for h in hours_args]
        m = _money(monthly_wage)
        total = sum((Fraction(h) * r for h, r in zip(hours, _OVERTIME_RATES)), Fraction(0)) * Fraction(m) / _HOURS_A_MONTH
        amount = _fen_exact(total)
        basis = (f"小时工资 = {_yuan(m)} ÷ 21.75 ÷ 8 = {hourly_wage(m)}元；"
                 f"加班费 = 小时工资 × (工作日 {_num(hours[0])}h × 150% + 休息日 {_num(hours[1])}h × 200% + "
                 f"法定节假日 {_num(hours[2])}h × 300%) = {_yuan(amount)}（劳动法第四十四条）。")
        return Calculation(amount, basis)
    if any(not isinstance(h, Mapping) and _money(h) != 0 for h in hours_args):
        raise ValueError("按月计算加班费时，加班小时数也须按月填写（“YYYY-MM”→小时数）")
    per_kind = [{} if not isinstance(h, Mapping) else dict(_wage_by_month(h, list(h), "加班小时")) for h in hours_args]
    months = sorted(set().union(*per_kind))
    wages = _wage_by_month(monthly_wage, months)
    total = Fraction(0)
    lines = []
    for month in months:
        hs = [k.get(month, Decimal(0)) for k in per_kind]
        part = sum((Fraction(h) * r for h, r in zip(hs, _OVERTIME_RATES)), Fraction(0)) * Fraction(wages[month]) / _HOURS_A_MONTH
        total += part
        lines.append(f"{month}：小时工资 {hourly_wage(wages[month])}元 × (工作日 {_num(hs[0])}h × 150% + "
                     f"休息日 {_num(hs[1])}h × 200% + 法定节假日 {_num(hs[2])}h × 300%)")
    amount = _fen_exact(total)
    basis = (f"加班费按月计算（小时工资 = 当月工资 ÷ 21.75 ÷ 8）：{'；'.join(lines)}；合计 {_yuan(amount)}"
             f"（劳动法第四十四条；劳社部发〔2008〕3号）。")
    return Calculation(amount, basis)


def shanghai_overtime_base(*, min_wage, agreed_post_wage=None, collective_post_wage=None, normal_wage=None) -> Calculation:
    """Shanghai's base for overtime and holiday pay (上海市企业工资支付办法 Art 9): the monthly
    wage of the worker's post agreed in the labour contract (as actually performed); failing
    that, the one agreed in the collective (wage) contract; failing both, 70% of the normal
    monthly wage (overtime pay excluded); never below the city's minimum wage. Year-end
    bonus, commuting, meal and housing allowances, night-shift and high-temperature
    allowances and overtime pay are not part of the base."""
    floor = _money(min_wage)
    if agreed_post_wage is not None:
        base, how = _money(agreed_post_wage), f"劳动合同约定的岗位月工资 {_yuan(_money(agreed_post_wage))}"
    elif collective_post_wage is not None:
        base, how = _money(collective_post_wage), f"集体合同约定的岗位月工资 {_yuan(_money(collective_post_wage))}"
    elif normal_wage is not None:
        base = _fen_exact(Fraction(_money(normal_wage)) * Fraction(7, 10))
        how = f"无约定，按正常出勤月工资 {_yuan(_money(normal_wage))} × 70% = {_yuan(base)}"
    else:
        raise ValueError("缺少约定的岗位工资或正常出勤月工资，无法确定加班工资计算基数")
    note = ""
    if base < floor:
        note = f"，低于本市最低工资标准，按 {_yuan(floor)} 计算"
        base = floor
    basis = f"加班工资计算基数：{how}{note}（上海市企业工资支付办法第九条）。"
    return Calculation(_fen(base), basis, params={"min_wage": str(floor)})


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


def prorated_annual_leave_days(*, entitled_days: int, worked_days: int, taken_days: int = 0) -> int:
    """Leave due for part of a year (企业职工带薪年休假实施办法 Art 12, on leaving; Art 5, on
    joining): calendar days at this employer this year ÷ 365 × the year's entitlement, minus
    the days already taken; a fraction of a day is dropped. The divisor is 365 in a leap
    year too (73 days of 2024 with 5 days' entitlement give 1 day)."""
    if not 0 <= worked_days <= 366:
        raise ValueError("本年度工作天数有误")
    if entitled_days < 0 or taken_days < 0:
        raise ValueError("年休假天数不能为负数")
    due = min(entitled_days, (entitled_days * worked_days) // 365)
    return max(0, due - taken_days)


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


# -- final award (一裁终局) per item -------------------------------------------------------

FINAL_AWARD_CATEGORIES = {
    # money items, final when at most 12 x the monthly minimum wage (调解仲裁法 Art 47(1);
    # 办案规则 Art 50: judged item by item)
    "remuneration": "劳动报酬",
    "injury_medical": "工伤医疗费",
    "severance": "经济补偿",
    "damages": "赔偿金",  # incl. 未签书面合同的第二倍工资, 违法约定试用期/违法解除的赔偿金 (办案规则 Art 50(2))
    "non_compete": "竞业限制经济补偿",  # 经济补偿 includes it (办案规则 Art 50(2))
    # disputes under national labour standards, final whatever the amount (调解仲裁法 Art 47(2))
    "working_time": "工作时间",
    "rest_leave": "休息休假",
    "social_insurance": "社会保险",
    "other": "其他",
}
CAPPED_CATEGORIES = frozenset({"remuneration", "injury_medical", "severance", "damages", "non_compete"})
STANDARD_CATEGORIES = frozenset({"working_time", "rest_leave", "social_insurance"})


def is_final_award_item(category: str, amount, min_wage) -> bool:
    """Whether one awarded item falls under the final award (一裁终局).

    - 劳动报酬, 工伤医疗费, 经济补偿 (incl. non-compete compensation) and 赔偿金 (incl. the
      double wage): final when the item's amount is at most 12 x the local monthly minimum
      wage in force (调解仲裁法 Art 47(1); 办案规则 Art 50). Of a work-injury claim only the
      工伤医疗费 qualifies, not the other benefits.
    - disputes over working time, rest and leave, and social insurance under national
      standards: final whatever the amount (调解仲裁法 Art 47(2)).
    - anything else (confirmation of employment, certificates, other injury benefits ...): not.
    """
    if category not in FINAL_AWARD_CATEGORIES:
        raise ValueError(f"未知的一裁终局类别“{category}”；可用：{', '.join(FINAL_AWARD_CATEGORIES)}")
    if category in STANDARD_CATEGORIES:
        return True
    if category in CAPPED_CATEGORIES:
        return amount is not None and is_final_award_amount(amount, min_wage)
    return False


def final_award_basis(category: str, amount, min_wage) -> str:
    """One line saying why an item is or is not final, with the article."""
    name = FINAL_AWARD_CATEGORIES.get(category, category)
    final = is_final_award_item(category, amount, min_wage)
    if category in STANDARD_CATEGORIES:
        return f"适用一裁终局：因执行国家劳动标准在{name}方面发生的争议，不论金额（调解仲裁法第四十七条第二项）"
    if category in CAPPED_CATEGORIES:
        limit = final_award_limit(min_wage)
        if amount is None:
            return f"{name}未列明金额，无法判断是否一裁终局"
        return (f"{'适用' if final else '不适用'}一裁终局：{name} {_fen(_money(amount))} 元 {'≤' if final else '>'} "
                f"12 × {_money(min_wage)} 元 = {limit} 元（调解仲裁法第四十七条第一项；办案规则第五十条，逐项计算）")
    return "不适用一裁终局：不属于调解仲裁法第四十七条所列事项"


PRELIMINARY_ENFORCEMENT_CATEGORIES = frozenset({"remuneration", "injury_medical", "severance", "damages"})


def preliminary_enforcement_allowed(category: str) -> bool:
    """先予执行 may be ruled in cases claiming labour remuneration, work-injury medical costs,
    economic compensation or damages (调解仲裁法 Art 44), on the applicant's request, when the
    rights and duties are clear and not enforcing first would seriously affect the
    applicant's life; the worker need not give security."""
    return category in PRELIMINARY_ENFORCEMENT_CATEGORIES


# -- wage in lieu of notice, work injury ----------------------------------------------------

def wage_in_lieu_of_notice(*, last_month_wage) -> Calculation:
    """代通知金: an employer ending the contract under 劳动合同法 Art 40 without 30 days'
    written notice pays one extra month's wage, at the worker's wage of the previous month
    (劳动合同法实施条例 Art 20)."""
    m = _money(last_month_wage)
    amount = _fen(m)
    basis = (f"额外支付一个月工资 = 上一个月工资 {_yuan(m)}（劳动合同法第四十条、"
             f"劳动合同法实施条例第二十条）。")
    return Calculation(amount, basis)


def _work_injury_table() -> dict:
    import tomllib

    from app.config import RESOURCES_DIR

    return tomllib.loads((RESOURCES_DIR / "work_injury.toml").read_text(encoding="utf-8"))


def injury_own_wage(*, avg_wage_12m, region_avg_wage) -> Calculation:
    """本人工资 of the work-injury benefits: the average monthly pay of the 12 months before
    the injury, not below 60% nor above 300% of the region's average monthly wage
    (工伤保险条例 Art 64(2))."""
    table = _work_injury_table()["own_wage"]
    own, avg = _money(avg_wage_12m), _money(region_avg_wage)
    low = avg * Decimal(table["floor_percent"]) / 100
    high = avg * Decimal(table["cap_percent"]) / 100
    value, note = own, ""
    if own < low:
        value, note = low, f"低于统筹地区职工平均工资的{table['floor_percent']}%，按 {_yuan(low)} 计算"
    elif own > high:
        value, note = high, f"高于统筹地区职工平均工资的{table['cap_percent']}%，按 {_yuan(high)} 计算"
    basis = f"本人工资：受伤前十二个月平均月缴费工资 {_yuan(own)}" + (f"，{note}" if note else "") + \
        "（工伤保险条例第六十四条第二款）。"
    return Calculation(_fen(value), basis, params={"region_avg_wage": str(avg)})


def one_off_disability_allowance(*, grade: int, own_wage) -> Calculation:
    """一次性伤残补助金 = months by disability grade x 本人工资, paid by the work-injury fund
    (工伤保险条例 Art 35-37); an employer that did not insure the worker pays it itself
    (Art 62)."""
    months_by_grade = _work_injury_table()["disability_allowance_months"]
    if str(grade) not in months_by_grade:
        raise ValueError(f"伤残等级应为一至十级，不是“{grade}”")
    months = Decimal(months_by_grade[str(grade)])
    article = "第三十五条" if grade <= 4 else "第三十六条" if grade <= 6 else "第三十七条"
    amount = _fen(_money(own_wage) * months)
    basis = (f"一次性伤残补助金 = 本人工资 {_yuan(_money(own_wage))} × {grade}级伤残 {_num(months)} 个月 = {_yuan(amount)}；"
             f"由工伤保险基金支付，未参保的由用人单位支付（工伤保险条例{article}、第六十二条）。")
    return Calculation(amount, basis, months=months)


def paid_leave_wages(*, monthly_wage, months, extension_months=0) -> Calculation:
    """停工留薪期工资: the original wage and benefits, paid monthly by the employer, for at
    most 12 months, extended by at most 12 more when the appraisal committee confirms it
    (工伤保险条例 Art 33)."""
    table = _work_injury_table()["paid_leave"]
    base, extra = _money(months), _money(extension_months)
    if base > table["max_months"]:
        raise ValueError(f"停工留薪期一般不超过{table['max_months']}个月（工伤保险条例第三十三条）")
    if extra > table["max_extension_months"]:
        raise ValueError(f"停工留薪期延长不得超过{table['max_extension_months']}个月（工伤保险条例第三十三条）")
    total = base + extra
    amount = _fen(_money(monthly_wage) * total)
    basis = (f"停工留薪期工资 = 原工资 {_yuan(_money(monthly_wage))} × {_num(total)} 个月 = {_yuan(amount)}；"
             f"由用人单位按月支付（工伤保险条例第三十三条）。")
    return Calculation(amount, basis, months=total)


# 一次性工伤医疗补助金 (paid by the work-injury fund) and 一次性伤残就业补助金 (paid by the
# employer), for grades 5-10 when the labour relationship ends (工伤保险条例 Art 36(2), 37(2)):
# the standards are the province's. They are dated rows of resources/work_injury.toml
# (`local_allowances`), each with its source and article; a day, region or grade no row covers
# is a missing figure, never another row reused.
INJURY_ALLOWANCE_KINDS = {
    "medical": ("一次性工伤医疗补助金", "medical_months", "由工伤保险基金支付"),
    "employment": ("一次性伤残就业补助金", "employment_months", "由用人单位支付"),
}


def _injury_allowance_rows(table) -> list[dict]:
    rows = _work_injury_table().get("local_allowances", []) if table is None else table
    for i, row in enumerate(rows, 1):
        for field_name in ("region", "from", "grade", "medical_months", "employment_months", "source", "article"):
            if field_name not in row:
                raise ValueError(f"work_injury.toml 第 {i} 行 local_allowances 缺少 {field_name}")
    return rows


def local_injury_allowance_row(*, region: str, grade: int, day: date, table=None) -> dict:
    """The `local_allowances` row in force on `day` for `region` and disability `grade`."""
    if not 5 <= grade <= 10:
        raise ValueError(f"一次性工伤医疗补助金和一次性伤残就业补助金只适用于五至十级伤残，不是{grade}级"
                         "（一至四级保留劳动关系，工伤保险条例第三十五条）")
    for row in _injury_allowance_rows(table):
        if row["region"] == region and int(row["grade"]) == grade and row["from"] <= day and \
                (row.get("to") is None or day <= row["to"]):
            return row
    raise LookupError(f"{region or '本地'}{grade}级伤残的一次性工伤医疗补助金、一次性伤残就业补助金标准"
                      f"在 {day} 没有数据（resources/work_injury.toml 的 local_allowances 未录入，"
                      "须按省级规定录入并注明出处）")


def injury_termination_allowance(*, kind: str, grade: int, region: str, day: date, city_avg_wage,
                                 table=None) -> Calculation:
    """`kind` "medical": 一次性工伤医疗补助金, paid by the work-injury fund; "employment":
    一次性伤残就业补助金, paid by the employer (工伤保险条例 Art 36(2), 37(2)). Amount = the
    months of the local row for the grade x the city's average monthly wage in force on `day`
    (the day the labour relationship ends); the row's article and source go into the basis."""
    if kind not in INJURY_ALLOWANCE_KINDS:
        raise ValueError(f"未知的补助金种类“{kind}”")
    title, months_field, payer = INJURY_ALLOWANCE_KINDS[kind]
    row = local_injury_allowance_row(region=region, grade=grade, day=day, table=table)
    months = _money(str(row[months_field]))
    avg = _money(city_avg_wage)
    amount = _fen(avg * months)
    statute = "第三十六条" if grade <= 6 else "第三十七条"
    basis = (f"{title} = 职工月平均工资 {_yuan(avg)} × {grade}级伤残 {_num(months)} 个月 = {_yuan(amount)}；"
             f"{payer}（工伤保险条例{statute}第二项；{row['article']}；{row['source']}"
             f"{'' if row.get('confirmed') else '；未经核实'}）。")
    return Calculation(amount, basis, months=months,
                       params={"local_allowance": f"{row['region']} {grade}级 {row['from']}起 {months_field}={months}"})
