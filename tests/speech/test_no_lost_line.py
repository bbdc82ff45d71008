"""No hearing loses a line (issue 11): the database going away while recording (a SQLite lock,
a PostgreSQL database refusing connections) neither stops the recording nor loses a line;
recover matches the recording by its journal id, writes the database before marking the
journal done; a replayed file that is not audio leaves nothing behind."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, func, select, text

from app.models import Case, Hearing, HearingAudio, TranscriptSegment
from app.models.database import DatabaseError
from app.services import sign_off
from app.services.live_record import LiveStore, recover_all, start_audio
from app.speech.audio import pcm_blocks
from app.speech.engine import Segment, load_model
from app.speech.live import LiveRecorder, interrupted_journals
from tests.conftest import DATA, PG_URL, demo_env
from tests.speech.test_live_recorder import CASE_NO, CLERK, ROOT, Lines, hd, home, segments  # noqa: F401


@contextmanager
def database_away(db):
    """The database unavailable to the app: SQLite locked by another program; PostgreSQL
    refusing every connection to the database (as when its server is stopped)."""
    if db.is_sqlite:
        conn = sqlite3.connect(db.engine.url.database, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    name = db.engine.url.database
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false'))
        c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"), {"n": name})
    try:
        yield
    finally:
        with admin.connect() as c:
            c.execute(text(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true'))
        admin.dispose()


def _hearing(db) -> int:
    with db.session() as s:
        case = Case(case_no="青劳人仲(2026)办字第90号")
        s.add(case)
        s.flush()
        hearing = Hearing(case_id=case.id, session_no=1)
        s.add(hearing)
        s.flush()
        return hearing.id


def _count(db, model, hearing_id):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model).where(model.hearing_id == hearing_id))


class Messages:
    def __init__(self):
        self.seen: list[str] = []
        self.events: dict[str, threading.Event] = {}

    def __call__(self, message: str) -> None:
        self.seen.append(message)
        for word, event in self.events.items():
            if word in message:
                event.set()

    def wait(self, word: str, timeout: float = 60) -> None:
        event = self.events.setdefault(word, threading.Event())
        if not any(word in m for m in self.seen):
            assert event.wait(timeout), (word, self.seen)


def test_lines_wait_while_the_database_is_away_and_are_stored_when_it_is_back(db):
    hearing_id = _hearing(db)
    said = Messages()
    store = LiveStore(db, hearing_id, journal="live-test-1", wav_path=f"hearing-{hearing_id}/live-test-1.wav",
                      offset=0.0, notify=said)
    store.add(Segment(1.0, 2.0, "第一 句", text="第一句", line_id="live-test-1#1"), "applicant")
    with database_away(db):
        for n in (2, 3):
            store.add(Segment(n * 2.0, n * 2.0 + 1, f"第{n} 句", text=f"第{n}句", line_id=f"live-test-1#{n}"),
                      "applicant")  # never blocks the recorder
        said.wait("数据库暂时不可用")
    said.wait("数据库已恢复")
    assert store.finish(6.0)
    assert _count(db, TranscriptSegment, hearing_id) == 3
    with db.session() as s:
        audio = s.scalar(select(HearingAudio).where(HearingAudio.hearing_id == hearing_id))
        assert (audio.journal, audio.duration) == ("live-test-1", 6.0)
    assert sum("数据库暂时不可用" in m for m in said.seen) == 1  # once per outage, not once per try


def test_a_recording_ended_while_the_database_is_away_is_finished_by_recover(db, installed_model, tmp_path):
    hearing_id = _hearing(db)
    audio_dir = tmp_path / "audio"
    said = Messages()
    rec = LiveRecorder(load_model(installed_model), audio_dir, hearing_id, journal="live-test-2",
                       on_final=lambda seg: store.add(seg, "witness"))
    store = LiveStore(db, hearing_id, journal=rec.journal, wav_path=f"hearing-{hearing_id}/live-test-2.wav",
                      offset=0.0, notify=said)
    with database_away(db):
        for block in pcm_blocks(DATA / "ko_16k.wav", block_seconds=0.5):
            rec.feed(block)
        rec.stop()
        assert not store.finish(rec.seconds, timeout=0.5)
        from app.speech.live import mark_unstored

        mark_unstored(rec.sidecar)
    journalled = len(rec.lines_path.read_text(encoding="utf-8").splitlines())
    assert journalled >= 3
    _pretend_dead(rec.sidecar)
    (info,) = interrupted_journals(audio_dir)
    assert info.name == "live-test-2"
    recover_all(db, audio_dir)
    assert _count(db, TranscriptSegment, hearing_id) == journalled
    assert _count(db, HearingAudio, hearing_id) == 1
    assert interrupted_journals(audio_dir) == []


def _pretend_dead(sidecar):
    """The sidecar as a recorder that died would leave it: its pid no longer running."""
    import json

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    data["pid"] = dead.pid
    sidecar.write_text(json.dumps(data), encoding="utf-8")


def test_gui_crash_then_recover_then_finalize(db, installed_model, tmp_path):
    """The GUI registers its live audio before the WAV exists; recover finds that row by the
    journal id (it used to add a second row, and finalize then found a file missing)."""
    hearing_id = _hearing(db)
    audio_dir = tmp_path / "audio"
    with db.session() as s:
        start_audio(s, hearing_id, f"hearing-{hearing_id}/(录音中)", 0.0, journal="live-gui-1")
    rec = LiveRecorder(load_model(installed_model), audio_dir, hearing_id, journal="live-gui-1")
    for block in pcm_blocks(DATA / "ko_16k.wav", block_seconds=0.5):
        rec.feed(block)
    rec._fh.flush()  # the process dies here: no stop()
    _pretend_dead(rec.sidecar)
    recover_all(db, audio_dir)
    with db.session() as s:
        rows = s.scalars(select(HearingAudio).where(HearingAudio.hearing_id == hearing_id)).all()
        assert [(a.journal, a.path) for a in rows] == [("live-gui-1", f"hearing-{hearing_id}/live-gui-1.wav")]
        assert rows[0].duration > 18
        sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")


def test_recover_writes_the_database_before_marking_the_journal_done(db, installed_model, tmp_path):
    hearing_id = _hearing(db)
    audio_dir = tmp_path / "audio"
    rec = LiveRecorder(load_model(installed_model), audio_dir, hearing_id, journal="live-test-3")
    for block in pcm_blocks(DATA / "silence.wav", block_seconds=0.5):
        rec.feed(block)
    rec._fh.flush()
    _pretend_dead(rec.sidecar)
    with database_away(db), pytest.raises(DatabaseError):
        recover_all(db, audio_dir)
    assert [i.name for i in interrupted_journals(audio_dir)] == ["live-test-3"]  # still listed, WAV not orphaned
    assert len(recover_all(db, audio_dir)) == 1
    assert interrupted_journals(audio_dir) == [] and _count(db, HearingAudio, hearing_id) == 1


def test_cli_recorder_keeps_recording_through_a_sqlite_lock(home, installed_model):  # noqa: F811
    env = {**os.environ, "HEARINGDESK_HOME": str(home), "PYTHONUNBUFFERED": "1", **demo_env(CLERK)}
    env.pop("HEARINGDESK_DB_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "app", "record", "--case", CASE_NO, "--replay",
                             str(DATA / "ko_16k.wav"), "--speed", "1.5", "--speaker", "applicant",
                             "--model", str(installed_model)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    out, err = Lines(proc.stdout), Lines(proc.stderr)
    try:
        out.wait_for("[")
        lock = sqlite3.connect(home / "hearingdesk.db", isolation_level=None)
        lock.execute("BEGIN EXCLUSIVE")  # another program holds the database
        out.wait_for("[")  # the recorder goes on recognising (the line is in its journal)
        err.wait_for("数据库暂时不可用", 30)
        lock.execute("ROLLBACK")
        lock.close()
        err.wait_for("数据库已恢复", 60)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
    printed = [line for line in out.drain() if line.startswith("[")]
    assert proc.returncode == 0, "".join(err.seen)
    assert len(segments(home)) == len(printed) >= 3
    assert "没有中断" in hd("recover", "--list", home=home).stdout


def test_replay_of_a_file_that_is_not_audio_leaves_nothing_behind(home, installed_model, tmp_path):  # noqa: F811
    fake = tmp_path / "笔录.wav"
    fake.write_text("这不是录音", encoding="utf-8")
    r = hd("record", "--case", CASE_NO, "--replay", str(fake), "--model", str(installed_model), home=home)
    assert r.returncode != 0 and "音频" in r.stderr and "Traceback" not in r.stderr
    assert not list((home / "audio").rglob("live-*")) if (home / "audio").exists() else True
    engine = create_engine(f"sqlite:///{home / 'hearingdesk.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM hearing_audio")).scalar() == 0
    engine.dispose()


def test_recover_of_a_recording_into_a_record_finalised_meanwhile_keeps_it_and_goes_on(db, installed_model,
                                                                                      tmp_path):
    hearing_id = _hearing(db)
    audio_dir = tmp_path / "audio"
    rec = LiveRecorder(load_model(installed_model), audio_dir, hearing_id, journal="live-test-4")
    for block in pcm_blocks(DATA / "ko_16k.wav", block_seconds=0.5):
        rec.feed(block)
    rec._fh.flush()
    _pretend_dead(rec.sidecar)
    with db.session() as s:  # finalised by another clerk before the recording was recovered
        sign_off.finalize(s, hearing_id, audio_dir=audio_dir, by="李婷")
    (r,) = recover_all(db, audio_dir)
    assert "已定稿" in r.problem and r.wav.is_file() and rec.lines_path.is_file()
    assert interrupted_journals(audio_dir) == []  # not offered again and again
    with db.session() as s:
        assert sign_off.verify(s, hearing_id, audio_dir=audio_dir).ok


def test_a_recording_that_never_started_leaves_no_audio_row(db):
    hearing_id = _hearing(db)
    store = LiveStore(db, hearing_id, journal="live-test-5", wav_path=f"hearing-{hearing_id}/live-test-5.wav",
                      offset=0.0)
    store.close()  # e.g. the microphone could not be opened
    store._thread.join(10)
    assert not store._thread.is_alive()
    assert _count(db, HearingAudio, hearing_id) == 0


def test_a_stopped_recording_whose_lines_were_never_confirmed_stored_is_recovered(db, installed_model, tmp_path):
    """The recorder stopped (audio complete) but the process ended before the database had
    every line (e.g. the window closed while the database was away)."""
    hearing_id = _hearing(db)
    audio_dir = tmp_path / "audio"
    rec = LiveRecorder(load_model(installed_model), audio_dir, hearing_id, journal="live-test-6")
    for block in pcm_blocks(DATA / "ko_16k.wav", block_seconds=0.5):
        rec.feed(block)
    rec.stop()
    journalled = len(rec.lines_path.read_text(encoding="utf-8").splitlines())
    _pretend_dead(rec.sidecar)
    assert [i.name for i in interrupted_journals(audio_dir)] == ["live-test-6"]
    recover_all(db, audio_dir)
    assert _count(db, TranscriptSegment, hearing_id) == journalled >= 3
    assert interrupted_journals(audio_dir) == []


def test_lines_after_the_record_was_finalised_are_refused_once_and_kept_in_the_journal(db, tmp_path):
    hearing_id = _hearing(db)
    said = Messages()
    store = LiveStore(db, hearing_id, journal="live-test-7", wav_path=f"hearing-{hearing_id}/live-test-7.wav",
                      offset=0.0, notify=said)
    with db.session() as s:  # finalised by another clerk while this one still records
        sign_off.finalize(s, hearing_id, audio_dir=tmp_path, by="李婷")
    store.add(Segment(1.0, 2.0, "一", text="一", line_id="live-test-7#1"), "")
    said.wait("已定稿")
    store.add(Segment(3.0, 4.0, "二", text="二", line_id="live-test-7#2"), "")
    assert not store.finish(4.0, timeout=5)
    assert len(store.refused) == 2 and len(said.seen) == 1
    assert _count(db, TranscriptSegment, hearing_id) == 0 and _count(db, HearingAudio, hearing_id) == 0
