"""The engines behind one interface. `load_model(path)` opens an installed model of either
kind, chosen by what the folder holds: Vosk (streams, `StreamRecognizer` below) or Whisper
(whole stretches of speech, app/speech/whisper_engine.py); `engine_of(model)` tells which.

The Vosk engine: one `vosk.Model` per process, one `KaldiRecognizer` per stream.
`StreamRecognizer` takes 16 kHz mono int16 PCM as it arrives (a microphone, a file being
decoded, a chunk of a long file) and returns events: `Partial` while someone speaks,
`Final` with a `Segment` at each pause. File and live recognition share this code.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from app.speech.errors import ModelError
from app.speech.model_store import VOSK, WHISPER, model_kind, verify_model

RATE = 16000

_models: dict[str, object] = {}
_models_lock = threading.Lock()


def load_model(path: Path):
    """The process's model for `path`, loaded once (slow: call it off the UI thread): a
    `vosk.Model`, or a `WhisperEngine` for a Whisper (CTranslate2) folder."""
    root = verify_model(Path(path))
    if root.is_file():
        raise ModelError(f"请先安装模型压缩包，再使用：{root}")
    if model_kind(root) == WHISPER:
        from app.speech.whisper_engine import load_whisper

        return load_whisper(root)
    key = str(root.resolve())
    with _models_lock:
        model = _models.get(key)
        if model is None:
            import vosk

            vosk.SetLogLevel(-1)
            try:
                model = vosk.Model(key)
            except Exception as exc:  # vosk raises a bare Exception on a broken model
                raise ModelError(f"模型无法加载（文件损坏或版本不兼容）：{root}") from exc
            _models[key] = model
        return model


def loaded_model_count() -> int:
    return len(_models)


def engine_of(model) -> str:
    """"whisper" or "vosk" for a model `load_model` returned."""
    return getattr(model, "kind", VOSK)


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    conf: float

    def as_json(self) -> dict:
        return {"word": self.word, "start": round(self.start, 3), "end": round(self.end, 3), "conf": round(self.conf, 3)}


@dataclass
class Segment:
    start: float
    end: float
    raw_text: str
    words: list[Word] = field(default_factory=list)
    text: str = ""  # cleaned (spaces, punctuation, word list); raw_text is always kept
    line_id: str = ""  # live lines: "<journal>#<n>", the line's place in the recorder's journal
    punctuated: bool = False  # the recogniser punctuates itself (Whisper); Vosk gives bare words

    @property
    def confidence(self) -> float:
        return sum(w.conf for w in self.words) / len(self.words) if self.words else 0.0

    def as_json(self) -> dict:
        return {"start": round(self.start, 3), "end": round(self.end, 3), "text": self.text or self.raw_text,
                "raw_text": self.raw_text, "conf": round(self.confidence, 3),
                "words": [w.as_json() for w in self.words]}


@dataclass(frozen=True)
class Partial:
    text: str


@dataclass(frozen=True)
class Final:
    segment: Segment


class StreamRecognizer:
    """Feed PCM, get events. `offset` shifts times (a chunk that starts later in a file).

    With `end_after_pause` (seconds), an utterance is closed as soon as the speaker has been
    quiet that long (see levels.PauseTracker), rather than when Vosk's endpoint rules fire:
    those wait 0.5 to 2 s of trailing silence depending on how sure the decoder is, which is
    what makes a live line appear late. Files are recognised without it."""

    def __init__(self, model, *, rate: int = RATE, offset: float = 0.0, partials: bool = True,
                 end_after_pause: float | None = None):
        import vosk

        from app.speech.levels import PauseTracker

        self._rec = vosk.KaldiRecognizer(model, rate)
        self._rec.SetWords(True)
        self.offset = offset
        self.partials = partials
        self._rate = rate
        self._fed = 0.0  # seconds fed since creation: Vosk's clock, which neither FinalResult nor Reset rewinds
        self._last_partial = ""
        self.end_after_pause = end_after_pause
        self._pauses = PauseTracker() if end_after_pause else None

    def start_at(self, position: float) -> None:
        """The audio fed next starts at `position` seconds on the caller's timeline (a piece
        of a file). Call after finish()."""
        self.offset = position - self._fed

    def feed(self, pcm: bytes) -> list:
        if not pcm:
            return []
        self._fed += len(pcm) / (2 * self._rate)
        paused = self._pauses is not None and self._pauses.update(pcm) >= self.end_after_pause
        if self._rec.AcceptWaveform(pcm):
            return self._final(self._rec.Result())
        if not self.partials and not paused:
            return []
        text = json.loads(self._rec.PartialResult()).get("partial", "")
        if text and paused:
            return self.finish()  # the speaker paused: close the utterance now
        if not self.partials:
            return []
        if text and text != self._last_partial:
            self._last_partial = text
            return [Partial(text)]
        return []

    def finish(self) -> list:
        return self._final(self._rec.FinalResult())

    def _final(self, result_json: str) -> list:
        self._last_partial = ""
        result = json.loads(result_json)
        words = [Word(w["word"], w["start"] + self.offset, w["end"] + self.offset, w.get("conf", 1.0))
                 for w in result.get("result", [])]
        text = result.get("text", "").strip()
        if not text or not words:
            return []
        return [Final(Segment(words[0].start, words[-1].end, text, words))]
