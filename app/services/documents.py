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
