"""Limitation (调解仲裁法 Art 27), service of the application and the answer (Art 30), and the
receipt date moved by completed materials (办案规则 Art 46(2)). Expected dates counted by hand:
the first day is not counted and a year ends on the corresponding day (民法典 Art 201-202)."""

from datetime import date

import pytest

from app.rules.deadlines import (
    PeriodEvent,
    acceptance_decision_due,
    answer_due,
    answer_service_due,
    application_service_due,
    deadline_from_events,
    limitation_expires,
)


def test_one_year_from_when_the_right_was_known():
    assert limitation_expires(date(2024, 3, 15)) == date(2025, 3, 15)
    assert limitation_expires(date(2024, 2, 29)) == date(2025, 2, 28)  # no 02-29 in 2025


def test_interruption_restarts_the_year():
    # Art 27(2): a demand for payment on 2024-10-01 starts the year afresh.
    assert limitation_expires(date(2024, 3, 15), interruptions=[date(2024, 10, 1)]) == date(2025, 10, 1)
    # after the period ran out it revives nothing
    assert limitation_expires(date(2024, 3, 15), interruptions=[date(2025, 4, 1)]) == date(2025, 3, 15)


def test_suspension_pauses_and_runs_on():
    # Art 27(3): 2025-03-10..2025-03-19 (10 days) inside the period push the end by 10 days.
    assert limitation_expires(date(2024, 3, 15), suspensions=[(date(2025, 3, 10), date(2025, 3, 19))]) \
        == date(2025, 3, 25)
    # a suspension before the right was known, or after the period ran out, changes nothing
    assert limitation_expires(date(2024, 3, 15), suspensions=[(date(2024, 1, 1), date(2024, 2, 1))]) \
        == date(2025, 3, 15)
    assert limitation_expires(date(2024, 3, 15), suspensions=[(date(2025, 4, 1), date(2025, 4, 30))]) \
        == date(2025, 3, 15)
    with pytest.raises(ValueError):
        limitation_expires(date(2024, 3, 15), suspensions=[(date(2025, 3, 19), date(2025, 3, 10))])


def test_interruption_then_suspension():
    # known 2024-01-10; demand 2024-06-01 -> 2025-06-01; then 31 days of force majeure
    # 2025-05-01..2025-05-31: 32 days (05-01..06-01) were left, counted from 06-01 -> 07-02.
    got = limitation_expires(date(2024, 1, 10), interruptions=[date(2024, 6, 1)],
                             suspensions=[(date(2025, 5, 1), date(2025, 5, 31))])
    assert got == date(2025, 7, 2)


def test_unpaid_wages_during_employment_not_limited():
    # Art 27(4): no limit while the employment runs; one year from its end once it ended.
    assert limitation_expires(date(2020, 5, 15), unpaid_wages_in_employment=True) is None
    assert limitation_expires(date(2020, 5, 15), unpaid_wages_in_employment=True,
                              employment_ended_on=date(2025, 6, 30)) == date(2026, 6, 30)


def test_service_of_application_and_answer():
    # Art 30: copy of the application within 5 days of acceptance; answer within 10 days of
    # receiving it; copy of the answer within 5 days of receiving it.
    assert application_service_due(date(2025, 3, 3)) == date(2025, 3, 8)
    assert answer_due(date(2025, 3, 8)) == date(2025, 3, 18)
    assert answer_service_due(date(2025, 3, 18)) == date(2025, 3, 23)


def test_completed_materials_move_the_receipt_date_not_the_45_days():
    # 办案规则 Art 46(2): received 03-03, completed 03-10 -> acceptance decision by 03-15.
    assert acceptance_decision_due(date(2025, 3, 3), materials_completed_on=date(2025, 3, 10)) == date(2025, 3, 15)
    with pytest.raises(ValueError):
        acceptance_decision_due(date(2025, 3, 3), materials_completed_on=date(2025, 3, 1))
    accepted = date(2025, 3, 3)
    materials = PeriodEvent("restart", date(2025, 3, 20), reason="materials_completed")
    claims = PeriodEvent("restart", date(2025, 3, 20), reason="changed_claims")
    today = date(2025, 3, 25)
    assert deadline_from_events(accepted, [materials], today=today).deadline == date(2025, 4, 17)  # 03-03 + 45
    assert deadline_from_events(accepted, [claims], today=today).deadline == date(2025, 5, 4)  # 03-20 + 45
