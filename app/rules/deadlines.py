"""Statutory time limits of a labour arbitration case.

Counting follows 办案规则 Art 19, which applies the civil-procedure rule: the day on which a
period starts is not counted; a period whose last day is a rest day or public holiday ends
on the next working day (applied here only when a calendar is passed: whether to roll is
an office setting). The numbers come from `resources/time_limits.toml`.
"""

from __future__ import annotations

import enum
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from app.config import RESOURCES_DIR
from app.rules.calendar import HolidayCalendar

TIME_LIMITS_FILE = RESOURCES_DIR / "time_limits.toml"


@dataclass(frozen=True)
class TimeLimits:
    acceptance_decision_days: int
    tribunal_notice_days: int
    hearing_notice_days: int
    postponement_request_days: int
    decision_days: int
    max_extension_days: int
    application_service_days: int
    answer_days: int
    answer_service_days: int
    fast_track_working_days: int
    warn_days: int
    urgent_days: int
    roll_deadline_to_workday: bool


@cache
def time_limits() -> TimeLimits:
    data = tomllib.loads(TIME_LIMITS_FILE.read_text(encoding="utf-8"))
    return TimeLimits(**data["statutory"], **data["office"])


def _roll(day: date, calendar: HolidayCalendar | None) -> date:
    return calendar.next_working_day_on_or_after(day) if calendar is not None else day


def decision_deadline(
    accepted: date,
    *,
    extension_days: int = 0,
    pauses: Iterable[tuple[date, date]] = (),
    restarted_on: date | None = None,
    calendar: HolidayCalendar | None = None,
) -> date:
    """Last day for the award: 45 days from acceptance (调解仲裁法 Art 43; 办案规则 Art 45).

    - `extension_days`: approved extension, at most 15 (Art 43 / 办案规则 Art 45).
    - `pauses`: inclusive date ranges that do not count: suspension (中止) and service by
      public notice (公告送达), 办案规则 Art 46(6) / Art 47.
    - `restarted_on`: the period counts afresh from this day (办案规则 Art 46(1)-(5): added
      party, completed materials, added or changed claims, counter-claim, transfer).
    - `calendar`: when given, a last day on a rest day or holiday moves to the next working
      day (办案规则 Art 19).
    """
    limits = time_limits()
    if not isinstance(extension_days, int) or extension_days < 0:
        raise ValueError("延期天数不能为负数")
    if extension_days > limits.max_extension_days:
        raise ValueError(
            f"延长期限不得超过 {limits.max_extension_days} 日（调解仲裁法第四十三条、办案规则第四十五条）"
        )
    start = accepted
    if restarted_on is not None:
        if restarted_on < accepted:
            raise ValueError("重新计算期限的日期不能早于受理日期")
        start = restarted_on
    ranges = []
    for first, last in pauses:
        if last < first:
            raise ValueError(f"中止期间 {first}—{last} 的结束日期早于开始日期")
        first = max(first, start + timedelta(days=1))  # days before the start never count
        if first <= last:
            ranges.append((first, last))
    day = start + timedelta(days=limits.decision_days + extension_days)
    # Walk the merged pauses in order: each one that begins on or before the running end
    # pushes the end back by its length.
    for first, last in _merge(ranges):
        if first > day:
            break
        day += timedelta(days=(last - first).days + 1)
    return _roll(day, calendar)


