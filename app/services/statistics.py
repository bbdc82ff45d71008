"""The office's figures over a period: what the bureau's yearly report counts by hand.

Everything is counted by the database (GROUP BY / COUNT / AVG, the same statements on SQLite
and PostgreSQL); Python only weighs a few hundred grouped rows. A case counts as accepted,
closed or heard in the period by its acceptance, closing or hearing date (both ends included).

Working days to close (acceptance day not counted, the office's holiday calendar): with
W(d) = the number of working days up to and including d, a case accepted on a and closed on c
took W(c) - W(a) working days. The sum is linear, so the average needs no per-case work:
Σ W(c)·n(c) over the closing dates minus Σ W(a)·n(a) over the acceptance dates, divided by the
number of cases, from two GROUP BY date queries (at most one row per calendar day). Nothing
derived is stored, so a corrected holiday calendar changes past figures at once and no
column can go stale.

Closed on time: closing date not after the decision deadline (45 days, 调解仲裁法 Art 43;
approved extensions included, 办案规则 Art 45). The database counts the plain cases
(closed − accepted ≤ 45 + extension days). Only two small groups are decided in Python with
the same rule the register uses (app.rules.deadlines): closings a few days past the plain
limit when the deadline rolls over a holiday (办案规则 Art 19, an office setting), and cases with
a suspension, public notice or restart (办案规则 Art 46-47), whose deadline depends on the
order of their events.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Integer, and_, case, distinct, exists, func, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import Float

from app.hearing.case_types import case_type_name
from app.models import Case, CaseTypeLink, Hearing, Staff, TimeLimitEvent, TribunalSeat
from app.rules.calendar import HolidayCalendar, default_calendar
from app.rules.deadlines import (
    PeriodEvent,
    deadline_from_events,
    decision_deadline,
    time_limits,
)
from app.services import office as office_service
from app.vocabulary import ClosingWay, Procedure, Seat, TimeLimitKind

# The words of the bureau's report (and of the register's 结案方式 column) for each way of closing.
OUTCOME_WORDS: dict[ClosingWay, str] = {
    ClosingWay.AWARD: "裁决",
    ClosingWay.MEDIATION: "调解",
    ClosingWay.WITHDRAWAL: "撤诉",
    ClosingWay.NOT_ACCEPTED: "不予受理",
    ClosingWay.TERMINATION: "终结",
    ClosingWay.OTHER: "其他",
}
CONFIRMATION_TYPE = "employment_confirmation"  # 确认劳动关系
PAUSE_OR_RESTART = (TimeLimitKind.SUSPENSION, TimeLimitKind.PUBLIC_NOTICE, TimeLimitKind.RESTART)
# Longest run of rest days a deadline can roll over (National Day week plus a weekend).
_MAX_ROLL_DAYS = 12


class days_between(FunctionElement):
    """Whole days from the first date to the second."""

    type = Integer()
    inherit_cache = True


@compiles(days_between)
def _days_pg(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"({compiler.process(b, **kw)} - {compiler.process(a, **kw)})"


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"CAST(julianday({compiler.process(b, **kw)}) - julianday({compiler.process(a, **kw)}) AS INTEGER)"


class minutes_between(FunctionElement):
    """Minutes from the first timestamp to the second."""

    type = Float()
    inherit_cache = True


@compiles(minutes_between)
def _minutes_pg(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"(EXTRACT(EPOCH FROM ({compiler.process(b, **kw)} - {compiler.process(a, **kw)})) / 60.0)"


@compiles(minutes_between, "sqlite")
def _minutes_sqlite(element, compiler, **kw):
    a, b = list(element.clauses)
    return f"((julianday({compiler.process(b, **kw)}) - julianday({compiler.process(a, **kw)})) * 1440.0)"


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def __post_init__(self):
        if self.last < self.first:
            raise ValueError(f"统计期间的结束日期 {self.last} 早于开始日期 {self.first}")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if q not in (1, 2, 3, 4):
            raise ValueError("季度应为 1-4")
        first = date(year, 3 * q - 2, 1)
        nxt = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
        return cls(first, nxt - timedelta(days=1))

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} 至 {self.last.isoformat()}"


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _avg(value) -> float | None:
    return None if value is None else round(float(value), 1)


# -- the sets of cases a figure counts (shared by the counts and the "show me these cases") -------

def _accepted(p: Period) -> ColumnElement:
    return Case.accepted_on.between(p.first, p.last)


def _closed(p: Period) -> ColumnElement:
    return and_(Case.closed_on.is_not(None), Case.closed_on.between(p.first, p.last))


def _has_type(key: str) -> ColumnElement:
    return exists().where(CaseTypeLink.case_id == Case.id, CaseTypeLink.type_key == key)


def _has_event(kinds, p: Period | None = None) -> ColumnElement:
    e = aliased(TimeLimitEvent)  # its own name: the outer query may read time_limit_event too
    cond = [e.case_id == Case.id, e.kind.in_(list(kinds))]
    if p is not None:
        cond.append(e.starts_on <= p.last)
        cond.append(or_(e.ends_on.is_(None), e.ends_on >= p.first, e.kind == TimeLimitKind.EXTENSION))
        cond.append(or_(e.kind != TimeLimitKind.EXTENSION, e.starts_on >= p.first))
    return exists().where(*cond).correlate(Case)


def _hearing_day(p: Period) -> ColumnElement:
    when = func.coalesce(Hearing.started_at, Hearing.scheduled_at)
    return and_(when >= _start_of(p.first), when < _start_of(p.last + timedelta(days=1)))


def _start_of(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def _flag_sum(condition) -> ColumnElement:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def figure_filter(p: Period, figure: str) -> list[ColumnElement]:
    """WHERE clauses on Case for one figure (`accepted`, `closed`, `outcome:调解`,
    `procedure:fast_track`, `type:overtime`, `month:2025-03`, ...). Raises KeyError."""
    kind, _, arg = figure.partition(":")
    if kind == "accepted":
        return [_accepted(p)]
    if kind == "closed":
        return [_closed(p)]
    if kind == "outcome":
        ways = [w for w, word in OUTCOME_WORDS.items() if word == arg]
        if not ways:
            raise KeyError(figure)
        return [_closed(p), Case.closing_way.in_(ways)]
    if kind == "procedure":
        return [_closed(p), Case.accepted_on.is_not(None), Case.procedure == Procedure(arg)]
    if kind == "type":
        return [_accepted(p), _has_type(arg)]
    if kind == "new_employment_form":
        return [_accepted(p), Case.new_employment_form.is_(True)]
    if kind == "confirmation":
        return [_accepted(p), Case.new_employment_form.is_(True), _has_type(CONFIRMATION_TYPE)]
    if kind == "women_priority":
        return [_accepted(p), Case.women_priority.is_(True)]
    if kind == "extended":
        return [_has_event([TimeLimitKind.EXTENSION], p)]
    if kind == "suspended":
        return [_has_event([TimeLimitKind.SUSPENSION, TimeLimitKind.PUBLIC_NOTICE], p)]
    if kind == "month":
        year, month = (int(x) for x in arg.split("-"))
        first = max(p.first, date(year, month, 1))
        nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        last = min(p.last, nxt - timedelta(days=1))
        return [or_(Case.accepted_on.between(first, last), Case.closed_on.between(first, last))]
    raise KeyError(figure)


def figure_case_ids(session: Session, p: Period, figure: str, *, calendar: HolidayCalendar | None = None) -> list[int]:
    """The cases behind one figure, for the register to show. `on_time` and `late` are decided
    with the deadline rule (see the module doc)."""
    if figure in ("on_time", "late"):
        late = _late(session, p, calendar or default_calendar(), ids=True)
        if figure == "late":
            return sorted(late)
        ids = session.scalars(select(Case.id).where(_closed(p), Case.accepted_on.is_not(None))).all()
        return [i for i in ids if i not in late]
    return list(session.scalars(select(Case.id).where(*figure_filter(p, figure)).order_by(Case.id)).all())


# -- on time -------------------------------------------------------------------------------------

def _late(session: Session, p: Period, cal: HolidayCalendar, *, ids: bool = False):
    """Cases closed in the period after their deadline: their number, or their ids."""
    limit = time_limits().decision_days
    days = days_between(Case.accepted_on, Case.closed_on)
    approved = (select(TimeLimitEvent.case_id, func.sum(TimeLimitEvent.days).label("ext"))
                .where(TimeLimitEvent.kind == TimeLimitKind.EXTENSION).group_by(TimeLimitEvent.case_id).subquery())
    ext = func.coalesce(approved.c.ext, 0)
    # Plain cases (no pause or restart): late when closed more than 45 + extension days after
    # acceptance; `days > 45` first, so only the cases over it meet the extensions.
    plain = [_closed(p), Case.accepted_on.is_not(None), days > limit, days > limit + ext, ~_has_event(PAUSE_OR_RESTART)]

    def over(*columns):
        return select(*columns).select_from(Case).outerjoin(approved, approved.c.case_id == Case.id).where(*plain)

    late_ids: set[int] = set()
    if ids:
        late_ids = set(session.scalars(over(Case.id)).all())
        n = len(late_ids)
    else:
        n = session.scalar(over(func.count())) or 0
    roll = cal if office_service.office(session).roll_deadline_to_workday else None
    if roll is not None and n:
        # A deadline on a rest day moves to the next working day (办案规则 Art 19): only closings
        # a few days past the plain limit can be saved by that; one row per distinct date triple.
        near = (over(Case.accepted_on, ext.label("ext"), Case.closed_on, func.count())
                .where(days <= limit + ext + _MAX_ROLL_DAYS)
                .group_by(Case.accepted_on, ext, Case.closed_on))
        deadlines: dict[tuple[date, int], date] = {}
        for accepted, extension, closed, count in session.execute(near).all():
            key = (accepted, min(int(extension), 15))
            if key not in deadlines:
                deadlines[key] = decision_deadline(accepted, extension_days=key[1], calendar=roll)
            if closed <= deadlines[key]:
                n -= count
                if ids:
                    late_ids -= set(session.scalars(over(Case.id).where(
                        Case.accepted_on == accepted, Case.closed_on == closed, ext == extension)).all())
    # Cases with pauses or restarts: their own events decide, as in the register.
    paused = [_closed(p), Case.accepted_on.is_not(None), _has_event(PAUSE_OR_RESTART)]
    tricky = session.execute(select(Case.id, Case.accepted_on, Case.closed_on).where(*paused)).all()
    if tricky:
        events: dict[int, list[PeriodEvent]] = defaultdict(list)
        for e in session.execute(
            select(TimeLimitEvent.case_id, TimeLimitEvent.kind, TimeLimitEvent.starts_on, TimeLimitEvent.ends_on,
                   TimeLimitEvent.days).join(Case, Case.id == TimeLimitEvent.case_id).where(*paused)
        ):
            events[e.case_id].append(PeriodEvent(e.kind.value, e.starts_on, e.ends_on, e.days))
        for r in tricky:
            try:
                d = deadline_from_events(r.accepted_on, events[r.id], today=r.closed_on, calendar=roll)
                is_late = r.closed_on > d.deadline
            except ValueError:  # more than 15 extension days recorded: beyond any lawful deadline
                is_late = True
            if is_late:
                n += 1
                late_ids.add(r.id)
    return late_ids if ids else n


# -- working days --------------------------------------------------------------------------------

class _WorkingDayIndex:
    """W(d): working days up to and including d, counted from the first day asked for."""

    def __init__(self, cal: HolidayCalendar, first: date, last: date):
        self.index: dict[date, int] = {}
        n, day = 0, first
        while day <= last:
            if cal.is_working_day(day):
                n += 1
            self.index[day] = n
            day += timedelta(days=1)

    def __getitem__(self, day: date) -> int:
        return self.index[day]


def _working_days(session: Session, p: Period, cal: HolidayCalendar, target: int,
                  by_closed: list[tuple[Procedure, date, int]]) -> dict[Procedure, dict]:
    """Sum and count of working days to close per procedure; `by_closed` are the closed cases
    with an acceptance date counted per (procedure, closing day)."""
    where = [_closed(p), Case.accepted_on.is_not(None), Case.accepted_on <= Case.closed_on]
    by_accepted = session.execute(select(Case.procedure, Case.accepted_on, func.count())
                                  .where(*where).group_by(Case.procedure, Case.accepted_on)).all()
    out = {proc: {"n": 0, "sum": 0, "within": 0} for proc in Procedure}
    if not by_closed:
        return out
    w = _WorkingDayIndex(cal, min(r[1] for r in by_accepted), p.last)
    for proc, day, n in by_closed:
        out[proc]["n"] += n
        out[proc]["sum"] += w[day] * n
    for proc, day, n in by_accepted:
        out[proc]["sum"] -= w[day] * n
    # Fast track against its target: one row per distinct (accepted, closed) pair.
    for accepted, closed, n in session.execute(
        select(Case.accepted_on, Case.closed_on, func.count())
        .where(*where, Case.procedure == Procedure.FAST_TRACK).group_by(Case.accepted_on, Case.closed_on)
    ).all():
        if w[closed] - w[accepted] <= target:
            out[Procedure.FAST_TRACK]["within"] += n
    return out


# -- the figures ---------------------------------------------------------------------------------

def _months(p: Period) -> dict[str, dict]:
    months: dict[str, dict] = {}
    day = date(p.first.year, p.first.month, 1)
    while day <= p.last:
        key = f"{day.year:04d}-{day.month:02d}"
        months[key] = {"month": key, "accepted": 0, "closed": 0}
        day = date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)
    return months


def statistics(session: Session, p: Period, *, calendar: HolidayCalendar | None = None) -> dict:
    """All figures of the period as plain JSON-ready data (keys: the CLI contract of issue 14).
    About a dozen statements, most of them read from the covering indexes alone."""
    cal = calendar or default_calendar()
    target = office_service.office(session).fast_track_working_days
    months = _months(p)

    # Accepted in the period: one pass over ix_case_accepted_stats, one row per day and procedure.
    accepted = nef = women = 0
    accepted_by_proc: dict[Procedure, int] = defaultdict(int)
    for proc, day, n, w_, nef_ in session.execute(
        select(Case.procedure, Case.accepted_on, func.count(), _flag_sum(Case.women_priority.is_(True)),
               _flag_sum(Case.new_employment_form.is_(True)))
        .where(_accepted(p)).group_by(Case.procedure, Case.accepted_on)
    ).all():
        accepted += n
        accepted_by_proc[proc] += n
        women, nef = women + int(w_), nef + int(nef_)
        months[f"{day.year:04d}-{day.month:02d}"]["accepted"] += n
    nef_confirmation = session.scalar(
        select(func.count()).select_from(CaseTypeLink).join(Case, Case.id == CaseTypeLink.case_id)
        .where(CaseTypeLink.type_key == CONFIRMATION_TYPE, _accepted(p), Case.new_employment_form.is_(True))) or 0

    # Closed in the period: one pass over ix_case_closed_stats, one row per day, procedure and way.
    timed = and_(Case.accepted_on.is_not(None), Case.accepted_on <= Case.closed_on)
    closed = with_deadline = 0
    outcomes = {word: 0 for word in OUTCOME_WORDS.values()}
    by_closed_day: list[tuple[Procedure, date, int]] = []
    for proc, way, day, n, acc in session.execute(
        select(Case.procedure, Case.closing_way, Case.closed_on, func.count(), _flag_sum(timed))
        .where(_closed(p)).group_by(Case.procedure, Case.closing_way, Case.closed_on)
    ).all():
        closed += n
        with_deadline += int(acc)
        outcomes[OUTCOME_WORDS.get(way, "其他")] += n
        months[f"{day.year:04d}-{day.month:02d}"]["closed"] += n
        if acc:
            by_closed_day.append((proc, day, int(acc)))
    on_time = with_deadline - (_late(session, p, cal) if with_deadline else 0)

    wd = _working_days(session, p, cal, target, by_closed_day)
    by_procedure = {}
    for proc in Procedure:
        n = wd[proc]["n"]
        by_procedure[proc.value] = {
            "label": proc.label,
            "accepted": accepted_by_proc.get(proc, 0),
            "closed": n,
            "avg_working_days": round(wd[proc]["sum"] / n, 1) if n else None,
        }
    fast = by_procedure[Procedure.FAST_TRACK.value]
    fast["target_working_days"] = target
    fast["within_target"] = wd[Procedure.FAST_TRACK]["within"]
    fast["within_target_rate"] = _rate(fast["within_target"], fast["closed"])

    # (case_id, type_key) is unique: COUNT(*) counts cases.
    by_type = [
        {"key": key, "name": case_type_name(key), "accepted": n}
        for key, n in session.execute(
            select(CaseTypeLink.type_key, func.count()).join(Case, Case.id == CaseTypeLink.case_id)
            .where(_accepted(p)).group_by(CaseTypeLink.type_key)
        ).all()
    ]
    by_type.sort(key=lambda t: (-t["accepted"], t["key"]))

    return {
        "period": {"from": p.first.isoformat(), "to": p.last.isoformat()},
        "accepted": accepted,
        "closed": closed,
        "closed_on_time": on_time,
        "on_time_rate": _rate(on_time, with_deadline),
        "closed_late": with_deadline - on_time,
        "by_outcome": outcomes,
        "mediation_rate": _rate(outcomes["调解"], closed),
        "mediation_withdrawal_rate": _rate(outcomes["调解"] + outcomes["撤诉"], closed),
        "extended": _event_cases(session, p, [TimeLimitKind.EXTENSION]),
        "suspended": _event_cases(session, p, [TimeLimitKind.SUSPENSION, TimeLimitKind.PUBLIC_NOTICE]),
        "by_procedure": by_procedure,
        "by_case_type": by_type,
        "new_employment_form": {"total": nef, "confirmation": nef_confirmation},
        "women_priority": women,
        "hearing_minutes": _hearing_minutes(session, p),
        "workload": _workload(session, p),
        "by_month": list(months.values()),
    }


def _event_cases(session: Session, p: Period, kinds) -> int:
    """Cases extended (an extension approved in the period) or suspended (a pause overlapping it)."""
    cond = [TimeLimitEvent.kind.in_(kinds), TimeLimitEvent.starts_on <= p.last]
    if TimeLimitKind.EXTENSION in kinds:
        cond.append(TimeLimitEvent.starts_on >= p.first)
    else:
        cond.append(or_(TimeLimitEvent.ends_on.is_(None), TimeLimitEvent.ends_on >= p.first))
    return session.scalar(select(func.count(distinct(TimeLimitEvent.case_id))).where(*cond)) or 0


def _hearing_minutes(session: Session, p: Period) -> dict:
    """Hearings that started in the period and have an end: read from ix_hearing_times."""
    rows = session.execute(
        select(Hearing.element_based, func.avg(minutes_between(Hearing.started_at, Hearing.ended_at)), func.count())
        .where(Hearing.started_at >= _start_of(p.first), Hearing.started_at < _start_of(p.last + timedelta(days=1)),
               Hearing.ended_at.is_not(None), Hearing.ended_at >= Hearing.started_at)
        .group_by(Hearing.element_based)
    ).all()
    avg = {bool(flag): (float(a) if a is not None else None, n) for flag, a, n in rows}
    element, n_element = avg.get(True, (None, 0))
    other, n_other = avg.get(False, (None, 0))
    saving = round(1 - element / other, 4) if element is not None and other else None
    return {"element": _avg(element), "other": _avg(other), "saving": saving,
            "element_hearings": n_element, "other_hearings": n_other}


def _workload(session: Session, p: Period) -> list[dict]:
    """Per arbitrator and clerk: cases accepted and closed in the period on their tribunal, and
    hearings held. Grouped by staff id and seat; names joined from the small staff table."""
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    people: dict[tuple[str, str], dict] = {}

    def person(staff_id: int, seat: Seat) -> dict:
        role = "书记员" if seat == Seat.CLERK else "仲裁员"
        name = names.get(staff_id, str(staff_id))
        return people.setdefault((name, role), {"staff": name, "role": role, "cases": 0, "closed": 0, "hearings": 0})

    seats = (TribunalSeat.staff_id, TribunalSeat.seat)
    if session.get_bind().dialect.name == "postgresql":  # one hash join serves both periods
        for staff_id, seat, acc, clo in session.execute(
            select(*seats, _flag_sum(_accepted(p)), _flag_sum(_closed(p))).select_from(Case)
            .join(TribunalSeat, TribunalSeat.case_id == Case.id).where(or_(_accepted(p), _closed(p))).group_by(*seats)
        ).all():
            person(staff_id, seat)["cases"] += int(acc)
            person(staff_id, seat)["closed"] += int(clo)
    else:  # SQLite joins row by row: each period through its own covering index
        for what, where in (("cases", _accepted(p)), ("closed", _closed(p))):
            for staff_id, seat, n in session.execute(
                select(*seats, func.count()).select_from(Case).join(TribunalSeat, TribunalSeat.case_id == Case.id)
                .where(where).group_by(*seats)
            ).all():
                person(staff_id, seat)[what] += n
    # Hearings held in the period: by their real start, or by the schedule when no start was recorded.
    start, end = _start_of(p.first), _start_of(p.last + timedelta(days=1))
    for where in (and_(Hearing.started_at >= start, Hearing.started_at < end),
                  and_(Hearing.started_at.is_(None), Hearing.scheduled_at >= start, Hearing.scheduled_at < end)):
        for staff_id, seat, n in session.execute(
            select(*seats, func.count()).select_from(Hearing).join(TribunalSeat, TribunalSeat.case_id == Hearing.case_id)
            .where(where).group_by(*seats)
        ).all():
            person(staff_id, seat)["hearings"] += n
    return sorted(people.values(), key=lambda r: (r["role"] != "仲裁员", -r["cases"], r["staff"]))
