"""Sign-off of a hearing record (办案规则 Art 42): finalising locks the record (the seal guard in
app/models/seal.py refuses every later change but a decided correction) and stores an
HMAC-SHA256 under the office key (app/security/office_key.py) over its audio files and their
place on the timeline, its lines (text, recognised text, speaker, source, times), the printed
element summary, the decided correction requests, the header, and who finalised it when. A
keyed digest per part lets `verify` name exactly what was altered; without the office key,
which is not in the database, nobody can recompute a digest that passes.

The header (header version 2, migration 0009) is sealed as a snapshot of what the 笔录 prints
(app/services/record_header.py: every party's particulars, the tribunal, the session, who
appeared and who signs), stored on the sign-off row: the header part is the keyed digest of
that snapshot and the 笔录 of a finalised hearing prints its header from it. A later edit of
the case (a party's new address) is then not tampering — `verify` mentions it as a note — and
does not change the sealed record; a changed snapshot is. The hearing row itself (times, room,
public or not), which nothing may change after sealing, is its own part. Seals made before
(header version 1, no snapshot) keep their header part over `header_data` v1 of the live case
and verify exactly as they always did.

The sign-off row is itself an audited insert (app/models/audit.py), so the audit trail holds
the seal's digest as one of its entries.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    AuditEntry,
    Case,
    CorrectionRequest,
    ElementCitation,
    ElementEntry,
    Hearing,
    HearingAttendance,
    HearingAudio,
    RecordSignOff,
    TranscriptSegment,
)
from app.models.base import utcnow
from app.models.seal import SealedRecordError, lock_for_writing
from app.security.office_key import digests_equal, keyed_digest
from app.services import access
from app.services import record_header as headers
from app.timecode import clock
from app.vocabulary import ElementStatus


class SealError(ValueError):
    """Finalising or verifying is not possible as asked; the message says why."""


def office_key(session: Session) -> bytes:
    key = session.info.get("office_key")
    if not key:
        raise SealError("没有办公室密钥，无法定稿或核验（见 README“定稿签署”）")
    return key


def key_id(key: bytes) -> str:
    """A fingerprint that tells keys apart without revealing them."""
    return hashlib.sha256(b"hearingdesk office key id\0" + key).hexdigest()[:16]


def _canon(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def _file_digest(key: bytes, path: Path) -> str:
    import hmac

    h = hmac.new(key, b"audio file\0", hashlib.sha256)
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def header_data(session: Session, hearing: Hearing) -> dict:
    """The header as version-1 seals cover it (from the live case); kept as it is so that those
    seals still verify."""
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


def _printed_elements(session: Session, hearing: Hearing, segment_ids: set[int]) -> list:
    """The element summary as the 笔录 prints it, with citations of this hearing's lines."""
    out = []
    entries = session.scalars(select(ElementEntry).where(ElementEntry.case_id == hearing.case_id)
                              .order_by(ElementEntry.element_key)).all()
    for e in entries:
        if e.status not in (ElementStatus.UNDISPUTED, ElementStatus.DISPUTED):
            continue
        cites = sorted((c.segment_id, c.side.value) for c in session.scalars(
            select(ElementCitation).where(ElementCitation.element_id == e.id)) if c.segment_id in segment_ids)
        out.append([e.element_key, e.label, e.applicant_position, e.respondent_position, e.status.value, e.finding,
                    cites])
    return out


def _session_row(hearing: Hearing) -> list:
    """The hearing row's printed fields: sealed (the guard refuses any change), so a difference is tampering."""
    return [hearing.case_id, hearing.session_no, hearing.scheduled_at, hearing.started_at, hearing.ended_at,
            hearing.room_id, bool(hearing.public)]