def _merge(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def acceptance_decision_due(received: date, *, materials_completed_on: date | None = None,
                            calendar: HolidayCalendar | None = None) -> date:
    """Decide on acceptance within 5 days of receiving the application (调解仲裁法 Art 29).
    When the applicant had to complete the materials, the application counts as received on
    the day they were completed (办案规则 Art 46(2)): the 5 days run from then."""
    if materials_completed_on is not None:
        if materials_completed_on < received:
            raise ValueError("补正材料的日期不能早于收到申请的日期")
        received = materials_completed_on
    return _roll(received + timedelta(days=time_limits().acceptance_decision_days), calendar)


def application_service_due(accepted: date, *, calendar: HolidayCalendar | None = None) -> date:
    """Serve a copy of the application on the respondent within 5 days of acceptance
    (调解仲裁法 Art 30)."""
    return _roll(accepted + timedelta(days=time_limits().application_service_days), calendar)


def answer_due(served: date, *, calendar: HolidayCalendar | None = None) -> date:
    """The respondent answers within 10 days of receiving the application (调解仲裁法 Art 30)."""
    return _roll(served + timedelta(days=time_limits().answer_days), calendar)


def answer_service_due(answer_received: date, *, calendar: HolidayCalendar | None = None) -> date:
    """Serve a copy of the answer on the applicant within 5 days of receiving it
    (调解仲裁法 Art 30)."""
    return _roll(answer_received + timedelta(days=time_limits().answer_service_days), calendar)


def add_years(day: date, years: int) -> date:
    """The corresponding day `years` later; 02-29 -> 02-28 when there is none (民法典 Art 202)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def limitation_expires(
    known_on: date,
    *,
    interruptions: Iterable[date] = (),
    suspensions: Iterable[tuple[date, date]] = (),
    unpaid_wages_in_employment: bool = False,
    employment_ended_on: date | None = None,
) -> date | None:
    """Last day to apply for arbitration (调解仲裁法 Art 27).

    - One year from the day the party knew or should have known of the infringement
      (Art 27(1)); the day itself is not counted and the year ends on the corresponding day
      (民法典 Art 201-202).
    - `interruptions`: a claim made to the other party, help sought from the authorities,
      or the other party agreeing to perform: the year starts afresh from that day
      (Art 27(2)). One after the period ran out revives nothing.
    - `suspensions`: inclusive ranges during which force majeure or another just reason
      kept the party from applying: the period stops and runs on after the cause ends
      (Art 27(3)).
    - `unpaid_wages_in_employment`: unpaid labour remuneration during a running employment
      relationship is not limited while it lasts (None is returned); once it ended, the
      year runs from `employment_ended_on` (Art 27(4)).
    """
    if unpaid_wages_in_employment:
        if employment_ended_on is None:
            return None
        known_on = employment_ended_on
    events: list[tuple[date, int, date | None]] = [(d, 0, None) for d in interruptions]
    for first, last in suspensions:
        if last < first:
            raise ValueError(f"时效中止期间 {first}—{last} 的结束日期早于开始日期")
        events.append((first, 1, last))
    expires = add_years(known_on, 1)
    for day, kind, last in sorted(events):
        if day <= known_on or day > expires:
            continue  # before the period began, or after it ran out
        if kind == 0:
            expires = add_years(day, 1)
        else:
            remaining = (expires - day).days + 1  # days from the suspension's first day on
            expires = last + timedelta(days=remaining)
    return expires


def tribunal_notice_due(accepted: date, *, calendar: HolidayCalendar | None = None) -> date:
    """Tell the parties who sits on the tribunal within 5 days of acceptance (调解仲裁法 Art 32)."""
    return _roll(accepted + timedelta(days=time_limits().tribunal_notice_days), calendar)


def latest_hearing_notice(hearing_day: date) -> date:
    """The hearing notice must reach the parties at least 5 days before (调解仲裁法 Art 35)."""
    return hearing_day - timedelta(days=time_limits().hearing_notice_days)


def latest_postponement_request(hearing_day: date) -> date:
    """A party may ask to postpone at least 3 days before the hearing (调解仲裁法 Art 35)."""
    return hearing_day - timedelta(days=time_limits().postponement_request_days)


def fast_track_target(accepted: date, calendar: HolidayCalendar, *, working_days: int | None = None) -> date:
    """Local fast-track goal: close within N working days of acceptance (office practice)."""
    n = time_limits().fast_track_working_days if working_days is None else working_days
    return calendar.add_working_days(accepted, n)


class WarningLevel(str, enum.Enum):
    """Extension warning (延期预警) levels shown in the register and dashboard."""

    CLOSED = "closed"
    NO_DEADLINE = "no_deadline"  # not yet accepted
    SUSPENDED = "suspended"
    NORMAL = "normal"
    WARN = "warn"
    URGENT = "urgent"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    WarningLevel.CLOSED: "已结案",
    WarningLevel.NO_DEADLINE: "未受理",
    WarningLevel.SUSPENDED: "中止中",
    WarningLevel.NORMAL: "正常",
    WarningLevel.WARN: "预警",
    WarningLevel.URGENT: "紧急",
    WarningLevel.OVERDUE: "已超期",
}


def warning_level(days_left: int | None, *, warn_days: int | None = None, urgent_days: int | None = None) -> WarningLevel:
    limits = time_limits()
    warn = limits.warn_days if warn_days is None else warn_days
    urgent = limits.urgent_days if urgent_days is None else urgent_days
    if days_left is None:
        return WarningLevel.NO_DEADLINE
    if days_left < 0:
        return WarningLevel.OVERDUE
    if days_left <= urgent:
        return WarningLevel.URGENT
    if days_left <= warn:
        return WarningLevel.WARN
    return WarningLevel.NORMAL


@dataclass(frozen=True)
class PeriodEvent:
    """A time-limit event as plain data (see app.models.TimeLimitEvent)."""

    kind: str  # extension / suspension / public_notice / restart
    starts_on: date
    ends_on: date | None = None
    days: int | None = None
    reason: str | None = None  # of a restart: a RestartReason value


# A restart for these reasons moves the date the application counts as received (for the
# 5-day acceptance decision), not the 45-day decision period (办案规则 Art 46(2)).
RECEIPT_RESETS = ("materials_completed",)


@dataclass(frozen=True)
class CaseDeadline:
    deadline: date
    restarted_on: date | None
    extension_days: int
    paused_now: bool  # a suspension or public notice is running today


PAUSE_KINDS = ("suspension", "public_notice")


def deadline_from_events(
    accepted: date, events: Iterable[PeriodEvent], *, today: date, calendar: HolidayCalendar | None = None
) -> CaseDeadline:
    """The decision deadline of a case from its recorded events.

    The latest restart wins (办案规则 Art 46(1), (3)-(5); completed materials move the receipt
    date instead, Art 46(2)); extensions add up (at most 15 in all, Art 45);
    a pause still running counts up to today, so the deadline moves on while it lasts.
    """
    events = list(events)
    restarts = [e.starts_on for e in events if e.kind == "restart" and e.reason not in RECEIPT_RESETS]
    restarted_on = max(restarts) if restarts else None
    extension = sum(e.days or 0 for e in events if e.kind == "extension")
    pauses = []
    paused_now = False
    for e in events:
        if e.kind in PAUSE_KINDS:
            # paused today: any pause (open-ended or dated) that has begun and not yet ended;
            # one pause running is enough, whatever the order of the events
            if e.starts_on <= today and (e.ends_on is None or today <= e.ends_on):
                paused_now = True
            end = e.ends_on if e.ends_on is not None else max(today, e.starts_on)
            pauses.append((e.starts_on, end))
    deadline = decision_deadline(
        accepted, extension_days=extension, pauses=pauses, restarted_on=restarted_on, calendar=calendar
    )
    return CaseDeadline(deadline, restarted_on, extension, paused_now)
