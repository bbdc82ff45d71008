"""The live record in the GUI: a worker object on its own thread owns the audio source and
the `LiveRecorder`. The microphone (QAudioSource) and a replayed file (tests, demos) deliver
PCM blocks to the same slot, `_on_block`, which feeds the recorder; partial text and final
segments come back to the UI thread by signal. Stopping flushes the journal and writes the
WAV before `finished` is emitted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QObject, QThread, QTimer, Signal, Slot
from PySide6.QtMultimedia import QAudioFormat, QAudioSource, QMediaDevices

from app.speech.audio import RATE, SAMPLE_BYTES, pcm_blocks
from app.speech.live import LiveRecorder


class LiveWorker(QObject):
    partial = Signal(str)
    final = Signal(object)  # Segment
    level = Signal(float)  # 0..1 peak of the last block
    failed = Signal(str)
    finished = Signal(str, float)  # wav path, seconds

    def __init__(self, model, audio_dir: Path, hearing_id: int, offset: float):
        super().__init__()
        self.model, self.audio_dir, self.hearing_id, self.offset = model, audio_dir, hearing_id, offset
        self.recorder: LiveRecorder | None = None
        self.paused = False
        self._source = None
        self._io = None
        self._timer = None
        self._blocks = None

    @Slot(str, str)
    def start(self, kind: str, arg: str) -> None:
        try:
            self.recorder = LiveRecorder(self.model, self.audio_dir, self.hearing_id, offset=self.offset,
                                         on_final=self.final.emit, on_partial=self.partial.emit)
            if kind == "replay":
                self._blocks = pcm_blocks(Path(arg), block_seconds=0.1)
                self._clock = QElapsedTimer()
                self._clock.start()
                self._sent = 0.0
                self._timer = QTimer(self)
                self._timer.setInterval(100)
                self._timer.timeout.connect(self._next_replay_block)
                self._timer.start()
            else:
                self._start_microphone(arg)
        except Exception as exc:  # a model, disk or device problem: shown by the UI
            self.failed.emit(str(exc))

    def _start_microphone(self, name: str) -> None:
        devices = QMediaDevices.audioInputs()
        device = next((d for d in devices if d.description() == name), None) if name else QMediaDevices.defaultAudioInput()
        if device is None or device.isNull():
            raise RuntimeError("找不到录音设备" + (f"“{name}”" if name else "（未连接麦克风）"))
        fmt = QAudioFormat()
        fmt.setSampleRate(RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(fmt):
            raise RuntimeError(f"录音设备“{device.description()}”不支持 16 kHz 单声道录音")
        self._source = QAudioSource(device, fmt, self)
        self._io = self._source.start()
        self._io.readyRead.connect(lambda: self._on_block(bytes(self._io.readAll().data())))

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
        peak = max((abs(int.from_bytes(pcm[i:i + 2], "little", signed=True)) for i in range(0, len(pcm), 64)),
                   default=0)
        self.level.emit(peak / 32768)
        self.recorder.feed(pcm)

    @Slot(bool)
    def set_paused(self, paused: bool) -> None:
        self.paused = paused

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self._source is not None:
            self._source.stop()
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

    def __init__(self, model, audio_dir: Path, hearing_id: int, offset: float, parent=None):
        super().__init__(parent)
        self.thread = QThread()
        self.worker = LiveWorker(model, audio_dir, hearing_id, offset)
        self.worker.moveToThread(self.thread)
        self._start.connect(self.worker.start)
        self._stop.connect(self.worker.stop)
        self._pause.connect(self.worker.set_paused)
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

    def _failed(self, _message: str) -> None:
        self._done()

    def _done(self, *_):
        self.running = False
        self.thread.quit()

    def wait(self, msecs: int = 30000) -> bool:
        return self.thread.wait(msecs)


def seconds_of(pcm_bytes: int) -> float:
    return pcm_bytes / (RATE * SAMPLE_BYTES)