def manifest(session: Session, hearing_id: int, audio_dir: Path | None, key: bytes,
             header: dict | None = None) -> dict[str, str]:
    """Keyed digest of every part of the record, keyed by what the part is. `header`: the sealed
    snapshot of a version-2 seal (its header part is over it); None: header_data v1."""
    def d(obj) -> str:
        return keyed_digest(key, _canon(obj))

    hearing = session.get_one(Hearing, hearing_id)
    if header is None:
        parts = {"header": d(header_data(session, hearing))}
    else:
        unreadable = isinstance(header, headers.Unreadable)
        parts = {"header": "unreadable" if unreadable else keyed_digest(key, headers.canonical(header).encode()),
                 "hearing": d(_session_row(hearing))}
    segments = session.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id)
                               .order_by(TranscriptSegment.start, TranscriptSegment.id)).all()
    for s in segments:
        parts[f"segment:{s.id}"] = d([round(s.start, 3), round(s.end, 3), s.speaker, s.text, s.raw_text, s.source,
                                      s.private_note, s.audio_id])
    for a in session.scalars(select(HearingAudio).where(HearingAudio.hearing_id == hearing_id)):
        if audio_dir is not None:  # None: the database's parts only (printing checks those)
            path = Path(audio_dir) / a.path
            parts[f"audio:{a.path}"] = _file_digest(key, path) if path.is_file() else "missing"
        parts[f"span:{a.path}"] = d([a.id, round(a.offset, 3), round(a.duration, 3), a.original_name])
    requests = session.scalars(select(CorrectionRequest).where(CorrectionRequest.hearing_id == hearing_id,
                                                               CorrectionRequest.accepted.is_not(None))
                               .order_by(CorrectionRequest.id))
    parts["corrections"] = d([(c.id, c.segment_id, c.requested_by, c.content, c.proposed_text, c.accepted,
                               c.decided_by, c.reason, c.decided_at) for c in requests])
    parts["elements"] = d(_printed_elements(session, hearing, {s.id for s in segments}))
    # Attendance and refusals to sign are printed in the record: sealed with it (a part only
    # when recorded, so seals made before attendance was kept still verify).
    present = session.scalars(select(HearingAttendance).where(HearingAttendance.hearing_id == hearing_id)
                              .order_by(HearingAttendance.party_id, HearingAttendance.agent_id, HearingAttendance.role)).all()
    if present:
        parts["attendance"] = d([(a.party_id, a.agent_id, a.role, a.present, a.refused_to_sign, a.refusal_note)
                                 for a in present])
    return parts


def _legacy_manifest(session: Session, hearing_id: int, audio_dir: Path) -> dict[str, str]:
    """The unkeyed SHA-256 parts of a seal made before the office key (migration 0008): still
    verified, so an upgrade does not turn every old seal into "tampered"."""
    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    hearing = session.get_one(Hearing, hearing_id)
    parts = {"header": sha(_canon(header_data(session, hearing)))}
    for s in session.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id)
                             .order_by(TranscriptSegment.start, TranscriptSegment.id)):
        parts[f"segment:{s.id}"] = sha(_canon([round(s.start, 3), round(s.end, 3), s.speaker, s.text, s.private_note]))
    for a in session.scalars(select(HearingAudio).where(HearingAudio.hearing_id == hearing_id)):
        path = Path(audio_dir) / a.path
        if path.is_file():
            h = hashlib.sha256()
            with open(path, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    h.update(chunk)
            parts[f"audio:{a.path}"] = h.hexdigest()
        else:
            parts[f"audio:{a.path}"] = "missing"
    requests = session.scalars(select(CorrectionRequest).where(CorrectionRequest.hearing_id == hearing_id)
                               .order_by(CorrectionRequest.id))
    parts["corrections"] = sha(_canon([(c.id, c.segment_id, c.requested_by, c.content, c.proposed_text,
                                        c.accepted, c.reason) for c in requests]))
    return parts


def _overall(key: bytes, hearing_id: int, parts: dict[str, str], by: str, at: datetime) -> str:
    return keyed_digest(key, _canon({"hearing": hearing_id, "parts": parts, "finalized_by": by,
                                     "finalized_at": at.replace(microsecond=0).isoformat()}))


def check_code(key: bytes, digest: str) -> str:
    """A short code for the printed 笔录 (12 characters), derived from the seal under the key."""
    raw = keyed_digest(key, b"check code\0" + digest.encode()).upper()
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def _lock_hearing(session: Session, hearing_id: int) -> Hearing:
    """Lock the hearing against concurrent writers and read it afresh inside the lock."""
    lock_for_writing(session)  # SQLite: BEGIN IMMEDIATE
    stmt = select(Hearing).where(Hearing.id == hearing_id).execution_options(populate_existing=True)
    if session.connection().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    hearing = session.scalar(stmt)
    if hearing is None:
        raise LookupError("该次开庭不存在")
    return hearing


def finalize(session: Session, hearing_id: int, *, audio_dir: Path, by: str) -> str:
    from app.models.database import ACTOR_CHARS, _fit
    from app.services import office as office_service

    who = access.require(session, access.FINALIZE, hearing_id=hearing_id)
    by = by if who.system else who.name  # the signed-in account signs, not a name typed in
    by = _fit(by, ACTOR_CHARS, "定稿人")
    key = office_key(session)
    hearing = _lock_hearing(session, hearing_id)
    existing = session.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id)
                              .execution_options(populate_existing=True))
    if existing is not None or hearing.sealed:
        who = f"（{existing.finalized_by}，{existing.finalized_at:%Y-%m-%d %H:%M}）" if existing else ""
        raise SealError(f"该次庭审笔录已经定稿{who}，无需再次定稿")
    office_service.office(session)  # the commission's name is printed: the office row exists from now
    header = headers.live_header(session, hearing)
    parts = manifest(session, hearing_id, audio_dir, key, header)
    missing = [k for k, v in parts.items() if v == "missing"]
    if missing:
        raise SealError("录音文件缺失，无法定稿：" + "、".join(k.split(":", 1)[1] for k in missing))
    at = utcnow().replace(microsecond=0)
    digest = _overall(key, hearing_id, parts, by, at)
    hearing.sealed = True
    session.add(RecordSignOff(hearing_id=hearing_id, finalized_by=by, finalized_at=at, digest=digest,
                              manifest=json.dumps(parts), key_id=key_id(key), header_version=headers.HEADER_VERSION,
                              header=headers.canonical(header)))
    session.flush()
    return digest


