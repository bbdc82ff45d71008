"""The header of a 庭审笔录 as a commission prints it, as plain JSON data: the session (times,
room, public or not), the tribunal and clerk, each party with its particulars (a person's sex,
date of birth, ID number and address; an employer's credit code, address, legal representative
and title), the agents with their authority and firm, who appeared, 缺席审理, and the
signature lines that follow from them (办案规则 Art 41, 42).

At finalising this is stored on the sign-off (`RecordSignOff.header`, header version 2) and
sealed; a finalised 笔录 then prints its header from that snapshot, so a later edit of a party
(a new address, a corrected name) cannot change a sealed record, while a draft prints the
case as it stands.

ID numbers are stored as printed at finalising: masked when the office prints them masked
(app/security/masking.py), whole when it prints them whole. The seal covers what the parties
read and signed, and the snapshot (which the audit trail also records, with the sign-off row)
never holds a whole ID number the signed paper did not show (个人信息保护法 Art 6).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.hearing.case_types import case_type_name
from app.models import Case, Hearing, Office, RecordSignOff
from app.security.masking import mask_id_number
from app.vocabulary import AgentAuthority, PartyKind, PartySide, Seat

HEADER_VERSION = 2
MASKED, WHOLE = "masked", "whole"


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None


def printed_id(number: str, mask: bool) -> str:
    """An ID card number as the header prints it (an employer's credit code is never masked)."""
    return mask_id_number(number) if (mask and number) else number


def live_header(session: Session, hearing: Hearing, *, mask: bool | None = None) -> dict:
    """The header of `hearing`'s 笔录 from the case as it stands (`mask`: the office's setting
    unless given)."""
    from app.services.attendance import absence_notice, attendance

    case = session.get_one(Case, hearing.case_id)
    office = session.get(Office, 1)  # read only: verify must not create the office row
    if mask is None:
        mask = bool(office and office.mask_id_numbers)
    present = attendance(session, hearing.id)
    by_key = {(r.party_id, r.agent_id): r for r in present}
    seats = {seat: [s.staff.name for s in case.seats if s.seat == seat] for seat in Seat}
    tribunal = [[seat.value, n] for seat in (Seat.SOLE, Seat.PRESIDING, Seat.MEMBER) for n in seats[seat]]
    signatures = [f"{Seat(seat).label}：{name}" for seat, name in tribunal] + [f"书记员：{n}" for n in seats[Seat.CLERK]]
    refusals, parties = [], []
    for p in case.parties:
        employer = p.kind == PartyKind.EMPLOYER
        own = by_key.get((p.id, None))
        rows = [own] + [by_key.get((p.id, a.id)) for a in p.agents]
        if employer:  # an employer appears through its legal representative or an agent
            side_present = "到庭" if any(r and r.present for r in rows) else \
                ("未到庭" if all(r and r.present is False for r in rows) else "到庭情况未核对")
        else:
            side_present = own.presence if own else "到庭情况未核对"
        parties.append({
            "party_id": p.id, "side": p.side.value, "kind": p.kind.value, "name": p.name,
            "sex": "" if employer else p.sex,
            "birth_date": None if employer else _iso(p.birth_date),
            "id_number": p.id_number if employer else printed_id(p.id_number, mask),
            "address": p.address,
            "legal_representative": p.legal_representative if employer else "",
            "legal_representative_title": p.legal_representative_title if employer else "",
            "present": side_present,
            "legal_representative_present": own.presence if (employer and own and p.legal_representative) else "",
            "agents": [{"agent_id": a.id, "name": a.name, "authority": a.authority.value, "occupation": a.occupation,
                        "present": row.presence if (row := by_key.get((p.id, a.id))) else ""} for a in p.agents],
        })
        side = p.side.label
        for row, label in [(own, f"{side}：{p.name}" + (f"（法定代表人{p.legal_representative}）"
                                                       if employer and p.legal_representative else ""))] + \
                [(by_key.get((p.id, a.id)), f"{side}委托代理人：{a.name}") for a in p.agents]:
            if row is not None and row.present is False:
                continue  # absent: nobody to sign
            if row is not None and row.refused_to_sign:
                refusals.append(f"{row.label}拒绝签名" + (f"（{row.refusal_note}）" if row.refusal_note else ""))
            else:
                signatures.append(label)
    return {
        "version": HEADER_VERSION,
        "commission": office.commission_name if office else "",
        "case_no": case.case_no,
        "case_types": [case_type_name(k) for k in case.case_types],
        "session_no": hearing.session_no,
        "session_count": len(case.hearings),
        "scheduled_at": _iso(hearing.scheduled_at),
        "started_at": _iso(hearing.started_at),
        "ended_at": _iso(hearing.ended_at),
        "room": hearing.room.name if hearing.room else "",
        "public": bool(hearing.public),
        "tribunal": tribunal,
        "clerks": seats[Seat.CLERK],
        "id_numbers": MASKED if mask else WHOLE,
        "parties": parties,
        "absence": absence_notice(present),
        "signatures": signatures,
        "refusals": refusals,
    }


def canonical(header: dict) -> str:
    """The stable JSON form the seal's digest is taken over (and the form stored)."""
    return json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Unreadable(dict):
    """A stored snapshot that is not a JSON object: printed from live data, and never verifies."""


def stored_header(seal: RecordSignOff | None) -> dict | None:
    """The sealed header of a version-2 seal (None for a version-1 seal or no seal)."""
    if seal is None or (seal.header_version or 1) < HEADER_VERSION:
        return None
    try:
        header = json.loads(seal.header or "")
    except ValueError:
        return Unreadable()
    return header if isinstance(header, dict) else Unreadable()


def printed_header(session: Session, hearing: Hearing) -> dict:
    """What the 笔录 prints: the sealed snapshot of a finalised hearing, else the live case."""
    seal = session.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing.id))
    header = stored_header(seal)
    if header and not isinstance(header, Unreadable):
        return header
    return live_header(session, hearing)


