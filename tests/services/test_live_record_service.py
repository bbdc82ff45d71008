"""The one live-recording use case shared by `hearingdesk record` and the workspace: begin (seal
check, place on the timeline, audio row naming the real file), store lines, finish."""

from pathlib import Path

import pytest

from app.services.cases import save_case
from app.services.demo import seed_office
from app.services.live_record import begin_live, open_store, timeline_end
from app.services.record import RecordLocked
from app.services.sign_off import finalize
from app.services.transcript import hearing_for, segment_rows, store_import
from app.speech.engine import Segment, Word
from tests.services.test_cases import make_form


@pytest.fixture
def hearing_id(db, today):
    with db.session() as s:
        seed_office(s)
        case_id = save_case(s, make_form(), today=today)
        return hearing_for(s, case_id, 1).hearing_id


def _seg(start: float, end: float, text: str) -> Segment:
    return Segment(start=start, end=end, raw_text=text, text=text, words=[Word(text, start, end, 0.9)])


def test_a_recording_starts_after_what_the_hearing_already_has(db, hearing_id):
    with db.session() as s:
        assert timeline_end(s, hearing_id) == 0.0
        store_import(s, hearing_id, [_seg(0.0, 41.5, "第一段")], audio_path="hearing-1/import.wav",
                     original_name="a.wav", duration=40.0)
        live = begin_live(s, hearing_id)
    # the imported recording lasts 40 s but its last line ends at 41.5 s: the later of the two
    assert live.offset == 41.5
    assert live.journal.startswith("live-")


def test_the_audio_row_names_the_journal_and_lines_are_stored_as_produced(db, hearing_id):
    from sqlalchemy import select

    from app.models import HearingAudio

    with db.session() as s:
        live = begin_live(s, hearing_id)
    assert live.journal.startswith("live-")
    stored = []
    store = open_store(db, live, on_stored=lambda sid, seg: stored.append(sid))
    store.add(_seg(live.offset + 1.0, live.offset + 2.5, "申请人陈述"), "applicant")
    assert store.finish(12.25)  # every line and the length reached the database
    with db.session() as s:
        rows = segment_rows(s, hearing_id)
        assert [r.id for r in rows] == stored
        assert (rows[0].text, rows[0].speaker, rows[0].source) == ("申请人陈述", "applicant", "speech")
        audio = s.scalars(select(HearingAudio)).one()
        # the row names the real file and the journal from the first line: recover completes it
        assert audio.path == f"hearing-{hearing_id}/{live.journal}.wav" and audio.journal == live.journal
        assert audio.duration == 12.25


def test_a_sealed_record_takes_no_new_recording(db, hearing_id, tmp_path: Path):
    with db.session() as s:
        store_import(s, hearing_id, [_seg(0.0, 2.0, "第一段")], audio_path="x.wav", original_name="x.wav", duration=0.0)
    (tmp_path / "x.wav").write_bytes(b"RIFF")
    with db.session() as s:
        finalize(s, hearing_id, audio_dir=tmp_path, by="审判员")
    with pytest.raises(RecordLocked), db.session() as s:
        begin_live(s, hearing_id)
