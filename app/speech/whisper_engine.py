"""The Whisper engine: OpenAI Whisper in CTranslate2 format run by faster-whisper, int8 on the
CPU, from a model folder on disk. It never downloads anything: the model is opened by its
local path only, and the Hugging Face hub is switched offline before faster-whisper loads.

Whisper reads 30-second windows and carries the text of one window into the next, which is
where much of its accuracy comes from; but its segments run across pauses (and so across
speakers). So we decode long stretches whole and then cut every segment at each pause of
SPLIT_PAUSE or more, found in the audio's own energy and in the word timestamps: each line
of the record can carry one speaker, and the context is kept.

Whisper also invents sentences in silence and room noise. Its voice-activity filter (Silero)
drops non-speech before decoding; what still comes back with no loud audio under it, or
with Whisper's own signs of a hallucination (no speech, low confidence, repeats), is dropped.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from app.speech import segmenter
from app.speech.audio import RATE, SAMPLE_BYTES
from app.speech.engine import Segment, Word
from app.speech.errors import Cancelled, ModelError

# Set before faster_whisper (and with it huggingface_hub) is first imported: the hub reads
# these once. A model is only ever opened by path, so this is defence in depth.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

LANGUAGE = "zh"
BEAM_SIZE = 5
UTTERANCE_PAD_FRAMES = 100  # a live utterance is encoded with this much padding (10 ms frames), not to 30 s
# Measured on the shared hearing (benchmarks/whisper_pipeline.py): feeding a window's text
# into the next made Whisper base skip whole sentences after a misheard one (and with the
# case's names as hotwords it dropped 15 s of a hearing); each 30-second window still sees
# its whole audio context.
CONDITION_ON_PREVIOUS = False
# Whisper's fallback: a window that decodes badly (repeats, low confidence) is decoded again
# at rising temperatures, i.e. by sampling. Needed with hotwords (without it one window of the
# shared hearing came out wrong: 29.8% CER); three steps scored as well as the default six
# (11.5 to 12.1%) at less CPU (39 s against 45 to 70 s). Without hotwords it rarely triggers.
TEMPERATURES = (0.0, 0.2, 0.4)
SPLIT_PAUSE = 0.6  # seconds: a line never runs across a quiet stretch this long (turns come after >= 0.7 s)
MIN_LOUD_SECONDS = 0.15  # a line with less loud audio under it than this was invented from noise
GAP_SECONDS = 1.5  # with hotwords: speech between lines this long and ...
GAP_LOUD_SECONDS = 0.6  # ... this loud is recognised again without them

_models: dict[tuple[str, bool], WhisperEngine] = {}
_lock = threading.Lock()


def workers() -> int:
    """Decoders run side by side, one per core, each on one thread."""
    return max(1, os.cpu_count() or 1)


class WhisperEngine:
    """A loaded Whisper model. Thread-safe: up to `workers` calls decode at the same time."""

    kind = "whisper"

    def __init__(self, root: Path, model, workers: int):
        self.root, self.model, self.workers = root, model, workers
        self.name = root.name
        self._zh_tokenizer = None

    def recognise(self, pcm: bytes, *, offset: float = 0.0, hotwords: str | None = None,
                  cancel: threading.Event | None = None,
                  on_progress: Callable[[float], None] | None = None) -> list[Segment]:
        """16 kHz mono int16 PCM to segments, each within one stretch of speech; times are
        shifted by `offset` (where this audio starts in the file). `on_progress` gets the
        seconds of audio newly covered as Whisper moves on."""
        import numpy as np

        if len(pcm) < SAMPLE_BYTES * RATE // 10:
            return []
        audio = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32) / 32768.0
        duration = len(audio) / RATE
        energies = segmenter.frame_energies(pcm, int(RATE * segmenter.FRAME_SECONDS) * SAMPLE_BYTES)
        threshold = segmenter.quiet_threshold(energies)
        quiet = segmenter.pauses(energies, min_pause=SPLIT_PAUSE)
        try:
            found, _info = self.model.transcribe(
                audio, language=LANGUAGE, beam_size=BEAM_SIZE, vad_filter=True, word_timestamps=True,
                condition_on_previous_text=CONDITION_ON_PREVIOUS, hotwords=hotwords or None,
                temperature=list(TEMPERATURES))
            out: list[Segment] = []
            covered = 0.0
            for seg in found:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("已取消")
                if on_progress is not None and seg.end > covered:
                    on_progress(min(seg.end, duration) - covered)
                    covered = min(seg.end, duration)
                if _hallucinated(seg):
                    continue
                for piece in _pieces(seg, quiet):
                    piece.end = min(piece.end, duration)
                    if _loud_seconds(energies, threshold, piece.start, piece.end) >= MIN_LOUD_SECONDS:
                        out.append(piece)
            if hotwords:
                out = self._fill_gaps(pcm, out, energies, threshold, cancel)
            for piece in out:
                piece.start += offset
                piece.end += offset
                piece.words = [Word(w.word, w.start + offset, w.end + offset, w.conf) for w in piece.words]
        except RuntimeError as exc:  # CTranslate2 reports a broken model or out of memory so
            raise ModelError(f"Whisper 识别失败：{exc}") from exc
        if on_progress is not None and duration > covered:
            on_progress(duration - covered)
        return out

    def recognise_utterance(self, pcm: bytes, *, offset: float = 0.0) -> list[Segment]:
        """One utterance of the live record, already closed at a pause by the pause tracker:
        one line, or none if Whisper heard no speech in it.

        faster-whisper pads every window to 30 seconds, and encoding those 30 seconds was two
        thirds of a line's time (0.66 of 1.0 s here). The encoder of CTranslate2 takes shorter
        input, so an utterance is encoded as long as it is plus a second of padding: on the
        shared hearing's 24 utterances the median time fell from 1.31 to 0.52 s at the same
        error rate (benchmarks/whisper_pipeline.py). Greedy on temperature, no timestamps (the
        pause tracker has done their work), beam 5 as for files."""
        import numpy as np
        from faster_whisper.audio import pad_or_trim
        from faster_whisper.transcribe import get_compression_ratio, get_suppressed_tokens

        if len(pcm) < SAMPLE_BYTES * RATE // 10:
            return []
        audio = np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float32) / 32768.0
        duration = len(audio) / RATE
        energies = segmenter.frame_energies(pcm, int(RATE * segmenter.FRAME_SECONDS) * SAMPLE_BYTES)
        if _loud_seconds(energies, segmenter.quiet_threshold(energies), 0.0, duration) < MIN_LOUD_SECONDS:
            return []
        try:
            extractor = self.model.feature_extractor
            features = extractor(audio)[:, : extractor.nb_max_frames]
            frames = min(extractor.nb_max_frames, -(-(features.shape[-1] + UTTERANCE_PAD_FRAMES) // 100) * 100)
            features = np.ascontiguousarray(pad_or_trim(features, frames)[None])
            tokenizer = self._tokenizer()
            prompt = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
            result = self.model.model.generate(
                self.model.encode(features), [prompt], beam_size=BEAM_SIZE, return_scores=True,
                return_no_speech_prob=True, suppress_blank=True,
                suppress_tokens=get_suppressed_tokens(tokenizer, [-1]), max_length=self.model.max_length)[0]
        except RuntimeError as exc:  # CTranslate2 reports a broken model or out of memory so
            raise ModelError(f"Whisper 识别失败：{exc}") from exc
        tokens = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
        text = tokenizer.decode(tokens).strip()
        avg_logprob = result.scores[0] * len(tokens) / (len(tokens) + 1)
        if not text or _hallucinated_signs(result.no_speech_prob, avg_logprob, get_compression_ratio(text)):
            return []
        return [Segment(offset, offset + duration, text, [], punctuated=True)]

    def _tokenizer(self):
        from faster_whisper.tokenizer import Tokenizer

        if self._zh_tokenizer is None:
            self._zh_tokenizer = Tokenizer(self.model.hf_tokenizer, self.model.model.is_multilingual,
                                           task="transcribe", language=LANGUAGE)
        return self._zh_tokenizer

    def _fill_gaps(self, pcm: bytes, found: list[Segment], energies, threshold, cancel) -> list[Segment]:
        """With hotwords, Whisper base now and then skips a stretch of speech (its window
        decodes badly and the fallback does not recover it; measured on the shared hearing).
        Speech that no line covers is recognised again without them and put in its place."""
        spans = [(s.start, s.end) for s in found]
        edges = [0.0] + [x for span in sorted(spans) for x in span] + [len(energies) * segmenter.FRAME_SECONDS]
        out = list(found)
        for a, b in zip(edges[::2], edges[1::2]):
            if b - a < GAP_SECONDS or _loud_seconds(energies, threshold, a, b) < GAP_LOUD_SECONDS:
                continue
            first = int(a * RATE) * SAMPLE_BYTES
            last = int(b * RATE) * SAMPLE_BYTES
            more = self.recognise(pcm[first:last], offset=first / (RATE * SAMPLE_BYTES), cancel=cancel)
            out += [s for s in more if s.start >= a - 0.05]
        return sorted(out, key=lambda s: s.start)


def _hallucinated(seg) -> bool:
    return _hallucinated_signs(seg.no_speech_prob, seg.avg_logprob, seg.compression_ratio)


def _hallucinated_signs(no_speech_prob: float, avg_logprob: float, compression_ratio: float) -> bool:
    """Whisper's own signs: it thinks nobody spoke and is unsure of the text, or the text
    repeats itself (compression ratio, as in openai-whisper's fallback rule)."""
    if no_speech_prob > 0.6 and avg_logprob < -1.0:
        return True
    return compression_ratio > 2.4 and avg_logprob < -0.5


def _loud_seconds(energies: list[float], threshold: float, start: float, end: float) -> float:
    a = max(0, int(start / segmenter.FRAME_SECONDS))
    b = min(len(energies), int(end / segmenter.FRAME_SECONDS) + 1)
    return sum(1 for e in energies[a:b] if e >= threshold) * segmenter.FRAME_SECONDS


def split_at_pauses(words: Sequence[Word], quiet: Sequence[tuple[float, float]],
                    gap: float = SPLIT_PAUSE) -> list[list[Word]]:
    """Cut a run of words wherever a quiet stretch (from the audio) falls between two words,
    or the timestamps themselves leave `gap` seconds. A word goes to the side of the pause
    its middle is on: Whisper stretches the last word of a sentence into the silence after it."""
    if not words:
        return []
    groups: list[list[Word]] = [[words[0]]]
    mids = [(a + b) / 2 for a, b in quiet if b - a >= gap - 1e-9]
    j = 0
    for prev, word in zip(words, words[1:]):
        prev_mid, mid = (prev.start + prev.end) / 2, (word.start + word.end) / 2
        while j < len(mids) and mids[j] <= prev_mid:
            j += 1
        split = word.start - prev.end >= gap or (j < len(mids) and mids[j] <= mid)
        if split:
            groups.append([word])
        else:
            groups[-1].append(word)
    return groups


def _pieces(seg, quiet) -> list[Segment]:
    words = [Word(w.word, float(w.start), float(w.end), float(w.probability)) for w in (seg.words or [])]
    if not words:
        text = seg.text.strip()
        return [Segment(float(seg.start), float(seg.end), text, [], punctuated=True)] if text else []
    out = []
    for group in split_at_pauses(words, quiet):
        text = "".join(w.word for w in group).strip()
        if text:
            out.append(Segment(group[0].start, group[-1].end, text,
                               [Word(w.word.strip(), w.start, w.end, w.conf) for w in group], punctuated=True))
    return out


def load_whisper(root: Path, *, live: bool = False) -> WhisperEngine:
    """The process's engine for the model folder `root` (verified by the caller), loaded once.

    Files: one decoder per core, each on one thread, for pieces side by side. `live`: one
    decoder on all cores, so a single utterance is recognised as fast as the machine allows
    (a second copy of the weights: about 100 MB for base)."""
    key = str(Path(root).resolve())
    with _lock:
        engine = _models.get((key, live))
        if engine is None:
            try:
                from faster_whisper import WhisperModel

                n = 1 if live else workers()
                model = WhisperModel(key, device="cpu", compute_type="int8", cpu_threads=workers() if live else 1,
                                     num_workers=n, local_files_only=True)
            except Exception as exc:  # CTranslate2 raises RuntimeError/ValueError on a broken folder
                raise ModelError(f"模型无法加载（文件损坏或版本不兼容）：{Path(root).name}（{exc}）") from exc
            engine = WhisperEngine(Path(key), model, n)
            _models[(key, live)] = engine
        return engine


class WhisperStream:
    """The live record with a Whisper model: the same feed/finish interface as the Vosk
    `StreamRecognizer`, but Whisper hears whole utterances. The pause tracker closes an
    utterance once the speaker has been quiet `end_after_pause` seconds; a worker thread
    recognises it (the feeding thread never waits on Whisper) and hands each segment to
    `on_segment`. While someone speaks, `feed` returns a placeholder Partial so the record
    shows that speech is coming in. `finish` closes the last utterance and waits until every
    utterance is recognised."""

    PRE_ROLL = 0.3  # seconds of quiet kept before speech: Whisper needs the onset
    MAX_UTTERANCE = 25.0  # Whisper reads 30-second windows: a speaker who never pauses is cut here
    PLACEHOLDER = "（正在说话……）"

    def __init__(self, engine: WhisperEngine, *, offset: float = 0.0, end_after_pause: float = 0.5,
                 on_segment: Callable[[Segment], None] = lambda s: None):
        import queue

        from app.speech.levels import PauseTracker

        self.engine, self.offset, self.end_after_pause = engine, offset, end_after_pause
        self.on_segment = on_segment
        self._pauses = PauseTracker()
        self._buffer = bytearray()
        self._buffer_start = 0.0  # seconds since the stream began
        self._fed = 0.0
        self._speech = 0.0  # seconds of loud audio in the buffer
        self._todo: queue.Queue = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = 0
        self._pending_lock = threading.Lock()
        self.errors: list[Exception] = []
        self._worker = threading.Thread(target=self._work, name="whisper-live", daemon=True)
        self._worker.start()

    def start_at(self, position: float) -> None:
        self.offset = position - self._fed

    def feed(self, pcm: bytes) -> list:
        from app.speech.engine import Partial

        if not pcm:
            return []
        seconds = len(pcm) / (RATE * SAMPLE_BYTES)
        if not self._buffer:
            self._buffer_start = self._fed
        self._fed += seconds
        self._buffer += pcm
        quiet = self._pauses.update(pcm)
        events = []
        if quiet < seconds:  # some of this block is loud
            if self._speech == 0.0:
                events.append(Partial(self.PLACEHOLDER))
            self._speech += seconds - quiet
        buffered = len(self._buffer) / (RATE * SAMPLE_BYTES)
        if self._speech and (quiet >= self.end_after_pause or buffered >= self.MAX_UTTERANCE):
            self._close()
        elif not self._speech and buffered > self.PRE_ROLL:
            keep = int(self.PRE_ROLL * RATE) * SAMPLE_BYTES
            self._buffer_start += (len(self._buffer) - keep) / (RATE * SAMPLE_BYTES)
            del self._buffer[:-keep]
        return events

    def _close(self) -> None:
        if self._speech and self._buffer:
            with self._pending_lock:
                self._pending += 1
                self._idle.clear()
            self._todo.put((bytes(self._buffer), self.offset + self._buffer_start))
        self._buffer.clear()
        self._buffer_start = self._fed
        self._speech = 0.0

    def end_utterance(self) -> list:
        self._close()
        return []

    def finish(self) -> list:
        """Close the utterance being spoken and wait until all are recognised."""
        self._close()
        self._idle.wait()
        return []

    def close(self) -> None:
        self.finish()
        self._todo.put(None)

    def _work(self) -> None:
        while True:
            item = self._todo.get()
            if item is None:
                return
            pcm, offset = item
            try:
                for seg in self.engine.recognise_utterance(pcm, offset=offset):
                    self.on_segment(seg)
            except Exception as exc:  # kept for the recorder; the audio itself is already on disk
                self.errors.append(exc)
            finally:
                with self._pending_lock:
                    self._pending -= 1
                    if self._pending == 0:
                        self._idle.set()
