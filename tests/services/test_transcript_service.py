"""Storing a hearing's record: hearings made on first use, imported audio copied under an ASCII
name, segments shifted to their place on the hearing's timeline and read back in time order."""

from pathlib import Path

import pytest

from app.services.cases import save_case
from app.services.demo import seed_office
from app.services.transcript import copy_audio_in, hearing_for, import_recording, segment_rows
from app.speech.engine import Segment
from tests.services.test_cases import make_form


@pytest.fixture
def case_id(db, today):
    with db.session() as s:
        seed_office(s)
        return save_case(s, make_form(), today=today)


def test_a_hearing_is_made_on_first_use_only_when_asked(db, case_id):
    with db.session() as s:
        with pytest.raises(LookupError, match="第 2 次开庭"):
            hearing_for(s, case_id, 2, create=False)
        first = hearing_for(s, case_id, 2)
        again = hearing_for(s, case_id, 2, create=False)
    assert first == again and first.session_no == 2


def test_imported_segments_take_their_place_in_time_order(db, case_id):
    late = [Segment(start=1.0, end=2.0, text="后来导入", raw_text="후")]
    early = [Segment(start=5.0, end=6.0, text="", raw_text="먼저")]
    with db.session() as s:
        hid = hearing_for(s, case_id).hearing_id
        import_recording(s, hid, late, audio_path="b.wav", original_name="b.wav", duration=3.0, offset=100.0)
        rows = import_recording(s, hid, early, audio_path="a.wav", original_name="a.wav", duration=7.0)
    assert [(r.start, r.end) for r in rows] == [(5.0, 6.0), (101.0, 102.0)]
    # an empty clean text falls back to what the recogniser heard; the raw text is always kept
    assert [(r.text, r.raw_text, r.source) for r in rows] == [("먼저", "먼저", "import"), ("后来导入", "후", "import")]
    with db.session() as s:
        assert segment_rows(s, hid) == rows


def test_a_recording_is_copied_in_under_an_ascii_name(tmp_path: Path):
    source = tmp_path / "庭审录音 第一次.M4A"
    source.write_bytes(b"\x00" * 1000)
    stored = copy_audio_in(source, tmp_path / "audio", 7)
    assert stored.parent == tmp_path / "audio" / "hearing-7"
    assert stored.name.isascii() and stored.suffix == ".m4a"
    assert stored.read_bytes() == source.read_bytes()
    assert not list(stored.parent.glob("*.part"))
