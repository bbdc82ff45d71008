"""Storing a hearing's record: imported audio and its recognised segments."""

from __future__ import annotations

import enum
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
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
    """Store an imported recording and its segments (times shifted by `offset`); refused once
    the record is sealed."""
    from app.services.record import RecordLocked, is_finalized

    if is_finalized(session, hearing_id):
        raise RecordLocked("该次庭审笔录已定稿签署，不能再导入录音；如需补正，请登记补正申请（调解仲裁法第四十条）。")
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


class Placement(enum.Enum):
    """Where an imported recording goes on a hearing that already has a record (issue 18, item 4)."""

    APPEND = "append"  # the recording continues the hearing: after its last line
    AT = "at"  # the recording starts at a time the clerk gives (HH:MM:SS)
    ALONE = "alone"  # it stands alone: from 00:00:00, as the recording's own times

    @property
    def label(self) -> str:
        return {"append": "接在现有笔录之后", "at": "从指定时间开始", "alone": "单独成段（从 00:00:00 起）"}[self.value]


@dataclass(frozen=True)
class RecordExtent:
    """What an import has to know before it asks where the recording goes."""

    lines: int
    end: float  # where the hearing's timeline ends (seconds)
    sealed: bool


def record_extent(session: Session, hearing_id: int) -> RecordExtent:
    from app.services.live_record import timeline_end
    from app.services.record import is_finalized

    lines = session.scalar(select(func.count(TranscriptSegment.id)).where(TranscriptSegment.hearing_id == hearing_id))
    return RecordExtent(lines or 0, timeline_end(session, hearing_id), is_finalized(session, hearing_id))


def parse_clock(text: str) -> float:
    """HH:MM:SS (or MM:SS) typed by a clerk, as seconds; ValueError with a readable message."""
    parts = text.strip().replace("：", ":").split(":")
    try:
        if not 2 <= len(parts) <= 3 or any(not p.isdigit() for p in parts):
            raise ValueError
        numbers = [int(p) for p in parts]
    except ValueError:
        raise ValueError(f"时间“{text}”无效，应为 时:分:秒，如 01:20:00") from None
    if len(numbers) == 2:
        numbers.insert(0, 0)
    hours, minutes, seconds = numbers
    if minutes > 59 or seconds > 59:
        raise ValueError(f"时间“{text}”无效：分和秒应在 0-59 之间")
    return float(hours * 3600 + minutes * 60 + seconds)


def import_offset(session: Session, hearing_id: int, placement: Placement, at: float = 0.0) -> float:
    """The start of the imported recording on the hearing's timeline."""
    if placement is Placement.APPEND:
        from app.services.live_record import timeline_end

        return timeline_end(session, hearing_id)
    return at if placement is Placement.AT else 0.0


def import_recording(session: Session, hearing_id: int, segments: list[Segment], *, audio_path: str,
                     original_name: str, duration: float, offset: float = 0.0,
                     placement: Placement | None = None) -> list[SegmentRow]:
    """Store a recognised recording with the hearing; the record as it now stands comes back.
    With a `placement`, the offset follows it (APPEND: the timeline's end at the moment of
    storing; AT: `offset`; ALONE: 0)."""
    if placement is not None:
        offset = import_offset(session, hearing_id, placement, offset)
    store_import(session, hearing_id, segments, audio_path=audio_path, original_name=original_name,
                 duration=duration, offset=offset)
    return segment_rows(session, hearing_id)
