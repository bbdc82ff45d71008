"""What the incoming audio sounds like, block by block: the level for the meter, a warning
when the input is silent (a muted or unplugged microphone) or clipping (too loud: the words
distort and recognition fails), and how long the speaker has been quiet, so the live record
can close an utterance at a natural pause instead of waiting out Vosk's own endpoint rules
(which, on hearing speech, hold a finished sentence back 1 to 2 s).

Pure Python on 16 kHz mono int16 PCM; no Qt, so the CLI recorder and the tests use it too."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from enum import Enum

from app.speech.audio import RATE, SAMPLE_BYTES
from app.speech.segmenter import FRAME_SECONDS, frame_energies, quiet_threshold, samples

FULL_SCALE = 32768
FRAME_BYTES = int(RATE * FRAME_SECONDS) * SAMPLE_BYTES


def dbfs(amplitude: float) -> float:
    return 20 * math.log10(amplitude / FULL_SCALE) if amplitude > 0 else -120.0


class InputWarning(str, Enum):
    NONE = ""
    SILENT = "silent"
    CLIPPING = "clipping"

    @property
    def message(self) -> str:
        return {
            InputWarning.NONE: "",
            InputWarning.SILENT: "没有收到声音：请检查麦克风是否静音、断开或选错设备",
            InputWarning.CLIPPING: "输入音量过大（削波），识别会出错：请调低麦克风增益或让发言人离远一些",
        }[self]


@dataclass(frozen=True)
class Level:
    peak: float  # 0..1 of full scale, the loudest sample of the block
    rms_db: float  # dBFS
    warning: InputWarning


class InputCheck:
    """Level per block, and a warning that holds while the condition lasts.

    Silent: nothing above SILENT_PEAK_DB for SILENT_SECONDS. A live microphone always picks up
    some room noise; an all-but-zero signal that long means it is muted, unplugged or the wrong
    device. Clipping: samples at full scale; the warning stays CLIP_HOLD_SECONDS after the last
    clipped block so a clerk can read it."""

    SILENT_PEAK_DB = -60.0
    SILENT_SECONDS = 8.0
    CLIP_SAMPLE = 32700
    CLIP_MIN_SAMPLES = 3  # per block: one stray full-scale sample is not distortion
    CLIP_HOLD_SECONDS = 3.0

    def __init__(self):
        self.quiet_seconds = 0.0
        self.since_clip = math.inf
        self.seconds = 0.0

    def update(self, pcm: bytes) -> Level:
        s = samples(pcm)
        if not s:
            return Level(0.0, -120.0, self.warning)
        seconds = len(s) / RATE
        self.seconds += seconds
        peak = max(max(s), -min(s))
        rms = math.sqrt(sum(x * x for x in s) / len(s))
        self.quiet_seconds = self.quiet_seconds + seconds if dbfs(peak) < self.SILENT_PEAK_DB else 0.0
        clipped = sum(1 for x in s if x >= self.CLIP_SAMPLE or x <= -self.CLIP_SAMPLE)
        self.since_clip = 0.0 if clipped >= self.CLIP_MIN_SAMPLES else self.since_clip + seconds
        return Level(min(1.0, peak / FULL_SCALE), dbfs(rms), self.warning)

    @property
    def warning(self) -> InputWarning:
        if self.quiet_seconds >= self.SILENT_SECONDS:
            return InputWarning.SILENT
        if self.since_clip < self.CLIP_HOLD_SECONDS:
            return InputWarning.CLIPPING
        return InputWarning.NONE


class PauseTracker:
    """How long the input has been quiet, judged as the file segmenter judges pauses
    (segmenter.quiet_threshold) over the last FLOOR_SECONDS of 20 ms frames, so a noisy
    hearing room and a quiet office both work."""

    FLOOR_SECONDS = 30.0

    def __init__(self):
        self._frames: deque[float] = deque(maxlen=int(self.FLOOR_SECONDS / FRAME_SECONDS))
        self._carry = b""
        self.quiet_seconds = 0.0
        self._threshold = quiet_threshold([])
        self._since_floor = 0

    def update(self, pcm: bytes) -> float:
        """Feed a block; the seconds of quiet at its end."""
        data = self._carry + pcm
        whole = len(data) - len(data) % FRAME_BYTES
        self._carry = data[whole:]
        for energy in frame_energies(data[:whole], FRAME_BYTES):
            self._frames.append(energy)
            self._since_floor += 1
            if self._since_floor * FRAME_SECONDS >= 1.0:  # re-estimate the floor once a second
                self._since_floor = 0
                self._threshold = quiet_threshold(list(self._frames))
            self.quiet_seconds = self.quiet_seconds + FRAME_SECONDS if energy < self._threshold else 0.0
        return self.quiet_seconds
