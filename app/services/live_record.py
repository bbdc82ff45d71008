"""Storing the live record as it is produced, and recovering interrupted hearings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Case, Hearing, HearingAudio, TranscriptSegment
from app.models.database import Database
from app.services import access
from app.services.transcript import SegmentRow, segment_row
from app.speech.engine import Segment
from app.speech.live import JournalInfo, interrupted_journals, journal_stem, recover_journal


def timeline_end(session: Session, hearing_id: int) -> float:
    """Where a new recording starts on the hearing's timeline: after the ones before it."""
    end = session.scalar(select(func.max(HearingAudio.offset + HearingAudio.duration))
                         .where(HearingAudio.hearing_id == hearing_id))
    last_segment = session.scalar(select(func.max(TranscriptSegment.end)).where(TranscriptSegment.hearing_id == hearing_id))
    return max(end or 0.0, last_segment or 0.0)


def start_audio(session: Session, hearing_id: int, wav_path: str, offset: float) -> int:
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    audio = HearingAudio(hearing_id=hearing_id, path=wav_path, original_name="现场录音", duration=0.0, offset=offset)
    session.add(audio)
    session.flush()
    return audio.id


def store_live_segment(session: Session, hearing_id: int, audio_id: int | None, seg: Segment, speaker: str) -> int:
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    row = TranscriptSegment(hearing_id=hearing_id, audio_id=audio_id, start=seg.start, end=seg.end,
                            text=seg.text or seg.raw_text, raw_text=seg.raw_text, conf=seg.confidence,
                            speaker=speaker, source="speech",
                            words=json.dumps([w.as_json() for w in seg.words], ensure_ascii=False))
    session.add(row)
    session.flush()
    return row.id


def finish_audio(session: Session, audio_id: int, duration: float) -> None:
    """A live recording ended: its length, and the hearing's real start and end from the record."""
    from app.services.hearing_times import extend_times_from_live_record

    audio = session.get_one(HearingAudio, audio_id)
    access.require(session, access.RECORD_EDIT, hearing_id=audio.hearing_id)
    audio.duration = duration
    extend_times_from_live_record(session, audio.hearing_id)


# -- one live recording, for the headless recorder and the workspace alike --------------------

@dataclass(frozen=True)
class LiveStart:
    hearing_id: int
    audio_id: int
    offset: float  # where this recording starts on the hearing's timeline
    stem: str  # the journal's name: the audio becomes hearing-N/<stem>.wav


def begin_live(session: Session, hearing_id: int) -> LiveStart:
    """Start recording into a hearing: refused once the record is sealed; placed after what the
    hearing already has; the audio row names the real file from the start, so a crash, then
    `recover`, completes this row instead of adding another."""
    from app.services.record import RecordLocked, is_finalized

    if is_finalized(session, hearing_id):
        raise RecordLocked("该次庭审笔录已定稿，不能继续录音")
    offset = timeline_end(session, hearing_id)
    stem = journal_stem()
    audio_id = start_audio(session, hearing_id, f"hearing-{hearing_id}/{stem}.wav", offset)
    return LiveStart(hearing_id, audio_id, offset, stem)


def record_line(session: Session, live: LiveStart, seg: Segment, speaker: str) -> SegmentRow:
    """Store a final segment the moment it exists; the row the record view shows comes back."""
    sid = store_live_segment(session, live.hearing_id, live.audio_id, seg, speaker)
    return segment_row(session.get_one(TranscriptSegment, sid))


def finish_live(session: Session, live: LiveStart, seconds: float) -> None:
    finish_audio(session, live.audio_id, seconds)


@dataclass(frozen=True)
class Recovered:
    case_no: str
    session_no: int
    seconds: float
    segments: int
    wav: Path


def describe_interrupted(db: Database, audio_dir: Path) -> list[tuple[JournalInfo, str, int]]:
    out = []
    with db.session() as s:
        for info in interrupted_journals(audio_dir):
            hearing = s.get(Hearing, info.hearing_id)
            case_no = s.get(Case, hearing.case_id).case_no if hearing else "（未知案件）"
            out.append((info, case_no, hearing.session_no if hearing else 0))
    return out


def recover_all(db: Database, audio_dir: Path) -> list[Recovered]:
    """Turn every interrupted journal into a WAV and record its length with the hearing."""
    done = []
    for info, case_no, session_no in describe_interrupted(db, audio_dir):
        seconds = recover_journal(info)
        rel = str(info.wav.relative_to(audio_dir))
        with db.session() as s:
            access.require(s, access.RECORD_EDIT, hearing_id=info.hearing_id)
            audio = s.scalar(select(HearingAudio).where(HearingAudio.path == rel))
            if audio is None:
                audio = HearingAudio(hearing_id=info.hearing_id, path=rel, original_name="现场录音（恢复）",
                                     offset=info.offset)
                s.add(audio)
            audio.duration = seconds
            count = s.scalar(select(func.count()).select_from(TranscriptSegment)
                             .where(TranscriptSegment.hearing_id == info.hearing_id)) or 0
        done.append(Recovered(case_no, session_no, seconds, count, info.wav))
    return done
