"""The live record without a GUI: PCM from any source (a microphone adapter, or a file
replayed at real-time pace) goes through `LiveRecorder.feed`, which

- appends the audio to a journal on disk and syncs it once a second, of the clock or of the
  audio, whichever comes first, so a crash or a power cut loses at most about the last
  second even when blocks arrive in a burst after a stall (the journal is raw PCM with a
  JSON sidecar: nothing to corrupt);
- recognises it and hands each final segment to `on_final` at once (the caller stores it);
- shows partial text through `on_partial`;
- reports the input level, with a warning when it is silent or clipping, through `on_level`.

A line is closed when the speaker pauses for END_AFTER_PAUSE, so it reaches the screen well
within a second of the end of speech (Vosk's own endpointing waits 1 to 2 s on hearing speech).
With a Whisper model the same pause closes the utterance and a worker thread recognises it
(whisper_engine.WhisperStream); `on_final` is then called from that worker.

Every final line is appended to the journal's `.lines` file (JSON lines, synced) before it
is handed on, so a line the database could not take yet is not lost: the caller stores it
later by its `line_id`, and `recover` stores whatever a dead recorder left unstored.

`stop()` flushes, finishes the last utterance, turns the journal into a WAV and marks the
sidecar complete; the caller marks it "stored" once the database has every line. A sidecar
still marked "recording", "unstored" (stopped while the database was away) or "complete"
(never confirmed stored) after its process died is an interrupted hearing: `journal_to_wav` turns
what reached the disk into a WAV, the caller writes the database, then `mark_recovered`.
"""

from __future__ import annotations

import json
import os
import time
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.speech.audio import RATE, SAMPLE_BYTES, pcm_blocks
from app.speech.case_words import CaseWords
from app.speech.chinese import clean_segment
from app.speech.engine import Final, Partial, Segment, StreamRecognizer, Word, engine_of
from app.speech.levels import InputCheck, Level
from app.speech.processes import process_alive

SYNC_SECONDS = 1.0
SYNC_BYTES = int(SYNC_SECONDS * RATE * SAMPLE_BYTES)
END_AFTER_PAUSE = 0.5  # seconds of quiet that end a live line: shorter splits sentences at breaths


@dataclass
class JournalInfo:
    sidecar: Path
    pcm: Path
    hearing_id: int
    state: str  # recording / complete / recovered
    pid: int
    started_at: str
    offset: float  # where this recording starts on the hearing's timeline

    @property
    def wav(self) -> Path:
        return self.pcm.with_suffix(".wav")

    @property
    def name(self) -> str:
        """The journal id: the audio row and every line carry it."""
        return self.sidecar.stem

    @property
    def lines_path(self) -> Path:
        return self.sidecar.with_suffix(".lines")

    @property
    def seconds(self) -> float:
        return self.pcm.stat().st_size / (RATE * SAMPLE_BYTES) if self.pcm.exists() else 0.0


def read_journal(sidecar: Path) -> JournalInfo:
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    return JournalInfo(sidecar, sidecar.with_suffix(".pcm"), data["hearing_id"], data["state"], data["pid"],
                       data["started_at"], data.get("offset", 0.0))


def _write_sidecar(path: Path, **data) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def pcm_to_wav(pcm: Path, wav: Path) -> float:
    """Wrap raw 16 kHz mono int16 PCM in a WAV header (via a temp file); returns seconds."""
    size = pcm.stat().st_size
    size -= size % SAMPLE_BYTES
    tmp = wav.with_suffix(".wav.tmp")
    with open(pcm, "rb") as src, wave.open(str(tmp), "wb") as dst:
        dst.setnchannels(1)
        dst.setsampwidth(SAMPLE_BYTES)
        dst.setframerate(RATE)
        remaining = size
        while remaining > 0:
            chunk = src.read(min(1 << 20, remaining))
            if not chunk:
                break
            dst.writeframes(chunk)
            remaining -= len(chunk)
    os.replace(tmp, wav)
    return size / (RATE * SAMPLE_BYTES)




