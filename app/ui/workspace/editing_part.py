"""Correcting the record in the workspace: text edits with the recognised text kept, speakers
relabelled for a selection, split and merge, typed lines in time order, search and replace,
private notes, and undo. Every change is a use case of `app.services.record` (audited by the
models, refused on a sealed record); the inverse of each undoable edit comes from the service."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.services import record
from app.services.transcript import segment_rows
from app.ui.runtime.tasks import DatabaseOps
from app.ui.workspace.transcript_panel import TranscriptPanel


def _then_rows(use_case):
    """A record edit followed by the record as it now stands, in the same session."""
    def run(session, hearing_id, *args, **kwargs):
        result = use_case(session, *args, **kwargs)
        session.flush()
        return result, segment_rows(session, hearing_id)
    return run


class EditingPart(QObject):
    failed = Signal(object)
    rows_changed = Signal(list)

    def __init__(self, ops: DatabaseOps, transcript: TranscriptPanel, window: QWidget):
        super().__init__(window)
        self.ops, self.transcript = ops, transcript
        self.hearing_id: int | None = None
        self.undo_stack: list[record.Undo] = []
        t = transcript
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
        QShortcut(QKeySequence.StandardKey.Undo, window, activated=self.undo)

    def set_hearing(self, hearing_id: int) -> None:
        self.hearing_id = hearing_id

    def _run(self, use_case, *args, undoable: bool = False, then=None, **kwargs) -> None:
        def done(out) -> None:
            result, rows = out
            self.rows_changed.emit(rows)
            if undoable:
                self.undo_stack.append(result)
            if then:
                then(result)

        self.ops.run(_then_rows(use_case), self.hearing_id, *args, done=done, failed=self.failed.emit, **kwargs)

    def _version(self, segment_id: int) -> int:
        return next(r.version for r in self.transcript.model.rows if r.id == segment_id)

    def edit_text(self, segment_id: int, text: str) -> None:
        self._run(record.edit_text, segment_id, version=self._version(segment_id), text=text, undoable=True)

    def set_private(self, segment_id: int, private: bool) -> None:
        self._run(record.edit_segment, segment_id, version=self._version(segment_id), private_note=private)

    def relabel_selection(self, speaker: str) -> None:
        ids = [r.id for r in self.transcript.selected_rows()]
        if ids:
            self._run(record.relabel_lines, ids, speaker, undoable=True)

    def split(self, segment_id: int, position: int) -> None:
        self._run(record.split_segment, segment_id, position)

    def merge(self, segment_ids: list[int]) -> None:
        if len(segment_ids) >= 2:
            self._run(record.merge_segments, segment_ids)

    def add_manual_line(self, text: str, start: float | None = None) -> None:
        """A typed line, placed just after the current one (or at the start)."""
        if not text.strip():
            return
        if start is None:
            current = self.transcript.current_row()
            start = (current.end + 0.01) if current else 0.0
        self._run(record.type_line, self.hearing_id, start=start, text=text, speaker=self.transcript.current_speaker,
                  undoable=True)

    def replace_all(self, find: str, replacement: str) -> None:
        if find:
            self._run(record.replace_text, self.hearing_id, find, replacement,
                      then=lambda n: self.transcript.status.setText(self.tr("已替换 %1 处").replace("%1", str(n))))

    def undo(self) -> None:
        if self.undo_stack:
            self._run(record.undo, self.undo_stack.pop())
