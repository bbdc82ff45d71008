"""The names a hearing script needs, read from a case (plain data for app.hearing.procedure)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.hearing.case_types import case_type_name
from app.hearing.procedure import HearingContext
from app.models import Case, Hearing
from app.services import office as office_service
from app.services.attendance import attendance, side_absent
from app.services.elements import ElementRow, summaries
from app.vocabulary import PartyKind, PartySide, Seat


def _side_text(case: Case, side: PartySide, presence: dict | None = None) -> str:
    """"申请人李娜（到庭）。" lines; presence (party id, agent id) -> 到庭/未到庭 when checked."""
    presence = presence or {}

    def mark(key) -> str:
        return f"（{presence[key]}）" if key in presence else ""

    parts = []
    for p in case.parties:
        if p.side != side:
            continue
        text = f"{side.label}{p.name}"
        if p.kind == PartyKind.EMPLOYER and p.legal_representative:
            text += f"，法定代表人{p.legal_representative}{mark((p.id, None))}"
        elif p.kind != PartyKind.EMPLOYER:
            text += mark((p.id, None))
        agents = [f"{a.name}（{a.authority.label}{'，' + a.occupation if a.occupation else ''}）{mark((p.id, a.id))}"
                  for a in p.agents]
        if agents:
            text += "，委托代理人" + "、".join(agents)
        parts.append(text + "。")
    return "\n".join(parts) or f"{side.label}：（无）"


def hearing_context(session: Session, case_id: int, session_no: int = 1,
                    elements: list[ElementRow] | None = None) -> HearingContext:
    case = session.get_one(Case, case_id)
    commission = office_service.office(session).commission_name
    names = {seat: [s.staff.name for s in case.seats if s.seat == seat] for seat in Seat}
    if names[Seat.SOLE]:
        tribunal = f"仲裁员{names[Seat.SOLE][0]}独任仲裁"
        presiding = names[Seat.SOLE][0]
    elif names[Seat.PRESIDING]:
        members = "、".join(names[Seat.MEMBER])
        tribunal = f"首席仲裁员{names[Seat.PRESIDING][0]}" + (f"、仲裁员{members}" if members else "") + "组成仲裁庭"
        presiding = names[Seat.PRESIDING][0]
    else:
        tribunal, presiding = "（仲裁庭尚未组成）", ""
    undisputed, disputed = summaries(elements or [])
    hearing = session.scalar(select(Hearing).where(Hearing.case_id == case_id, Hearing.session_no == session_no))
    rows = attendance(session, hearing.id) if hearing is not None else []
    presence = {(r.party_id, r.agent_id): r.presence for r in rows if r.present is not None}

    def party_names(side: PartySide) -> str:
        return "、".join(p.name for p in case.parties if p.side == side)

    return HearingContext(
        commission=commission, case_no=case.case_no,
        case_types="、".join(case_type_name(k) for k in case.case_types),
        applicants=party_names(PartySide.APPLICANT), respondents=party_names(PartySide.RESPONDENT),
        third_parties=party_names(PartySide.THIRD_PARTY), tribunal=tribunal, presiding=presiding,
        clerk="、".join(names[Seat.CLERK]) or "（未指定）", session=session_no,
        applicant_side=_side_text(case, PartySide.APPLICANT, presence),
        respondent_side=_side_text(case, PartySide.RESPONDENT, presence),
        third_party_side=_side_text(case, PartySide.THIRD_PARTY, presence) if party_names(PartySide.THIRD_PARTY) else "",
        undisputed=undisputed, disputed=disputed, respondent_absent=side_absent(rows, PartySide.RESPONDENT),
    )
