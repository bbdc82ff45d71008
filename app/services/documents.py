"""Plain data for the document writers, read from the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from app.export.element_table_docx import (
    PARTIES,
    TRIBUNAL,
    ElementLine,
    ElementTableDocument,
)
from app.hearing.case_types import case_type_name
from app.models import Case
from app.services import office as office_service
from app.services.elements import open_element_table, summaries
from app.timecode import clock
from app.vocabulary import PartySide


def element_table_document(session: Session, case_id: int, *, today: date | None = None,
                           for_tribunal: bool = False) -> ElementTableDocument:
    """The 要素表 for the parties (default: statements and a 确认/不确认 column per party; the
    tribunal's findings are not even read into it) or for the tribunal (with findings)."""
    case = session.get_one(Case, case_id)
    rows = open_element_table(session, case_id)
    if not for_tribunal:  # a finding would otherwise surface as the undisputed fact's value
        rows = [replace(r, finding="", evidence="") for r in rows]
    undisputed, disputed = summaries(rows)
    return ElementTableDocument(
        commission=office_service.office(session).commission_name,
        case_no=case.case_no,
        case_types="、".join(case_type_name(k) for k in case.case_types),
        applicants=[p.name for p in case.parties if p.side == PartySide.APPLICANT],
        respondents=[p.name for p in case.parties if p.side == PartySide.RESPONDENT],
        lines=[ElementLine(r.label, r.applicant_position, r.respondent_position, r.status.label,
                           r.finding if for_tribunal else "", r.evidence if for_tribunal else "")
               for r in rows],
        undisputed=undisputed, disputed=disputed,
        printed_on=(today or date.today()).isoformat(),
        audience=TRIBUNAL if for_tribunal else PARTIES,
    )


# -- the hearing transcript (庭审笔录) ---------------------------------------------------------

def _clock(base, seconds: float) -> str:
    from datetime import timedelta

    if base is None:
        return clock(seconds)
    return (base + timedelta(seconds=seconds)).strftime("%H:%M:%S")


def transcript_document(session: Session, case_id: int, session_no: int = 1, *, role_style: str = "short",
                        page_signature: bool = False):
    """Plain data for the 庭审笔录 of one hearing session."""
    from sqlalchemy import select

    from app.export.transcript_docx import (
        CorrectionLine,
        PartyLine,
        TranscriptDocument,
        Utterance,
    )
    from app.models import ElementCitation, Hearing, TranscriptSegment
    from app.services.attendance import absence_notice, attendance
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

    # Attendance as checked at this hearing (办案规则 Art 41); unchecked prints as such.
    present = attendance(session, hearing.id)
    by_key = {(r.party_id, r.agent_id): r for r in present}
    mask = office_service.office(session).mask_id_numbers
    parties = []
    signatures = [f"{seat}：{name}" for seat, name in tribunal] + [f"书记员：{n}" for n in seats[Seat.CLERK]]
    refusals = []
    for p in case.parties:
        own = by_key.get((p.id, None))
        agents = []
        for a in p.agents:
            row = by_key.get((p.id, a.id))
            agents.append(f"{a.name}（{a.authority.label}{'，' + a.occupation if a.occupation else ''}）"
                          + (f"（{row.presence}）" if row else ""))
        rows = [own] + [by_key.get((p.id, a.id)) for a in p.agents]
        employer = p.kind == PartyKind.EMPLOYER
        if employer:
            # an employer appears through its legal representative or an agent
            side_present = "到庭" if any(r and r.present for r in rows) else \
                ("未到庭" if all(r and r.present is False for r in rows) else "到庭情况未核对")
        else:
            side_present = own.presence if own else "到庭情况未核对"
        parties.append(PartyLine(
            p.side.label, p.name, p.legal_representative if employer else "", agents, side_present,
            details=_particulars(p, mask), legal_representative_title=p.legal_representative_title if employer else "",
            legal_representative_present=own.presence if (employer and own and p.legal_representative) else "",
        ))
        for row, label in [(own, f"{p.side.label}：{p.name}" + (f"（法定代表人{p.legal_representative}）"
                                                                   if employer and p.legal_representative else ""))] + \
                [(by_key.get((p.id, a.id)), f"{p.side.label}委托代理人：{a.name}") for a in p.agents]:
            if row is not None and row.present is False:
                continue  # absent: nobody to sign
            if row is not None and row.refused_to_sign:
                refusals.append(f"{row.label}拒绝签名" + (f"（{row.refusal_note}）" if row.refusal_note else ""))
            else:
                signatures.append(label)
    warnings = []
    if not body:
        warnings.append(f"第 {session_no} 次开庭没有任何笔录内容，导出的笔录只有表头和签名栏。")
    if all(r.present is None for r in present):
        warnings.append("尚未核对本次开庭的到庭情况，笔录将注明“到庭情况未核对”。")
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
        signatures=signatures, refusals=refusals, absence=absence_notice(present), page_signature=page_signature,
        warnings=warnings, seal=seal, footer_seal=footer_seal,
    )


def mask_id(number: str) -> str:
    """310118199001011234 -> 310118********1234 (an 18-character resident ID only)."""
    return number[:6] + "*" * 8 + number[-4:] if len(number) == 18 else number


def _particulars(p, mask: bool) -> str:
    """A party's particulars as the commission prints them in the header."""
    from app.vocabulary import PartyKind

    bits = []
    if p.kind == PartyKind.EMPLOYER:
        if p.id_number:
            bits.append(f"统一社会信用代码{p.id_number}")
        if p.address:
            bits.append(f"住所地{p.address}")
    else:
        if p.sex:
            bits.append(p.sex)
        if p.birth_date:
            bits.append(f"{p.birth_date.year}年{p.birth_date.month}月{p.birth_date.day}日出生")
        if p.id_number:
            bits.append(f"公民身份号码{mask_id(p.id_number) if mask else p.id_number}")
        if p.address:
            bits.append(f"住{p.address}")
    return "，".join(bits)



def _seal_lines(session: Session, hearing_id: int) -> tuple[list[str], str]:
    """The digest and check code of a finalised record, for the printed 笔录."""
    from app.services.sign_off import printable_seal

    return printable_seal(session, hearing_id)
