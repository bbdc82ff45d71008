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
from app.security.masking import mask_id_number
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

    from app.export.transcript_docx import CorrectionLine, TranscriptDocument, Utterance
    from app.models import ElementCitation, Hearing, TranscriptSegment
    from app.services.attendance import attendance
    from app.services.record import corrections
    from app.services.record_header import live_header, printed_header
    from app.vocabulary import SpeakerRole

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

    # The header, parties and signature lines: as sealed for a finalised hearing (the snapshot
    # on its sign-off, app/services/record_header.py), from the case as it stands for a draft.
    office_service.office(session)  # the commission's name is printed: the row is made with defaults on first use
    try:
        head = _header_fields(printed_header(session, hearing))
    except (KeyError, TypeError, ValueError, AttributeError):  # a snapshot altered by hand: verify names it
        head = _header_fields(live_header(session, hearing))
    present = attendance(session, hearing.id)
    warnings = []
    if not body:
        warnings.append(f"第 {session_no} 次开庭没有任何笔录内容，导出的笔录只有表头和签名栏。")
    if all(r.present is None for r in present):
        warnings.append("尚未核对本次开庭的到庭情况，笔录将注明“到庭情况未核对”。")
    seal, footer_seal = _seal_lines(session, hearing.id)
    who = {r.value: r.label for r in SpeakerRole}
    return TranscriptDocument(
        **head, body=body, undisputed=undisputed, disputed=disputed,
        corrections=[CorrectionLine(who.get(c.requested_by, c.requested_by), c.content, c.outcome, c.reason)
                     for c in corrections(session, hearing.id)],
        page_signature=page_signature, warnings=warnings, seal=seal, footer_seal=footer_seal,
    )


def _header_fields(head: dict) -> dict:
    """The TranscriptDocument fields printed from a header (app/services/record_header.py)."""
    from datetime import datetime

    from app.export.transcript_docx import PartyLine
    from app.services.record_header import agent_line, particulars, seat_label, side_label

    def when(text: str | None):
        return datetime.fromisoformat(text) if text else None

    started = when(head["started_at"]) or when(head["scheduled_at"])
    ended = when(head["ended_at"])
    return dict(
        commission=head["commission"], case_no=head["case_no"], case_types="、".join(head["case_types"]),
        session_no=head["session_no"], session_count=head["session_count"],
        date=started.date().isoformat() if started else "", start_time=started.strftime("%H:%M") if started else "",
        end_time=ended.strftime("%H:%M") if ended else "", room=head["room"], public=bool(head["public"]),
        tribunal=[(seat_label(seat), name) for seat, name in head["tribunal"]],
        clerk="、".join(head["clerks"]) or "（未指定）",
        parties=[PartyLine(side_label(p["side"]), p["name"], p["legal_representative"],
                           [agent_line(a) for a in p["agents"]], p["present"], details=particulars(p),
                           legal_representative_title=p["legal_representative_title"],
                           legal_representative_present=p["legal_representative_present"]) for p in head["parties"]],
        signatures=list(head["signatures"]), refusals=list(head["refusals"]), absence=head["absence"],
    )


def mask_id(number: str) -> str:
    """310118199001011234 -> 310118********1234, as the masked header prints it
    (app/security/masking.py)."""
    return mask_id_number(number)


def _seal_lines(session: Session, hearing_id: int) -> tuple[list[str], str]:
    """The digest and check code of a finalised record, for the printed 笔录."""
    from app.services.sign_off import printable_seal

    return printable_seal(session, hearing_id)
