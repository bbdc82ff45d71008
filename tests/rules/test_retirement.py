"""Retirement age with the gradual rise (全国人大常委会决定, 2024, annexed tables): expected ages
read from the tables, e.g. a man born 1965-01 retires at 60 and 1 month (2025-02), one born
1976-09 or later at 63; a woman worker born 1975-01 at 50 and 1 month, from 1984-11 at 55."""

from datetime import date

import pytest

from app.rules.retirement import describe_age, retirement_age_months, retirement_date


@pytest.mark.parametrize("birth, category, age", [
    (date(1964, 12, 31), "male", "60周岁"),
    (date(1965, 1, 10), "male", "60周岁1个月"),
    (date(1965, 4, 30), "male", "60周岁1个月"),
    (date(1965, 5, 1), "male", "60周岁2个月"),
    (date(1976, 9, 1), "male", "63周岁"),
    (date(1990, 1, 1), "male", "63周岁"),
    (date(1970, 1, 5), "female_55", "55周岁1个月"),
    (date(1981, 9, 1), "female_55", "58周岁"),
    (date(1975, 1, 1), "female_50", "50周岁1个月"),
    (date(1975, 3, 1), "female_50", "50周岁2个月"),
    (date(1984, 11, 1), "female_50", "55周岁"),
])
def test_retirement_age(birth, category, age):
    assert describe_age(retirement_age_months(birth, category)) == age


def test_retirement_date():
    assert retirement_date(date(1965, 1, 10), "male") == date(2025, 2, 10)
    with pytest.raises(ValueError):
        retirement_date(date(1965, 1, 10), "robot")
