"""Time limits: 调解仲裁法 Art 29, 32, 35, 43; 办案规则 Art 19, 45-47."""

from datetime import date

import pytest

from app.rules.calendar import HolidayCalendar, default_calendar
from app.rules.deadlines import (
    PeriodEvent,
    WarningLevel,
    acceptance_decision_due,
    deadline_from_events,
    decision_deadline,
    fast_track_target,
    latest_hearing_notice,
    latest_postponement_request,
    tribunal_notice_due,
    warning_level,
)


def test_45_days_acceptance_day_not_counted():
    # Art 43: 45 days from acceptance; 办案规则 Art 19: the first day is not counted.
    assert decision_deadline(date(2025, 3, 3)) == date(2025, 4, 17)


def test_extension_adds_up_to_15_days():
    assert decision_deadline(date(2025, 3, 3), extension_days=15) == date(2025, 5, 2)
    with pytest.raises(ValueError, match="15"):
        decision_deadline(date(2025, 3, 3), extension_days=16)
    with pytest.raises(ValueError):
        decision_deadline(date(2025, 3, 3), extension_days=-1)


def test_pause_days_inclusive_do_not_count():
    # 办案规则 Art 46(6): 10 days of suspension (both ends included) push the end by 10.
    assert decision_deadline(date(2025, 3, 3), pauses=[(date(2025, 3, 10), date(2025, 3, 19))]) == date(2025, 4, 27)


def test_pause_across_month_end():
    # 2025-01-30..2025-02-02 is 4 days across January's end.
    got = decision_deadline(date(2025, 1, 15), pauses=[(date(2025, 1, 30), date(2025, 2, 2))])
    assert got == date(2025, 3, 5)  # 2025-03-01 + 4


def test_extension_and_pause_together():
    got = decision_deadline(
        date(2025, 3, 3), extension_days=10, pauses=[(date(2025, 3, 10), date(2025, 3, 14))]
    )
    assert got == date(2025, 3, 3 + 0).fromordinal(date(2025, 3, 3).toordinal() + 45 + 10 + 5)


def test_overlapping_pauses_count_each_day_once():
    pauses = [(date(2025, 3, 10), date(2025, 3, 14)), (date(2025, 3, 12), date(2025, 3, 16))]
    assert decision_deadline(date(2025, 3, 3), pauses=pauses) == date(2025, 4, 24)  # 7 paused days


def test_pause_after_deadline_changes_nothing():
    assert decision_deadline(date(2025, 3, 3), pauses=[(date(2025, 5, 1), date(2025, 5, 9))]) == date(2025, 4, 17)


def test_restart_after_added_claims():
    # 办案规则 Art 46(3): accepting added claims restarts the 45 days from that day.
    assert decision_deadline(date(2025, 3, 3), restarted_on=date(2025, 3, 20)) == date(2025, 5, 4)


def test_pause_before_restart_is_ignored():
    got = decision_deadline(date(2025, 3, 3), restarted_on=date(2025, 3, 20), pauses=[(date(2025, 3, 5), date(2025, 3, 9))])
    assert got == date(2025, 5, 4)


def test_invalid_input():
    with pytest.raises(ValueError):
        decision_deadline(date(2025, 3, 3), restarted_on=date(2025, 3, 1))
    with pytest.raises(ValueError):
        decision_deadline(date(2025, 3, 3), pauses=[(date(2025, 3, 9), date(2025, 3, 5))])


def test_last_day_on_holiday_rolls_to_next_working_day():
    cal = default_calendar()
    # 2025-08-17 + 45 = 2025-10-01, National Day; the holiday runs to 10-08 -> 10-09 (Thu).
    assert decision_deadline(date(2025, 8, 17)) == date(2025, 10, 1)
    assert decision_deadline(date(2025, 8, 17), calendar=cal) == date(2025, 10, 9)


def test_last_day_on_weekend_rolls_but_swapped_workday_does_not():
    cal = default_calendar()
    # 2025-09-28 is a Sunday worked in lieu of the holiday: no roll.
    assert cal.is_working_day(date(2025, 9, 28))
    assert decision_deadline(date(2025, 8, 14), calendar=cal) == date(2025, 9, 28)
    # 2025-04-19 is a plain Saturday -> Monday 2025-04-21.
    assert decision_deadline(date(2025, 3, 5), calendar=cal) == date(2025, 4, 21)


def test_calendar_knows_2024_to_2026():
    cal = default_calendar()
    assert all(cal.covers(y) for y in (2024, 2025, 2026))
    assert not cal.is_working_day(date(2026, 2, 17))  # Spring Festival 2026
    assert cal.is_working_day(date(2026, 2, 14))  # Saturday worked in lieu


def test_broken_calendar_names_the_file(tmp_path):
    bad = tmp_path / "cal.toml"
    bad.write_text('[years.2025]\nholidays = [["2025-13-01", "2025-13-02"]]\n', encoding="utf-8")
    with pytest.raises(ValueError, match="cal.toml"):
        HolidayCalendar.load(bad)


def test_other_statutory_limits():
    assert acceptance_decision_due(date(2025, 3, 3)) == date(2025, 3, 8)  # Art 29
    assert tribunal_notice_due(date(2025, 3, 3)) == date(2025, 3, 8)  # Art 32
    assert latest_hearing_notice(date(2025, 3, 20)) == date(2025, 3, 15)  # Art 35
    assert latest_postponement_request(date(2025, 3, 20)) == date(2025, 3, 17)  # Art 35


def test_fast_track_counts_working_days():
    cal = default_calendar()
    # From Mon 2025-09-22: 28 working days, skipping 10-01..10-08 and counting Sat 10-11 and Sun 09-28.
    # 9/23-26 (4), 9/28 (5), 9/29-30 (7), 10/9-11 (10), three full weeks (25), 11/3-5 (28).
    assert fast_track_target(date(2025, 9, 22), cal) == date(2025, 11, 5)


