"""Editing the hearing record: corrections of segments, typed lines, correction requests
(调解仲裁法 Art 40) and element citations. Every change goes through the ORM, so the audit
trail records who, when, before and after; `raw_text` (what the recogniser heard) is never
changed. A finalised record accepts no edits except recorded corrections."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    CorrectionRequest,
    ElementCitation,
    ElementEntry,
    Hearing,
    RecordSignOff,
    TranscriptSegment,
)
from app.models.base import utcnow
from app.models.database import ConflictError
from app.models.seal import SealedRecordError, correction_window
from app.services import access
from app.vocabulary import CitationSide, SpeakerRole


class RecordLocked(SealedRecordError):
    pass


def is_finalized(session: Session, hearing_id: int) -> bool:
    """Finalised: sealed (the flag a deleted sign-off row leaves behind) or signed off."""
    if session.scalar(select(Hearing.sealed).where(Hearing.id == hearing_id)):
        return True
    return session.scalar(select(RecordSignOff.id).where(RecordSignOff.hearing_id == hearing_id)) is not None


def _editable(session: Session, hearing_id: int) -> None:
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    if is_finalized(session, hearing_id):
        raise RecordLocked("该次庭审笔录已定稿签署，不能再修改；如需补正，请登记补正申请（调解仲裁法第四十条）。")


def edit_segment(session: Session, segment_id: int, *, version: int, text: str | None = None,
                 speaker: str | None = None, private_note: bool | None = None) -> TranscriptSegment:
    seg = session.get(TranscriptSegment, segment_id)
    if seg is None:
        raise LookupError("该段笔录已不存在")
    _editable(session, seg.hearing_id)
    if seg.version != version:
        raise ConflictError("该段笔录已被其他用户修改，您的修改未保存。")
    if speaker is not None and speaker and speaker not in {r.value for r in SpeakerRole}:
        raise ValueError(f"未知的发言人身份：{speaker}")
    if text is not None:
        seg.text = text.strip()
    if speaker is not None:
        seg.speaker = speaker
    if private_note is not None:
        seg.private_note = private_note
    seg.updated_at = utcnow()
    session.flush()
    return seg


def add_typed_line(session: Session, hearing_id: int, *, start: float, text: str, speaker: str = "") -> int:
    """A line the clerk types; it takes its place in time order."""
    _editable(session, hearing_id)
    if not text.strip():
        raise ValueError("内容不能为空")
    seg = TranscriptSegment(hearing_id=hearing_id, start=start, end=start, text=text.strip(), raw_text="",
                            speaker=speaker, source="typed")
    session.add(seg)
    session.flush()
    return seg.id


@dataclass(frozen=True)
class CorrectionRow:
    id: int
    segment_id: int | None
    requested_by: str
    content: str
    proposed_text: str
    accepted: bool | None
    decided_by: str
    reason: str
    requested_at: datetime

    @property
    def outcome(self) -> str:
        if self.accepted is None:
            return "待处理"
        return "已补正" if self.accepted else "不予补正"


def correction_problems(*, content: str, accepted: bool | None, has_segment: bool, proposed_text: str,
                        reason: str) -> dict[str, str]:
    """What keeps a 补正申请 from being registered, by field (content / proposed / reason).
    The dialog shows these beside its fields before anything is sent; request_correction and
    decide_correction refuse the same."""
    problems: dict[str, str] = {}
    if not content.strip():
        problems["content"] = "请写明申请补正的内容"
    if accepted is True:
        if not has_segment:
            problems["proposed"] = "予以补正须先在笔录中选定要补正的那一行"
        elif not proposed_text.strip():
            problems["proposed"] = "请写明补正后的文字"
    if accepted is False and not reason.strip():
        problems["reason"] = "不予补正须写明理由"
    return problems


def request_correction(session: Session, hearing_id: int, *, requested_by: str, content: str,
                       segment_id: int | None = None, proposed_text: str = "") -> int:
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    if not content.strip():
        raise ValueError("请写明申请补正的内容")
    if segment_id is not None:
        seg = session.get(TranscriptSegment, segment_id)
        if seg is None or seg.hearing_id != hearing_id:
            raise ValueError("补正申请指向的笔录段落不属于该次庭审")
    req = CorrectionRequest(hearing_id=hearing_id, segment_id=segment_id, requested_by=requested_by,
                            content=content.strip(), proposed_text=proposed_text.strip())
    session.add(req)
    session.flush()
    return req.id


def decide_correction(session: Session, request_id: int, *, accepted: bool, decided_by: str, reason: str = "",
                      audio_dir=None) -> None:
    """Accept (the segment text changes, audited) or refuse (kept and printed). On a
    finalised record a decided correction is the one change allowed: the record is verified
    first (a correction never re-seals over tampering), then changed through the seal guard's
    correction window, and the seal is renewed."""
    req = session.get(CorrectionRequest, request_id)
    if req is None:
        raise LookupError("补正申请不存在")
    who = access.require(session, access.DECIDE_CORRECTION, hearing_id=req.hearing_id)
    decided_by = decided_by if who.system else who.name  # decided by the signed-in account, not free text
    if req.accepted is not None:
        raise ValueError("该补正申请已处理")
    if not accepted and not reason.strip():
        raise ValueError("不予补正须写明理由")
    finalized = is_finalized(session, req.hearing_id)
    if finalized:
        from app.services import sign_off

        if audio_dir is None:
            raise sign_off.SealError("需要录音目录才能核验并重新计算定稿摘要")
        check = sign_off.verify(session, req.hearing_id, audio_dir=audio_dir)
        if not check.ok:
            raise SealedRecordError("笔录在定稿后被改动，不能在其上处理补正并重新定稿：" + "；".join(check.problems))
    from app.models.database import ACTOR_CHARS, _fit

    with correction_window(session, req.hearing_id):
        req.accepted = accepted
        decided_by = _fit(decided_by, ACTOR_CHARS, "处理人")
        req.decided_by = decided_by
        req.reason = reason
        req.decided_at = utcnow().replace(microsecond=0)
        if accepted and req.segment_id and req.proposed_text:
            seg = session.get_one(TranscriptSegment, req.segment_id)
            if seg.hearing_id != req.hearing_id:
                raise SealedRecordError("补正申请指向的笔录段落不属于该次庭审")
            seg.text = req.proposed_text
            seg.updated_at = utcnow()
        session.flush()
        if finalized:
            from app.services.sign_off import reseal

            reseal(session, req.hearing_id, audio_dir=audio_dir)


def register_correction(session: Session, hearing_id: int, *, requested_by: str, content: str,
                        segment_id: int | None = None, proposed_text: str = "", outcome: bool | None = None,
                        reason: str = "", audio_dir=None) -> list:
    """A party's request registered, and decided at once when the tribunal already has; the
    record as it now stands comes back (the acting person decides: `session.info["actor"]`)."""
    from app.services.transcript import segment_rows

    rid = request_correction(session, hearing_id, requested_by=requested_by, content=content,
                             segment_id=segment_id, proposed_text=proposed_text)
    if outcome is not None:
        decide_correction(session, rid, accepted=outcome, decided_by=session.info.get("actor", ""), reason=reason,
                          audio_dir=audio_dir)
    return segment_rows(session, hearing_id)


def corrections(session: Session, hearing_id: int) -> list[CorrectionRow]:
    return [
        CorrectionRow(c.id, c.segment_id, c.requested_by, c.content, c.proposed_text, c.accepted, c.decided_by,
                      c.reason, c.requested_at)
        for c in session.scalars(select(CorrectionRequest).where(CorrectionRequest.hearing_id == hearing_id)
                                 .order_by(CorrectionRequest.requested_at, CorrectionRequest.id))
    ]


def cite(session: Session, element_id: int, segment_id: int, side: CitationSide) -> int:
    """Attach a statement of the record to an element (applicant's / respondent's position,
    or the tribunal's finding)."""
    element = session.get(ElementEntry, element_id)
    seg = session.get(TranscriptSegment, segment_id)
    if element is None or seg is None:
        raise LookupError("要素或笔录段落不存在")
    hearing = session.get_one(Hearing, seg.hearing_id)
    access.require(session, access.ELEMENTS_FIND if side == CitationSide.FINDING else access.RECORD_EDIT,
                   element.case_id)
    if hearing.case_id != element.case_id:
        raise ValueError("只能引用本案的庭审笔录")
    existing = session.scalar(select(ElementCitation).where(
        ElementCitation.element_id == element_id, ElementCitation.segment_id == segment_id,
        ElementCitation.side == side))
    if existing:
        return existing.id
    c = ElementCitation(element_id=element_id, segment_id=segment_id, side=side)
    session.add(c)
    session.flush()
    return c.id


def audit_entries(session: Session, case_id: int, *, limit: int = 2000) -> list:
    """The audit trail of a case, newest first, including its hearing records, in words
    (app/services/audit_trail.py): Chinese field names and values, local times, staff and
    room names instead of their ids."""
    from app.models import AuditEntry, Room, Staff
    from app.security.masking import mask_text
    from app.services.audit_trail import describe

    stmt = select(AuditEntry).where(AuditEntry.case_id == case_id)
    rows = session.scalars(stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    names = {"staff_id": dict(session.execute(select(Staff.id, Staff.name)).all()),
             "room_id": dict(session.execute(select(Room.id, Room.name)).all())}
    # ID and phone numbers whole only for the administrator (issue 12)
    whole = access.OFFICE_SETTINGS in access.permissions_for(session)
    return [describe({"at": a.at, "actor": a.actor, "os_user": a.os_user, "entity": a.entity,
                      "entity_id": a.entity_id, "action": a.action,
                      "changes": a.changes if whole else mask_text(a.changes)}, names) for a in rows]


def citations_by_element(session: Session, case_id: int) -> dict[int, list[tuple[str, float, str]]]:
    """element id -> [(side label, seconds into the hearing, statement)] for the workspace."""
    rows = session.execute(
        select(ElementCitation.element_id, ElementCitation.side, TranscriptSegment.start, TranscriptSegment.text)
        .join(TranscriptSegment, TranscriptSegment.id == ElementCitation.segment_id)
        .join(ElementEntry, ElementEntry.id == ElementCitation.element_id)
        .where(ElementEntry.case_id == case_id)
        .order_by(TranscriptSegment.start)
    ).all()
    out: dict[int, list[tuple[str, float, str]]] = {}
    for element_id, side, start, text in rows:
        out.setdefault(element_id, []).append((side.label, start, text))
    return out


# -- the clerk's editing operations (each audited through the ORM) ----------------------------

def _segment(session: Session, segment_id: int, version: int | None = None) -> TranscriptSegment:
    seg = session.get(TranscriptSegment, segment_id)
    if seg is None:
        raise LookupError("该段笔录已不存在")
    _editable(session, seg.hearing_id)
    if version is not None and seg.version != version:
        raise ConflictError("该段笔录已被其他用户修改，您的修改未保存。")
    return seg


def relabel(session: Session, segment_ids: list[int], speaker: str) -> dict[int, str]:
    """Give several segments one speaker; returns their previous speakers (for undo)."""
    if speaker and speaker not in {r.value for r in SpeakerRole}:
        raise ValueError(f"未知的发言人身份：{speaker}")
    before: dict[int, str] = {}
    for sid in segment_ids:
        seg = _segment(session, sid)
        before[sid] = seg.speaker
        seg.speaker = speaker
        seg.updated_at = utcnow()
    session.flush()
    return before


def split_segment(session: Session, segment_id: int, position: int, *, version: int | None = None) -> int:
    """Split a segment's text at `position`; times follow the recognised words when there
    are any (else in proportion to the text). Returns the new second segment's id."""
    seg = _segment(session, segment_id, version)
    text = seg.text
    if not 0 < position < len(text):
        raise ValueError("拆分位置须在文字中间")
    words = json.loads(seg.words or "[]")
    share = position / len(text)
    cut = seg.start + (seg.end - seg.start) * share
    if words:
        index = max(1, min(len(words) - 1, round(len(words) * share)))
        cut = words[index]["start"]
        first_words, second_words = words[:index], words[index:]
    else:
        first_words, second_words = [], []
    second = TranscriptSegment(hearing_id=seg.hearing_id, audio_id=seg.audio_id, start=cut, end=seg.end,
                               text=text[position:].strip(), raw_text="", conf=seg.conf, speaker=seg.speaker,
                               source=seg.source, private_note=seg.private_note,
                               words=json.dumps(second_words, ensure_ascii=False))
    seg.text = text[:position].strip()
    seg.end = cut
    seg.words = json.dumps(first_words, ensure_ascii=False)
    seg.updated_at = utcnow()
    session.add(second)
    session.flush()
    return second.id


def merge_segments(session: Session, segment_ids: list[int]) -> int:
    """Merge segments into the earliest one (text, recognised text, words, times)."""
    segs = sorted((_segment(session, sid) for sid in segment_ids), key=lambda s: s.start)
    if len(segs) < 2:
        raise ValueError("请至少选择两段")
    first = segs[0]
    joiner = lambda parts: "".join(p for p in parts if p)
    first.text = joiner(s.text for s in segs)
    first.raw_text = " ".join(s.raw_text for s in segs if s.raw_text)
    first.words = json.dumps([w for s in segs for w in json.loads(s.words or "[]")], ensure_ascii=False)
    first.end = max(s.end for s in segs)
    first.updated_at = utcnow()
    for s in segs[1:]:
        session.delete(s)
    session.flush()
    return first.id


def delete_segment(session: Session, segment_id: int) -> None:
    session.delete(_segment(session, segment_id))
    session.flush()


def replace_text(session: Session, hearing_id: int, find: str, replacement: str) -> int:
    """Search and replace in the record's text (never in the recognised text)."""
    _editable(session, hearing_id)
    if not find:
        raise ValueError("请输入要查找的文字")
    count = 0
    for seg in session.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id,
                                                               TranscriptSegment.text.contains(find))):
        count += seg.text.count(find)
        seg.text = seg.text.replace(find, replacement)
        seg.updated_at = utcnow()
    session.flush()
    return count


