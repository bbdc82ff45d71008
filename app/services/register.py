"""The case register as plain rows: what the main table, the dashboard and
`hearingdesk cases --json` show. Read with a handful of set queries, not per case."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.hearing.case_types import case_type_name
from app.models import (
    Case,
    CaseTypeLink,
    Hearing,
    Party,
    Room,
    Staff,
    TimeLimitEvent,
    TribunalSeat,
)
from app.rules.calendar import HolidayCalendar, default_calendar
from app.rules.deadlines import (
    PeriodEvent,
    WarningLevel,
    deadline_from_events,
    fast_track_target,
    limitation_expires,
    time_limits,
    warning_level,
)
from app.services import office as office_service
from app.vocabulary import CaseStatus, PartySide, Procedure, Seat

NEEDS_EXTENSION = "需报批延期"  # 调解仲裁法 Art 43: extension only with the director's written approval
HEARING_TOO_LATE = "开庭晚于审限"  # already extended to the limit: the hearing must move


@dataclass
class CaseRow:
    id: int
    case_no: str
    case_types: list[str]
    case_type_names: list[str]
    applicants: list[str]
    respondents: list[str]
    applied_on: date | None
    accepted_on: date | None
    deadline: date | None
    days_left: int | None
    level: WarningLevel
    procedure: Procedure
    status: CaseStatus
    women_priority: bool
    new_employment_form: bool
    cross_region: bool
    fast_track_target: date | None = None
    next_hearing: datetime | None = None
    extension_days: int = 0
    flags: list[str] = field(default_factory=list)
    arbitrator: str = ""  # 承办仲裁员: the presiding or sole arbitrator

    @property
    def hearing_after_deadline(self) -> bool:
        """The next hearing is set for a day after the decision deadline: the case cannot be
        decided in time unless the period is extended (or the hearing moved)."""
        return bool(self.next_hearing and self.deadline and self.next_hearing.date() > self.deadline)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "case_no": self.case_no,
            "case_types": self.case_types,
            "case_type_names": self.case_type_names,
            "applicants": self.applicants,
            "respondents": self.respondents,
            "applied": self.applied_on.isoformat() if self.applied_on else None,
            "accepted": self.accepted_on.isoformat() if self.accepted_on else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "days_left": self.days_left,
            "warning": self.level.value,
            "procedure": self.procedure.value,
            "status": self.status.value,
            "status_label": self.status.label,
            "fast_track_target": self.fast_track_target.isoformat() if self.fast_track_target else None,
            "next_hearing": self.next_hearing.isoformat(timespec="minutes") if self.next_hearing else None,
            "flags": self.flags,
            "arbitrator": self.arbitrator,
        }


@dataclass(frozen=True)
class HearingRow:
    case_id: int
    case_no: str
    session_no: int
    scheduled_at: datetime
    room: str
    parties: str


def case_rows(session: Session, *, today: date, calendar: HolidayCalendar | None = None) -> list[CaseRow]:
    settings = office_service.office(session)
    cal = calendar or default_calendar()
    roll = cal if settings.roll_deadline_to_workday else None

    # Plain Core rows on the session's connection: no ORM identity work for read-only lists.
    conn = session.connection()
    types: dict[int, list[str]] = defaultdict(list)
    for case_id, key in conn.execute(
        select(CaseTypeLink.case_id, CaseTypeLink.type_key).order_by(CaseTypeLink.case_id, CaseTypeLink.position)
    ).all():
        types[case_id].append(key)
    names: dict[int, dict[PartySide, list[str]]] = defaultdict(lambda: defaultdict(list))
    for case_id, side, name in conn.execute(
        select(Party.case_id, Party.side, Party.name).order_by(Party.case_id, Party.position)
    ).all():
        names[case_id][side].append(name)
    events: dict[int, list[PeriodEvent]] = defaultdict(list)
    for case_id, kind, starts, ends, days, reason in conn.execute(
        select(TimeLimitEvent.case_id, TimeLimitEvent.kind, TimeLimitEvent.starts_on,
               TimeLimitEvent.ends_on, TimeLimitEvent.days, TimeLimitEvent.restart_reason)
    ).all():
        events[case_id].append(PeriodEvent(kind.value, starts, ends, days, reason.value if reason else None))
    arbitrators: dict[int, str] = {}
    for case_id, _seat, name in conn.execute(
        select(TribunalSeat.case_id, TribunalSeat.seat, Staff.name).join(Staff, Staff.id == TribunalSeat.staff_id)
        .where(TribunalSeat.seat.in_([Seat.PRESIDING, Seat.SOLE])).order_by(TribunalSeat.id)
    ).all():
        arbitrators.setdefault(case_id, name)
    next_hearing: dict[int, datetime] = {}
    now = datetime.combine(today, datetime.min.time())
    for case_id, at in conn.execute(
        select(Hearing.case_id, Hearing.scheduled_at)
        .where(Hearing.scheduled_at >= now)
        .order_by(Hearing.scheduled_at)
    ).all():
        next_hearing.setdefault(case_id, at)

    # Many cases share an acceptance date and have no events: compute each distinct case once.
    deadlines: dict[tuple, object] = {}
    targets: dict[date, date] = {}
    rows = []
    for c in conn.execute(
        select(Case.id, Case.case_no, Case.applied_on, Case.accepted_on, Case.procedure, Case.status,
               Case.women_priority, Case.new_employment_form, Case.cross_region, Case.right_known_on).order_by(Case.accepted_on.desc(), Case.id.desc())
    ).all():
        deadline = days_left = None
        extension = 0
        paused = False
        target = None
        if c.accepted_on is not None and c.status != CaseStatus.CLOSED:
            key = (c.accepted_on, tuple(events.get(c.id, ())))
            d = deadlines.get(key)
            if d is None:
                d = deadlines[key] = deadline_from_events(c.accepted_on, key[1], today=today, calendar=roll)
            deadline, extension, paused = d.deadline, d.extension_days, d.paused_now
            days_left = (deadline - today).days
            if c.procedure in (Procedure.FAST_TRACK, Procedure.SIMPLE):
                target = targets.get(c.accepted_on)
                if target is None:
                    target = targets[c.accepted_on] = fast_track_target(
                        c.accepted_on, cal, working_days=settings.fast_track_working_days)
        if c.status == CaseStatus.CLOSED:
            level = WarningLevel.CLOSED
        elif paused or c.status == CaseStatus.SUSPENDED:
            level = WarningLevel.SUSPENDED
        else:
            level = warning_level(days_left, warn_days=settings.warn_days, urgent_days=settings.urgent_days)
        flags = []
        if c.women_priority:
            flags.append("女职工优先")
        if c.new_employment_form:
            flags.append("新就业形态")
        if c.cross_region:
            flags.append("跨区域协作")
        if extension:
            flags.append(f"已延期{extension}日")
        if c.right_known_on and c.applied_on and c.applied_on > limitation_expires(c.right_known_on):
            flags.append("时效存疑")  # 调解仲裁法 Art 27: applied more than a year after the right was known
        hearing_at = next_hearing.get(c.id)
        if (deadline is not None and hearing_at is not None and hearing_at.date() > deadline
                and level not in (WarningLevel.CLOSED, WarningLevel.SUSPENDED)):
            flags.insert(0, NEEDS_EXTENSION if extension < time_limits().max_extension_days else HEARING_TOO_LATE)
        keys = types.get(c.id, [])
        rows.append(
            CaseRow(
                id=c.id, case_no=c.case_no, case_types=keys,
                case_type_names=[case_type_name(k) for k in keys],
                applicants=names[c.id][PartySide.APPLICANT] if c.id in names else [],
                respondents=names[c.id][PartySide.RESPONDENT] if c.id in names else [],
                applied_on=c.applied_on, accepted_on=c.accepted_on, deadline=deadline, days_left=days_left,
                level=level, procedure=c.procedure, status=c.status, women_priority=c.women_priority,
                new_employment_form=c.new_employment_form, cross_region=c.cross_region,
                fast_track_target=target, next_hearing=hearing_at, extension_days=extension, flags=flags,
                arbitrator=arbitrators.get(c.id, ""),
            )
        )
    return rows


def hearing_week(today: date) -> tuple[date, date, str]:
    """The days the dashboard's week box covers, and its title. Monday to Friday: from today to
    Sunday. On a weekend the week left is over, so it means the coming week (today through
    next Sunday): on a Sunday "this week's hearings" are tomorrow's onwards."""
    if today.weekday() >= 5:
        return today, today + timedelta(days=13 - today.weekday()), "下周开庭"
    return today, today + timedelta(days=6 - today.weekday()), "本周开庭"


