"""The headless recorder: a file replayed at real-time pace through the code the microphone
feeds, with the real engine; SIGTERM flushes and exits 0; SIGKILL loses at most about the
last second, and `recover` brings the audio back with every segment already stored."""

import os
import signal
import subprocess
import sys
import time
import wave
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app.speech.audio import pcm_blocks
from app.speech.engine import load_model
from app.speech.live import LiveRecorder, replay
from tests.conftest import DATA, demo_env

ROOT = Path(__file__).resolve().parents[2]
CASE_NO = "青劳人仲(2026)办字第3号"
CLERK = "赵磊"  # the demo case's clerk records it (issue 12: recording is for the clerk and tribunal)


def hd(*args, home, **kw):
    env = {**os.environ, "HEARINGDESK_HOME": str(home), **demo_env(CLERK)}
    env.pop("HEARINGDESK_DB_URL", None)
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=kw.get("timeout", 120))


def start_recorder(home, installed_model, speed="2"):
    env = {**os.environ, "HEARINGDESK_HOME": str(home), "PYTHONUNBUFFERED": "1", **demo_env(CLERK)}
    env.pop("HEARINGDESK_DB_URL", None)
    return subprocess.Popen([sys.executable, "-m", "app", "record", "--case", CASE_NO, "--hearing", "1",
                             "--replay", str(DATA / "ko_16k.wav"), "--speed", speed, "--speaker", "applicant",
                             "--model", str(installed_model)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def segments(home):
    engine = create_engine(f"sqlite:///{home / 'hearingdesk.db'}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT start, \"end\", raw_text, speaker FROM transcript_segment s "
                                 "JOIN hearing h ON h.id = s.hearing_id JOIN \"case\" c ON c.id = h.case_id "
                                 "WHERE c.case_no = :no ORDER BY start"), {"no": CASE_NO}).all()
    engine.dispose()
    return rows


@pytest.fixture
def home(tmp_path):
    assert hd("demo", "--today", "2026-11-27", home=tmp_path).returncode == 0
    return tmp_path


def test_replay_goes_through_the_same_feed_at_real_time_pace(installed_model, tmp_path):
    finals, partials = [], []
    rec = LiveRecorder(load_model(installed_model), tmp_path, 7, on_final=finals.append, on_partial=partials.append)
    started = time.monotonic()
    for block in replay(DATA / "ko_16k.wav", speed=4):
        rec.feed(block)
    elapsed = time.monotonic() - started
    wav = rec.stop()
    assert elapsed >= 19.0 / 4 * 0.9  # paced like a microphone, not as fast as decoding allows
    assert len(finals) >= 3 and partials
    assert all(s.text and s.raw_text for s in finals)
    with wave.open(str(wav)) as w:
        assert abs(w.getnframes() / w.getframerate() - 19.03) < 0.05
    assert not rec.pcm_path.exists()


def test_sigterm_flushes_and_exits_zero(home, installed_model):
    proc = start_recorder(home, installed_model)
    line = proc.stdout.readline()  # the first segment is stored and printed
    assert line.startswith("[")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "录音已保存" in err
    rows = segments(home)
    assert rows and all(r.speaker == "applicant" for r in rows)
    wavs = list((home / "audio").rglob("*.wav"))
    assert len(wavs) == 1 and not list((home / "audio").rglob("*.pcm"))
    assert "没有中断" in hd("recover", "--list", home=home).stdout


def test_sigkill_mid_hearing_then_recover(home, installed_model):
    proc = start_recorder(home, installed_model)
    first = proc.stdout.readline()
    second = proc.stdout.readline()  # "[    6.27] ..." the second utterance is in the journal
    assert first.startswith("[") and second.startswith("[")
    proc.kill()
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    listed = hd("recover", "--list", home=home)
    assert CASE_NO in listed.stdout
    r = hd("recover", home=home)
    assert r.returncode == 0 and "已恢复" in r.stdout, r.stderr
    (wav,) = list((home / "audio").rglob("*.wav"))
    with wave.open(str(wav)) as w:
        seconds = w.getnframes() / w.getframerate()
    # every line printed before the kill is in the database (stored then, or from the journal now) ...
    rows = segments(home)
    printed = [float(line[1:line.index("]")]) for line in (first, second)]
    assert len(rows) >= 2 and [round(r.start, 2) for r in rows[:2]] == printed
    # ... and the audio up to about the last second before the kill is on disk
    assert seconds >= rows[1].end - 1.0
    assert seconds <= 19.1
    assert "没有中断" in hd("recover", home=home).stdout  # recovered once, not twice


def test_record_needs_a_source_and_a_known_case(home, installed_model):
    r = hd("record", "--case", CASE_NO, "--model", str(installed_model), home=home)
    assert r.returncode != 0 and "--replay" in r.stderr and "--device" in r.stderr
    r = hd("record", "--case", "青劳人仲(2026)办字第999号", "--replay", str(DATA / "silence.wav"),
           "--model", str(installed_model), home=home)
    assert r.returncode != 0 and "没有案号" in r.stderr and "Traceback" not in r.stderr


def test_a_live_line_is_closed_half_a_second_after_the_speaker_stops(installed_model, tmp_path):
    """Vosk's own endpointing holds a finished sentence 1-2 s (and on this audio joins two
    sentences across a 1.7 s pause); the recorder closes a line at a 0.5 s pause."""
    from app.speech.live import END_AFTER_PAUSE

    fed, finals = [0.0], []
    rec = LiveRecorder(load_model(installed_model), tmp_path, 7,
                       on_final=lambda seg: finals.append((seg, fed[0])))
    for block in pcm_blocks(DATA / "ko_16k.wav", block_seconds=0.1):
        fed[0] += len(block) / 32000
        rec.feed(block)
    during = list(finals)
    rec.stop()
    assert len(during) == 4  # one line per sentence, each while the audio was still coming
    for seg, at in during:
        assert at - seg.end < END_AFTER_PAUSE + 0.35  # seconds of audio after the last word


def test_levels_reach_the_caller_with_each_block(installed_model, tmp_path):
    levels = []
    rec = LiveRecorder(load_model(installed_model), tmp_path, 7, on_level=levels.append)
    for block in pcm_blocks(DATA / "silence.wav", block_seconds=0.1):
        rec.feed(block)
    rec.stop()
    assert len(levels) == 30 and all(lv.peak < 0.001 for lv in levels)  # sox dithers silence by one step


class Lines:
    """A child's output read on a thread, so a test can wait for a line with a deadline."""

    def __init__(self, stream):
        import queue
        import threading

        self.seen: list[str] = []
        self._queue = queue.Queue()
        threading.Thread(target=lambda: [self._queue.put(line) for line in stream], daemon=True).start()

    def drain(self) -> list[str]:
        """The lines already printed."""
        import queue

        while True:
            try:
                self.seen.append(self._queue.get_nowait())
            except queue.Empty:
                return self.seen

    def wait_for(self, text: str, timeout: float = 60) -> str:
        import queue

        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} within {timeout} s; got: {''.join(self.seen)}")


