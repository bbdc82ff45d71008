"""The case register: a case with its parties, agents, claims, tribunal, hearings and
time-limit events."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money, str_enum, utcnow
from app.models.office import Room, Staff
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


class Case(Base):
    __tablename__ = "case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_no: Mapped[str] = mapped_column(String(60), unique=True)
    applied_on: Mapped[date | None] = mapped_column(Date)
    accepted_on: Mapped[date | None] = mapped_column(Date, index=True)
    closed_on: Mapped[date | None] = mapped_column(Date)
    procedure: Mapped[Procedure] = mapped_column(str_enum(Procedure), default=Procedure.ORDINARY)
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus), default=CaseStatus.PENDING, index=True)
    closing_way: Mapped[ClosingWay | None] = mapped_column(str_enum(ClosingWay))
    women_priority: Mapped[bool] = mapped_column(Boolean, default=False)
    new_employment_form: Mapped[bool] = mapped_column(Boolean, default=False)
    cross_region: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    # When the applicant knew or should have known of the infringement: the one-year
    # limitation period runs from it (调解仲裁法 Art 27).
    right_known_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Optimistic locking: an UPDATE carries the version it read; a stale one matches no row.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    type_links: Mapped[list[CaseTypeLink]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseTypeLink.position"
    )
    parties: Mapped[list[Party]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Party.position"
    )
    claims: Mapped[list[Claim]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Claim.position"
    )
    seats: Mapped[list[TribunalSeat]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="TribunalSeat.id"
    )
    hearings: Mapped[list[Hearing]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Hearing.session_no"
    )
    time_limit_events: Mapped[list[TimeLimitEvent]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="TimeLimitEvent.starts_on"
    )

    __mapper_args__ = {"version_id_col": version}
    # Covering indexes for the statistics over a period (app.services.statistics): the
    # figures are read from the index alone, without visiting the table rows.
    __table_args__ = (
        Index("ix_case_accepted_stats", "accepted_on", "procedure", "women_priority", "new_employment_form"),
        Index("ix_case_closed_stats", "closed_on", "procedure", "closing_way", "accepted_on"),
    )

    @property
    def case_types(self) -> list[str]:
        return [link.type_key for link in self.type_links]

    @property
    def agents(self) -> list[Agent]:
        return [agent for party in self.parties for agent in party.agents]


class CaseTypeLink(Base):
    """One 案由 of a case; a case may have several (e.g. 加班费 and 经济补偿)."""

    __tablename__ = "case_type_link"
    __table_args__ = (UniqueConstraint("case_id", "type_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    type_key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The template version the case was opened with (resources/case_types/<key>.toml).
    template_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    case: Mapped[Case] = relationship(back_populates="type_links")


class Party(Base):
    __tablename__ = "party"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    side: Mapped[PartySide] = mapped_column(str_enum(PartySide))
    kind: Mapped[PartyKind] = mapped_column(str_enum(PartyKind))
    name: Mapped[str] = mapped_column(String(120), index=True)
    # ID card number for a person, unified social credit code for an employer.
    id_number: Mapped[str] = mapped_column(String(40), default="")
    legal_representative: Mapped[str] = mapped_column(String(40), default="")
    legal_representative_title: Mapped[str] = mapped_column(String(40), default="", server_default="")
    sex: Mapped[str] = mapped_column(String(4), default="", server_default="")  # 男 / 女, a person only
    birth_date: Mapped[date | None] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    case: Mapped[Case] = relationship(back_populates="parties")
    agents: Mapped[list[Agent]] = relationship(
        back_populates="party", cascade="all, delete-orphan", order_by="Agent.id"
    )


class Agent(Base):
    """委托代理人 of one party, with general or special authority."""

    __tablename__ = "agent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    authority: Mapped[AgentAuthority] = mapped_column(str_enum(AgentAuthority))
    occupation: Mapped[str] = mapped_column(String(120), default="")  # e.g. 律师, 律所名称
    phone: Mapped[str] = mapped_column(String(40), default="")

    party: Mapped[Party] = relationship(back_populates="agents")


class Claim(Base):
    """One 仲裁请求: its kind (a case-type key), amount if any, and the wording."""

    __tablename__ = "claim"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal | None] = mapped_column(Money)
    text: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Final-award category of this item when it differs from its case type's (e.g. the
    # 工伤医疗费 item of a work-injury claim): see app.rules.compensation.FINAL_AWARD_CATEGORIES.
    category: Mapped[str] = mapped_column(String(32), default="", server_default="")
    # 先予执行 asked for (调解仲裁法 Art 44: remuneration, medical costs, severance, damages).
    preliminary_enforcement: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    case: Mapped[Case] = relationship(back_populates="claims")


class TribunalSeat(Base):
    __tablename__ = "tribunal_seat"
    __table_args__ = (UniqueConstraint("case_id", "staff_id", "seat"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    seat: Mapped[Seat] = mapped_column(str_enum(Seat))

    case: Mapped[Case] = relationship(back_populates="seats")
    staff: Mapped[Staff] = relationship()


class Hearing(Base):
    """One hearing session (第N次开庭) of a case."""

    __tablename__ = "hearing"
    __table_args__ = (
        UniqueConstraint("case_id", "session_no"),
        Index("ix_hearing_times", "started_at", "ended_at", "element_based", "case_id"),  # statistics
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    session_no: Mapped[int] = mapped_column(Integer, default=1)
    scheduled_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id"))
    public: Mapped[bool] = mapped_column(Boolean, default=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Held element-based (要素式庭审): the element table was used in the hearing.
    element_based: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Set when the record is finalised, never cleared (the seal guard refuses it): a deleted
    # sign-off row does not make the record editable again, and `verify` names it missing.
    sealed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    case: Mapped[Case] = relationship(back_populates="hearings")
    room: Mapped[Room | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class HearingAttendance(Base):
    """Who appeared at one hearing (办案规则 Art 41: the clerk checks attendance), and who
    refused to sign its record (办案规则 Art 42). One row per party, per employer's legal
    representative, per agent; a party with no row has not been checked."""

    __tablename__ = "hearing_attendance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("hearing.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(24))  # party / legal_representative / agent
    present: Mapped[bool] = mapped_column(Boolean, default=False)
    refused_to_sign: Mapped[bool] = mapped_column(Boolean, default=False)
    refusal_note: Mapped[str] = mapped_column(Text, default="")


class TimeLimitEvent(Base):
    """Something that changes the decision period (办案规则 Art 45-47).

    extension: `days` (at most 15) approved by `approver` on `starts_on`;
    suspension / public_notice: the inclusive period `starts_on`..`ends_on` does not count
    (`ends_on` empty while it lasts); restart: the period counts afresh from `starts_on`.
    """

    __tablename__ = "time_limit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), index=True)
    kind: Mapped[TimeLimitKind] = mapped_column(str_enum(TimeLimitKind))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    days: Mapped[int | None] = mapped_column(Integer)
    approver: Mapped[str] = mapped_column(String(40), default="")
    restart_reason: Mapped[RestartReason | None] = mapped_column(str_enum(RestartReason))
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="time_limit_events")
