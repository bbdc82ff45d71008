"""A recording to text: decode once (streamed to a spool file on disk, so hours of audio
never sit in memory), cut in pauses, recognise the pieces on all cores with one shared
model, stitch the segments in time order. Progress with time left; cancellable.

The same for both engines; they differ in the piece size. Vosk pieces are short (a
recognizer reused for the next piece); Whisper pieces are long, so the context one window
carries into the next is lost only at the few cuts, and within a piece Whisper's segments
are cut at every pause (whisper_engine)."""

from __future__ import annotations

import os
import queue
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from app.speech import segmenter
from app.speech.audio import RATE, SAMPLE_BYTES, pcm_blocks
from app.speech.case_words import CaseWords
from app.speech.chinese import clean_segment
from app.speech.engine import Final, Segment, StreamRecognizer, engine_of, load_model
from app.speech.errors import AudioError, Cancelled
from app.timecode import clock

# 0.5 s blocks, as the live record feeds: Vosk checks for the end of an utterance once per
# block, so longer blocks merge utterances across short pauses.
BLOCK = RATE * SAMPLE_BYTES // 2
# Shorter pieces than this cost more in recognizer restarts at the seams than they gain.
MIN_PIECE_SECONDS = 30
# Whisper: long pieces keep its context; short enough that both cores share the work of a
# hearing, and progress and cancel come often. Pieces are a multiple of the workers.
WHISPER_MIN_PIECE_SECONDS = 45
WHISPER_MAX_PIECE_SECONDS = 600
WHISPER_CUT_PAUSE = 1.0


@dataclass
class Progress:
    stage: str  # "decoding" / "recognising"
    done_seconds: float
    total_seconds: float
    eta_seconds: float | None

    @property
    def fraction(self) -> float:
        return min(1.0, self.done_seconds / self.total_seconds) if self.total_seconds else 0.0


@dataclass
class Transcript:
    audio: str
    duration: float
    model: str
    segments: list[Segment] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"audio": self.audio, "duration": round(self.duration, 3), "model": self.model,
                "segments": [s.as_json() for s in self.segments]}

    def as_text(self) -> str:
        return "\n".join(f"[{clock(s.start)}] {s.text or s.raw_text}" for s in self.segments) + "\n"


def transcribe_file(
    audio: Path,
    model_path: Path,
    *,
    jobs: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    digits: bool = True,
    words: CaseWords | None = None,
    whisper_hotwords: bool = False,
    spool_dir: Path | None = None,
) -> Transcript:
    """`words`: the case's vocabulary: its heard -> meant pairs and whatever sounds like one
    of its names and terms correct the text. `whisper_hotwords`: also tell Whisper to favour
    them (slower and no better with the base model: README, benchmarks/whisper_pipeline.py)."""
    cores = os.cpu_count() or 1
    jobs = max(1, min(jobs or cores, cores))  # more threads than cores only slows it down
    cancel = cancel or threading.Event()
    model = load_model(model_path)
    words = words or CaseWords()
    if engine_of(model) == "whisper":
        hotwords = " ".join(words.hotwords()) if whisper_hotwords else ""
        segments, duration = _whisper(audio, model, jobs, progress, cancel, spool_dir, hotwords)
    elif jobs == 1:
        segments, duration = _single_pass(audio, model, progress, cancel)
    else:
        segments, duration = _parallel(audio, model, jobs, progress, cancel, spool_dir)
    vocabulary = words.sound_alike()
    for s in segments:
        clean_segment(s, digits=digits, word_list=words.corrections, vocabulary=vocabulary)
    return Transcript(str(audio), duration, Path(model_path).name, segments)


def _check(cancel: threading.Event) -> None:
    if cancel.is_set():
        raise Cancelled("已取消")


def _single_pass(audio, model, progress, cancel) -> tuple[list[Segment], float]:
    """Decode and recognise in one stream: the same path the live record uses."""
    rec = StreamRecognizer(model, partials=False)
    segments: list[Segment] = []
    fed = 0
    for block in pcm_blocks(audio, block_seconds=0.5):
        _check(cancel)
        fed += len(block)
        segments += [e.segment for e in rec.feed(block) if isinstance(e, Final)]
        if progress and fed % (BLOCK * 4) < len(block):
            done = fed / (RATE * SAMPLE_BYTES)
            progress(Progress("recognising", done, 0.0, None))
    segments += [e.segment for e in rec.finish() if isinstance(e, Final)]
    if fed == 0:
        raise AudioError(f"音频中没有可识别的声音数据：{Path(audio).name}")
    return segments, fed / (RATE * SAMPLE_BYTES)


