"""A small register whose 2025 figures are worked out by hand (see EXPECTED_2025).

Working days are counted on the 2025 State Council holiday schedule (国办发明电〔2024〕12号),
acceptance day not counted, closing day counted:
  A 03-03 -> 03-14: 4 + 5 = 9                 (fast track, within the 28-day target)
  B 03-03 -> 04-11: March 20, April 1-3 and 7-11 (04-04 Qingming) = 28
  C,D 03-03 -> 04-30: 28 + 14-18, 21-25, Sunday 04-27 (swapped), 28-30 = 42
  F 08-20 -> 10-09: 7 in August, 23 in September (Sunday 09-28 swapped), 10-01..08 off, 10-09 = 31
  G 06-03 -> 08-05: 19 in June, 23 in July, 3 in August = 45
  I 2024-12-20 -> 2025-01-10: 7 + (01-01 off) 2 + 5 = 14
On time (45 days, 调解仲裁法 Art 43): D closes 58 days after acceptance with no extension: late.
C: 58 days with 15 approved: on time. F: 49 days, but day 45 (10-04) is a holiday and the
deadline rolls to 10-09 (办案规则 Art 19): on time. G: 63 days, 20 suspended: deadline 08-07.
"""

from __future__ import annotations

from datetime import date, datetime

from app.models import Staff
from app.services.cases import save_case
from app.services.forms import CaseForm, EventForm, HearingForm, PartyForm, SeatForm
from app.vocabulary import (
    CaseStatus,
    ClosingWay,
    PartyKind,
    PartySide,
    Procedure,
    Seat,
    StaffRole,
    TimeLimitKind,
)

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))


def _hearing(day: str, start: str, end: str, element: bool) -> HearingForm:
    d = date.fromisoformat(day)
    at = lambda hm: datetime.combine(d, datetime.strptime(hm, "%H:%M").time())
    return HearingForm(1, at(start), None, True, at(start), at(end), element_based=element)


def build_register(session) -> dict[str, int]:
    staff = {}
    for name, role in (("王仲裁", StaffRole.ARBITRATOR), ("李仲裁", StaffRole.ARBITRATOR), ("赵书记", StaffRole.CLERK)):
        s = Staff(name=name, role=role, active=True)
        session.add(s)
        session.flush()
        staff[name] = s.id

    def case(seq, types, accepted, closed=None, way=None, procedure=Procedure.ORDINARY, applied=None,
             hearing=None, events=(), women=False, nef=False, arbitrator=None, clerk=True):
        seats = []
        if arbitrator:
            seats.append(SeatForm(staff[arbitrator], Seat.SOLE))
            if clerk:
                seats.append(SeatForm(staff["赵书记"], Seat.CLERK))
        acc = date.fromisoformat(accepted) if accepted else None
        form = CaseForm(
            case_no=f"青劳人仲({(acc or date.fromisoformat(applied)).year})办字第{seq}号",
            case_types=types,
            applied_on=date.fromisoformat(applied) if applied else acc,
            accepted_on=acc,
            closed_on=date.fromisoformat(closed) if closed else None,
            closing_way=way,
            status=CaseStatus.CLOSED if closed else CaseStatus.ACCEPTED,
            procedure=procedure,
            women_priority=women,
            new_employment_form=nef,
            parties=[PartyForm(PartySide.APPLICANT, PartyKind.PERSON, f"申请人{seq}"),
                     PartyForm(PartySide.RESPONDENT, PartyKind.EMPLOYER, f"被申请人公司{seq}")],
            seats=seats,
            hearings=[hearing] if hearing else [],
            events=list(events),
        )
        return save_case(session, form)

    ids = {
        "A": case(1, ["employment_confirmation"], "2025-03-03", "2025-03-14", ClosingWay.MEDIATION,
                  Procedure.FAST_TRACK, nef=True, arbitrator="王仲裁",
                  hearing=_hearing("2025-03-10", "09:00", "10:10", True)),
        "B": case(2, ["overtime"], "2025-03-03", "2025-04-11", ClosingWay.AWARD, Procedure.FAST_TRACK,
                  women=True, arbitrator="王仲裁", hearing=_hearing("2025-03-20", "09:00", "10:20", True)),
        "C": case(3, ["overtime", "severance"], "2025-03-03", "2025-04-30", ClosingWay.AWARD, arbitrator="王仲裁",
                  hearing=_hearing("2025-04-01", "14:00", "15:40", False),
                  events=[EventForm(TimeLimitKind.EXTENSION, date(2025, 4, 10), None, 15, "主任")]),
        "D": case(4, ["severance"], "2025-03-03", "2025-04-30", ClosingWay.WITHDRAWAL, arbitrator="李仲裁",
                  hearing=_hearing("2025-04-02", "09:00", "11:00", False)),
        "E": case(5, ["overtime"], None, "2025-03-12", ClosingWay.NOT_ACCEPTED, applied="2025-03-10"),
        "F": case(6, ["unpaid_wages"], "2025-08-20", "2025-10-09", ClosingWay.AWARD, Procedure.SIMPLE),
        "G": case(7, ["overtime"], "2025-06-03", "2025-08-05", ClosingWay.MEDIATION, arbitrator="李仲裁", clerk=False,
                  events=[EventForm(TimeLimitKind.SUSPENSION, date(2025, 6, 10), date(2025, 6, 29))]),
        "H": case(8, ["unpaid_wages"], "2025-11-03", women=True, nef=True),
        "I": case(9, ["employment_confirmation"], "2024-12-20", "2025-01-10", ClosingWay.TERMINATION, nef=True,
                  hearing=_hearing("2024-12-30", "09:00", "10:00", True)),
        "J": case(10, ["overtime"], "2026-01-05", women=True),
    }
    session.flush()
    return ids


EXPECTED_2025 = {
    "accepted": 7,  # A B C D F G H
    "closed": 8,  # A B C D E F G I
    "closed_on_time": 6,  # of the 7 with an acceptance date, D is late
    "on_time_rate": 0.8571,
    "by_outcome": {"裁决": 3, "调解": 2, "撤诉": 1, "不予受理": 1, "终结": 1, "其他": 0},
    "mediation_rate": 0.25,
    "extended": 1,
    "suspended": 1,
    "by_procedure": {
        "ordinary": {"accepted": 4, "closed": 4, "avg_working_days": 35.8},  # (42 + 42 + 45 + 14) / 4 = 35.75
        "simple": {"accepted": 1, "closed": 1, "avg_working_days": 31.0},
        "fast_track": {"accepted": 2, "closed": 2, "avg_working_days": 18.5, "within_target": 2},
    },
    "by_case_type": {"overtime": 3, "severance": 2, "unpaid_wages": 2, "employment_confirmation": 1},
    "new_employment_form": {"total": 2, "confirmation": 1},
    "women_priority": 2,
    "hearing_minutes": {"element": 75.0, "other": 110.0, "saving": 0.3182},  # 1 - 75/110
    "workload": {("王仲裁", "仲裁员"): (3, 3, 3), ("李仲裁", "仲裁员"): (2, 2, 1), ("赵书记", "书记员"): (4, 4, 4)},
    "by_month_accepted": {"2025-03": 4, "2025-06": 1, "2025-08": 1, "2025-11": 1},
    "by_month_closed": {"2025-01": 1, "2025-03": 2, "2025-04": 3, "2025-08": 1, "2025-10": 1},
}