def reseal(session: Session, hearing_id: int, *, audio_dir: Path | None) -> str:
    """Renew the seal after a decided correction (the one change allowed after sign-off).
    Called by `app.services.record.decide_correction` inside its correction window, after it
    verified the record; finalized_by/at stay those of the sign-off."""
    if audio_dir is None:
        raise SealError("需要录音目录才能重新计算定稿摘要")
    key = office_key(session)
    seal = session.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id))
    # the header stays as sealed (a correction is of the lines); a version-1 seal stays version 1
    parts = manifest(session, hearing_id, audio_dir, key, headers.stored_header(seal))
    seal.manifest = json.dumps(parts)
    seal.digest = _overall(key, hearing_id, parts, seal.finalized_by, seal.finalized_at)
    seal.key_id = key_id(key)
    session.flush()
    return seal.digest


@dataclass(frozen=True)
class Verification:
    ok: bool
    digest: str
    problems: list[str]
    check_code: str = ""
    notes: list[str] = field(default_factory=list)
    wrong_key: bool = False  # sealed under another office key: cannot tell, not "tampered"


def _deleted_seal_evidence(session: Session, hearing_id: int) -> str | None:
    """The audit trail's memory of a sign-off that is no longer there."""
    for entry in session.scalars(select(AuditEntry).where(AuditEntry.entity == "record_sign_off",
                                                          AuditEntry.action == "insert")):
        changes = json.loads(entry.changes or "{}")
        if changes.get("hearing_id", [None, None])[1] == hearing_id:
            return f"{entry.at:%Y-%m-%d %H:%M} {entry.actor}"
    return None


