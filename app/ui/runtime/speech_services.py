"""What the UI needs for speech: the model store, where audio is kept, the job runner for
long work, and the model loaded once in the background (ready / failed signals)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from app.config import Setting
from app.speech.engine import load_model
from app.speech.model_store import ModelStore
from app.ui.runtime.jobs import Job, JobRunner
from app.ui.runtime.settings import read, write


class SpeechServices(QObject):
    model_ready = Signal(str)
    model_failed = Signal(str)

    def __init__(self, models_dir: Path, audio_dir: Path, parent: QObject | None = None, *,
                 settings: QSettings | None = None):
        super().__init__(parent)
        self.store = ModelStore(models_dir)
        self.audio_dir = audio_dir
        self.settings = settings
        self._input_device = str(read(settings, Setting.INPUT_DEVICE) or "")
        self.jobs = JobRunner(self, threads=2)
        self.state = "idle"

    @property
    def input_device(self) -> str:
        """The microphone the clerk chose (device id; "" = the system default), remembered."""
        return self._input_device

    @input_device.setter
    def input_device(self, device: str) -> None:
        self._input_device = device
        write(self.settings, Setting.INPUT_DEVICE, device)

    def default_model_path(self) -> Path | None:
        m = self.store.default_model()
        return Path(m.path) if m else None

    def preload(self) -> Job | None:
        """Load the default model off the UI thread so the first recognition starts at once."""
        path = self.default_model_path()
        if path is None:
            self.state = "none"
            self.model_failed.emit("尚未安装语音模型")
            return None
        self.state = "loading"
        job = Job(lambda progress, cancel: _load(path))
        job.signals.finished.connect(self._ready)
        job.signals.failed.connect(lambda exc: self._failed(str(exc)))
        return self.jobs.start(job)

    def _ready(self, name: str) -> None:
        self.state = "ready"
        self.model_ready.emit(name)

    def _failed(self, message: str) -> None:
        self.state = "failed"
        self.model_failed.emit(message)


def _load(path: Path) -> str:
    """The default model, the sound dictionary, and for Whisper also the live record's own copy (one decoder on all
    cores): loading it holds Python's lock for about 50 ms (its tokenizer), which at the
    start of a recording showed as a stall of the window (benchmarks/live_latency.py)."""
    from app.speech.engine import engine_of
    from app.speech.sound_alike import warm_up

    model = load_model(path)
    warm_up()  # the case's words are matched by sound from the first line on
    if engine_of(model) == "whisper":
        from app.speech.whisper_engine import load_whisper

        load_whisper(model.root, live=True)
    return path.name
