"""Statutory holidays (全国年节及纪念日放假办法 Art 2: 11 days to 2024, 13 from 2025) apart from
bridge rest days, per 劳动法 Art 44: 300% only on the statutory days. Expected days are from the
State Council notices cited in resources/calendars/cn_holidays.toml."""

from datetime import date

import pytest

from app.rules.calendar import CalendarError, HolidayCalendar, default_calendar


def test_statutory_days_per_year():
    cal = default_calendar()
    assert len(cal.statutory_days(2024)) == 11
    assert len(cal.statutory_days(2025)) == 13
    assert len(cal.statutory_days(2026)) == 13


@pytest.mark.parametrize("day, kind", [
    (date(2025, 1, 28), "statutory_holiday"),  # 除夕, statutory from 2025
    (date(2025, 2, 3), "rest_day"),  # bridge day of the Spring Festival break: 200%
    (date(2025, 5, 2), "statutory_holiday"),  # second Labour Day day from 2025
    (date(2024, 5, 2), "rest_day"),  # not statutory in 2024
    (date(2025, 10, 6), "statutory_holiday"),  # 中秋节 2025
    (date(2025, 10, 7), "rest_day"),
    (date(2025, 9, 28), "workday"),  # Sunday worked in lieu
    (date(2025, 11, 29), "rest_day"),  # plain Saturday
    (date(2025, 11, 28), "workday"),
])
def test_day_kind(day, kind):
    assert default_calendar().day_kind(day) == kind


def test_a_year_missing_from_the_calendar_is_refused_for_overtime():
    with pytest.raises(CalendarError, match="2027"):
        default_calendar().day_kind(date(2027, 1, 1))


def test_statutory_day_outside_the_ranges_is_a_broken_calendar(tmp_path):
    bad = tmp_path / "cal.toml"
    bad.write_text('[years.2025]\nholidays = [["2025-01-01", "2025-01-01"]]\nstatutory = ["2025-01-02"]\n',
                   encoding="utf-8")
    with pytest.raises(CalendarError, match="cal.toml"):
        HolidayCalendar.load(bad)


def test_overtime_hours_sorted_by_the_three_rates():
    cal = default_calendar()
    hours = {date(2025, 10, 1): 8, date(2025, 10, 6): 8,  # statutory: 国庆, 中秋 (300%)
             date(2025, 10, 7): 8, date(2025, 10, 8): 4,  # bridge days of the break (200%)
             date(2025, 9, 28): 3,  # Sunday worked in lieu: a workday (150%)
             date(2025, 11, 29): 6}  # plain Saturday (200%)
    assert cal.overtime_hours_by_kind(hours) == (3, 18, 16)
