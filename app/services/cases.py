"""Open, create and save a case with everything that hangs off it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.hearing.case_types import case_types
from app.models import Agent, Case, CaseTypeLink, Claim, Hearing, Party, TimeLimitEvent, TribunalSeat
from app.models.base import utcnow
from app.models.database import ConflictError
from app.rules.case_numbers import next_case_no
from app.rules.lifecycle import TransitionError, check_transition
from app.security.masking import mask_id_number, mask_phone
from app.services import access
from app.services import office as office_service
from app.services.forms import (
    AgentForm,
    CaseForm,
    ClaimForm,
    EventForm,
    HearingForm,
    PartyForm,
    Problem,
    SeatForm,
)
from app.services.validation import validate_case


class InvalidCase(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("；".join(p.message for p in problems))


class CaseNotFound(LookupError):
    pass


class HearingHasRecord(InvalidCase):
    """Removing hearings that have a record: refused; `confirmable` lists the unfinalised ones
    the user may confirm removing (CaseForm.discard_records), their lines then deleted one by
    one through the ORM so the audit trail keeps every deleted line."""

    def __init__(self, problems: list[Problem], confirmable: list[tuple[int, int, int]]):
        super().__init__(problems)
        self.confirmable = confirmable  # (hearing id, session no, lines)


def _load(session: Session, case_id: int) -> Case:
    case = session.scalar(
        select(Case)
        .where(Case.id == case_id)
        .options(
            selectinload(Case.type_links),
            selectinload(Case.parties).selectinload(Party.agents),
            selectinload(Case.claims),
            selectinload(Case.seats),
            selectinload(Case.hearings),
            selectinload(Case.time_limit_events),
        )
    )
    if case is None:
        raise CaseNotFound(f"案件不存在（编号 {case_id}）")
    return case


def find_case_id(session: Session, case_no: str) -> int:
    case_id = session.scalar(select(Case.id).where(Case.case_no == case_no.strip()))
    if case_id is None:
        raise CaseNotFound(f"没有案号为“{case_no}”的案件")
    return case_id


def load_case_form(session: Session, case_id: int) -> CaseForm:
    """The case as a form. ID and phone numbers are whole only for accounts that may edit
    the case; others (查阅) see them masked (个人信息保护法 Art 6, issue 12)."""
    whole = access.CASE_EDIT in access.permissions_for(session, case_id)

    def shown(value: str, mask) -> str:
        return value if whole or not value else mask(value)

    case = _load(session, case_id)
    party_index = {p.id: i for i, p in enumerate(case.parties)}
    return CaseForm(
        id=case.id,
        version=case.version,
        case_no=case.case_no,
        case_types=case.case_types,
        applied_on=case.applied_on,
        accepted_on=case.accepted_on,
        closed_on=case.closed_on,
        procedure=case.procedure,
        status=case.status,
        closing_way=case.closing_way,
        women_priority=case.women_priority,
        new_employment_form=case.new_employment_form,
        cross_region=case.cross_region,
        note=case.note,
        right_known_on=case.right_known_on,
        parties=[
            PartyForm(p.side, p.kind, p.name, shown(p.id_number, mask_id_number), p.legal_representative, p.address,
                      shown(p.phone, mask_phone), p.id, p.sex, p.birth_date, p.legal_representative_title)
            for p in case.parties
        ],
        agents=[
            AgentForm(party_index[a.party_id], a.name, a.authority, a.occupation, shown(a.phone, mask_phone), a.id)
            for p in case.parties
            for a in p.agents
        ],
        claims=[ClaimForm(c.kind, c.amount, c.text, c.id, c.category, c.preliminary_enforcement) for c in case.claims],
        seats=[SeatForm(s.staff_id, s.seat, s.id) for s in case.seats],
        hearings=[
            HearingForm(h.session_no, h.scheduled_at, h.room_id, h.public, h.started_at, h.ended_at, h.id,
                        h.element_based)
            for h in case.hearings
        ],
        events=[
            EventForm(e.kind, e.starts_on, e.ends_on, e.days, e.approver, e.restart_reason, e.note, e.id)
            for e in case.time_limit_events
        ],
    )


def suggest_case_no(session: Session, year: int) -> str:
    pattern = office_service.office(session).case_no_pattern
    head = pattern.split("{", 1)[0]
    existing = session.scalars(select(Case.case_no).where(Case.case_no.startswith(head))).all()
    return next_case_no(pattern, year, list(existing))


def save_case(session: Session, form: CaseForm, *, today: date | None = None) -> int:
    """Create or update; returns the case id. Refuses invalid data and stale versions."""
    access.require(session, access.CASE_EDIT, form.id)
    problems = validate_case(form)
    if problems:
        raise InvalidCase(problems)
    case_no = form.case_no.strip()
    if not case_no:
        year = (form.accepted_on or form.applied_on or today or date.today()).year
        case_no = suggest_case_no(session, year)
    if form.id is None:
        case = Case(created_at=utcnow())
        old_status = None
    else:
        case = _load(session, form.id)
        if form.version is not None and case.version != form.version:
            raise ConflictError(
                f"案件 {case.case_no} 已被其他用户修改（您读取的是第 {form.version} 版，"
                f"现在是第 {case.version} 版）。您的保存未生效，请重新打开后再修改。"
            )
        old_status = case.status
    if old_status is not None:
        try:
            check_transition(old_status, form.status)
        except TransitionError as exc:
            raise InvalidCase([Problem("status", str(exc))]) from exc

    clash = session.scalar(select(Case.id).where(Case.case_no == case_no))
    if clash is not None and clash != case.id:
        raise InvalidCase([Problem("case_no", f"案号“{case_no}”已被其他案件使用")])

    case.case_no = case_no
    if form.id is None:
        session.add(case)
    for name in (
        "applied_on", "accepted_on", "closed_on", "procedure", "status", "closing_way",
        "women_priority", "new_employment_form", "cross_region", "note", "right_known_on",
    ):
        setattr(case, name, getattr(form, name))
    # Always touch the row so the version moves on even when only children changed.
    case.updated_at = utcnow()

    _sync_case_types(case, form.case_types)
    parties = _sync(
        case.parties, form.parties, Party,
        lambda p, f, i: _assign(p, f, position=i,
                                fields=("side", "kind", "name", "id_number", "legal_representative", "address", "phone",
                                        "sex", "birth_date", "legal_representative_title")),
    )
    _sync_agents(parties, form.agents)
    _sync(case.claims, form.claims, Claim, lambda c, f, i: _assign(c, f, position=i, fields=("kind", "amount", "text", "category",
                                                              "preliminary_enforcement")))
    _sync(case.seats, form.seats, TribunalSeat, lambda s, f, i: _assign(s, f, fields=("staff_id", "seat")))
    _guard_hearing_removal(session, case, form)
    _sync(case.hearings, form.hearings, Hearing,
          lambda h, f, i: _assign(h, f, fields=("session_no", "scheduled_at", "room_id", "public", "started_at", "ended_at",
                                    "element_based")))
    _sync(case.time_limit_events, form.events, TimeLimitEvent,
          lambda e, f, i: _assign(e, f, fields=("kind", "starts_on", "ends_on", "days", "approver", "restart_reason", "note")))
    session.flush()
    return case.id


def _guard_hearing_removal(session: Session, case: Case, form: CaseForm) -> None:
    """A hearing with a record is not removed with a click: a finalised one never (the record
    is evidence), an unfinalised one only when the user confirmed it, with its lines deleted
    through the ORM (audited) instead of by the database's cascade (not audited)."""
    from sqlalchemy import func

    from app.models import CorrectionRequest, ElementCitation, HearingAudio, RecordSignOff, TranscriptSegment

    kept = {f.id for f in form.hearings if f.id is not None}
    problems, confirmable, discard = [], [], []
    for hearing in case.hearings:
        if hearing.id is None or hearing.id in kept:
            continue
        lines = session.scalar(select(func.count()).select_from(TranscriptSegment)
                               .where(TranscriptSegment.hearing_id == hearing.id)) or 0
        audio = session.scalar(select(func.count()).select_from(HearingAudio)
                               .where(HearingAudio.hearing_id == hearing.id)) or 0
        signed = hearing.sealed or session.scalar(
            select(RecordSignOff.id).where(RecordSignOff.hearing_id == hearing.id)) is not None
        if not (signed or lines or audio):
            discard.append(hearing)
            continue
        if signed:
            problems.append(Problem("hearings", f"第 {hearing.session_no} 次开庭的笔录已定稿签署，不能删除该次开庭"))
        elif lines or audio:
            if hearing.id in form.discard_records:
                discard.append(hearing)
                continue
            problems.append(Problem("hearings", f"第 {hearing.session_no} 次开庭已有笔录（{lines} 段、录音 {audio} 个），"
                                                "删除该次开庭会一并删除笔录，需要确认"))
            confirmable.append((hearing.id, hearing.session_no, lines))
    if problems:
        raise HearingHasRecord(problems, confirmable if all("需要确认" in p.message for p in problems) else [])
    for hearing in discard:
        segs = session.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing.id)).all()
        if segs:  # deleting a record is the record's people's call, not every register clerk's (issue 12)
            access.require(session, access.RECORD_EDIT, hearing_id=hearing.id)
        seg_ids = [sg.id for sg in segs]
        children = []
        if seg_ids:
            children += session.scalars(select(ElementCitation).where(ElementCitation.segment_id.in_(seg_ids))).all()
        children += session.scalars(select(CorrectionRequest).where(CorrectionRequest.hearing_id == hearing.id)).all()
        children += segs
        children += session.scalars(select(HearingAudio).where(HearingAudio.hearing_id == hearing.id)).all()
        for row in children:
            session.delete(row)
        session.delete(hearing)  # explicitly (not as an orphan of the case): the audit sees it
        session.flush()


