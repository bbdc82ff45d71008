"""Plain data objects that carry a case between the database and the UI or CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from app.vocabulary import (
    AgentAuthority,
    CaseStatus,
    ClosingWay,
    PartyKind,
    PartySide,
    Procedure,
    RestartReason,
    Seat,
    TimeLimitKind,
)


@dataclass
class PartyForm:
    side: PartySide = PartySide.APPLICANT
    kind: PartyKind = PartyKind.PERSON
    name: str = ""
    id_number: str = ""
    legal_representative: str = ""
    address: str = ""
    phone: str = ""
    id: int | None = None
    sex: str = ""  # 男 / 女 (a person)
    birth_date: date | None = None
    legal_representative_title: str = ""  # e.g. 总经理 (an employer)


@dataclass
class AgentForm:
    party_index: int = 0  # position of the represented party in CaseForm.parties
    name: str = ""
    authority: AgentAuthority = AgentAuthority.GENERAL
    occupation: str = ""
    phone: str = ""
    id: int | None = None


@dataclass
class ClaimForm:
    kind: str = ""
    amount: Decimal | None = None
    text: str = ""
    id: int | None = None
    category: str = ""  # final-award category when not the case type's (e.g. injury_medical)
    preliminary_enforcement: bool = False  # 先予执行 (调解仲裁法 Art 44)


@dataclass
class SeatForm:
    staff_id: int
    seat: Seat
    id: int | None = None


@dataclass
class HearingForm:
    session_no: int = 1
    scheduled_at: datetime | None = None
    room_id: int | None = None
    public: bool = True
    started_at: datetime | None = None
    ended_at: datetime | None = None
    id: int | None = None
    element_based: bool = False


@dataclass
class EventForm:
    kind: TimeLimitKind = TimeLimitKind.SUSPENSION
    starts_on: date | None = None
    ends_on: date | None = None
    days: int | None = None
    approver: str = ""
    restart_reason: RestartReason | None = None
    note: str = ""
    id: int | None = None


@dataclass
class CaseForm:
    case_no: str = ""  # empty: numbered automatically from the office pattern
    case_types: list[str] = field(default_factory=list)
    applied_on: date | None = None
    accepted_on: date | None = None
    closed_on: date | None = None
    procedure: Procedure = Procedure.ORDINARY
    status: CaseStatus = CaseStatus.PENDING
    closing_way: ClosingWay | None = None
    women_priority: bool = False
    new_employment_form: bool = False
    cross_region: bool = False
    note: str = ""
    right_known_on: date | None = None  # limitation period start (调解仲裁法 Art 27)
    parties: list[PartyForm] = field(default_factory=list)
    agents: list[AgentForm] = field(default_factory=list)
    claims: list[ClaimForm] = field(default_factory=list)
    seats: list[SeatForm] = field(default_factory=list)
    hearings: list[HearingForm] = field(default_factory=list)
    events: list[EventForm] = field(default_factory=list)
    id: int | None = None
    version: int | None = None  # the version read; saving refuses if it moved on
    # Hearings (ids) the user confirmed removing together with their unfinalised record.
    discard_records: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Problem:
    field: str  # e.g. "case_no", "parties[1].name"
    message: str

    def __str__(self) -> str:
        return self.message
