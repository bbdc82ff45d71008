"""The names a hearing script needs, read from a case (plain data for app.hearing.procedure)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.hearing.case_types import case_type_name
from app.hearing.procedure import HearingContext
from app.models import Case
from app.services import office as office_service
from app.services.elements import ElementRow, summaries
from app.vocabulary import PartyKind, PartySide, Seat


def _side_text(case: Case, side: PartySide) -> str:
    parts = []
    for p in case.parties:
        if p.side != side:
            continue
        text = f"{side.label}{p.name}"
        if p.kind == PartyKind.EMPLOYER and p.legal_representative:
            text += f"，法定代表人{p.legal_representative}"
        agents = [f"{a.name}（{a.authority.label}{'，' + a.occupation if a.occupation else ''}）" for a in p.agents]
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

    def party_names(side: PartySide) -> str:
        return "、".join(p.name for p in case.parties if p.side == side)

    return HearingContext(
        commission=commission, case_no=case.case_no,
        case_types="、".join(case_type_name(k) for k in case.case_types),
        applicants=party_names(PartySide.APPLICANT), respondents=party_names(PartySide.RESPONDENT),
        third_parties=party_names(PartySide.THIRD_PARTY), tribunal=tribunal, presiding=presiding,
        clerk="、".join(names[Seat.CLERK]) or "（未指定）", session=session_no,
        applicant_side=_side_text(case, PartySide.APPLICANT), respondent_side=_side_text(case, PartySide.RESPONDENT),
        undisputed=undisputed, disputed=disputed,
    )