# -- undo: every edit the clerk can take back returns its inverse as plain data ---------------

@dataclass(frozen=True)
class RestoreText:
    segment_id: int
    version: int  # the version the edit produced: if someone changed the line since, undo is refused
    text: str


@dataclass(frozen=True)
class RestoreSpeakers:
    speakers: tuple[tuple[int, str], ...]  # (segment id, speaker before)


@dataclass(frozen=True)
class RemoveLine:
    segment_id: int


Undo = RestoreText | RestoreSpeakers | RemoveLine


def edit_text(session: Session, segment_id: int, *, version: int, text: str) -> RestoreText:
    """Correct a line's text; returns how to take the correction back."""
    before = _segment(session, segment_id, version).text
    seg = edit_segment(session, segment_id, version=version, text=text)
    return RestoreText(segment_id, seg.version, before)


def relabel_lines(session: Session, segment_ids: list[int], speaker: str) -> RestoreSpeakers:
    return RestoreSpeakers(tuple(relabel(session, segment_ids, speaker).items()))


def type_line(session: Session, hearing_id: int, *, start: float, text: str, speaker: str = "") -> RemoveLine:
    return RemoveLine(add_typed_line(session, hearing_id, start=start, text=text, speaker=speaker))


def undo(session: Session, step: Undo) -> None:
    """Apply the inverse of an edit (through the same audited, seal-checked paths)."""
    if isinstance(step, RestoreText):
        edit_segment(session, step.segment_id, version=step.version, text=step.text)
    elif isinstance(step, RestoreSpeakers):
        for segment_id, speaker in step.speakers:
            relabel(session, [segment_id], speaker)
    elif isinstance(step, RemoveLine):
        delete_segment(session, step.segment_id)
    else:
        raise TypeError(f"not an undo step: {step!r}")
