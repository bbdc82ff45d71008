"""Storing a hearing's record: imported audio and its recognised segments."""

from __future__ import annotations

import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Case, Hearing, HearingAudio, TranscriptSegment
from app.services import access
from app.speech.engine import Segment


@dataclass(frozen=True)
class HearingRef:
    hearing_id: int
    case_id: int
    case_no: str
    session_no: int


@dataclass
class SegmentRow:
    id: int
    start: float
    end: float
    text: str
    raw_text: str
    speaker: str
    source: str
    conf: float
    version: int
    private_note: bool = False


def hearing_for(session: Session, case_id: int, session_no: int = 1, *, create: bool = True) -> HearingRef:
    """The hearing (第N次开庭) of a case, created when a record is first made for it."""
    if not isinstance(session_no, int) or not 1 <= session_no <= 99:
        raise ValueError(f"开庭次数应在 1 到 99 之间：{session_no}")
    case = session.get_one(Case, case_id)
    hearing = session.scalar(select(Hearing).where(Hearing.case_id == case_id, Hearing.session_no == session_no))
    if hearing is None:
        if not create:
            raise LookupError(f"案件 {case.case_no} 没有第 {session_no} 次开庭")
        # No permission check: an empty session row is what opening the workspace needs, for a
        # 查阅 account too; everything recorded into it is checked (RECORD_EDIT).
        hearing = Hearing(case_id=case_id, session_no=session_no)
        session.add(hearing)
        session.flush()
    return HearingRef(hearing.id, case_id, case.case_no, session_no)


def copy_audio_in(source: Path, audio_dir: Path, hearing_id: int) -> Path:
    """Copy a recording into the data dir (under an ASCII name) so the record keeps it."""
    folder = audio_dir / f"hearing-{hearing_id}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"import-{uuid.uuid4().hex[:8]}{Path(source).suffix.lower()}"
    tmp = target.with_suffix(target.suffix + ".part")
    try:
        shutil.copyfile(source, tmp)
        tmp.replace(target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def store_import(session: Session, hearing_id: int, segments: list[Segment], *, audio_path: str,
                 original_name: str, duration: float, offset: float = 0.0) -> int:
    """Store an imported recording and its segments (times shifted by `offset`)."""
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    audio = HearingAudio(hearing_id=hearing_id, path=audio_path, original_name=original_name,
                         duration=duration, offset=offset)
    session.add(audio)
    session.flush()
    session.add_all(
        TranscriptSegment(
            hearing_id=hearing_id, audio_id=audio.id, start=s.start + offset, end=s.end + offset,
            text=s.text or s.raw_text, raw_text=s.raw_text, conf=s.confidence, source="import",
            words=json.dumps([w.as_json() for w in s.words], ensure_ascii=False),
        )
        for s in segments
    )
    session.flush()
    return audio.id


def segment_row(s: TranscriptSegment) -> SegmentRow:
    """The one mapping from a stored line to the plain row the UI and exports show."""
    return SegmentRow(s.id, s.start, s.end, s.text, s.raw_text, s.speaker, s.source, s.conf, s.version, s.private_note)


def line(session: Session, segment_id: int) -> SegmentRow:
    """One stored line as the record view shows it."""
    return segment_row(session.get_one(TranscriptSegment, segment_id))


def segment_rows(session: Session, hearing_id: int) -> list[SegmentRow]:
    return [
        segment_row(s)
        for s in session.scalars(
            select(TranscriptSegment).where(TranscriptSegment.hearing_id == hearing_id).order_by(TranscriptSegment.start)
        )
    ]


def audio_spans(session: Session, hearing_id: int) -> list[tuple[str, float, float]]:
    """(path under audio/, offset on the hearing's timeline, seconds) of a hearing's recordings."""
    return [(a.path, a.offset, a.duration) for a in session.scalars(
        select(HearingAudio).where(HearingAudio.hearing_id == hearing_id).order_by(HearingAudio.offset))]


def import_recording(session: Session, hearing_id: int, segments: list[Segment], *, audio_path: str,
                     original_name: str, duration: float, offset: float = 0.0) -> list[SegmentRow]:
    """Store a recognised recording with the hearing; the record as it now stands comes back."""
    store_import(session, hearing_id, segments, audio_path=audio_path, original_name=original_name,
                 duration=duration, offset=offset)
    return segment_rows(session, hearing_id)