def _assign(obj, form, *, fields: Iterable[str], position: int | None = None) -> None:
    for name in fields:
        value = getattr(form, name)
        if isinstance(value, str):
            value = value.strip()
        if getattr(obj, name, None) != value:
            setattr(obj, name, value)
    if position is not None and obj.position != position:
        obj.position = position


def _sync(collection: list, forms: list, model: type, apply: Callable) -> list:
    """Make `collection` hold one row per form, matched by id; returns rows in form order."""
    by_id = {row.id: row for row in collection if row.id is not None}
    keep = []
    for i, f in enumerate(forms):
        row = by_id.get(f.id) if f.id is not None else None
        if row is None:
            row = model()
            collection.append(row)
        apply(row, f, i)
        keep.append(row)
    for row in list(collection):
        if not any(row is k for k in keep):
            collection.remove(row)
    return keep


def _sync_case_types(case: Case, keys: list[str]) -> None:
    existing = {link.type_key: link for link in case.type_links}
    wanted = list(dict.fromkeys(keys))
    for link in list(case.type_links):
        if link.type_key not in wanted:
            case.type_links.remove(link)
    for i, key in enumerate(wanted):
        link = existing.get(key)
        if link is None:
            template = case_types().get(key)
            case.type_links.append(CaseTypeLink(type_key=key, position=i,
                                                template_version=template.version if template else 1))
        elif link.position != i:
            link.position = i


def _sync_agents(parties: list[Party], agents: list[AgentForm]) -> None:
    for i, party in enumerate(parties):
        mine = [a for a in agents if a.party_index == i]
        # an agent moved to another party is re-created there
        own_ids = {a.id for a in party.agents}
        for a in mine:
            if a.id not in own_ids:
                a.id = None
        _sync(party.agents, mine, Agent,
              lambda row, f, _i: _assign(row, f, fields=("name", "authority", "occupation", "phone")))


def delete_case(session: Session, case_id: int, *, version: int | None = None) -> None:
    access.require(session, access.CASE_EDIT, case_id)
    case = _load(session, case_id)
    if version is not None and case.version != version:
        raise ConflictError(f"案件 {case.case_no} 已被其他用户修改，未删除。")
    session.delete(case)
