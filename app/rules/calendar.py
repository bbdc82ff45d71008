"""Working days in China: weekends and public holidays off, swapped weekend days on.

The schedule is data (`resources/calendars/cn_holidays.toml`); years missing from it fall
back to plain weekends, and `covers()` says whether a year is known.
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

    @classmethod
    def load(cls, path: Path = DEFAULT_CALENDAR_FILE) -> "HolidayCalendar":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise CalendarError(f"节假日日历无法读取：{path}：{exc}") from exc
        holidays: set[date] = set()
        workdays: set[date] = set()
        years: set[int] = set()
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
            except (TypeError, ValueError) as exc:
                raise CalendarError(f"节假日日历 {path} 中 {year} 年的数据有误：{exc}") from exc
        return cls(frozenset(holidays), frozenset(workdays), frozenset(years))

    def covers(self, year: int) -> bool:
        return year in self.years

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
