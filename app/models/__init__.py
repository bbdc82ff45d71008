"""SQLAlchemy 2 typed models of the case register. No Qt here."""

from app.models import seal  # noqa: F401,E402  (registers the seal guard on every Session)
from app.models.account import Account
from app.models.audit import AuditEntry
from app.models.base import Base
from app.models.case import (
    Agent,
    Case,
    CaseTypeLink,
    Claim,
    Hearing,
    HearingAttendance,
    Party,
    TimeLimitEvent,
    TribunalSeat,
)
from app.models.elements import Calculation, ElementEntry
from app.models.office import FigureConfirmation, Office, Room, Staff
from app.models.record import CorrectionRequest, ElementCitation, RecordSignOff
from app.models.transcript import HearingAudio, TranscriptSegment

__all__ = [
    "Account",
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
    "FigureConfirmation",
    "Hearing",
    "HearingAttendance",
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
