"""Sign-off of a hearing record (办案规则 Art 42): finalising locks the record and stores a
SHA-256 digest over its audio files, its text and its metadata, with a digest per part so
that `verify` can name exactly what was altered afterwards."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Case,
    CorrectionRequest,
    Hearing,
    HearingAttendance,
    HearingAudio,
    RecordSignOff,
    TranscriptSegment,
)
from app.models.base import utcnow
from app.services import access
from app.timecode import clock


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canon(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def header_data(session: Session, hearing: Hearing) -> dict:
    case = session.get_one(Case, hearing.case_id)
    return {
        "case_no": case.case_no,
        "case_types": case.case_types,
        "session_no": hearing.session_no,
        "scheduled_at": hearing.scheduled_at,
        "started_at": hearing.started_at,
        "ended_at": hearing.ended_at,
        "room": hearing.room.name if hearing.room else "",
        "public": hearing.public,
        "tribunal": sorted((s.seat.value, s.staff.name) for s in case.seats),
        "parties": [(p.side.value, p.kind.value, p.name, p.legal_representative,
                     [(a.name, a.authority.value) for a in p.agents]) for p in case.parties],
    }


def manifest(session: Session, hearing_id: int, audio_dir: Path) -> dict[str, str]:
    """Digest of every part of the record, keyed by what the part is."""
    hearing = session.get_one(Hearing, hearing_id)
    parts = {"header": _sha(_canon(header_data(session, hearing)))}
    segments = session.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id)
                               .order_by(TranscriptSegment.start, TranscriptSegment.id))
    for s in segments:
        parts[f"segment:{s.id}"] = _sha(_canon([round(s.start, 3), round(s.end, 3), s.speaker, s.text, s.private_note]))
    for a in session.scalars(select(HearingAudio).where(HearingAudio.hearing_id == hearing_id)):
        path = Path(audio_dir) / a.path
        parts[f"audio:{a.path}"] = _file_digest(path) if path.is_file() else "missing"
    requests = session.scalars(select(CorrectionRequest).where(CorrectionRequest.hearing_id == hearing_id)
                               .order_by(CorrectionRequest.id))
    parts["corrections"] = _sha(_canon([(c.id, c.segment_id, c.requested_by, c.content, c.proposed_text,
                                         c.accepted, c.reason) for c in requests]))
    # Attendance and refusals to sign are printed in the record: sealed with it (a part only
    # when recorded, so seals made before attendance was kept still verify).
    present = session.scalars(select(HearingAttendance).where(HearingAttendance.hearing_id == hearing_id)
                              .order_by(HearingAttendance.party_id, HearingAttendance.agent_id, HearingAttendance.role)).all()
    if present:
        parts["attendance"] = _sha(_canon([(a.party_id, a.agent_id, a.role, a.present, a.refused_to_sign,
                                            a.refusal_note) for a in present]))
    return parts


def _overall(parts: dict[str, str]) -> str:
    return _sha(_canon(parts))


def finalize(session: Session, hearing_id: int, *, audio_dir: Path, by: str) -> str:
    who = access.require(session, access.FINALIZE, hearing_id=hearing_id)
    by = by if who.system else who.name  # the signed-in account signs, not a name typed in
    if session.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id)) is not None:
        raise ValueError("该次庭审笔录已经定稿")
    parts = manifest(session, hearing_id, audio_dir)
    missing = [k for k, v in parts.items() if v == "missing"]
    if missing:
        raise ValueError("录音文件缺失，无法定稿：" + "、".join(k.split(":", 1)[1] for k in missing))
    digest = _overall(parts)
    session.add(RecordSignOff(hearing_id=hearing_id, finalized_by=by, digest=digest, manifest=json.dumps(parts)))
    session.flush()
    return digest


def reseal(session: Session, hearing_id: int, *, audio_dir: Path | None, note: str) -> str:
    """Renew the seal after a recorded correction (the one change allowed after sign-off)."""
    if audio_dir is None:
        raise ValueError("需要录音目录才能重新计算定稿摘要")
    seal = session.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id))
    parts = manifest(session, hearing_id, audio_dir)
    seal.manifest = json.dumps(parts)
    seal.digest = _overall(parts)
    seal.finalized_at = utcnow()
    session.flush()
    return seal.digest


@dataclass(frozen=True)
class Verification:
    ok: bool
    digest: str
    problems: list[str]


def verify(session: Session, hearing_id: int, *, audio_dir: Path) -> Verification:
    seal = session.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id))
    if seal is None:
        raise LookupError("该次庭审笔录尚未定稿，无从核验")
    stored: dict[str, str] = json.loads(seal.manifest)
    now = manifest(session, hearing_id, audio_dir)
    problems = []
    starts = {s.id: s.start for s in session.scalars(select(TranscriptSegment).where(
        TranscriptSegment.hearing_id == hearing_id))}

    def where(key: str) -> str:
        sid = int(key.split(":")[1])
        return f"第 {sid} 号段落（{clock(starts.get(sid, 0))}）"

    for key in sorted(set(stored) | set(now)):
        before, after = stored.get(key), now.get(key)
        if before == after:
            continue
        kind = key.split(":")[0]
        if kind == "header":
            problems.append("笔录头部信息（案号、当事人、仲裁庭、开庭时间或地点）在定稿后被改动")
        elif kind == "segment":
            if before is None:
                problems.append(f"定稿后新增了{where(key)}")
            elif after is None:
                problems.append(f"定稿后删除了第 {key.split(':')[1]} 号段落")
            else:
                problems.append(f"{where(key)}的内容在定稿后被改动")
        elif kind == "audio":
            name = key.split(":", 1)[1]
            problems.append(f"录音文件 {name} {'已缺失' if after == 'missing' else '在定稿后被改动'}")
        elif kind == "corrections":
            problems.append("补正申请记录在定稿后被改动")
        elif kind == "attendance":
            problems.append("到庭情况或拒绝签名的记录在定稿后被改动")
    digest = _overall(now)
    if not problems and digest != seal.digest:
        problems.append("定稿摘要与记录不符")
    return Verification(not problems, digest, problems)