def interrupted_journals(audio_dir: Path) -> list[JournalInfo]:
    """Recordings whose recorder died without stopping (their sidecar still says recording)."""
    found = []
    for sidecar in sorted(Path(audio_dir).glob("hearing-*/live-*.json")):
        try:
            info = read_journal(sidecar)
        except (OSError, ValueError, KeyError):
            continue
        # "complete" with a lines file: the audio is whole, but nobody confirmed the lines
        # reached the database ("stored") before the process ended
        unfinished = info.state in ("recording", "unstored") or (info.state == "complete" and info.lines_path.exists())
        if unfinished and not process_alive(info.pid):
            found.append(info)
    return found


def journal_lines(info: JournalInfo) -> list[Segment]:
    """The final lines a recorder wrote to its journal (a torn last line is skipped)."""
    out = []
    if not info.lines_path.exists():
        return out
    for raw in info.lines_path.read_text(encoding="utf-8").splitlines():
        try:
            d = json.loads(raw)
            out.append(Segment(d["start"], d["end"], d["raw_text"], [Word(**w) for w in d.get("words", [])],
                               text=d.get("text", ""), line_id=d["id"]))
        except (ValueError, KeyError, TypeError):
            continue
    return out


def journal_to_wav(info: JournalInfo) -> float:
    """The WAV of an interrupted journal (made from its PCM, or already there); seconds."""
    if info.pcm.exists():
        return pcm_to_wav(info.pcm, info.wav)
    with wave.open(str(info.wav)) as w:
        return w.getnframes() / w.getframerate()


def mark_recovered(info: JournalInfo, *, state: str = "recovered") -> None:
    """Only after the database holds the recording and its lines (or refused them for good)."""
    _write_sidecar(info.sidecar, hearing_id=info.hearing_id, state=state, pid=info.pid,
                   started_at=info.started_at, offset=info.offset)
    info.pcm.unlink(missing_ok=True)


def mark_stored(sidecar: Path) -> None:
    """Every line and the recording's length are in the database: nothing left to recover."""
    info = read_journal(sidecar)
    _write_sidecar(sidecar, hearing_id=info.hearing_id, state="stored", pid=info.pid,
                   started_at=info.started_at, offset=info.offset)


def mark_unstored(sidecar: Path) -> None:
    """A recorder stopping with lines the database did not take: `recover` finishes the job."""
    info = read_journal(sidecar)
    _write_sidecar(sidecar, hearing_id=info.hearing_id, state="unstored", pid=info.pid,
                   started_at=info.started_at, offset=info.offset)


def new_journal_name() -> str:
    return f"live-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{os.urandom(2).hex()}"