def test_record_from_a_microphone_headless_through_unplugging(home, installed_model, hearing_room):
    """`record --device NAME`: QtMultimedia records a (virtual) microphone; unplugging it
    mid-hearing keeps what was recorded and recording resumes when it is plugged back."""
    hearing_room.plug("法庭麦克风")
    env = {**os.environ, "HEARINGDESK_HOME": str(home), "PYTHONUNBUFFERED": "1", **demo_env(CLERK)}
    env.pop("HEARINGDESK_DB_URL", None)
    proc = subprocess.Popen([sys.executable, "-m", "app", "record", "--case", CASE_NO, "--device", "法庭麦克风",
                             "--speaker", "witness", "--model", str(installed_model)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    out, err = Lines(proc.stdout), Lines(proc.stderr)
    try:
        err.wait_for("开始录音")
        hearing_room.play(DATA / "ko_16k.wav", into="法庭麦克风")
        out.wait_for("[")  # the first sentence, recognised from the microphone
        hearing_room.unplug("法庭麦克风")
        assert "法庭麦克风" in err.wait_for("录音设备已断开", 10)
        # the line being spoken was closed (and printed) before the loss was reported
        before = max(float(line[1:line.index("]")]) for line in out.drain())
        hearing_room.plug("法庭麦克风")
        err.wait_for("录音中", 10)
        hearing_room.play(DATA / "ko_16k.wav", into="法庭麦克风")
        while float((line := out.wait_for("["))[1:line.index("]")]) <= before:
            pass  # speech after the replugging is recognised, later on the same timeline
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0, "".join(err.seen)
    err.wait_for("录音已保存", 5)
    assert "Traceback" not in "".join(err.seen)
    rows = segments(home)
    assert rows and all(r.speaker == "witness" for r in rows)
    (wav,) = list((home / "audio").rglob("*.wav"))
    with wave.open(str(wav)) as w:
        assert w.getnframes() / w.getframerate() > 4  # before and after the unplugging, on one timeline


def test_record_from_a_missing_microphone_is_a_clear_error(home, installed_model, hearing_room):
    r = hd("record", "--case", CASE_NO, "--device", "不存在的麦克风", "--model", str(installed_model), home=home)
    assert r.returncode != 0 and "找不到录音设备" in r.stderr and "Traceback" not in r.stderr
    assert not list((home / "audio").rglob("*.pcm"))  # no journal for a device that is not there
    hearing_room.plug("书记员麦克风")
    listed = hd("devices", home=home)
    assert listed.returncode == 0 and "书记员麦克风" in listed.stdout


def test_the_journal_reaches_the_disk_at_least_every_second_of_audio(installed_model, tmp_path, monkeypatch):
    """A SIGKILL leaves the page cache intact, so the kill test cannot tell a synced journal
    from an unsynced one; a power cut can. Every fsync of the journal is observed (the real
    fsync still runs, and the size on disk is read at that moment): however fast the blocks
    come (here as fast as the recogniser takes them, like a burst after a stall), no more than
    SYNC_SECONDS of audio is ever waiting for the disk, and stopping syncs the rest."""
    from app.speech.live import SYNC_SECONDS

    real_fsync = os.fsync
    on_disk = [0]  # journal bytes known to be on the disk: its size at the last fsync
    syncs = []
    rec = LiveRecorder(load_model(installed_model), tmp_path, 7)
    journal = os.fstat(rec._fh.fileno()).st_ino

    def observed_fsync(fd):
        real_fsync(fd)
        if os.fstat(fd).st_ino == journal:
            on_disk[0] = os.fstat(fd).st_size
            syncs.append(on_disk[0])

    monkeypatch.setattr(os, "fsync", observed_fsync)
    most_waiting = 0
    for block in pcm_blocks(DATA / "silence.wav", block_seconds=0.1):  # 3 s
        rec.feed(block)
        most_waiting = max(most_waiting, rec.fed_bytes - on_disk[0])
    fed = rec.fed_bytes
    rec.stop()
    assert most_waiting < SYNC_SECONDS * 32000, f"{most_waiting / 32000:.1f} s of audio were waiting for the disk"
    assert len(syncs) >= 3  # after the first and the second second, and at stop
    assert on_disk[0] == fed  # stopping syncs everything
