"""What the hearing workspace shows when it opens: one use case, one session, plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from app.hearing.procedure import HearingContext
from app.models import Case
from app.rules.local_params import LocalParameters
from app.services import access
from app.services.elements import (
    ElementRow,
    FinalAwardFlag,
    claimed_by_type,
    final_award_flags,
    open_element_table,
)
from app.services.figures import office_parameters
from app.services.hearing_context import hearing_context
from app.services.record import citations_by_element, is_finalized
from app.services.transcript import SegmentRow, audio_spans, hearing_for, segment_rows


@dataclass
class WorkspaceSnapshot:
    case_id: int
    session_no: int
    hearing_id: int
    case_types: list[str]
    rows: list[ElementRow]
    context: HearingContext
    claimed: dict[str, Decimal]
    flags: list[FinalAwardFlag]
    segments: list[SegmentRow] = field(default_factory=list)
    citations: dict[int, list[tuple[str, float, str]]] = field(default_factory=dict)
    audio: list[tuple[str, float, float]] = field(default_factory=list)  # (path under audio/, offset, seconds)
    sealed: bool = False
    permissions: set[str] = field(default_factory=set)  # what the signed-in account may do here
    params: LocalParameters | None = None  # local figures with the office's confirmations (issue 13)


def open_workspace(session: Session, case_id: int, session_no: int = 1, *, today: date) -> WorkspaceSnapshot:
    """The element table (opened from the case types' templates on first use), the hearing's
    script context, claims, final-award flags, the record, its citations and recordings."""
    rows = open_element_table(session, case_id)
    hearing = hearing_for(session, case_id, session_no)
    return WorkspaceSnapshot(
        case_id=case_id, session_no=session_no, hearing_id=hearing.hearing_id,
        case_types=list(session.get_one(Case, case_id).case_types),
        rows=rows,
        context=hearing_context(session, case_id, session_no, rows),
        claimed=claimed_by_type(session, case_id),
        flags=final_award_flags(session, case_id, day=today),
        segments=segment_rows(session, hearing.hearing_id),
        citations=citations_by_element(session, case_id),
        audio=audio_spans(session, hearing.hearing_id),
        sealed=is_finalized(session, hearing.hearing_id),
        permissions=access.permissions_for(session, case_id),
        params=office_parameters(session),
    )