def verify(session: Session, hearing_id: int, *, audio_dir: Path) -> Verification:
    hearing = session.get(Hearing, hearing_id)
    if hearing is None:
        raise LookupError("该次开庭不存在")
    seal = session.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id))
    if seal is None:
        if hearing.sealed:
            return Verification(False, "", ["定稿签署记录已被删除（该次庭审标记为已定稿，但定稿摘要不见了）"])
        evidence = _deleted_seal_evidence(session, hearing_id)
        if evidence:
            return Verification(False, "", [f"审计记录显示该次庭审笔录曾定稿（{evidence}），但定稿记录和定稿标记都已被删除"])
        raise LookupError("该次庭审笔录尚未定稿，无从核验")
    key = office_key(session)
    if seal.key_id and seal.key_id != key_id(key):
        problem = ("定稿时使用的办公室密钥与本机的不同，无法核验；"
                   "请使用本办公室统一的密钥（HEARINGDESK_OFFICE_KEY 或 office.key）")
        return Verification(False, seal.digest, [problem], wrong_key=True)
    stored: dict[str, str] = json.loads(seal.manifest)
    legacy = not seal.key_id
    sealed_header = None if legacy else headers.stored_header(seal)
    now = _legacy_manifest(session, hearing_id, audio_dir) if legacy else \
        manifest(session, hearing_id, audio_dir, key, sealed_header)
    problems = []
    if not hearing.sealed:
        problems.append("该次庭审的定稿标记被清除")
    starts = {s.id: s.start for s in session.scalars(select(TranscriptSegment).where(
        TranscriptSegment.hearing_id == hearing_id))}

    def where(key: str) -> str:
        sid = int(key.split(":")[1])
        return f"第 {sid} 号段落（{clock(starts.get(sid, 0))}）"

    for part in sorted(set(stored) | set(now)):
        before, after = stored.get(part), now.get(part)
        if before is not None and after is not None and digests_equal(before, after):
            continue
        kind = part.split(":")[0]
        if kind == "header" and sealed_header is not None:
            problems.append("定稿时封存的笔录头部（当事人身份信息、仲裁庭、开庭时间或地点）在定稿后被改动")
        elif kind == "header":
            problems.append("笔录头部信息（案号、当事人、仲裁庭、开庭时间或地点）在定稿后被改动")
        elif kind == "hearing":
            problems.append("笔录头部信息中的开庭时间、地点或是否公开在定稿后被改动（该次开庭已定稿，不能修改）")
        elif kind == "segment":
            if before is None:
                problems.append(f"定稿后新增了{where(part)}")
            elif after is None:
                problems.append(f"定稿后删除了第 {part.split(':')[1]} 号段落")
            else:
                problems.append(f"{where(part)}的内容（文字、识别原文、发言人、来源或时间）在定稿后被改动")
        elif kind == "audio":
            name = part.split(":", 1)[1]
            if before is None:
                problems.append(f"定稿后新增了录音 {name}")
            elif after is None:
                problems.append(f"录音 {name} 的记录在定稿后被删除")
            else:
                problems.append(f"录音文件 {name} {'已缺失' if after == 'missing' else '在定稿后被改动'}")
        elif kind == "span":
            if before is not None and after is not None:
                problems.append(f"录音 {part.split(':', 1)[1]} 在时间轴上的位置或时长在定稿后被改动")
        elif kind == "corrections":
            problems.append("补正申请记录在定稿后被改动")
        elif kind == "attendance":
            problems.append("到庭情况或拒绝签名的记录在定稿后被改动")
        elif kind == "elements":
            problems.append("笔录中的要素归纳（各方陈述、认定或引用）在定稿后被改动")
    overall = (hashlib.sha256(_canon(stored)).hexdigest() if legacy
               else _overall(key, hearing_id, stored, seal.finalized_by, seal.finalized_at))
    if not problems and not digests_equal(overall, seal.digest):
        problems.append("定稿摘要与记录不符（定稿人、定稿时间或摘要在定稿后被改动）")
    pending = session.scalars(select(CorrectionRequest.id).where(CorrectionRequest.hearing_id == hearing_id,
                                                                CorrectionRequest.accepted.is_(None))).all()
    notes = [f"有 {len(pending)} 件补正申请待处理"] if pending else []
    if legacy:
        notes.append("该笔录在启用办公室密钥之前定稿，摘要未加密钥：能改数据库的人可以重算它；处理下一件补正申请时会改用密钥重新定稿")
    if sealed_header is None:
        notes.append("该笔录定稿时头部只封存了案号、案由、开庭信息、仲裁庭和当事人名称：当事人的性别、出生日期、"
                     "身份证号码、住址等按案件现有信息打印")
    elif stored.get("header") and digests_equal(stored["header"], now["header"]):  # the snapshot is genuine
        masked = sealed_header.get("id_numbers") == headers.MASKED
        changed = headers.header_changes(sealed_header, headers.live_header(session, hearing, mask=masked))
        if changed:
            notes.append("定稿后案件信息有变动（不属于篡改；定稿笔录仍按定稿时封存的头部打印）：" + "；".join(changed))
    return Verification(not problems, seal.digest, problems, check_code(key, seal.digest), notes)


# -- a printed or exported 笔录 checked against the sealed record -----------------------------

DIGEST_LINE = "定稿摘要（HMAC-SHA256）"
CODE_LINE = "校验码"
_DIGEST_RE = re.compile(r"定稿摘要（HMAC-SHA256）：\s*([0-9a-f]{64})")
_CODE_RE = re.compile(r"校验码：\s*([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


def printable_seal(session: Session, hearing_id: int) -> tuple[list[str], str]:
    """The seal lines for a printed 笔录 — only when the database still matches the seal (the
    audio files are checked by `verify`): a genuine digest is never printed on altered text."""
    hearing = session.get(Hearing, hearing_id)
    seal = session.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == hearing_id))
    if seal is None:
        if hearing is not None and hearing.sealed:
            return ["定稿摘要：定稿签署记录缺失，核验未通过（hearingdesk verify 说明原因），不印定稿摘要"], "定稿核验未通过"
        return [], ""
    key = session.info.get("office_key")
    if not seal.key_id:
        return [f"{DIGEST_LINE}：{seal.digest}", f"{CODE_LINE}：（启用办公室密钥之前的定稿，无校验码）"], ""
    if not key or key_id(key) != seal.key_id:
        return [f"{DIGEST_LINE}：{seal.digest}", f"{CODE_LINE}：（本机没有定稿所用的办公室密钥，未印）"], ""
    stored = json.loads(seal.manifest)
    now = manifest(session, hearing_id, None, key, headers.stored_header(seal))
    altered = [k for k in set(stored) | set(now) if not k.startswith("audio:") and stored.get(k) != now.get(k)]
    if altered or not hearing.sealed or not digests_equal(
            _overall(key, hearing_id, stored, seal.finalized_by, seal.finalized_at), seal.digest):
        return ["定稿摘要：该笔录在定稿后被改动，核验未通过（hearingdesk verify 列出改动），不印定稿摘要"], "定稿核验未通过"
    code = check_code(key, seal.digest)
    return seal_lines(seal.digest, code, seal.finalized_by, seal.finalized_at), \
        f"定稿校验码 {code}　摘要 {seal.digest[:16]}…"


