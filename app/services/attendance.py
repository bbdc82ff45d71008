"""Attendance at one hearing (办案规则 Art 41: the clerk checks who appeared) and refusals to
sign its record (调解仲裁法 Art 40; 办案规则 Art 42), kept per hearing so that the printed 笔录
says who was there and a hearing held without the respondent says 缺席审理.

Rows: a person party appears in person; an employer through its legal representative; each
agent for himself. A row never checked is "unknown" (None), which prints as such rather than
as 到庭. Once the record is sealed nothing here changes (the seal covers it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Case, Hearing, HearingAttendance, RecordSignOff
from app.services import access
from app.vocabulary import PartyKind, PartySide

ROLE_PARTY = "party"
ROLE_LEGAL_REP = "legal_representative"
ROLE_AGENT = "agent"


class RecordSealed(ValueError):
    pass


@dataclass
class AttendanceRow:
    party_id: int
    agent_id: int | None
    role: str
    side: PartySide
    name: str  # who appears: the person, the legal representative or the agent
    party_name: str
    present: bool | None = None  # None: not checked yet
    refused_to_sign: bool = False
    refusal_note: str = ""

    @property
    def label(self) -> str:
        if self.role == ROLE_AGENT:
            return f"{self.side.label}委托代理人{self.name}"
        if self.role == ROLE_LEGAL_REP:
            return f"{self.side.label}{self.party_name}的法定代表人{self.name}"
        return f"{self.side.label}{self.name}"

    @property
    def presence(self) -> str:
        return {True: "到庭", False: "未到庭", None: "到庭情况未核对"}[self.present]


def _key(party_id: int, agent_id: int | None, role: str) -> tuple:
    return (party_id, agent_id, role)


def attendance(session: Session, hearing_id: int) -> list[AttendanceRow]:
    """Everyone who may appear at the hearing, in party order, with what was recorded."""
    hearing = session.get_one(Hearing, hearing_id)
    case = session.get_one(Case, hearing.case_id)
    stored = {_key(a.party_id, a.agent_id, a.role): a for a in session.scalars(
        select(HearingAttendance).where(HearingAttendance.hearing_id == hearing_id))}
    rows = []
    for p in case.parties:
        if p.kind == PartyKind.EMPLOYER:
            role, name = ROLE_LEGAL_REP, p.legal_representative or "（法定代表人）"
        else:
            role, name = ROLE_PARTY, p.name
        entries = [(None, role, name)] + [(a.id, ROLE_AGENT, a.name) for a in p.agents]
        for agent_id, r, who in entries:
            row = AttendanceRow(p.id, agent_id, r, PartySide(p.side), who, p.name)
            got = stored.get(_key(p.id, agent_id, r))
            if got is not None:
                row.present, row.refused_to_sign, row.refusal_note = got.present, got.refused_to_sign, got.refusal_note
            rows.append(row)
    return rows


def _check_open(session: Session, hearing_id: int) -> None:
    if session.scalar(select(RecordSignOff.id).where(RecordSignOff.hearing_id == hearing_id)) is not None:
        raise RecordSealed("该次庭审笔录已定稿，到庭及签名情况不能再修改")


def save_attendance(session: Session, hearing_id: int, rows: list[AttendanceRow]) -> None:
    """Store the checked attendance (and refusals to sign) of a hearing."""
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)  # the clerk checks attendance
    _check_open(session, hearing_id)
    stored = {_key(a.party_id, a.agent_id, a.role): a for a in session.scalars(
        select(HearingAttendance).where(HearingAttendance.hearing_id == hearing_id))}
    for row in rows:
        if row.present is None and not row.refused_to_sign:
            continue
        if row.refused_to_sign and row.present is False:
            raise ValueError(f"{row.label}未到庭，不能记录拒绝签名")
        entry = stored.get(_key(row.party_id, row.agent_id, row.role))
        if entry is None:
            entry = HearingAttendance(hearing_id=hearing_id, party_id=row.party_id, agent_id=row.agent_id,
                                      role=row.role)
            session.add(entry)
        entry.present = bool(row.present)
        entry.refused_to_sign = row.refused_to_sign
        entry.refusal_note = row.refusal_note.strip()
    session.flush()


def side_absent(rows: list[AttendanceRow], side: PartySide) -> bool:
    """True when the side has people to appear, all were checked, and none appeared."""
    mine = [r for r in rows if r.side == side]
    return bool(mine) and all(r.present is False for r in mine)


def absence_notice(rows: list[AttendanceRow]) -> str:
    """The 缺席审理 line when the respondent did not appear (调解仲裁法 Art 36)."""
    if side_absent(rows, PartySide.RESPONDENT):
        names = "、".join(dict.fromkeys(r.party_name for r in rows if r.side == PartySide.RESPONDENT))
        return (f"被申请人{names}经书面通知，无正当理由未到庭，本庭依法缺席审理"
                "（调解仲裁法第三十六条）。")
    return ""