def test_warning_levels():
    assert warning_level(None) == WarningLevel.NO_DEADLINE
    assert warning_level(-1) == WarningLevel.OVERDUE
    assert warning_level(0) == WarningLevel.URGENT
    assert warning_level(3) == WarningLevel.URGENT
    assert warning_level(4) == WarningLevel.WARN
    assert warning_level(7) == WarningLevel.WARN
    assert warning_level(8) == WarningLevel.NORMAL
    assert warning_level(10, warn_days=10, urgent_days=5) == WarningLevel.WARN


def test_deadline_from_events_running_suspension_moves_with_today():
    events = [PeriodEvent("suspension", date(2025, 3, 10))]
    d1 = deadline_from_events(date(2025, 3, 3), events, today=date(2025, 3, 12))
    d2 = deadline_from_events(date(2025, 3, 3), events, today=date(2025, 3, 15))
    assert d1.paused_now and d2.paused_now
    assert (d2.deadline - d1.deadline).days == 3


def test_deadline_from_events_latest_restart_and_summed_extensions():
    events = [
        PeriodEvent("restart", date(2025, 3, 10)),
        PeriodEvent("restart", date(2025, 3, 20)),
        PeriodEvent("extension", date(2025, 4, 20), days=5),
        PeriodEvent("extension", date(2025, 4, 25), days=5),
    ]
    d = deadline_from_events(date(2025, 3, 3), events, today=date(2025, 3, 21))
    assert d.restarted_on == date(2025, 3, 20)
    assert d.extension_days == 10
    assert d.deadline == date(2025, 5, 14)


def _count_days(accepted, extension, pauses, restarted_on):
    """Reference: walk day by day, skipping paused days (the rule as the article states it)."""
    from datetime import timedelta

    start = restarted_on or accepted
    paused = {p0 + timedelta(days=k) for p0, p1 in pauses for k in range((p1 - p0).days + 1)}
    day, remaining = start, 45 + extension
    while remaining:
        day += timedelta(days=1)
        if day not in paused:
            remaining -= 1
    return day


def test_matches_the_day_by_day_count_on_random_cases():
    import random
    from datetime import timedelta

    rng = random.Random(46)
    for _ in range(2000):
        accepted = date(2025, 1, 1) + timedelta(days=rng.randint(0, 700))
        restarted = accepted + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.3 else None
        pauses = []
        for _ in range(rng.randint(0, 3)):
            p0 = accepted + timedelta(days=rng.randint(-10, 70))
            pauses.append((p0, p0 + timedelta(days=rng.randint(0, 20))))
        ext = rng.randint(0, 15)
        got = decision_deadline(accepted, extension_days=ext, pauses=pauses, restarted_on=restarted)
        assert got == _count_days(accepted, ext, pauses, restarted), (accepted, ext, pauses, restarted)


# -- "paused now": a suspension or public notice running today (办案规则 Art 46(6), 47) -----

def test_dated_public_notice_covering_today_is_paused_now():
    # public notice 11-20..12-20 (dates both inclusive), looked at on 11-27: suspended
    events = [PeriodEvent("public_notice", date(2026, 11, 20), date(2026, 12, 20))]
    d = deadline_from_events(date(2026, 11, 1), events, today=date(2026, 11, 27))
    assert d.paused_now, "a dated pause covering today must read as paused (中止中), not running"
    # by hand: 11-01 + 45 = 12-16, which falls inside the pause; the 31 paused days
    # (11-20..12-20) push it to 2027-01-16
    assert d.deadline == date(2027, 1, 16)


def test_dated_pause_paused_on_its_first_and_last_day_not_after():
    events = [PeriodEvent("suspension", date(2026, 11, 20), date(2026, 12, 20))]
    for day, paused in [(date(2026, 11, 19), False), (date(2026, 11, 20), True), (date(2026, 12, 20), True),
                        (date(2026, 12, 21), False)]:
        got = deadline_from_events(date(2026, 11, 1), events, today=day).paused_now
        assert got == paused, f"on {day} paused_now should be {paused}"


def test_pause_starting_tomorrow_is_not_paused_now():
    today = date(2026, 11, 27)
    for events in ([PeriodEvent("suspension", date(2026, 11, 28))],
                   [PeriodEvent("suspension", date(2026, 11, 28), date(2026, 12, 5))]):
        d = deadline_from_events(date(2026, 11, 1), events, today=today)
        assert not d.paused_now, f"a pause that starts tomorrow is not running today: {events}"


def test_an_earlier_running_pause_is_not_hidden_by_a_later_event():
    # one pause runs today; another event listed after it (ended, or starting later) must not
    # switch "paused now" off again
    running = PeriodEvent("public_notice", date(2026, 11, 20), date(2026, 12, 20))
    for other in (PeriodEvent("suspension", date(2026, 11, 5), date(2026, 11, 8)),
                  PeriodEvent("suspension", date(2026, 12, 24)),
                  PeriodEvent("suspension", date(2026, 12, 24), date(2026, 12, 30))):
        for events in ([running, other], [other, running]):
            assert deadline_from_events(date(2026, 11, 1), events, today=date(2026, 11, 27)).paused_now, events


def test_a_pause_that_has_ended_is_not_paused_now():
    events = [PeriodEvent("suspension", date(2026, 11, 5), date(2026, 11, 8))]
    d = deadline_from_events(date(2026, 11, 1), events, today=date(2026, 11, 27))
    assert not d.paused_now
    assert d.deadline == date(2026, 12, 20)  # 11-01 + 45 = 12-16, plus the 4 paused days
