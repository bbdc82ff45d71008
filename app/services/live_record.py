"""Storing the live record as it is produced, and recovering interrupted hearings."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Case, Hearing, HearingAudio, TranscriptSegment
from app.models.database import Database
from app.services import access
from app.speech.case_words import CaseWords
from app.speech.engine import Segment
from app.speech.live import (
    JournalInfo,
    interrupted_journals,
    journal_lines,
    journal_to_wav,
    mark_recovered,
    new_journal_name,
)


def timeline_end(session: Session, hearing_id: int) -> float:
    """Where a new recording starts on the hearing's timeline: after the ones before it."""
    end = session.scalar(select(func.max(HearingAudio.offset + HearingAudio.duration))
                         .where(HearingAudio.hearing_id == hearing_id))
    last_segment = session.scalar(select(func.max(TranscriptSegment.end)).where(TranscriptSegment.hearing_id == hearing_id))
    return max(end or 0.0, last_segment or 0.0)


def start_audio(session: Session, hearing_id: int, wav_path: str, offset: float, *, journal: str | None = None) -> int:
    """The audio row of a live recording, carrying its journal id (what `recover` matches)."""
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    audio = HearingAudio(hearing_id=hearing_id, path=wav_path, original_name="现场录音", duration=0.0, offset=offset,
                         journal=journal)
    session.add(audio)
    session.flush()
    return audio.id


def store_live_segment(session: Session, hearing_id: int, audio_id: int | None, seg: Segment, speaker: str) -> int:
    """Store a live line; a line already stored (by its journal id: a retry, a recover) is not
    stored twice."""
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    if seg.line_id:
        existing = session.scalar(select(TranscriptSegment.id).where(TranscriptSegment.journal_line == seg.line_id))
        if existing is not None:
            return existing
    row = TranscriptSegment(hearing_id=hearing_id, audio_id=audio_id, start=seg.start, end=seg.end,
                            text=seg.text or seg.raw_text, raw_text=seg.raw_text, conf=seg.confidence,
                            speaker=speaker, source="speech", journal_line=seg.line_id or None,
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
    offset: float  # where this recording starts on the hearing's timeline
    journal: str  # the recording's id: its journal and WAV (hearing-N/<journal>.wav), its audio row, its lines
    words: CaseWords = field(default_factory=CaseWords)  # the case's names and terms, to correct what is heard


def begin_live(session: Session, hearing_id: int) -> LiveStart:
    """May this account record into this hearing now? Refused once the record is sealed or
    without the right (the `LiveStore` under the recorder checks every line again); the new
    recording is placed after what the hearing already has and named before it starts, so the
    audio row, every line and `recover` know it by one id."""
    from app.services.record import RecordLocked, is_finalized

    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    if is_finalized(session, hearing_id):
        raise RecordLocked("该次庭审笔录已定稿，不能继续录音")
    from app.services.case_vocabulary import case_words

    case_id = session.get_one(Hearing, hearing_id).case_id
    return LiveStart(hearing_id, timeline_end(session, hearing_id), new_journal_name(), case_words(session, case_id))


def open_store(db: Database, live: LiveStart, **callbacks) -> "LiveStore":
    """The store that writes this recording's lines as they come (see `LiveStore`)."""
    return LiveStore(db, live.hearing_id, journal=live.journal, wav_path=f"hearing-{live.hearing_id}/{live.journal}.wav",
                     offset=live.offset, **callbacks)


class LiveStore:
    """Stores the lines of one live recording as they come, on its own thread, so the recorder
    never waits for the database. The recorder has already written each line to its journal,
    so when the database is unavailable (a SQLite lock, a stopped PostgreSQL server) the
    recording goes on: the lines wait, are retried with back-off (1 s doubling to 30 s) and are
    stored when the database is back; `notify` says so once per outage and once when it is
    over. What is still unstored when the recording ends is left to `recover` (the journal says
    so). Used by the CLI recorder and the GUI alike."""

    MAX_DELAY = 30.0

    def __init__(self, db: Database, hearing_id: int, *, journal: str, wav_path: str, offset: float,
                 notify: Callable[[str], None] = lambda m: None,
                 on_stored: Callable[[int, Segment], None] = lambda sid, seg: None):
        self.db, self.hearing_id, self.journal, self.wav_path, self.offset = db, hearing_id, journal, wav_path, offset
        self.notify, self.on_stored = notify, on_stored
        self.audio_id: int | None = None
        self._pending: list[tuple[Segment, str]] = []
        self._duration: float | None = None
        self.refused: list[Segment] = []  # the record was finalised meanwhile: kept in the journal only
        self.sealed = False
        self.outage = False
        self._delay = 1.0
        self._next_try = 0.0
        self._closing = False
        self._give_up = False
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=f"live-store-{journal}", daemon=True)
        self._thread.start()

    def add(self, seg: Segment, speaker: str) -> None:
        with self._cond:
            if self.sealed:  # finalised meanwhile: said once; the journal keeps the line
                self.refused.append(seg)
                return
            self._pending.append((seg, speaker))
            self._cond.notify()

    @property
    def unstored(self) -> int:
        with self._cond:
            return len(self._pending) + len(self.refused) + (self._duration is not None)

    def finish(self, seconds: float, *, timeout: float = 10.0) -> bool:
        """Record the length and wait (at most `timeout`) for the rest to be stored. False: the
        database is still away; the journal keeps the rest for `recover`."""
        with self._cond:
            self._duration = seconds
            self._closing = True
            self._next_try = 0.0
            self._cond.notify()
        self._thread.join(timeout)
        with self._cond:
            self._closing = True
            self._give_up = True
            self._cond.notify()
        return self.unstored == 0

    def _has_work(self) -> bool:
        # the audio row is made with the first line or at the end, never for a recording that
        # did not start (a missing microphone must not leave a row whose file never comes)
        return bool(self._pending) or self._duration is not None

    def close(self) -> None:
        """The recording never started: stop the thread, store nothing."""
        with self._cond:
            self._give_up = True
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                if self._give_up or (self._closing and not self._has_work()):
                    return
                if not self._has_work():
                    self._cond.wait()
                    continue
                wait = self._next_try - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                batch, duration = list(self._pending), self._duration
            self._attempt(batch, duration)

    def _attempt(self, batch: list[tuple[Segment, str]], duration: float | None) -> None:
        from app.models.database import DatabaseError
        from app.models.seal import SealedRecordError

        stored: list[tuple[int, Segment]] = []
        try:
            with self.db.session() as s:
                audio_id = self.audio_id
                if audio_id is None:
                    audio_id = s.scalar(select(HearingAudio.id).where(HearingAudio.journal == self.journal)) \
                        or start_audio(s, self.hearing_id, self.wav_path, self.offset, journal=self.journal)
                for seg, speaker in batch:
                    stored.append((store_live_segment(s, self.hearing_id, audio_id, seg, speaker), seg))
                if duration is not None:
                    finish_audio(s, audio_id, duration)
        except (SealedRecordError, access.AccessDenied) as exc:
            with self._cond:
                self.sealed = True
                self.refused += [seg for seg, _ in self._pending]
                self._pending.clear()
                self._give_up = True
            self.notify(f"{exc}（之后的笔录只保存在录音日志中）")
            return
        except DatabaseError as exc:
            if not self.outage:
                self.notify(f"数据库暂时不可用，录音继续，笔录先保存在录音日志中，恢复后自动写入：{exc}")
            with self._cond:
                self.outage = True
                self._next_try = time.monotonic() + self._delay
                self._delay = min(self._delay * 2, self.MAX_DELAY)
            return
        with self._cond:
            self.audio_id = audio_id
            del self._pending[:len(batch)]
            if duration is not None and self._duration == duration:
                self._duration = None
            was_out, self.outage, self._delay = self.outage, False, 1.0
        if was_out:
            self.notify(f"数据库已恢复，{len(batch)} 行笔录已写入")
        for sid, seg in stored:
            self.on_stored(sid, seg)