def _spool(audio, progress, cancel, spool_dir):
    """Decode to a raw PCM file; (its file object, seconds, 20 ms frame energies)."""
    spool = tempfile.NamedTemporaryFile(prefix="hearingdesk-", suffix=".pcm", dir=spool_dir, delete=False)
    try:
        energies: list[float] = []
        frame_bytes = int(RATE * segmenter.FRAME_SECONDS) * SAMPLE_BYTES
        carry = b""
        size = 0
        with spool:
            for block in pcm_blocks(audio, block_seconds=5.0):
                _check(cancel)
                spool.write(block)
                size += len(block)
                data = carry + block
                whole = len(data) - len(data) % frame_bytes
                energies += segmenter.frame_energies(data[:whole], frame_bytes)
                carry = data[whole:]
                if progress and size % (BLOCK * 120) < len(block):
                    progress(Progress("decoding", size / (RATE * SAMPLE_BYTES), 0.0, None))
        if size == 0:
            raise AudioError(f"音频中没有可识别的声音数据：{Path(audio).name}")
        return spool, size / (RATE * SAMPLE_BYTES), energies
    except BaseException:
        _unlink(spool.name)
        raise


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _reporter(duration: float, progress):
    done = [0.0]
    lock = threading.Lock()
    started = time.monotonic()

    def report(seconds: float) -> None:
        with lock:
            done[0] += seconds
            if progress:
                elapsed = time.monotonic() - started
                eta = elapsed / done[0] * (duration - done[0]) if done[0] else None
                progress(Progress("recognising", min(done[0], duration), duration, eta))

    return report


def whisper_piece_count(duration: float, jobs: int) -> int:
    """A multiple of the workers, each piece between the min and max length (one piece for
    a file too short to share)."""
    if duration < 2 * WHISPER_MIN_PIECE_SECONDS or jobs == 1:
        return max(1, -int(-duration // WHISPER_MAX_PIECE_SECONDS))
    rounds = max(1, -int(-duration // (jobs * WHISPER_MAX_PIECE_SECONDS)))
    pieces = rounds * jobs
    while pieces > 1 and duration / pieces < WHISPER_MIN_PIECE_SECONDS:
        pieces -= 1
    return pieces


def _whisper(audio, model, jobs, progress, cancel, spool_dir, hotwords) -> tuple[list[Segment], float]:
    spool, duration, energies = _spool(audio, progress, cancel, spool_dir)
    try:
        jobs = max(1, min(jobs, model.workers))
        pieces = whisper_piece_count(duration, jobs)
        # cut only between turns (long pauses): a cut inside a sentence costs Whisper its words there
        quiet = segmenter.pauses(energies, min_pause=WHISPER_CUT_PAUSE) or segmenter.pauses(energies)
        cuts = segmenter.cut_points(duration, quiet, pieces=pieces)
        bounds = [0.0] + cuts + [duration]
        spans = [span for span in zip(bounds, bounds[1:]) if span[1] > span[0]]
        report = _reporter(duration, progress)

        def recognise(span) -> list[Segment]:
            _check(cancel)
            first = int(span[0] * RATE) * SAMPLE_BYTES
            size = int(span[1] * RATE) * SAMPLE_BYTES - first
            with open(spool.name, "rb") as fh:
                fh.seek(first)
                pcm = fh.read(size)
            return model.recognise(pcm, offset=first / (RATE * SAMPLE_BYTES), hotwords=hotwords or None,
                                   cancel=cancel, on_progress=report)

        # pieces handed out in time order: the first finish first, the record fills from the start
        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="whisper") as pool:
            results = list(pool.map(recognise, spans))
        _check(cancel)
        return sorted((s for part in results for s in part), key=lambda s: s.start), duration
    finally:
        _unlink(spool.name)


def _parallel(audio, model, jobs, progress, cancel, spool_dir) -> tuple[list[Segment], float]:
    spool, duration, energies = _spool(audio, progress, cancel, spool_dir)
    try:
        # Each worker keeps one recognizer for all its pieces: a fresh recognizer spends its
        # first seconds warming its decoding graph, which would eat the parallel gain. Two
        # pieces per worker keep the cores evenly busy to the end.
        pieces = max(1, min(jobs * 2, int(duration // MIN_PIECE_SECONDS)))
        if pieces >= jobs:
            pieces -= pieces % jobs  # 3 pieces on 2 workers leave one core idle for a third of the time
        cuts = segmenter.cut_points(duration, segmenter.pauses(energies), pieces=pieces)
        bounds = [0.0] + cuts + [duration]
        todo: queue.SimpleQueue = queue.SimpleQueue()
        for span in zip(bounds, bounds[1:]):
            if span[1] > span[0]:
                todo.put(span)
        report = _reporter(duration, progress)

        def worker() -> list[Segment]:
            rec = StreamRecognizer(model, partials=False)
            out: list[Segment] = []
            with open(spool.name, "rb") as fh:
                while not cancel.is_set():
                    try:
                        start, end = todo.get_nowait()
                    except queue.Empty:
                        break
                    first = int(start * RATE) * SAMPLE_BYTES
                    remaining = int(end * RATE) * SAMPLE_BYTES - first
                    rec.start_at(first / (RATE * SAMPLE_BYTES))
                    fh.seek(first)
                    while remaining > 0 and not cancel.is_set():
                        block = fh.read(min(BLOCK, remaining))
                        if not block:
                            break
                        remaining -= len(block)
                        out += [e.segment for e in rec.feed(block) if isinstance(e, Final)]
                        report(len(block) / (RATE * SAMPLE_BYTES))
                    out += [e.segment for e in rec.finish() if isinstance(e, Final)]  # resets for the next piece
            return out

        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="recognise") as pool:
            results = [f.result() for f in [pool.submit(worker) for _ in range(jobs)]]
        _check(cancel)
        segments = sorted((s for part in results for s in part), key=lambda s: s.start)
        return segments, duration
    finally:
        _unlink(spool.name)