def seal_lines(digest: str, code: str, by: str, at: datetime) -> list[str]:
    return [f"{DIGEST_LINE}：{digest}", f"{CODE_LINE}：{code}　定稿：{by} {at:%Y-%m-%d %H:%M}（UTC）"]


def read_export(path: Path) -> list[str]:
    """The lines of an exported 笔录 (.docx: paragraphs and footers; .txt)."""
    path = Path(path)
    if not path.is_file():
        raise SealError(f"找不到文件：{path}")
    if path.suffix.lower() == ".docx":
        from docx import Document

        try:
            doc = Document(str(path))
        except Exception as exc:  # not a Word file
            raise SealError(f"无法读取 Word 文件：{path}（{exc}）") from exc
        texts = [p.text for p in doc.paragraphs]
        for section in doc.sections:
            texts += [p.text for p in section.footer.paragraphs]
        return [line for t in texts for line in t.split("\n")]
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (UnicodeDecodeError, OSError) as exc:
        raise SealError(f"无法读取文本文件：{path}（{exc}）") from exc


def _normal(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = line.strip()
        if not line or "（签名）" in line or line == "（无）" or line.startswith((DIGEST_LINE, CODE_LINE, "定稿校验码")):
            continue
        if (line.startswith("第 ") and " 页 共 " in line) or line.startswith("当事人签名："):
            continue
        out.append(line.rstrip("。"))  # Word and text renderings differ in a closing 。
    return out


def verify_export(session: Session, hearing_id: int, *, audio_dir: Path, path: Path) -> Verification:
    """Does this exported or printed-and-scanned-to-text 笔录 match the sealed record?"""
    from app.export.transcript_docx import transcript_text
    from app.services.documents import transcript_document

    result = verify(session, hearing_id, audio_dir=audio_dir)
    if result.wrong_key:
        return result
    lines = read_export(path)
    text = "\n".join(lines)
    problems = [f"数据库中的笔录：{p}" for p in result.problems]
    digest = (m.group(1) if (m := _DIGEST_RE.search(text)) else "")
    code = (m.group(1) if (m := _CODE_RE.search(text)) else "")
    if not digest:
        problems.append("文件上没有定稿摘要（是定稿前导出的，或摘要被删去）")
    elif not digests_equal(digest, result.digest):
        problems.append("文件上的定稿摘要与该次庭审的定稿不符（可能是补正前的版本或其他庭审的笔录）")
    if digest and code != check_code(office_key(session), digest):
        problems.append("文件上的校验码与定稿摘要不符")
    hearing = session.get_one(Hearing, hearing_id)
    got = _normal(lines)
    best = None
    for style in ("short", "full"):
        data = transcript_document(session, hearing.case_id, hearing.session_no, role_style=style)
        want = _normal(transcript_text(data).splitlines())
        missing = [line for line in want if line not in got]
        extra = [line for line in got if line not in set(want)]
        if best is None or len(missing) + len(extra) < len(best[0]) + len(best[1]):
            best = (missing, extra)
    missing, extra = best
    for line in missing[:5]:
        problems.append(f"文件中缺少定稿笔录的这一行：{line}")
    for line in extra[:5]:
        problems.append(f"文件中有定稿笔录没有的一行：{line}")
    if len(missing) + len(extra) > 10:
        problems.append(f"……共 {len(missing)} 行缺少、{len(extra)} 行不符")
    return Verification(not problems, result.digest, problems, result.check_code, result.notes)


__all__ = ["SealError", "SealedRecordError", "Verification", "check_code", "finalize", "manifest", "reseal",
           "seal_lines", "verify", "verify_export"]
