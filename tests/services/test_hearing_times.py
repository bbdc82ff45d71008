"""Hearing start and end: typed in, or taken from the live record's first and last line."""

from datetime import UTC, datetime, timedelta

import pytest

from app.models import ElementEntry, Hearing, HearingAudio, TranscriptSegment
from app.services.hearing_times import (
    HearingTimeError,
    fill_times_from_record,
    record_hearing_times,
)
from app.vocabulary import ElementStatus
from tests.services.stats_register import build_register


@pytest.fixture
def hearing(db):
    with db.session() as s:
        ids = build_register(s)
        h = s.query(Hearing).filter_by(case_id=ids["H"]).one_or_none()
        if h is None:
            h = Hearing(case_id=ids["H"], session_no=1, scheduled_at=datetime(2025, 11, 20, 9, 0))
            s.add(h)
            s.flush()
        return db, ids["H"], h.id


def test_typed_times_are_checked_and_stored(hearing):
    db, _case_id, hearing_id = hearing
    with db.session() as s, pytest.raises(HearingTimeError, match="早于开始时间"):
        record_hearing_times(s, hearing_id, started_at=datetime(2025, 11, 20, 10), ended_at=datetime(2025, 11, 20, 9))
    with db.session() as s:
        record_hearing_times(s, hearing_id, started_at=datetime(2025, 11, 20, 9, 1, 40),
                             ended_at=datetime(2025, 11, 20, 10, 12, 5), element_based=True)
    with db.session() as s:
        h = s.get(Hearing, hearing_id)
        assert (h.started_at, h.ended_at, h.element_based) == (
            datetime(2025, 11, 20, 9, 1), datetime(2025, 11, 20, 10, 12), True)


def test_times_from_the_live_record_and_the_element_table(hearing):
    db, case_id, hearing_id = hearing
    began_utc = datetime(2025, 11, 20, 1, 0, 0)  # 09:00 in China; the test reads it in local time
    with db.session() as s:
        audio = HearingAudio(hearing_id=hearing_id, path="a.wav", original_name="现场录音", duration=3700.0,
                             offset=0.0, created_at=began_utc)
        imported = HearingAudio(hearing_id=hearing_id, path="b.wav", original_name="会前录音.mp3", duration=10.0,
                                offset=5000.0, created_at=began_utc + timedelta(days=3))
        s.add_all([audio, imported])
        s.flush()
        for start, end, audio_id in ((5.0, 12.0, audio.id), (3600.0, 3700.0, audio.id), (5000.0, 5010.0, imported.id)):
            s.add(TranscriptSegment(hearing_id=hearing_id, audio_id=audio_id, start=start, end=end, text="……"))
        s.add(ElementEntry(case_id=case_id, element_key="wage_due", type_key="unpaid_wages", label="应发工资",
                           kind="money", status=ElementStatus.DISPUTED))
    with db.session() as s:
        start, end = fill_times_from_record(s, hearing_id)
    local = began_utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    assert start == local + timedelta(seconds=5)
    assert end == local + timedelta(seconds=3700)  # the imported file is not part of the live record
    with db.session() as s:
        assert s.get(Hearing, hearing_id).element_based


def test_a_finished_live_recording_sets_the_hearing_times(hearing):
    from app.services.live_record import finish_audio

    db, _case_id, hearing_id = hearing
    began_utc = datetime(2025, 11, 20, 6, 0, 0)
    with db.session() as s:
        audio = HearingAudio(hearing_id=hearing_id, path="c.wav", original_name="现场录音", offset=0.0,
                             created_at=began_utc)
        s.add(audio)
        s.flush()
        s.add(TranscriptSegment(hearing_id=hearing_id, audio_id=audio.id, start=60.0, end=70.0, text="开庭"))
        s.add(TranscriptSegment(hearing_id=hearing_id, audio_id=audio.id, start=1800.0, end=1810.0, text="闭庭"))
        s.flush()
        finish_audio(s, audio.id, 1815.0)
    local = began_utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)
    with db.session() as s:
        h = s.get(Hearing, hearing_id)
        assert (h.started_at, h.ended_at) == (local + timedelta(seconds=60), local + timedelta(seconds=1810))