@dataclass(frozen=True)
class Recovered:
    case_no: str
    session_no: int
    seconds: float
    segments: int
    wav: Path
    problem: str = ""  # not written to the database (the WAV and the journal are kept)


def describe_interrupted(db: Database, audio_dir: Path) -> list[tuple[JournalInfo, str, int]]:
    out = []
    with db.session() as s:
        for info in interrupted_journals(audio_dir):
            hearing = s.get(Hearing, info.hearing_id)
            case_no = s.get(Case, hearing.case_id).case_no if hearing else "（未知案件）"
            out.append((info, case_no, hearing.session_no if hearing else 0))
    return out


def recover_all(db: Database, audio_dir: Path) -> list[Recovered]:
    """Turn every interrupted journal into a WAV, store it and every line not yet stored with
    the hearing (matched by the journal id), and only then mark the journal recovered: a
    database failure leaves it listed for the next try."""
    from app.models.seal import SealedRecordError

    done = []
    for info, case_no, session_no in describe_interrupted(db, audio_dir):
        seconds = journal_to_wav(info)
        if not session_no:  # the hearing was removed meanwhile: keep the WAV and the journal, say so
            done.append(Recovered(case_no, 0, seconds, 0, info.wav, "该次开庭已不存在，录音保留在此文件中"))
            continue
        try:
            done.append(_recover_one(db, audio_dir, info, case_no, session_no, seconds))
        except SealedRecordError as exc:  # finalised meanwhile: the journal keeps what was not stored
            mark_recovered(info, state="sealed")
            done.append(Recovered(case_no, session_no, seconds, 0, info.wav, f"{exc}（录音和日志保留在此）"))
    return done


def _recover_one(db: Database, audio_dir: Path, info: JournalInfo, case_no: str, session_no: int,
                 seconds: float) -> Recovered:
    rel = str(info.wav.relative_to(audio_dir))
    lines = journal_lines(info)
    with db.session() as s:
        access.require(s, access.RECORD_EDIT, hearing_id=info.hearing_id)
        audio = s.scalar(select(HearingAudio).where(HearingAudio.journal == info.name))
        if audio is None:  # a recording made before journal ids: by its path
            audio = s.scalar(select(HearingAudio).where(HearingAudio.path == rel))
        if audio is None:
            audio = HearingAudio(hearing_id=info.hearing_id, path=rel, original_name="现场录音（恢复）",
                                 offset=info.offset, journal=info.name)
            s.add(audio)
        if audio.path != rel:
            audio.path = rel
        if audio.duration != seconds:
            audio.duration = seconds
        s.flush()
        speaker = s.scalar(select(TranscriptSegment.speaker).where(
            TranscriptSegment.journal_line.startswith(info.name + "#")).limit(1)) or ""
        for seg in lines:
            store_live_segment(s, info.hearing_id, audio.id, seg, speaker)
        count = s.scalar(select(func.count()).select_from(TranscriptSegment)
                         .where(TranscriptSegment.hearing_id == info.hearing_id)) or 0
    mark_recovered(info)
    return Recovered(case_no, session_no, seconds, count, info.wav)
