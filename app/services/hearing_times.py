"""When a hearing really started and ended, and whether it was held element-based.

The times are wall-clock local times like `Hearing.scheduled_at`. They come from the
workspace timer, from the live record (its first and last line), or are typed in afterwards.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import ElementEntry, Hearing, HearingAudio, TranscriptSegment
from app.services import access
from app.vocabulary import ElementStatus

LIVE_AUDIO_PREFIX = "现场录音"  # HearingAudio.original_name of recordings made in the room


class HearingTimeError(ValueError):
    pass


def _local(utc_naive: datetime) -> datetime:
    return utc_naive.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def record_hearing_times(
    session: Session,
    hearing_id: int,
    *,
    started_at: datetime | None,
    ended_at: datetime | None,
    element_based: bool | None = None,
) -> None:
    """Store the real start and end (typed in, or from the timer); `element_based` left
    None keeps what is stored."""
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    if started_at and ended_at and ended_at < started_at:
        raise HearingTimeError("庭审结束时间早于开始时间")
    if started_at and ended_at and ended_at - started_at > timedelta(hours=24):
        raise HearingTimeError("庭审时长超过 24 小时，请检查开始和结束时间")
    hearing = session.get(Hearing, hearing_id)
    if hearing is None:
        raise HearingTimeError(f"开庭记录不存在（编号 {hearing_id}）")
    hearing.started_at = started_at.replace(second=0, microsecond=0) if started_at else None
    hearing.ended_at = ended_at.replace(second=0, microsecond=0) if ended_at else None
    if element_based is not None:
        hearing.element_based = element_based
    session.flush()


def times_from_live_record(session: Session, hearing_id: int) -> tuple[datetime, datetime] | None:
    """Start of the first and end of the last line recorded live in the room.

    A live recording's audio row is made when recording begins; a line `start` seconds into
    the hearing's timeline was spoken `start - offset` seconds after that.
    """
    first = session.execute(
        select(HearingAudio.created_at, HearingAudio.offset, TranscriptSegment.start)
        .join(HearingAudio, HearingAudio.id == TranscriptSegment.audio_id)
        .where(TranscriptSegment.hearing_id == hearing_id, HearingAudio.original_name.startswith(LIVE_AUDIO_PREFIX))
        .order_by(TranscriptSegment.start).limit(1)
    ).first()
    last = session.execute(
        select(HearingAudio.created_at, HearingAudio.offset, TranscriptSegment.end)
        .join(HearingAudio, HearingAudio.id == TranscriptSegment.audio_id)
        .where(TranscriptSegment.hearing_id == hearing_id, HearingAudio.original_name.startswith(LIVE_AUDIO_PREFIX))
        .order_by(TranscriptSegment.end.desc()).limit(1)
    ).first()
    if first is None or last is None:
        return None
    start = _local(first[0]) + timedelta(seconds=max(0.0, first[2] - first[1]))
    end = _local(last[0]) + timedelta(seconds=max(0.0, last[2] - last[1]))
    return start, end


def element_table_used(session: Session, case_id: int) -> bool:
    """An element of the case was settled or a party's position written down."""
    used = session.scalar(
        select(func.count()).select_from(ElementEntry).where(
            ElementEntry.case_id == case_id,
            (ElementEntry.status != ElementStatus.PENDING)
            | (ElementEntry.applicant_position != "") | (ElementEntry.respondent_position != ""),
        )
    )
    return bool(used)


def fill_times_from_record(session: Session, hearing_id: int, *, overwrite: bool = False) -> tuple[datetime, datetime] | None:
    """Take the times from the live record where none were entered; mark the hearing
    element-based when its case's element table was used. Returns the times stored."""
    access.require(session, access.RECORD_EDIT, hearing_id=hearing_id)
    hearing = session.get(Hearing, hearing_id)
    if hearing is None:
        raise HearingTimeError(f"开庭记录不存在（编号 {hearing_id}）")
    found = times_from_live_record(session, hearing_id)
    if found is None:
        return None
    if overwrite or hearing.started_at is None:
        hearing.started_at = found[0].replace(microsecond=0)
    if overwrite or hearing.ended_at is None:
        hearing.ended_at = found[1].replace(microsecond=0)
    if not hearing.element_based and element_table_used(session, hearing.case_id):
        hearing.element_based = True
    session.flush()
    return hearing.started_at, hearing.ended_at


def extend_times_from_live_record(session: Session, hearing_id: int) -> None:
    """After a live recording: the hearing ran at least from the record's first line to its
    last (kept wider when an earlier start or a later end was entered)."""
    hearing = session.get(Hearing, hearing_id)
    found = times_from_live_record(session, hearing_id) if hearing is not None else None
    if found is None:
        return
    start, end = (t.replace(microsecond=0) for t in found)
    if hearing.started_at is None or start < hearing.started_at:
        hearing.started_at = start
    if hearing.ended_at is None or end > hearing.ended_at:
        hearing.ended_at = end
    if not hearing.element_based and element_table_used(session, hearing.case_id):
        hearing.element_based = True
