"""The office's figures on SQLite and PostgreSQL, against a register worked out by hand."""

from datetime import date

import pytest

from app.services import office as office_service
from app.services.statistics import Period, figure_case_ids, statistics
from tests.services.stats_register import EXPECTED_2025 as X
from tests.services.stats_register import PERIOD, build_register


@pytest.fixture
def register(db):
    with db.session() as s:
        ids = build_register(s)
    return db, ids


def test_figures_of_the_year_match_the_hand_count(register):
    db, _ids = register
    with db.session() as s:
        f = statistics(s, Period(*PERIOD))
    for key in ("accepted", "closed", "closed_on_time", "on_time_rate", "by_outcome", "mediation_rate",
                "extended", "suspended", "new_employment_form", "women_priority"):
        assert f[key] == X[key], key
    for proc, want in X["by_procedure"].items():
        got = f["by_procedure"][proc]
        assert {k: got[k] for k in want} == want, proc
    assert f["by_procedure"]["fast_track"]["target_working_days"] == 28
    assert {r["key"]: r["accepted"] for r in f["by_case_type"]} == X["by_case_type"]
    hm = f["hearing_minutes"]
    assert (hm["element"], hm["other"], hm["saving"]) == (75.0, 110.0, 0.3182)
    assert (hm["element_hearings"], hm["other_hearings"]) == (2, 2)
    assert {(r["staff"], r["role"]): (r["cases"], r["closed"], r["hearings"]) for r in f["workload"]} == X["workload"]
    months = {m["month"]: m for m in f["by_month"]}
    assert len(months) == 12
    assert {k: m["accepted"] for k, m in months.items() if m["accepted"]} == X["by_month_accepted"]
    assert {k: m["closed"] for k, m in months.items() if m["closed"]} == X["by_month_closed"]


def test_without_rolling_the_holiday_deadline_f_is_late(register):
    db, ids = register
    with db.session() as s:
        settings = office_service.read_settings(s)
        settings.roll_deadline_to_workday = False
        office_service.save_settings(s, settings)
    with db.session() as s:
        f = statistics(s, Period(*PERIOD))
        late = figure_case_ids(s, Period(*PERIOD), "late")
    assert f["closed_on_time"] == 5
    assert sorted(late) == sorted([ids["D"], ids["F"]])


def test_each_figure_opens_its_cases(register):
    db, ids = register
    p = Period(*PERIOD)
    with db.session() as s:
        get = lambda fig: sorted(figure_case_ids(s, p, fig))
        assert get("late") == [ids["D"]]
        assert get("outcome:调解") == sorted([ids["A"], ids["G"]])
        assert get("procedure:fast_track") == sorted([ids["A"], ids["B"]])
        assert get("confirmation") == [ids["A"]]
        assert get("women_priority") == sorted([ids["B"], ids["H"]])
        assert get("suspended") == [ids["G"]]
        assert get("type:severance") == sorted([ids["C"], ids["D"]])
        assert get("month:2025-01") == [ids["I"]]
        assert len(get("on_time")) == 6


def test_a_quarter_and_an_empty_period(register):
    db, _ = register
    with db.session() as s:
        q1 = statistics(s, Period.quarter(2025, 1))
        empty = statistics(s, Period(date(2030, 1, 1), date(2030, 3, 31)))
    assert (q1["accepted"], q1["closed"]) == (4, 3)  # A B C D accepted; I, A, E closed
    assert q1["by_outcome"]["不予受理"] == 1
    assert empty["accepted"] == 0 and empty["on_time_rate"] is None
    assert empty["by_procedure"]["fast_track"]["avg_working_days"] is None
    assert empty["hearing_minutes"]["saving"] is None
