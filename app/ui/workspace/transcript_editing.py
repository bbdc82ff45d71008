"""The clerk's live record in the workspace: start/pause/stop (microphone or a replayed
file through the same worker), the current speaker for new segments, relabelling a
selection, editing with the recognised text kept, split/merge, typed lines in time order,
search and replace, private notes and undo. A mixin of HearingWorkspace; every database
write runs on the TaskRunner and is audited by the models."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtMultimedia import QMediaDevices

from app.models import TranscriptSegment
from app.services.live_record import timeline_end
from app.services.record import (
    add_typed_line,
    delete_segment,
    edit_segment,
    merge_segments,
    relabel,
    replace_text,
    split_segment,
)
from app.services.transcript import SegmentRow, segment_rows
from app.speech.engine import load_model
from app.speech.live import mark_stored, mark_unstored, new_journal_name
from app.ui.jobs import Job
from app.ui.live_session import LiveSession
from app.ui.microphone import MicState, input_devices


def _row(seg) -> SegmentRow:
    return SegmentRow(seg.id, seg.start, seg.end, seg.text, seg.raw_text, seg.speaker, seg.source, seg.conf,
                      seg.version, seg.private_note)


class TranscriptEditing:
    def _wire_transcript(self) -> None:
        t = self.transcript
        self.live: LiveSession | None = None
        self.live_audio_id: int | None = None
        self.input_state, self.input_description = "", ""  # the microphone's MicState while recording
        self.undo_stack: list = []
        t.record_requested.connect(lambda: self.start_live())
        t.pause_requested.connect(lambda paused: self.live and self.live.pause(paused))
        t.stop_requested.connect(self.stop_live)
        t.device_chosen.connect(self.choose_device)
        self._media_devices = QMediaDevices(self)
        self._media_devices.audioInputsChanged.connect(self._refresh_devices)
        self._refresh_devices()
        t.model.text_edited.connect(self.edit_text)
        t.edit_line.returnPressed.connect(
            lambda: t.current_row() and self.edit_text(t.current_row().id, t.edit_line.text()))
        t.split_button.clicked.connect(lambda: t.current_row() and self.split(t.current_row().id, t.edit_line.cursorPosition()))
        t.merge_button.clicked.connect(lambda: self.merge([r.id for r in t.selected_rows()]))
        t.relabel_button.clicked.connect(lambda: self.relabel_selection(t.current_speaker))
        t.add_button.clicked.connect(lambda: self.add_manual_line(t.edit_line.text()))
        t.replace_button.clicked.connect(lambda: self.replace_all(t.find_text.text(), t.replace_with.text()))
        t.private_box.toggled.connect(lambda on: t.current_row() and self.set_private(t.current_row().id, on))
        t.undo_button.clicked.connect(self.undo)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo)

    # -- live recording ---------------------------------------------------------------------
    def _refresh_devices(self) -> None:
        chosen = self.speech.input_device if self.speech is not None else ""
        self.transcript.set_devices(input_devices(), chosen)

    def choose_device(self, device: str) -> None:
        """The clerk picked a microphone: remembered, and taken at once if recording."""
        if self.speech is None:
            return
        self.speech.input_device = device
        self._refresh_devices()
        if self.live is not None and self.live.running:
            self.live.switch_device(device)

    def _device_state(self, state: str, description: str) -> None:
        self.input_state, self.input_description = state, description
        if state == MicState.LOST.value:
            self.transcript.show_input_warning(f"{MicState.LOST.label}（{description}）")
            self.transcript.status.setText(self.tr("录音设备已断开，已录内容均已保存"))
        elif state == MicState.RECORDING.value:
            self.transcript.show_input_warning("")
            self.transcript.status.setText(self.tr("记录中：%1").replace("%1", description))

    def _make_room_for_the_record(self) -> None:
        """While recording the clerk works in the record: give it at least half the height."""
        top, record = self.outer.sizes()
        if record < (top + record) // 2:
            self.outer.setSizes([(top + record) // 2, (top + record) - (top + record) // 2])

    def start_live(self, kind: str = "microphone", arg: str = "") -> None:
        """Start recording into this hearing; the model loads off the UI thread first."""
        if self.speech is None or self.hearing_id is None or (self.live and self.live.running):
            return
        if kind == "microphone" and not arg:
            arg = self.speech.input_device
        path = self.speech.default_model_path()
        if path is None:
            self.transcript.status.setText(self.tr("尚未安装语音模型"))
            return
        db, hearing_id = self.db, self.hearing_id
        self._make_room_for_the_record()
        self.transcript.set_recording(True)
        self.transcript.status.setText(self.tr("正在准备录音……"))

        def offset():
            with db.session() as s:
                return timeline_end(s, hearing_id)

        def loaded(model, start_at: float) -> None:
            journal = new_journal_name()  # the audio row, every line and `recover` know the recording by it
            self.live = LiveSession(model, self.speech.audio_dir, hearing_id, start_at, self, db=db, journal=journal)
            w = self.live.worker
            w.partial.connect(self.transcript.partial.setText)
            # bound methods of UI-thread objects: queued to the UI thread (a lambda would run in the worker)
            w.level.connect(self.transcript.show_level)
            w.device_state.connect(self._device_state)
            w.final.connect(self._live_final)
            w.failed.connect(self._live_failed)
            w.finished.connect(self._live_finished)
            self.live.line_stored.connect(self._live_stored)
            self.live.store_message.connect(self.transcript.status.setText)
            self.live.start(kind, arg)
            self.transcript.status.setText(self.tr("记录中"))

        def after_offset(start_at: float) -> None:
            job = Job(lambda progress, cancel: load_model(path))
            job.signals.finished.connect(lambda model: loaded(model, start_at))
            job.signals.failed.connect(lambda exc: self._live_failed(str(exc)))
            self.speech.jobs.start(job)

        self.tasks.submit(offset, after_offset, self._failed)

    def stop_live(self) -> None:
        if self.live is not None and self.live.running:
            self.transcript.status.setText(self.tr("正在保存录音……"))
            self.live.stop()

    def _live_final(self, seg) -> None:
        """The line is in the recorder's journal; the LiveStore writes it to the database
        (waiting and retrying while the database is away) and reports it stored."""
        self.transcript.partial.clear()
        self.live.store.add(seg, self.transcript.current_speaker)

    def _live_stored(self, segment_id: int) -> None:
        db = self.db

        def load():
            with db.session() as s:
                return _row(s.get_one(TranscriptSegment, segment_id))

        def stored(row: SegmentRow) -> None:
            i = self.transcript.model.upsert(row)
            self.transcript.table.scrollTo(self.transcript.model.index(i, 0))

        self.tasks.submit(load, stored, self._failed)

    def _live_finished(self, wav: str, seconds: float) -> None:
        store, sidecar = self.live.store, self.live.worker.recorder.sidecar

        def finish() -> int:
            if store.finish(seconds):
                mark_stored(sidecar)  # nothing left for `recover`
                return 0
            mark_unstored(sidecar)  # `recover` stores the rest when the database is back
            return store.unstored

        def finished(unstored: int) -> None:
            self.refresh_audio()
            if unstored:
                self.transcript.status.setText(self.tr("数据库不可用：%1 项笔录尚未写入，已保存在录音日志中，"
                                                       "数据库恢复后启动程序即可恢复").replace("%1", str(unstored)))

        self.tasks.submit(finish, finished, self._failed)
        self.transcript.set_recording(False)
        self.transcript.status.setText(self.tr("录音已保存（%1 秒）").replace("%1", f"{seconds:.0f}"))
        self.live_wav = wav

    def _live_failed(self, message: str) -> None:
        if self.live is not None and self.live.store is not None and self.live.worker.recorder is None:
            self.live.store.close()  # it never started: no audio row
        self.transcript.set_recording(False)
        self.transcript.status.setText(message)

    # -- editing ------------------------------------------------------------------------------
    def _run(self, fn, then=None, undo=None) -> None:
        db = self.db

        def work():
            with db.session() as s:
                result = fn(s)
            with db.session() as s:
                return result, segment_rows(s, self.hearing_id)

        def done(out) -> None:
            result, rows = out
            self.transcript.set_rows(rows)
            if undo is not None:
                self.undo_stack.append(undo(result))
            if then:
                then(result)

        self.tasks.submit(work, done, self._failed)

    def _version(self, segment_id: int) -> int:
        return next(r.version for r in self.transcript.model.rows if r.id == segment_id)

    def edit_text(self, segment_id: int, text: str) -> None:
        before = next(r.text for r in self.transcript.model.rows if r.id == segment_id)
        version = self._version(segment_id)
        self._run(lambda s: edit_segment(s, segment_id, version=version, text=text).version,
                  undo=lambda new_version: lambda s: edit_segment(s, segment_id, version=new_version, text=before))

    def set_private(self, segment_id: int, private: bool) -> None:
        version = self._version(segment_id)
        self._run(lambda s: edit_segment(s, segment_id, version=version, private_note=private))

    def relabel_selection(self, speaker: str) -> None:
        ids = [r.id for r in self.transcript.selected_rows()]
        if ids:
            self._run(lambda s: relabel(s, ids, speaker),
                      undo=lambda before: lambda s: [relabel(s, [sid], old) for sid, old in before.items()])

    def split(self, segment_id: int, position: int) -> None:
        self._run(lambda s: split_segment(s, segment_id, position))

    def merge(self, segment_ids: list[int]) -> None:
        if len(segment_ids) >= 2:
            self._run(lambda s: merge_segments(s, segment_ids))

    def add_manual_line(self, text: str, start: float | None = None) -> None:
        """A typed line, placed just after the current one (or at the live position)."""
        if not text.strip():
            return
        if start is None:
            current = self.transcript.current_row()
            start = (current.end + 0.01) if current else 0.0
        speaker = self.transcript.current_speaker
        self._run(lambda s: add_typed_line(s, self.hearing_id, start=start, text=text, speaker=speaker),
                  undo=lambda sid: lambda s: delete_segment(s, sid))

    def replace_all(self, find: str, replacement: str) -> None:
        if find:
            self._run(lambda s: replace_text(s, self.hearing_id, find, replacement),
                      then=lambda n: self.transcript.status.setText(self.tr("已替换 %1 处").replace("%1", str(n))))

    def undo(self) -> None:
        if self.undo_stack:
            self._run(self.undo_stack.pop())
