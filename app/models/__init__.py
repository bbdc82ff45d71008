"""SQLAlchemy 2 typed models of the case register. No Qt here."""

from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.case import (
    Agent,
    Case,
    CaseTypeLink,
    Claim,
    Hearing,
    Party,
    TimeLimitEvent,
    TribunalSeat,
)
from app.models.elements import Calculation, ElementEntry
from app.models.office import Office, Room, Staff
from app.models.record import CorrectionRequest, ElementCitation, RecordSignOff
from app.models.transcript import HearingAudio, TranscriptSegment
from app.models import seal  # noqa: F401,E402  (registers the seal guard on every Session)

__all__ = [
    "Agent",
    "AuditEntry",
    "Base",
    "Calculation",
    "ElementEntry",
    "Case",
    "CaseTypeLink",
    "Claim",
    "CorrectionRequest",
    "ElementCitation",
    "Hearing",
    "HearingAudio",
    "Office",
    "Party",
    "RecordSignOff",
    "Room",
    "Staff",
    "TimeLimitEvent",
    "TranscriptSegment",
    "TribunalSeat",
]