def hearings_between(session: Session, first: date, last: date) -> list[HearingRow]:
    """Hearings scheduled from `first` to `last` inclusive, in time order."""
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    found = session.execute(
        select(Hearing.case_id, Case.case_no, Hearing.session_no, Hearing.scheduled_at, Room.name)
        .join(Case, Case.id == Hearing.case_id)
        .outerjoin(Room, Room.id == Hearing.room_id)
        .where(Hearing.scheduled_at >= start, Hearing.scheduled_at < end)
        .order_by(Hearing.scheduled_at)
    ).all()
    ids = {r.case_id for r in found}
    sides: dict[int, dict[PartySide, list[str]]] = defaultdict(lambda: defaultdict(list))
    if ids:
        for case_id, side, name in session.execute(
            select(Party.case_id, Party.side, Party.name).where(Party.case_id.in_(ids)).order_by(Party.position)
        ):
            sides[case_id][side].append(name)
    return [
        HearingRow(
            r.case_id, r.case_no, r.session_no, r.scheduled_at, r.name or "",
            "、".join(sides[r.case_id][PartySide.APPLICANT]) + " 诉 " + "、".join(sides[r.case_id][PartySide.RESPONDENT]),
        )
        for r in found
    ]


def data_warnings(today: date, *, calendar: HolidayCalendar | None = None, params=None) -> list[str]:
    """Reference data the office must complete, shown on the dashboard: a year missing from
    the holiday calendar (deadlines would count weekends only) and local figures that no row
    of resources/local_params.toml covers today (the calculators refuse them)."""
    from app.rules.local_params import ParameterError, local_parameters

    cal = calendar or default_calendar()
    warnings = []
    # This year, and next year once the 45(+15)-day periods started today can reach it.
    years = sorted({today.year, (today + timedelta(days=60)).year})
    for year in years:
        if not cal.covers(year):
            warnings.append(f"节假日日历缺少 {year} 年的安排：期限只按周末计算，请管理员按国务院办公厅通知补充"
                            "（resources/calendars/cn_holidays.toml）。")
    try:
        p = params or local_parameters()
        warnings.extend(p.missing_on(today))
    except ParameterError as exc:
        warnings.append(str(exc))
    return warnings


@dataclass
class Overview:
    """What the main window shows at a glance: the register, today's and this week's hearings,
    missing reference data, and the age of the last backup."""

    rows: list[CaseRow]
    today_hearings: list[HearingRow]
    week_hearings: list[HearingRow]
    warnings: list[str]
    week_title: str
    backup: object  # services.backup.BackupStatus


def overview(session: Session, *, today: date) -> Overview:
    from app.services.backup import backup_status

    first, last, title = hearing_week(today)
    return Overview(case_rows(session, today=today), hearings_between(session, today, today),
                    hearings_between(session, first, last), data_warnings(today), title, backup_status(session))
