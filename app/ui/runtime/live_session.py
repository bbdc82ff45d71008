"""The live record in the GUI: a worker object on its own thread owns the audio source and
the `LiveRecorder`. The microphone (`Microphone`, QAudioSource) and a replayed file (tests,
demos) deliver PCM blocks to the same slot, `_on_block`, which feeds the recorder; partial
text, final segments, the input level and the device state come back to the UI thread by
signal. Stopping flushes the journal and writes the WAV before `finished` is emitted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, QThread, QTimer, Signal, Slot

from app.speech.audio import RATE, SAMPLE_BYTES, pcm_blocks
from app.speech.live import LiveRecorder
from app.ui.runtime.microphone import Microphone, MicState


class LiveWorker(QObject):
    partial = Signal(str)
    final = Signal(object)  # Segment
    level = Signal(object)  # levels.Level, at most 20 times a second
    device_state = Signal(str, str)  # MicState value, device description
    failed = Signal(str)
    finished = Signal(str, float)  # wav path, seconds

    def __init__(self, model, audio_dir: Path, hearing_id: int, offset: float, journal: str | None = None,
                 words=None):
        super().__init__()
        self.model, self.audio_dir, self.hearing_id, self.offset = model, audio_dir, hearing_id, offset
        self.journal, self.words = journal, words
        self.recorder: LiveRecorder | None = None
        self.paused = False
        self.microphone: Microphone | None = None
        self._timer = None
        self._blocks = None

    @Slot(str, str)
    def start(self, kind: str, arg: str) -> None:
        try:
            self._level_clock = QElapsedTimer()
            self._level_clock.start()
            self._loudest = None
            if kind != "replay":  # the device first: no journal is started for a microphone that is not there
                self._start_microphone(arg)
            self.recorder = LiveRecorder(self.model, self.audio_dir, self.hearing_id, offset=self.offset,
                                         on_final=self.final.emit, on_partial=self.partial.emit,
                                         on_level=self._on_level, journal=self.journal, words=self.words)
            if kind == "replay":
                self._blocks = pcm_blocks(Path(arg), block_seconds=0.1)
                self._clock = QElapsedTimer()
                self._clock.start()
                self._sent = 0.0
                self._timer = QTimer(self)
                self._timer.setInterval(100)
                self._timer.timeout.connect(self._next_replay_block)
                self._timer.start()
        except Exception as exc:  # a model, disk or device problem: shown by the UI
            if self.microphone is not None:
                self.microphone.close()
            self.failed.emit(str(exc))

    def _start_microphone(self, wanted: str) -> None:
        self.microphone = Microphone(self._on_block, self)
        self.microphone.state_changed.connect(self._device_state)
        self.microphone.open(wanted)

    def _device_state(self, state: str, description: str) -> None:
        if state == MicState.LOST.value and self.recorder is not None:
            self.recorder.end_utterance()  # the last words before the device went reach the record now
        self.device_state.emit(state, description)

    @Slot(str)
    def switch_device(self, wanted: str) -> None:
        if self.microphone is not None and self.recorder is not None and not self.recorder.stopped:
            self.microphone.switch(wanted)

    def _next_replay_block(self) -> None:
        """Deliver what a microphone would have by now: audio keeps its wall-clock pace even
        when recognition falls behind (then a backlog builds up, as with a real device)."""
        while self._sent <= self._clock.elapsed() / 1000:
            block = next(self._blocks, None)
            if block is None:
                self._timer.stop()
                self.stop()
                return
            self._sent += len(block) / (RATE * SAMPLE_BYTES)
            self._on_block(block)

    def _on_block(self, pcm: bytes) -> None:
        """Every block, microphone or replay, enters here."""
        if self.recorder is None or self.paused or not pcm:
            return
        self.recorder.feed(pcm)

    def _on_level(self, level) -> None:
        """Hand the loudest block of each 50 ms to the meter (a microphone delivers blocks of a
        few ms: one signal each would flood the UI thread)."""
        if self._loudest is None or level.peak > self._loudest.peak or level.warning != self._loudest.warning:
            self._loudest = level
        if self._level_clock.elapsed() >= 50:
            self._level_clock.restart()
            self.level.emit(self._loudest)
            self._loudest = None

    @Slot(bool)
    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        if paused and self.recorder is not None:
            self.recorder.end_utterance()

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.microphone is not None:
            self.microphone.close()  # what the device still holds is fed before the recorder stops
        if self.recorder is None or self.recorder.stopped:
            return
        try:
            wav = self.recorder.stop()
            self.finished.emit(str(wav), self.recorder.seconds)
        except Exception as exc:
            self.failed.emit(str(exc))


class LiveSession(QObject):
    """UI-thread handle: owns the worker thread; start/pause/stop are queued to the worker."""

    _start = Signal(str, str)
    _stop = Signal()
    _pause = Signal(bool)
    _switch = Signal(str)

    line_stored = Signal(int)  # a live line reached the database (segment id)
    store_message = Signal(str)  # the database went away / came back (LiveStore)

    def __init__(self, model, audio_dir: Path, hearing_id: int, offset: float, parent=None, *, db=None,
                 journal: str | None = None, words=None):
        super().__init__(parent)
        self.thread = QThread()
        self.worker = LiveWorker(model, audio_dir, hearing_id, offset, journal, words)
        # The lines are stored by the LiveStore's own thread, never blocking this one or the
        # recorder; its reports come back here as queued signals.
        self.store = None
        if db is not None and journal is not None:
            from app.services.live_record import LiveStore

            self.store = LiveStore(db, hearing_id, journal=journal, wav_path=f"hearing-{hearing_id}/{journal}.wav",
                                   offset=offset, notify=self.store_message.emit,
                                   on_stored=lambda sid, seg: self.line_stored.emit(sid))
        self.worker.moveToThread(self.thread)
        self._start.connect(self.worker.start)
        self._stop.connect(self.worker.stop)
        self._pause.connect(self.worker.set_paused)
        self._switch.connect(self.worker.switch_device)
        self.worker.finished.connect(self._done)
        self.worker.failed.connect(self._failed)
        self.thread.start()
        self.running = False

    def start(self, kind: str = "microphone", arg: str = "") -> None:
        self.running = True
        self._start.emit(kind, arg)

    def pause(self, paused: bool) -> None:
        self._pause.emit(paused)

    def stop(self) -> None:
        self._stop.emit()

    def switch_device(self, wanted: str) -> None:
        self._switch.emit(wanted)

    def _failed(self, _message: str) -> None:
        self._done()

    def _done(self, *_):
        self.running = False
        self.thread.quit()

    def wait(self, msecs: int = 30000) -> bool:
        return self.thread.wait(msecs)


def seconds_of(pcm_bytes: int) -> float:
    return pcm_bytes / (RATE * SAMPLE_BYTES)
