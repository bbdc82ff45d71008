"""The workspace's actions on the hearing record: importing a recording, citing statements
for elements, correction requests (调解仲裁法 Art 40), exports, sign-off, verification and the
audit trail. A mixin of HearingWorkspace; every piece of work runs off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.export.docx_base import write_text_atomically
from app.export.transcript_docx import transcript_text, write_transcript_docx
from app.services.documents import transcript_document
from app.services.record import audit_entries, cite, decide_correction, request_correction
from app.services.sign_off import finalize, verify
from app.services.transcript import copy_audio_in, segment_rows, store_import
from app.speech.errors import Cancelled
from app.speech.file_transcriber import transcribe_file
from app.ui.audit_dialog import AuditDialog
from app.ui.jobs import Job
from app.ui.workspace.correction_dialog import CorrectionDialog
from app.ui.workspace.export_dialog import ExportDialog
from app.ui.workspace.transcript_panel import clock
from app.vocabulary import CitationSide


class RecordActions:
    """Needs from the host window: db, tasks, speech, case_id, session_no, hearing_id,
    transcript (TranscriptPanel), editor, data, today, statusBar(), _failed(), _dirty."""

    # -- importing a recording -------------------------------------------------------------
    def import_audio(self, path: str | None = None):
        """Recognise a recording of this hearing on a worker thread and store its segments."""
        if self.speech is None or self.hearing_id is None:
            return None
        model = self.speech.default_model_path()
        if model is None:
            QMessageBox.warning(self, self.tr("导入录音"), self.tr("尚未安装语音模型：请先在“语音模型”中安装。"))
            return None
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("选择庭审录音"), "",
                self.tr("音频 (*.wav *.mp3 *.m4a *.aac *.amr *.ogg *.flac *.wma *.opus);;所有文件 (*)"))
            if not path:
                return None
        source, audio_dir, hearing_id = Path(path), self.speech.audio_dir, self.hearing_id

        def work(progress, cancel):
            transcript = transcribe_file(source, model, progress=progress, cancel=cancel)
            stored = copy_audio_in(source, audio_dir, hearing_id)
            return transcript, stored

        job = Job(work)
        job.signals.progress.connect(self.transcript.show_progress)
        job.signals.finished.connect(lambda result: self._recognised(source, *result))
        job.signals.failed.connect(self._import_failed)
        self.transcript.set_busy(True, self.tr("正在读取录音……"))
        self.import_job = self.speech.jobs.start(job)
        return self.import_job

    def cancel_import(self) -> None:
        if self.import_job is not None:
            self.import_job.cancel.set()

    def _recognised(self, source: Path, transcript, stored: Path) -> None:
        db, hearing_id, audio_dir = self.db, self.hearing_id, self.speech.audio_dir

        def store():
            with db.session() as s:
                store_import(s, hearing_id, transcript.segments, audio_path=str(stored.relative_to(audio_dir)),
                             original_name=source.name, duration=transcript.duration)
                return segment_rows(s, hearing_id)

        def stored_ok(rows) -> None:
            self.transcript.set_busy(False, self.tr("已导入 %1 段（%2）").replace("%1", str(len(transcript.segments)))
                                     .replace("%2", source.name))
            self.transcript.set_rows(rows)
            self.import_job = None
            self.refresh_audio()

        self.tasks.submit(store, stored_ok, self._import_failed)

    def _import_failed(self, exc: Exception) -> None:
        self.import_job = None
        cancelled = isinstance(exc, Cancelled)
        self.transcript.set_busy(False, self.tr("已取消导入") if cancelled else str(exc))
        if not cancelled:
            QMessageBox.warning(self, self.tr("导入录音"), str(exc))

    def export_element_table(self, path: str | None = None) -> None:
        """Write the element table as .docx for the parties to confirm and sign."""
        if self._dirty:
            self.save_current()
        if path is None:
            suggested = f"要素表-{self.data.context.case_no if self.data else self.case_id}.docx"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出要素表"), suggested, "Word (*.docx)")
            if not path:
                return
        db, case_id, today = self.db, self.case_id, self.today()

        def export():
            from app.export.element_table_docx import write_element_table
            from app.services.documents import element_table_document

            with db.session() as s:
                data = element_table_document(s, case_id, today=today)
            return write_element_table(data, path)

        self.tasks.submit(export, lambda out: self.statusBar().showMessage(
            self.tr("要素表已导出：%1").replace("%1", str(out)), 8000), self._failed)

    # -- the record: citations, corrections, export, sign-off, audit ---------------------------
    def selected_segment(self):
        index = self.transcript.table.currentIndex()
        return self.transcript.model.rows[index.row()] if index.isValid() else None

    def cite_selected(self, side: CitationSide) -> None:
        seg, element = self.selected_segment(), self.editor.row
        if seg is None or element is None:
            self.statusBar().showMessage(self.tr("请先选中一个要素和一段笔录"), 5000)
            return
        db = self.db

        def save():
            with db.session() as s:
                return cite(s, element.id, seg.id, side)

        def saved(_id) -> None:
            if self.data is not None:
                self.data.citations = self.data.citations or {}
                self.data.citations.setdefault(element.id, []).append((side.label, seg.start, seg.text))
                self.editor.citations.setText("\n".join(f"{sd} {at}：{t}" for sd, at, t in self.citations_of(element.id)))
            self.statusBar().showMessage(
                self.tr("已将 %1 的发言引用到“%2”").replace("%1", clock(seg.start)).replace("%2", element.label), 5000)

        self.tasks.submit(save, saved, self._failed)

    def _audio_dir(self):
        return self.speech.audio_dir if self.speech is not None else None

    def open_correction_dialog(self) -> CorrectionDialog | None:
        seg = self.selected_segment()
        if self.hearing_id is None:
            return None
        dialog = CorrectionDialog(seg.text if seg else "", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        db, hearing_id, audio_dir = self.db, self.hearing_id, self._audio_dir()

        def register():
            by, content, proposed, outcome = (dialog.requested_by.value(), dialog.content.toPlainText(),
                                              dialog.proposed.toPlainText(), dialog.outcome())
            reason, actor = dialog.reason.text(), db.actor

            def save():
                with db.session() as s:
                    rid = request_correction(s, hearing_id, requested_by=by, content=content,
                                             segment_id=seg.id if seg else None,
                                             proposed_text=proposed if seg else "")
                    if outcome is not None:
                        decide_correction(s, rid, accepted=outcome, decided_by=actor, reason=reason, audio_dir=audio_dir)
                    return segment_rows(s, hearing_id)

            self.tasks.submit(save, lambda rows: (self.transcript.set_rows(rows), self.statusBar().showMessage(
                self.tr("已登记补正申请"), 5000)), self._failed)

        dialog.accepted.connect(register)
        self.correction_dialog = dialog
        dialog.open()
        return dialog

    def open_export_dialog(self, then=None) -> None:
        db, case_id, session_no = self.db, self.case_id, self.session_no

        def load():
            with db.session() as s:
                return (transcript_document(s, case_id, session_no, role_style="short"),
                        transcript_document(s, case_id, session_no, role_style="full"))

        def show(docs) -> None:
            dialog = ExportDialog(docs[0], docs[1], f"庭审笔录-{docs[0].case_no}-第{session_no}次.docx", self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._export(dialog.data(), dialog.docx_path.text(), dialog.also_txt.isChecked()))
            self.export_dialog = dialog
            dialog.open()
            if then:
                then(dialog)

        self.tasks.submit(load, show, self._failed)

    def _export(self, data, path: str, also_txt: bool) -> None:
        def write():
            out = write_transcript_docx(data, Path(path))
            if also_txt:
                write_text_atomically(Path(path).with_suffix(".txt"), transcript_text(data))  # no symlinks, umask
            return out

        self.tasks.submit(write, lambda out: self.statusBar().showMessage(
            self.tr("庭审笔录已导出：%1").replace("%1", str(out)), 8000), self._failed)

    def finalize_record(self, confirm: bool = True) -> None:
        if confirm and QMessageBox.question(
                self, self.tr("定稿签署"),
                self.tr("定稿后笔录将被锁定，只能通过登记补正申请修改。确定定稿？")) != QMessageBox.StandardButton.Yes:
            return
        db, hearing_id, audio_dir = self.db, self.hearing_id, self._audio_dir() or Path(".")

        def seal():
            with db.session() as s:
                return finalize(s, hearing_id, audio_dir=audio_dir, by=db.actor)

        self.tasks.submit(seal, lambda digest: self.statusBar().showMessage(
            self.tr("已定稿，SHA-256：%1").replace("%1", digest), 10000), self._failed)

    def verify_record(self) -> None:
        db, hearing_id, audio_dir = self.db, self.hearing_id, self._audio_dir() or Path(".")

        def check():
            with db.session() as s:
                return verify(s, hearing_id, audio_dir=audio_dir)

        def show(result) -> None:
            self.last_verification = result
            if result.ok:
                QMessageBox.information(self, self.tr("核验笔录"), self.tr("笔录与定稿一致。\nSHA-256：%1").replace("%1", result.digest))
            else:
                QMessageBox.warning(self, self.tr("核验笔录"), self.tr("笔录在定稿后被改动：\n") + "\n".join(result.problems))

        self.tasks.submit(check, show, self._failed)

    def show_audit(self) -> None:
        db, case_id = self.db, self.case_id

        def load():
            with db.session() as s:
                return audit_entries(s, case_id)

        def show(entries) -> None:
            dialog = AuditDialog(entries, self.tr("操作日志"), self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.audit_dialog = dialog
            dialog.open()

        self.tasks.submit(load, show, self._failed)

