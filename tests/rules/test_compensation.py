"""Calculators with cases derived from the statutes (劳动合同法 Art 47, 82, 87; 实施条例 Art
25, 27; 劳动法 Art 44; 年休假条例 Art 3, 5; 实施办法 Art 10-12; 法释〔2020〕26号 Art 36;
调解仲裁法 Art 47)."""

from datetime import date
from decimal import Decimal as D

import pytest

from app.rules.compensation import (
    annual_leave_days,
    annual_leave_pay,
    double_wage,
    final_award_limit,
    is_final_award_amount,
    non_compete_monthly,
    overtime_pay,
    prorated_annual_leave_days,
    service_span,
    severance,
    unlawful_termination_damages,
)

A = D("12307")  # Shanghai average monthly wage, 2024-07..2025-06 (resources/local_params.toml)


@pytest.mark.parametrize(
    "start, end, n",
    [
        (date(2020, 3, 1), date(2023, 2, 28), D(3)),  # exactly three years
        (date(2020, 3, 1), date(2023, 8, 31), D(4)),  # 3 years 6 months: remainder >= 6 months -> +1
        (date(2020, 3, 1), date(2023, 5, 15), D("3.5")),  # 3 years 2.5 months: under 6 months -> +0.5
        (date(2020, 3, 1), date(2023, 8, 30), D("3.5")),  # one day short of six months
        (date(2024, 3, 1), date(2024, 5, 31), D("0.5")),  # under six months in all
        (date(2024, 3, 1), date(2024, 8, 31), D(1)),  # six months in all
    ],
)
def test_severance_months_with_remainders(start, end, n):
    r = severance(monthly_wage=D("10000"), start=start, end=end, city_avg_wage=A)
    assert r.months == n
    assert r.amount == D("10000") * n
    assert "第四十七条" in r.basis


def test_severance_three_times_average_cap_and_twelve_years():
    r = severance(monthly_wage=D("50000"), start=date(2005, 1, 1), end=date(2024, 12, 31), city_avg_wage=A)
    assert r.months == 12
    assert r.amount == D("36921.00") * 12  # 3 x 12,307
    assert "三倍" in r.basis and "十二年" in r.basis and "2008" in r.basis
    assert r.params["city_avg_wage"] == "12307"


def test_no_year_cap_below_three_times_average():
    r = severance(monthly_wage=D("30000"), start=date(2004, 1, 1), end=date(2023, 12, 31), city_avg_wage=A)
    assert r.months == 20 and r.amount == D("600000.00")


def test_severance_wage_not_below_minimum_wage():
    r = severance(monthly_wage=D("2000"), start=date(2022, 1, 1), end=date(2023, 12, 31), city_avg_wage=A,
                  min_wage=D("2690"))
    assert r.amount == D("5380.00") and "最低工资" in r.basis


def test_unlawful_termination_is_twice_severance():
    r = unlawful_termination_damages(monthly_wage=D("10000"), start=date(2020, 3, 1), end=date(2023, 5, 15),
                                     city_avg_wage=A)
    assert r.amount == D("70000.00") and r.months == D("3.5") and "第八十七条" in r.basis


def test_double_wage_at_most_eleven_months():
    full_year = double_wage(monthly_wage=D("8000"), start=date(2024, 1, 1), signed=None, end=date(2024, 12, 31))
    assert full_year.months == 11 and full_year.amount == D("88000.00")
    longer = double_wage(monthly_wage=D("8000"), start=date(2024, 1, 1), signed=None, end=date(2025, 6, 30))
    assert longer.months == 11 and "无固定期限" in longer.basis


def test_double_wage_until_the_day_before_signing():
    r = double_wage(monthly_wage=D("8000"), start=date(2024, 1, 1), signed=date(2024, 4, 1), end=date(2024, 12, 31))
    assert r.months == 2 and r.amount == D("16000.00")
    partial = double_wage(monthly_wage=D("3100"), start=date(2024, 1, 1), signed=date(2024, 3, 16), end=date(2024, 12, 31))
    assert partial.months == D("1.4839")  # 2-01..3-15: one month and 15 of March's 31 days
    assert partial.amount == D("4600.09")


def test_double_wage_signed_within_the_first_month():
    r = double_wage(monthly_wage=D("8000"), start=date(2024, 1, 15), signed=date(2024, 1, 30), end=date(2024, 12, 31))
    assert r.months == 0 and r.amount == D("0.00")


def test_overtime_rates_150_200_300():
    r = overtime_pay(monthly_wage=D("8700"), workday_hours=10, restday_hours=8, holiday_hours=8)
    # hourly 8,700 / 21.75 / 8 = 50
    assert r.amount == D("2750.00")
    assert "第四十四条" in r.basis


@pytest.mark.parametrize("years, days", [(0, 0), (D("0.99"), 0), (1, 5), (D("9.99"), 5), (10, 10), (19, 10), (20, 15), (35, 15)])
def test_annual_leave_thresholds(years, days):
    assert annual_leave_days(cumulative_years=years) == days


def test_annual_leave_pay_is_200_percent_of_daily_wage():
    r = annual_leave_pay(avg_monthly_wage=D("8700"), unused_days=5)
    assert r.amount == D("4000.00")  # 8,700 / 21.75 = 400 a day


def test_annual_leave_prorated_on_leaving_drops_fractions():
    assert prorated_annual_leave_days(entitled_days=10, worked_days=200, days_in_year=365) == 5


def test_non_compete_floor():
    assert non_compete_monthly(avg_monthly_wage=D("10000"), min_wage=D("2690")).amount == D("3000.00")
    assert non_compete_monthly(avg_monthly_wage=D("8000"), min_wage=D("2690")).amount == D("2690.00")


def test_final_award_limit_is_twelve_minimum_wages():
    assert final_award_limit(D("2690")) == D("32280.00")
    assert is_final_award_amount(D("32280.00"), D("2690"))
    assert not is_final_award_amount(D("32280.01"), D("2690"))


def test_float_money_is_refused():
    with pytest.raises(TypeError):
        overtime_pay(monthly_wage=8700.0, workday_hours=1)
    with pytest.raises(ValueError):
        severance(monthly_wage=D("-1"), start=date(2020, 1, 1), end=date(2021, 1, 1), city_avg_wage=A)


def test_service_span_counts_the_last_day():
    assert service_span(date(2020, 3, 1), date(2023, 2, 28)) == (3, 0, 0)
    # 1-31 + one month is 2-29 (clamped to the month end): 1-31..2-28 is a full month
    assert service_span(date(2020, 1, 31), date(2020, 2, 28)) == (0, 1, 0)
    assert service_span(date(2020, 1, 31), date(2020, 2, 27)) == (0, 0, 28)
