"""Plain data for the document writers, read from the database."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from app.export.element_table_docx import ElementLine, ElementTableDocument
from app.hearing.case_types import case_type_name
from app.models import Case
from app.services import office as office_service
from app.services.elements import open_element_table, summaries
from app.vocabulary import PartySide


def element_table_document(session: Session, case_id: int, *, today: date | None = None) -> ElementTableDocument:
    case = session.get_one(Case, case_id)
    rows = open_element_table(session, case_id)
    undisputed, disputed = summaries(rows)
    return ElementTableDocument(
        commission=office_service.office(session).commission_name,
        case_no=case.case_no,
        case_types="、".join(case_type_name(k) for k in case.case_types),
        applicants=[p.name for p in case.parties if p.side == PartySide.APPLICANT],
        respondents=[p.name for p in case.parties if p.side == PartySide.RESPONDENT],
        lines=[ElementLine(r.label, r.applicant_position, r.respondent_position, r.status.label, r.finding, r.evidence)
               for r in rows],
        undisputed=undisputed, disputed=disputed,
        printed_on=(today or date.today()).isoformat(),
    )


# -- the hearing transcript (庭审笔录) ---------------------------------------------------------

def _clock(base, seconds: float) -> str:
    from datetime import timedelta

    if base is None:
        s = int(seconds)
        return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return (base + timedelta(seconds=seconds)).strftime("%H:%M:%S")


def transcript_document(session: Session, case_id: int, session_no: int = 1, *, role_style: str = "short",
                        page_signature: bool = False):
    """Plain data for the 庭审笔录 of one hearing session."""
    from sqlalchemy import select

    from app.export.transcript_docx import CorrectionLine, PartyLine, TranscriptDocument, Utterance
    from app.models import ElementCitation, Hearing, TranscriptSegment
    from app.services.record import corrections
    from app.vocabulary import PartyKind, Seat, SpeakerRole

    case = session.get_one(Case, case_id)
    hearing = session.scalar(select(Hearing).where(Hearing.case_id == case_id, Hearing.session_no == session_no))
    if hearing is None:
        raise LookupError(f"案件 {case.case_no} 没有第 {session_no} 次开庭")
    base = hearing.started_at or hearing.scheduled_at
    roles = {r.value: r for r in SpeakerRole}

    def prefix(speaker: str) -> str:
        role = roles.get(speaker)
        if role is None:
            return "（未标注）"
        return role.short if role_style == "short" else role.label

    segments = session.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing.id)
                               .order_by(TranscriptSegment.start, TranscriptSegment.id)).all()
    body = [Utterance(prefix(s.speaker), s.text or s.raw_text, _clock(base, s.start))
            for s in segments if not s.private_note and (s.text or s.raw_text)]

    # element summary with the statements that back each element
    rows = open_element_table(session, case_id)
    cites: dict[int, list[str]] = {}
    seg_by_id = {s.id: s for s in segments}
    entry_ids = [r.id for r in rows]
    if entry_ids:
        for c in session.scalars(select(ElementCitation).where(ElementCitation.element_id.in_(entry_ids))):
            seg = seg_by_id.get(c.segment_id)
            if seg is not None:
                cites.setdefault(c.element_id, []).append(f"{c.side.label} {_clock(base, seg.start)}")
    undisputed, disputed = [], []
    for r in rows:
        ref = f"（见笔录：{'；'.join(cites[r.id])}）" if r.id in cites else ""
        if r.status.value == "undisputed":
            undisputed.append(r.summary_line() + ref)
        elif r.status.value == "disputed":
            disputed.append(r.dispute_line() + ref)

    seats = {seat: [s.staff.name for s in case.seats if s.seat == seat] for seat in Seat}
    tribunal = [(Seat.SOLE.label, n) for n in seats[Seat.SOLE]] + [(Seat.PRESIDING.label, n) for n in seats[Seat.PRESIDING]] \
        + [(Seat.MEMBER.label, n) for n in seats[Seat.MEMBER]]
    clerk = "、".join(seats[Seat.CLERK]) or "（未指定）"
    parties = [
        PartyLine(p.side.label, p.name, p.legal_representative if p.kind == PartyKind.EMPLOYER else "",
                  [f"{a.name}（{a.authority.label}{'，' + a.occupation if a.occupation else ''}）" for a in p.agents])
        for p in case.parties
    ]
    signatures = [f"{seat}：{name}" for seat, name in tribunal] + [f"书记员：{n}" for n in seats[Seat.CLERK]]
    for p in case.parties:
        signatures.append(f"{p.side.label}：{p.name}" + (f"（法定代表人{p.legal_representative}）"
                                                          if p.kind == PartyKind.EMPLOYER and p.legal_representative else ""))
        signatures += [f"{p.side.label}委托代理人：{a.name}" for a in p.agents]
    session_count = len(case.hearings)
    seal, footer_seal = _seal_lines(session, hearing.id)
    who = {r.value: r.label for r in SpeakerRole}
    return TranscriptDocument(
        commission=office_service.office(session).commission_name, case_no=case.case_no,
        case_types="、".join(case_type_name(k) for k in case.case_types), session_no=session_no,
        session_count=session_count,
        date=(base.date().isoformat() if base else ""), start_time=(hearing.started_at or base).strftime("%H:%M") if base else "",
        end_time=hearing.ended_at.strftime("%H:%M") if hearing.ended_at else "",
        room=hearing.room.name if hearing.room else "", public=hearing.public, tribunal=tribunal, clerk=clerk,
        parties=parties, body=body, undisputed=undisputed, disputed=disputed,
        corrections=[CorrectionLine(who.get(c.requested_by, c.requested_by), c.content, c.outcome, c.reason)
                     for c in corrections(session, hearing.id)],
        signatures=signatures, page_signature=page_signature, seal=seal, footer_seal=footer_seal,
    )


def _seal_lines(session: Session, hearing_id: int) -> tuple[list[str], str]:
    """The digest and check code of a finalised record, for the printed 笔录."""
    from app.services.sign_off import printable_seal

    return printable_seal(session, hearing_id)
