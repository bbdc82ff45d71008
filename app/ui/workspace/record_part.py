"""The workspace's actions on the hearing record: importing a recording, citing statements for
elements, correction requests (调解仲裁法 Art 40), exports, sign-off, verification and the audit
trail. A part of the workspace that owns its state; it reaches the database only through
`DatabaseOps` and tells the workspace what happened by signal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.export.element_table_docx import write_element_table
from app.services import access
from app.services.case_vocabulary import case_words
from app.services.documents import element_table_document, transcript_document
from app.services.record import audit_entries, cite, register_correction
from app.services.sign_off import finalize, verify
from app.services.transcript import Placement, RecordExtent, copy_audio_in, import_recording, record_extent
from app.speech.errors import Cancelled
from app.speech.file_transcriber import transcribe_file
from app.timecode import clock
from app.ui.audit_dialog import AuditDialog
from app.ui.runtime.jobs import Job
from app.ui.runtime.speech_services import SpeechServices
from app.ui.runtime.tasks import DatabaseOps
from app.ui.workspace.correction_dialog import CorrectionDialog
from app.ui.workspace.element_table_dialog import ElementTableDialog
from app.ui.workspace.export_dialog import ExportDialog
from app.ui.workspace.import_dialog import ImportPlacementDialog
from app.ui.workspace.transcript_panel import TranscriptPanel
from app.vocabulary import CitationSide


class RecordPart(QObject):
    message = Signal(str, int)  # status-bar text, milliseconds
    failed = Signal(object)  # an exception to show
    rows_changed = Signal(list)  # the record's rows after a change made here
    audio_changed = Signal()  # a recording was added to the hearing
    cited = Signal(int, object)  # element id, (side label, start, text)
    sealed = Signal(str)  # the record was finalised: its digest
    import_started = Signal(object)  # the import's Job, once its place is known

    def __init__(self, ops: DatabaseOps, speech: SpeechServices | None, transcript: TranscriptPanel,
                 window: QWidget, *, case_id: int, session_no: int, today: Callable, case_no: Callable[[], str],
                 current_element: Callable, before_export: Callable[[], None] = lambda: None, settings=None):
        super().__init__(window)
        self.ops, self.speech, self.transcript, self.window = ops, speech, transcript, window
        self.case_id, self.session_no, self.today, self.case_no = case_id, session_no, today, case_no
        self.current_element, self.before_export = current_element, before_export
        self.hearing_id: int | None = None
        self.import_job = None
        self.last_verification = None
        self.settings = settings  # the export dialogs remember the last folder there
        self.permissions: set[str] = set()  # what the signed-in account may do on this case
        self.correction_dialog = self.export_dialog = self.audit_dialog = self.element_table_dialog = None
        self.placement_dialog = None

    def set_hearing(self, hearing_id: int) -> None:
        self.hearing_id = hearing_id

    @property
    def busy(self) -> bool:
        return self.import_job is not None and not self.import_job.done

    @property
    def audio_dir(self) -> Path:
        return self.speech.audio_dir if self.speech is not None else Path(".")

    # -- importing a recording -------------------------------------------------------------
    def import_audio(self, path: str | None = None) -> None:
        """Recognise a recording of this hearing on a worker thread and store its segments; when
        the hearing already has lines, first ask where the recording goes (`import_started`
        carries the job once it runs)."""
        if self.speech is None or self.hearing_id is None:
            return None
        model = self.speech.default_model_path()
        if model is None:
            QMessageBox.warning(self.window, self.tr("导入录音"), self.tr("尚未安装语音模型：请先在“语音模型”中安装。"))
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.window, self.tr("选择庭审录音"), "",
                self.tr("音频 (*.wav *.mp3 *.m4a *.aac *.amr *.ogg *.flac *.wma *.opus);;所有文件 (*)"))
            if not path:
                return None
        source = Path(path)

        def extent_and_words(session, hearing_id, case_id):
            # the case's names and legal terms correct what the recogniser heard (issue 10)
            return record_extent(session, hearing_id), case_words(session, case_id)

        self.ops.run(extent_and_words, self.hearing_id, self.case_id,
                     done=lambda found: self._place(source, model, *found), failed=self.failed.emit)
        return None

    def _place(self, source: Path, model: Path, extent: RecordExtent, words=None) -> None:
        """A hearing with a record asks where the recording goes (no silent mixing)."""
        if extent.sealed:
            self.message.emit(self.tr("笔录已定稿签署，不能再导入录音"), 8000)
            return
        if not extent.lines:
            self._start_import(source, model, Placement.ALONE, 0.0, words)
            return
        dialog = ImportPlacementDialog(source.name, extent, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._start_import(source, model, dialog.placement(), dialog.seconds(), words))
        self.placement_dialog = dialog
        dialog.open()

    def _start_import(self, source: Path, model: Path, placement: Placement, at: float, words=None):
        audio_dir, hearing_id = self.speech.audio_dir, self.hearing_id
        def work(progress, cancel):
            transcript = transcribe_file(source, model, progress=progress, cancel=cancel, words=words)
            stored = copy_audio_in(source, audio_dir, hearing_id)
            return transcript, stored

        job = Job(work)
        job.signals.progress.connect(self.transcript.show_progress)
        job.signals.finished.connect(lambda result: self._recognised(source, *result, placement=placement, at=at))
        job.signals.failed.connect(self._import_failed)
        self.transcript.set_busy(True, self.tr("正在读取录音……"))
        self.import_job = self.speech.jobs.start(job)
        self.import_started.emit(self.import_job)
        return self.import_job

    def cancel_import(self) -> None:
        if self.import_job is not None:
            self.import_job.cancel.set()

    def _recognised(self, source: Path, transcript, stored: Path, *, placement: Placement = Placement.ALONE,
                    at: float = 0.0) -> None:
        def stored_ok(rows) -> None:
            self.transcript.set_busy(False, self.tr("已导入 %1 段（%2）").replace("%1", str(len(transcript.segments)))
                                     .replace("%2", source.name))
            self.import_job = None
            self.rows_changed.emit(rows)
            self.audio_changed.emit()

        self.ops.run(import_recording, self.hearing_id, transcript.segments,
                     audio_path=str(stored.relative_to(self.speech.audio_dir)), original_name=source.name,
                     duration=transcript.duration, offset=at, placement=placement, done=stored_ok,
                     failed=lambda exc: (stored.unlink(missing_ok=True), self._import_failed(exc)))

    def _import_failed(self, exc: Exception) -> None:
        self.import_job = None
        cancelled = isinstance(exc, Cancelled)
        self.transcript.set_busy(False, self.tr("已取消导入") if cancelled else str(exc))
        if not cancelled:
            QMessageBox.warning(self.window, self.tr("导入录音"), str(exc))

    # -- the element table: the parties' version (no findings) or the tribunal's ---------------
    def export_element_table(self, path: str | None = None, *, for_tribunal: bool = False, then=None) -> None:
        """With `path`, write at once (headless callers); else the dialog with both versions,
        a remembered folder, open buttons and printing."""
        self.before_export()

        def documents(session, case_id, today):
            return (element_table_document(session, case_id, today=today),
                    element_table_document(session, case_id, today=today, for_tribunal=True))

        def show(docs) -> None:
            if path is not None:
                self.ops.tasks.submit(lambda: write_element_table(docs[1 if for_tribunal else 0], path),
                                      lambda out: self.message.emit(self.tr("要素表已导出：%1").replace("%1", str(out)), 8000),
                                      self.failed.emit)
                return
            dialog = ElementTableDialog(docs[0], docs[1], f"要素表-{self.case_no() or self.case_id}.docx", self.window,
                                        settings=self.settings, tasks=self.ops.tasks)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.element_table_dialog = dialog
            dialog.open()
            if then:
                then(dialog)

        self.ops.run(documents, self.case_id, self.today(), done=show, failed=self.failed.emit)

    # -- citations, corrections, export, sign-off, audit ---------------------------------------
    def cite_selected(self, side: CitationSide) -> None:
        seg, element = self.transcript.current_row(), self.current_element()
        if seg is None or element is None:
            self.message.emit(self.tr("请先选中一个要素和一段笔录"), 5000)
            return

        def saved(_id) -> None:
            self.cited.emit(element.id, (side.label, seg.start, seg.text))
            self.message.emit(self.tr("已将 %1 的发言引用到“%2”").replace("%1", clock(seg.start))
                              .replace("%2", element.label), 5000)

        self.ops.run(cite, element.id, seg.id, side, done=saved, failed=self.failed.emit)

    def open_correction_dialog(self) -> CorrectionDialog | None:
        if self.hearing_id is None:
            return None
        seg = self.transcript.current_row()
        dialog = CorrectionDialog(seg.text if seg else "", self.window)
        if access.DECIDE_CORRECTION not in self.permissions:  # registered now, decided by the tribunal
            for b in (dialog.accept_it, dialog.refuse_it):
                b.setEnabled(False)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def register() -> None:
            self.ops.run(register_correction, self.hearing_id, requested_by=dialog.requested_by.value(),
                         content=dialog.content.toPlainText(), segment_id=seg.id if seg else None,
                         proposed_text=dialog.proposed.toPlainText() if seg else "", outcome=dialog.outcome(),
                         reason=dialog.reason.text(), audio_dir=self.audio_dir,
                         done=lambda rows: (self.rows_changed.emit(rows), self.message.emit(self.tr("已登记补正申请"), 5000)),
                         failed=self.failed.emit)

        dialog.accepted.connect(register)
        self.correction_dialog = dialog
        dialog.open()
        return dialog

    def open_export_dialog(self, then=None) -> None:
        """The 庭审笔录 export dialog: preview, role names, the folder remembered; it writes the
        file in the background and offers to open it; print preview and printing."""
        def both_styles(session, case_id, session_no):
            return (transcript_document(session, case_id, session_no, role_style="short"),
                    transcript_document(session, case_id, session_no, role_style="full"))

        def show(docs) -> None:
            dialog = ExportDialog(docs[0], docs[1], f"庭审笔录-{docs[0].case_no}-第{self.session_no}次.docx", self.window,
                                  settings=self.settings, tasks=self.ops.tasks)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.export_dialog = dialog
            dialog.open()
            if then:
                then(dialog)

        self.ops.run(both_styles, self.case_id, self.session_no, done=show, failed=self.failed.emit)

    def finalize_record(self, confirm: bool = True) -> None:
        if confirm and QMessageBox.question(
                self.window, self.tr("定稿签署"),
                self.tr("定稿后笔录将被锁定，只能通过登记补正申请修改。确定定稿？")) != QMessageBox.StandardButton.Yes:
            return

        def sealed(digest: str) -> None:
            self.message.emit(self.tr("已定稿，SHA-256：%1").replace("%1", digest), 10000)
            self.sealed.emit(digest)

        self.ops.run(finalize, self.hearing_id, audio_dir=self.audio_dir, by=self.ops.db.actor,
                     done=sealed, failed=self.failed.emit)

    def verify_record(self) -> None:
        def show(result) -> None:
            self.last_verification = result
            # notes are information, not tampering (e.g. a party's particulars edited since the
            # seal, while the sealed 笔录 keeps printing them as signed)
            notes = "".join("\n\n" + self.tr("提示：") + n for n in result.notes)
            if result.ok:
                QMessageBox.information(self.window, self.tr("核验笔录"),
                                        self.tr("笔录与定稿一致。\nHMAC-SHA256：%1").replace("%1", result.digest) + notes)
            else:
                QMessageBox.warning(self.window, self.tr("核验笔录"),
                                    self.tr("笔录在定稿后被改动：\n") + "\n".join(result.problems) + notes)

        self.ops.run(verify, self.hearing_id, audio_dir=self.audio_dir, done=show, failed=self.failed.emit)

    def show_audit(self) -> None:
        def show(entries) -> None:
            dialog = AuditDialog(entries, self.tr("操作日志"), self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.audit_dialog = dialog
            dialog.open()

        self.ops.run(audit_entries, self.case_id, done=show, failed=self.failed.emit)