class LiveRecorder:
    def __init__(self, model, audio_dir: Path, hearing_id: int, *, offset: float = 0.0,
                 on_final: Callable[[Segment], None] = lambda s: None,
                 on_partial: Callable[[str], None] = lambda t: None,
                 on_level: Callable[[Level], None] = lambda level: None,
                 words: CaseWords | None = None, digits: bool = True, journal: str | None = None):
        self.hearing_id = hearing_id
        self.offset = offset
        # the recogniser first: a model that fails to load leaves no journal behind
        if engine_of(model) == "whisper":  # utterances recognised on a worker; lines come by callback
            from app.speech.whisper_engine import WhisperStream, load_whisper

            # no hotwords live: on a short utterance Whisper base recited them (measured); the
            # case's words still correct the text
            self._rec = WhisperStream(load_whisper(model.root, live=True), offset=offset,
                                      end_after_pause=END_AFTER_PAUSE,
                                      on_segment=lambda seg: self._handle([Final(seg)]))
        else:
            self._rec = StreamRecognizer(model, offset=offset, end_after_pause=END_AFTER_PAUSE)
        folder = Path(audio_dir) / f"hearing-{hearing_id}"
        folder.mkdir(parents=True, exist_ok=True)
        self.journal = journal or new_journal_name()
        self.sidecar = folder / f"{self.journal}.json"
        self.pcm_path = self.sidecar.with_suffix(".pcm")
        self.lines_path = self.sidecar.with_suffix(".lines")
        self._lines = open(self.lines_path, "a", encoding="utf-8")  # noqa: SIM115 (open for the recording's life)
        self._line_no = 0
        self.started_at = datetime.now().isoformat(timespec="seconds")
        _write_sidecar(self.sidecar, hearing_id=hearing_id, state="recording", pid=os.getpid(),
                       started_at=self.started_at, offset=offset)
        self._fh = open(self.pcm_path, "ab")
        self._synced_at = time.monotonic()
        self.synced_bytes = 0  # how much of the journal is known to be on the disk
        self.on_final, self.on_partial, self.on_level = on_final, on_partial, on_level
        self.words = words or CaseWords()
        self.vocabulary, self.digits = self.words.sound_alike(), digits
        self.input_check = InputCheck()
        self.fed_bytes = 0
        self.stopped = False

    @property
    def seconds(self) -> float:
        return self.fed_bytes / (RATE * SAMPLE_BYTES)

    def feed(self, pcm: bytes) -> None:
        """The one entry point for audio, whatever its source."""
        if self.stopped or not pcm:
            return
        self._fh.write(pcm)
        self.fed_bytes += len(pcm)
        now = time.monotonic()
        if now - self._synced_at >= SYNC_SECONDS or self.fed_bytes - self.synced_bytes >= SYNC_BYTES:
            self._sync()
            self._synced_at = now
        self.on_level(self.input_check.update(pcm))
        self._handle(self._rec.feed(pcm))

    def _sync(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())
        self.synced_bytes = self.fed_bytes

    def _handle(self, events) -> None:
        for e in events:
            if isinstance(e, Final):
                seg = clean_segment(e.segment, digits=self.digits, word_list=self.words.corrections,
                                    vocabulary=self.vocabulary)
                self._line_no += 1
                seg.line_id = f"{self.journal}#{self._line_no}"
                self._journal_line(seg)
                self.on_final(seg)
            elif isinstance(e, Partial):
                self.on_partial(e.text)

    def _journal_line(self, seg: Segment) -> None:
        """The line reaches the disk before anyone is told of it."""
        self._lines.write(json.dumps({"id": seg.line_id, **seg.as_json()}, ensure_ascii=False) + "\n")
        self._lines.flush()
        os.fsync(self._lines.fileno())

    def end_utterance(self) -> None:
        """The input stopped (device lost, recording paused): close the line being spoken
        instead of holding it until audio comes again."""
        if not self.stopped:
            self._sync()
            # Whisper: hand the utterance to its worker without waiting for the line
            close = getattr(self._rec, "end_utterance", self._rec.finish)
            self._handle(close())

    def stop(self) -> Path:
        """Flush the audio, finish the last utterance, write the WAV, mark complete."""
        if self.stopped:
            return self.pcm_path.with_suffix(".wav")
        self.stopped = True
        self._sync()
        self._fh.close()
        self._handle(self._rec.finish())
        self._lines.close()
        if hasattr(self._rec, "close"):
            self._rec.close()
        wav = self.pcm_path.with_suffix(".wav")
        pcm_to_wav(self.pcm_path, wav)
        _write_sidecar(self.sidecar, hearing_id=self.hearing_id, state="complete", pid=os.getpid(),
                       started_at=self.started_at, offset=self.offset)
        self.pcm_path.unlink()  # the WAV now holds every byte of it
        return wav


def replay(path: Path, *, speed: float = 1.0, block_seconds: float = 0.1,
           stop: Callable[[], bool] = lambda: False) -> Iterator[bytes]:
    """A recording played back as a microphone would deliver it: blocks at real-time pace."""
    started = time.monotonic()
    sent = 0.0
    for block in pcm_blocks(path, block_seconds=block_seconds):
        if stop():
            return
        due = started + sent / speed
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        yield block
        sent += len(block) / (RATE * SAMPLE_BYTES)
