"""Importing into a hearing that already has a record (issue 18, item 4): the recording goes
after the last line, at a start the clerk gives, or stands alone from 00:00:00; a sealed record
takes nothing. Expected times worked out by hand from the lines stored first."""

import pytest

from app.services import sign_off
from app.services.cases import save_case
from app.services.demo import seed_office
from app.services.record import RecordLocked
from app.services.transcript import (
    Placement,
    hearing_for,
    import_recording,
    parse_clock,
    record_extent,
    store_import,
)
from app.speech.engine import Segment
from tests.services.test_cases import make_form

NEW = [Segment(start=0.5, end=2.0, text="新录音第一句", raw_text="x"), Segment(start=3.0, end=4.5, text="第二句", raw_text="y")]


@pytest.fixture
def hearing_id(db, today):
    """A hearing whose record runs to 00:10:00 (a 600 s recording, last line ending at 590 s)."""
    with db.session() as s:
        seed_office(s)
        case_id = save_case(s, make_form(), today=today)
        hid = hearing_for(s, case_id).hearing_id
        store_import(s, hid, [Segment(start=10.0, end=20.0, text="开庭", raw_text="a"),
                              Segment(start=580.0, end=590.0, text="休庭", raw_text="b")],
                     audio_path="first.wav", original_name="first.wav", duration=600.0)
    return hid


def _imported(rows):
    return [(r.start, r.end, r.text) for r in rows if r.text in ("新录音第一句", "第二句")]


def test_the_extent_says_how_many_lines_and_where_the_timeline_ends(db, hearing_id):
    with db.session() as s:
        extent = record_extent(s, hearing_id)
    assert (extent.lines, extent.end, extent.sealed) == (2, 600.0, False)


def test_append_puts_the_recording_after_the_hearings_end(db, hearing_id):
    with db.session() as s:
        rows = import_recording(s, hearing_id, NEW, audio_path="second.wav", original_name="second.wav",
                                duration=5.0, placement=Placement.APPEND)
    assert _imported(rows) == [(600.5, 602.0, "新录音第一句"), (603.0, 604.5, "第二句")]
    assert [r.text for r in rows][-2:] == ["新录音第一句", "第二句"]  # after the last line, not mixed in
    with db.session() as s:
        assert record_extent(s, hearing_id).end == 605.0


def test_at_a_given_start_and_alone(db, hearing_id):
    at = parse_clock("00:05:00")
    with db.session() as s:
        rows = import_recording(s, hearing_id, NEW, audio_path="b.wav", original_name="b.wav", duration=5.0,
                                offset=at, placement=Placement.AT)
    assert _imported(rows) == [(300.5, 302.0, "新录音第一句"), (303.0, 304.5, "第二句")]
    with db.session() as s:
        rows = import_recording(s, hearing_id, NEW[:1], audio_path="c.wav", original_name="c.wav", duration=5.0,
                                offset=999.0, placement=Placement.ALONE)
    assert rows[0].start == 0.5 and rows[0].text == "新录音第一句"


@pytest.mark.parametrize("typed, seconds", [("01:20:05", 4805.0), ("1:02:03", 3723.0), ("12:30", 750.0),
                                            ("00：00：07", 7.0)])
def test_a_typed_start_time(typed, seconds):
    assert parse_clock(typed) == seconds


@pytest.mark.parametrize("typed", ["", "abc", "1:2:3:4", "00:61:00", "00:00:60", "-1:00:00"])
def test_an_impossible_start_time_is_refused_readably(typed):
    with pytest.raises(ValueError, match="时间"):
        parse_clock(typed)


def test_a_sealed_record_takes_no_import(db, hearing_id, tmp_path):
    (tmp_path / "first.wav").write_bytes(b"RIFF")  # the sign-off digests the recording the record holds
    with db.session() as s:
        sign_off.finalize(s, hearing_id, audio_dir=tmp_path, by="李婷")
    with db.session() as s:
        assert record_extent(s, hearing_id).sealed
    with pytest.raises(RecordLocked, match="已定稿"), db.session() as s:
        import_recording(s, hearing_id, NEW, audio_path="d.wav", original_name="d.wav", duration=5.0,
                         placement=Placement.APPEND)
    with db.session() as s:
        assert record_extent(s, hearing_id).lines == 2