# -- rendering -----------------------------------------------------------------------------------

def particulars(p: dict) -> str:
    """A party's particulars as the commission prints them after the name."""
    bits = []
    if p["kind"] == PartyKind.EMPLOYER.value:
        if p["id_number"]:
            bits.append(f"统一社会信用代码{p['id_number']}")
        if p["address"]:
            bits.append(f"住所地{p['address']}")
    else:
        if p["sex"]:
            bits.append(p["sex"])
        if p["birth_date"]:
            born = date.fromisoformat(p["birth_date"])
            bits.append(f"{born.year}年{born.month}月{born.day}日出生")
        if p["id_number"]:
            bits.append(f"公民身份号码{p['id_number']}")
        if p["address"]:
            bits.append(f"住{p['address']}")
    return "，".join(bits)


def agent_line(a: dict) -> str:
    """"郑律师（特别授权，上海淀山湖律师事务所律师）（到庭）"."""
    occupation = f"，{a['occupation']}" if a["occupation"] else ""
    return f"{a['name']}（{AgentAuthority(a['authority']).label}{occupation}）" + (f"（{a['present']}）" if a["present"] else "")


def side_label(value: str) -> str:
    return PartySide(value).label


def seat_label(value: str) -> str:
    return Seat(value).label


# -- what changed in the case since the seal (information, not tampering) -------------------------

_PERSON_FIELDS = [("name", "姓名"), ("sex", "性别"), ("birth_date", "出生日期"), ("id_number", "公民身份号码"),
                  ("address", "住址")]
_EMPLOYER_FIELDS = [("name", "名称"), ("id_number", "统一社会信用代码"), ("address", "住所地"),
                    ("legal_representative", "法定代表人"), ("legal_representative_title", "法定代表人职务")]


def header_changes(sealed: dict, live: dict) -> list[str]:
    """What of the sealed header the live case now says differently, in words."""
    out = []
    for key, what in (("commission", "仲裁委员会名称"), ("case_no", "案号"), ("case_types", "案由"),
                      ("room", "开庭地点的名称")):
        if sealed.get(key) != live.get(key):
            out.append(what)
    if sealed.get("tribunal") != live.get("tribunal") or sealed.get("clerks") != live.get("clerks"):
        out.append("仲裁庭组成或书记员")
    now = {p["party_id"]: p for p in live.get("parties", [])}
    for p in sealed.get("parties", []):
        who = f"{side_label(p['side'])}{p['name']}"
        q = now.pop(p.get("party_id"), None)
        if q is None:
            out.append(f"{who}已不在本案当事人中")
            continue
        fields = _EMPLOYER_FIELDS if p["kind"] == PartyKind.EMPLOYER.value else _PERSON_FIELDS
        changed = [what for key, what in fields if p.get(key) != q.get(key)]
        if p["kind"] != q["kind"]:
            changed.append("当事人类型")
        strip = [{k: v for k, v in a.items() if k != "present"} for a in p.get("agents", [])]
        if strip != [{k: v for k, v in a.items() if k != "present"} for a in q.get("agents", [])]:
            changed.append("委托代理人")
        if changed:
            out.append(f"{who}的" + "、".join(changed))
    out += [f"新增的{side_label(q['side'])}{q['name']}" for q in now.values()]
    return out
