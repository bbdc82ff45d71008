"""Working days in China: weekends and public holidays off, swapped weekend days on.

The schedule is data (`resources/calendars/cn_holidays.toml`); years missing from it fall
back to plain weekends, and `covers()` says whether a year is known (the dashboard warns of a
missing year). Statutory holidays (300% overtime) are told apart from the bridge rest days of
a holiday range (200%): `day_kind`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from app.config import RESOURCES_DIR

DEFAULT_CALENDAR_FILE = RESOURCES_DIR / "calendars" / "cn_holidays.toml"


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class HolidayCalendar:
    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)
    years: frozenset[int] = field(default_factory=frozenset)
    statutory: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def load(cls, path: Path = DEFAULT_CALENDAR_FILE) -> "HolidayCalendar":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CalendarError(f"节假日日历无法读取：{path}：{exc}") from exc
        holidays: set[date] = set()
        workdays: set[date] = set()
        years: set[int] = set()
        statutory: set[date] = set()
        for year, spec in data.get("years", {}).items():
            try:
                years.add(int(year))
                for first, last in spec.get("holidays", []):
                    day, end = date.fromisoformat(first), date.fromisoformat(last)
                    if end < day:
                        raise ValueError(f"{first}..{last} ends before it starts")
                    while day <= end:
                        holidays.add(day)
                        day += timedelta(days=1)
                workdays.update(date.fromisoformat(d) for d in spec.get("workdays", []))
                days = [date.fromisoformat(d) for d in spec.get("statutory", [])]
                outside = [d for d in days if d not in holidays]
                if outside:
                    raise ValueError(f"statutory day {outside[0]} is not inside a holiday range")
                statutory.update(days)
            except (TypeError, ValueError) as exc:
                raise CalendarError(f"节假日日历 {path} 中 {year} 年的数据有误：{exc}") from exc
        return cls(frozenset(holidays), frozenset(workdays), frozenset(years), frozenset(statutory))

    def covers(self, year: int) -> bool:
        return year in self.years

    def day_kind(self, day: date) -> str:
        """"statutory_holiday" (overtime 300%, 劳动法 Art 44(3)), "rest_day" (weekends and the
        bridge days of a holiday range: 200% without time off, Art 44(2)) or "workday"
        (150% beyond the normal hours, Art 44(1)). A year the calendar lacks is refused:
        counting it by weekends only would pay a holiday at 200%."""
        if not self.covers(day.year):
            raise CalendarError(f"节假日日历缺少 {day.year} 年的安排，无法区分法定节假日（请管理员补充）")
        if day in self.statutory:
            return "statutory_holiday"
        return "workday" if self.is_working_day(day) else "rest_day"

    def overtime_hours_by_kind(self, hours_by_day) -> tuple:
        """Overtime hours per date -> (workday, rest day, statutory holiday) totals, the three
        rates of 劳动法 Art 44 (150%, 200%, 300%). A bridge day of a holiday range is a rest
        day; a swapped weekend working day is a workday."""
        totals = {"workday": 0, "rest_day": 0, "statutory_holiday": 0}
        for day, hours in hours_by_day.items():
            totals[self.day_kind(day)] += hours
        return totals["workday"], totals["rest_day"], totals["statutory_holiday"]

    def statutory_days(self, year: int) -> list[date]:
        return sorted(d for d in self.statutory if d.year == year)

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_working_day_on_or_after(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (the start day itself not counted)."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day


@cache
def default_calendar() -> HolidayCalendar:
    return HolidayCalendar.load()
