"""The clerk's live record in the workspace: start/pause/stop (a microphone, or a replayed file
through the same worker), the microphone choice, the input level and device warnings, and each
final segment stored the moment it exists with the current speaker. The recording itself is the
one use case of `app.services.live_record` that the headless recorder uses too: `begin_live`
checks the seal and the account, `LiveStore` stores every line (already in the journal) on its
own thread, waiting and retrying while the database is away; this part only runs it and shows it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimedia import QMediaDevices

from app.services.live_record import LiveStart, begin_live
from app.services.transcript import SegmentRow, line
from app.speech.engine import load_model
from app.speech.live import mark_stored, mark_unstored
from app.ui.runtime.jobs import Job
from app.ui.runtime.live_session import LiveSession
from app.ui.runtime.microphone import MicState, input_devices
from app.ui.runtime.speech_services import SpeechServices
from app.ui.runtime.tasks import DatabaseOps
from app.ui.workspace.transcript_panel import TranscriptPanel


class LiveRecordPart(QObject):
    failed = Signal(object)  # an exception to show
    started = Signal()  # the recorder runs (the workspace makes room for the record)
    line_stored = Signal(object)  # SegmentRow
    finished = Signal()  # stopped (or failed) and flushed: the WAV is written
    audio_changed = Signal()

    def __init__(self, ops: DatabaseOps, speech: SpeechServices | None, transcript: TranscriptPanel, parent=None):
        super().__init__(parent)
        self.ops, self.speech, self.transcript = ops, speech, transcript
        self.hearing_id: int | None = None
        self.session: LiveSession | None = None
        self.recording: LiveStart | None = None
        self.input_state, self.input_description = "", ""  # the microphone's MicState while recording
        self.last_wav = ""
        t = transcript
        t.record_requested.connect(lambda: self.start())
        t.pause_requested.connect(self.pause)
        t.stop_requested.connect(self.stop)
        t.device_chosen.connect(self.choose_device)
        self._media_devices = QMediaDevices(self)
        self._media_devices.audioInputsChanged.connect(self._refresh_devices)
        self._refresh_devices()

    def set_hearing(self, hearing_id: int) -> None:
        self.hearing_id = hearing_id

    @property
    def running(self) -> bool:
        return self.session is not None and self.session.running

    # -- microphone ---------------------------------------------------------------------------
    def _refresh_devices(self) -> None:
        chosen = self.speech.input_device if self.speech is not None else ""
        self.transcript.set_devices(input_devices(), chosen)

    def choose_device(self, device: str) -> None:
        """The clerk picked a microphone: remembered, and taken at once if recording."""
        if self.speech is None:
            return
        self.speech.input_device = device
        self._refresh_devices()
        if self.running:
            self.session.switch_device(device)

    def _device_state(self, state: str, description: str) -> None:
        self.input_state, self.input_description = state, description
        if state == MicState.LOST.value:
            self.transcript.show_input_warning(f"{MicState.LOST.label}（{description}）")
            self.transcript.status.setText(self.tr("录音设备已断开，已录内容均已保存"))
        elif state == MicState.RECORDING.value:
            self.transcript.show_input_warning("")
            self.transcript.status.setText(self.tr("记录中：%1").replace("%1", description))

    # -- recording ----------------------------------------------------------------------------
    def start(self, kind: str = "microphone", arg: str = "") -> None:
        """Start recording into this hearing: the service checks the seal and places the
        recording; the model loads off the UI thread; then the worker starts."""
        if self.speech is None or self.hearing_id is None or self.running:
            return
        if kind == "microphone" and not arg:
            arg = self.speech.input_device
        path = self.speech.default_model_path()
        if path is None:
            self.transcript.status.setText(self.tr("尚未安装语音模型"))
            return
        self.transcript.set_recording(True)
        self.transcript.status.setText(self.tr("正在准备录音……"))
        self.started.emit()

        def begun(live: LiveStart) -> None:
            self.recording = live
            job = Job(lambda progress, cancel: load_model(path))
            job.signals.finished.connect(lambda model: self._run(model, live, kind, arg))
            job.signals.failed.connect(lambda exc: self._live_failed(str(exc)))
            self.speech.jobs.start(job)

        def refused(exc: Exception) -> None:
            self._live_failed(str(exc))
            self.failed.emit(exc)

        self.ops.run(begin_live, self.hearing_id, done=begun, failed=refused)

    def _run(self, model, live: LiveStart, kind: str, arg: str) -> None:
        self.session = LiveSession(model, self.speech.audio_dir, live.hearing_id, live.offset, self,
                                   db=self.ops.db, journal=live.journal, words=live.words)
        self.session.line_stored.connect(self._stored)
        self.session.store_message.connect(self.transcript.status.setText)  # database away / back
        w = self.session.worker
        w.partial.connect(self.transcript.partial.setText)
        # bound methods of UI-thread objects: queued to the UI thread (a lambda would run in the worker)
        w.level.connect(self.transcript.show_level)
        w.device_state.connect(self._device_state)
        w.final.connect(self._final)
        w.failed.connect(self._live_failed)
        w.finished.connect(self._finished)
        self.session.start(kind, arg)
        self.transcript.status.setText(self.tr("记录中"))

    def pause(self, paused: bool) -> None:
        if self.session is not None:
            self.session.pause(paused)

    def stop(self) -> None:
        if self.running:
            self.transcript.status.setText(self.tr("正在保存录音……"))
            self.session.stop()

    def wait(self, msecs: int = 5000) -> None:
        if self.session is not None:
            self.session.wait(msecs)

    def _final(self, seg) -> None:
        """The line is in the recorder's journal; the store writes it to the database and says so."""
        self.transcript.partial.clear()
        self.session.store.add(seg, self.transcript.current_speaker)

    def _stored(self, segment_id: int) -> None:
        def shown(row: SegmentRow) -> None:
            self.line_stored.emit(row)

        self.ops.run(line, segment_id, done=shown, failed=self.failed.emit)

    def _finished(self, wav: str, seconds: float) -> None:
        store, sidecar = self.session.store, self.session.worker.recorder.sidecar

        def finish() -> int:  # waits for the last lines: on the task thread, never the UI's
            if store.finish(seconds):
                mark_stored(sidecar)  # nothing left for `recover`
                return 0
            mark_unstored(sidecar)  # `recover` stores the rest when the database is back
            return store.unstored

        def finished(unstored: int) -> None:
            self.audio_changed.emit()
            if unstored:
                self.transcript.status.setText(self.tr("数据库不可用：%1 项笔录尚未写入，已保存在录音日志中，"
                                                       "数据库恢复后启动程序即可恢复").replace("%1", str(unstored)))

        self.ops.tasks.submit(finish, finished, self.failed.emit)
        self.transcript.set_recording(False)
        self.transcript.status.setText(self.tr("录音已保存（%1 秒）").replace("%1", f"{seconds:.0f}"))
        self.last_wav = wav
        self.finished.emit()

    def _live_failed(self, message: str) -> None:
        if self.session is not None and self.session.store is not None and self.session.worker.recorder is None:
            self.session.store.close()  # it never started: no audio row
        self.transcript.set_recording(False)
        self.transcript.status.setText(message)
        self.finished.emit()
