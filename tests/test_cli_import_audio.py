"""`hearingdesk import-audio` as a user runs it (issue 18, item 4), with the real Korean Vosk
model, on SQLite and PostgreSQL: a hearing with a record needs --append / --at / --alone (no
silent mixing), a sealed record is refused, and an appended recording lands after the last
line. The demo's held hearing (第2号) has 26 lines, its last ending at 00:04:17."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import select

from app.cli.common import EXIT_DATA, EXIT_USAGE
from app.models import HearingAudio, TranscriptSegment
from app.services.cases import find_case_id
from app.services.demo import seed_accounts, seed_demo
from app.services.live_record import timeline_end
from app.services.transcript import hearing_for
from tests.conftest import DATA, DEMO_PASSWORD, TODAY, demo_env

CASE_NO = "青劳人仲(2026)办字第2号"


def hd(*args, home, url):
    # 陈静 presides the held hearing: she may record into it and finalise it (issue 12)
    env = {**os.environ, "HEARINGDESK_HOME": str(home), "HEARINGDESK_DB_URL": url, **demo_env("陈静")}
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, timeout=300)


@pytest.fixture
def held(db):
    """(database, hearing id, where its timeline ends) of the demo's held hearing."""
    with db.session() as s:
        seed_demo(s, today=TODAY)
        seed_accounts(s, DEMO_PASSWORD)
    with db.session() as s:
        hid = hearing_for(s, find_case_id(s, CASE_NO), 1, create=False).hearing_id
        return db, hid, timeline_end(s, hid)


def url_of(db) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def test_a_hearing_with_a_record_needs_a_placement(held, tmp_path, installed_model):
    db, hid, end = held
    assert 257.0 <= end < 258.0  # 00:04:17, the end of the demo's last line
    r = hd("import-audio", "--case", CASE_NO, "--model", str(installed_model), str(DATA / "ko_16k.wav"),
           home=tmp_path, url=url_of(db))
    assert r.returncode == EXIT_USAGE and "Traceback" not in r.stderr
    assert all(opt in r.stderr for opt in ("--append", "--at", "--alone")) and "00:04:17" in r.stderr
    r = hd("import-audio", "--case", CASE_NO, "--at", "1:75:00", str(DATA / "ko_16k.wav"), home=tmp_path, url=url_of(db))
    assert r.returncode == EXIT_USAGE and "时间" in r.stderr and "Traceback" not in r.stderr
    r = hd("import-audio", "--case", CASE_NO, "--append", "--alone", str(DATA / "ko_16k.wav"), home=tmp_path,
           url=url_of(db))
    assert r.returncode == EXIT_USAGE  # one placement only
    with db.session() as s:
        assert s.scalars(select(HearingAudio).where(HearingAudio.hearing_id == hid)).all() == []


def test_a_sealed_record_is_refused_in_one_line(held, tmp_path, installed_model):
    db, hid, _ = held
    assert hd("finalize", "--case", CASE_NO, home=tmp_path, url=url_of(db)).returncode == 0
    r = hd("import-audio", "--case", CASE_NO, "--append", "--model", str(installed_model), str(DATA / "ko_16k.wav"),
           home=tmp_path, url=url_of(db))
    assert r.returncode == EXIT_DATA
    assert r.stderr.strip().count("\n") == 0 and "已定稿" in r.stderr
    assert not list((tmp_path / "audio").rglob("*.wav"))


def test_append_places_the_recording_after_the_last_line(held, tmp_path, installed_model):
    db, hid, end = held
    r = hd("import-audio", "--case", CASE_NO, "--hearing", "1", "--append", "--model", str(installed_model),
           str(DATA / "ko_16k.wav"), home=tmp_path, url=url_of(db))
    assert r.returncode == 0, r.stderr
    assert "00:04:17" in r.stdout
    with db.session() as s:
        audio = s.scalars(select(HearingAudio).where(HearingAudio.hearing_id == hid)).one()
        lines = s.scalars(select(TranscriptSegment).where(TranscriptSegment.hearing_id == hid)
                          .order_by(TranscriptSegment.start)).all()
    assert audio.offset == end and audio.original_name == "ko_16k.wav" and abs(audio.duration - 19.03) < 0.05
    assert (tmp_path / "audio" / audio.path).is_file()
    imported = [x for x in lines if x.source == "import"]
    assert len(imported) >= 3  # four Korean sentences, some may join
    assert lines[-len(imported):] == imported  # all after the record, none mixed in
    assert all(end <= x.start < end + 19.1 for x in imported)
