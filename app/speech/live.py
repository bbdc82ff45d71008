"""The live record without a GUI: PCM from any source (a microphone adapter, or a file
replayed at real-time pace) goes through `LiveRecorder.feed`, which

- appends the audio to a journal on disk and syncs it about once a second, so a crash loses
  at most the last second (the journal is raw PCM with a JSON sidecar: nothing to corrupt);
- recognises it and hands each final segment to `on_final` at once (the caller stores it);
- shows partial text through `on_partial`;
- reports the input level, with a warning when it is silent or clipping, through `on_level`.

A line is closed when the speaker pauses for END_AFTER_PAUSE, so it reaches the screen well
within a second of the end of speech (Vosk's own endpointing waits 1 to 2 s on hearing speech).
With a Whisper model the same pause closes the utterance and a worker thread recognises it
(whisper_engine.WhisperStream); `on_final` is then called from that worker.

`stop()` flushes, finishes the last utterance, turns the journal into a WAV and marks the
sidecar complete. A sidecar still marked "recording" after its process died is an
interrupted hearing: `recover_journal` turns what reached the disk into a WAV.
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
from app.speech.chinese import clean_segment
from app.speech.engine import Final, Partial, Segment, StreamRecognizer, engine_of
from app.speech.levels import InputCheck, Level

SYNC_SECONDS = 1.0
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


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def interrupted_journals(audio_dir: Path) -> list[JournalInfo]:
    """Recordings whose recorder died without stopping (their sidecar still says recording)."""
    found = []
    for sidecar in sorted(Path(audio_dir).glob("hearing-*/live-*.json")):
        try:
            info = read_journal(sidecar)
        except (OSError, ValueError, KeyError):
            continue
        if info.state == "recording" and not process_alive(info.pid):
            found.append(info)
    return found


def recover_journal(info: JournalInfo) -> float:
    seconds = pcm_to_wav(info.pcm, info.wav)
    _write_sidecar(info.sidecar, hearing_id=info.hearing_id, state="recovered", pid=info.pid,
                   started_at=info.started_at, offset=info.offset)
    info.pcm.unlink()
    return seconds


class LiveRecorder:
    def __init__(self, model, audio_dir: Path, hearing_id: int, *, offset: float = 0.0,
                 on_final: Callable[[Segment], None] = lambda s: None,
                 on_partial: Callable[[str], None] = lambda t: None,
                 on_level: Callable[[Level], None] = lambda level: None,
                 word_list=(), digits: bool = True):
        self.hearing_id = hearing_id
        self.offset = offset
        # the recogniser first: a model that fails to load leaves no journal behind
        if engine_of(model) == "whisper":  # utterances recognised on a worker; lines come by callback
            from app.speech.whisper_engine import WhisperStream, load_whisper

            # no hotwords live: on a short utterance Whisper base recited them (measured); the
            # case's corrections (word_list) still apply
            self._rec = WhisperStream(load_whisper(model.root, live=True), offset=offset,
                                      end_after_pause=END_AFTER_PAUSE,
                                      on_segment=lambda seg: self._handle([Final(seg)]))
        else:
            self._rec = StreamRecognizer(model, offset=offset, end_after_pause=END_AFTER_PAUSE)
        folder = Path(audio_dir) / f"hearing-{hearing_id}"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        self.sidecar = folder / f"live-{stamp}-{os.getpid()}.json"
        self.pcm_path = self.sidecar.with_suffix(".pcm")
        self.started_at = datetime.now().isoformat(timespec="seconds")
        _write_sidecar(self.sidecar, hearing_id=hearing_id, state="recording", pid=os.getpid(),
                       started_at=self.started_at, offset=offset)
        self._fh = open(self.pcm_path, "ab")
        self._synced_at = time.monotonic()
        self.on_final, self.on_partial, self.on_level = on_final, on_partial, on_level
        self.word_list, self.digits = list(word_list), digits
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
        if now - self._synced_at >= SYNC_SECONDS:
            self._sync()
            self._synced_at = now
        self.on_level(self.input_check.update(pcm))
        self._handle(self._rec.feed(pcm))

    def _sync(self) -> None:
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def _handle(self, events) -> None:
        for e in events:
            if isinstance(e, Final):
                self.on_final(clean_segment(e.segment, digits=self.digits, word_list=self.word_list))
            elif isinstance(e, Partial):
                self.on_partial(e.text)

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
