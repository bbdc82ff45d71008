"""Edges of the severance rule where a slip changes the amount (劳动合同法 Art 47): a
remainder of days alone is "under six months" (half a month), and the 3x cap applies only to
a wage *above* three times the city average (高于...三倍的), not one equal to it. Expected
values are worked by hand from the article."""

from datetime import date
from decimal import Decimal as D

import pytest

from app.rules.compensation import severance, severance_months

A = D("12307")  # Shanghai average monthly wage (resources/local_params.toml); 3 x = 36,921


@pytest.mark.parametrize(
    "start, end, n, why",
    [
        (date(2020, 3, 1), date(2023, 3, 10), D("3.5"), "3 years and 10 days: the 10 days are under six months"),
        (date(2024, 3, 1), date(2024, 3, 20), D("0.5"), "20 days in all: under six months, half a month"),
        (date(2020, 3, 1), date(2023, 3, 1), D("3.5"), "3 years and one day"),
        (date(2020, 3, 1), date(2023, 9, 1), D(4), "3 years, 6 months and a day: six months or more"),
    ],
)
def test_a_remainder_of_days_alone_counts_half_a_month(start, end, n, why):
    assert severance_months(start, end) == n, why
    r = severance(monthly_wage=D("10000"), start=start, end=end, city_avg_wage=A)
    assert r.amount == D("10000") * n, why


def test_wage_equal_to_three_times_the_average_is_not_capped():
    # Art 47 caps a wage *above* 3 x the average; at exactly 36,921 neither the wage cap nor
    # the 12-year limit applies: 20 years -> 20 months x 36,921 = 738,420.00
    r = severance(monthly_wage=D("36921"), start=date(2004, 1, 1), end=date(2023, 12, 31), city_avg_wage=A)
    assert r.months == 20, "the 12-year limit applied to a wage equal to, not above, three times the average"
    assert r.amount == D("738420.00")
    assert "三倍" not in r.basis


def test_wage_one_fen_above_three_times_the_average_is_capped():
    # 36,921.01 > 36,921: M becomes 36,921 and N at most 12 -> 443,052.00
    r = severance(monthly_wage=D("36921.01"), start=date(2004, 1, 1), end=date(2023, 12, 31), city_avg_wage=A)
    assert r.months == 12 and r.amount == D("443052.00")
    assert "三倍" in r.basis and "十二年" in r.basis
