"""The element table in the hearing room (要素式庭审): moving between elements, each side's
position, the status, the tribunal's finding, live summaries of the undisputed and disputed
elements and the calculators fed by element values. A part of the workspace that owns the
table's state; saves of one element go one after another so quick typing loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QTableView, QWidget

from app.services.elements import (
    CalculatorView,
    ElementRow,
    calculate,
    element_alerts,
    record_calculation,
    save_element,
    summaries,
)
from app.services.workspace import WorkspaceSnapshot
from app.timecode import clock
from app.ui.runtime.tasks import DatabaseOps
from app.ui.workspace.element_editor import ElementEditor
from app.ui.workspace.element_table_model import ElementTableModel
from app.ui.workspace.procedure_panel import ProcedurePanel
from app.ui.workspace.summary_panel import SummaryPanel
from app.vocabulary import ElementStatus


class ElementsPart(QObject):
    failed = Signal(object)
    message = Signal(str, int)

    def __init__(self, ops: DatabaseOps, table: QTableView, model: ElementTableModel, editor: ElementEditor,
                 summary: SummaryPanel, procedure: ProcedurePanel, window: QWidget, *, case_id: int,
                 today: Callable):
        super().__init__(window)
        self.ops, self.table, self.model, self.editor = ops, table, model, editor
        self.summary, self.procedure, self.window = summary, procedure, window
        self.case_id, self.today = case_id, today
        self.data: WorkspaceSnapshot | None = None
        self.views: list[CalculatorView] = []
        self._dirty = False
        # Saves of one element go one after another, each with the version the last one gave,
        # so quick typing never meets its own earlier save as a "conflict".
        self._saving: dict[int, ElementRow | None] = {}
        table.selectionModel().currentRowChanged.connect(self._element_changed)
        editor.edited.connect(self.mark_dirty)
        editor.status_set.connect(self.set_status)
        summary.record_requested.connect(self.record_calculations)

    def set_snapshot(self, data: WorkspaceSnapshot) -> None:
        self.data = data
        self.model.set_rows(data.rows)
        if data.rows:
            self.table.selectRow(0)
        self._refresh_summaries()

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def move_element(self, step: int) -> None:
        row = self.current_row() + step
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)

    def _element_changed(self, current, previous) -> None:
        if previous.isValid() and self._dirty:
            self._save(self.editor.collect())
        row = replace(self.model.rows[current.row()]) if current.isValid() else None
        typing = self.window.focusWidget() in (None, self.table) or self.editor.isAncestorOf(self.window.focusWidget())
        self.editor.show_row(row, self.citations_of(row.id) if row else [])
        self._dirty = False
        if row is not None and typing:
            # the next answer is the applicant's (Tab goes on to the respondent's), never the
            # box the previous element was left in
            self.editor.applicant.setFocus()
            self.editor.applicant.moveCursor(QTextCursor.MoveOperation.End)

    def _citations(self, element_id: int) -> list[tuple[str, float, str]]:
        return self.data.citations.get(element_id, []) if self.data else []

    def citations_of(self, element_id: int) -> list[tuple[str, str, str]]:
        return [(side, clock(start), text) for side, start, text in self._citations(element_id)]

    def cited(self, element_id: int, citation: tuple[str, float, str]) -> None:
        if self.data is not None:
            self.data.citations.setdefault(element_id, []).append(citation)
        if self.editor.row is not None and self.editor.row.id == element_id:
            self.editor.citations.setText("\n".join(f"{sd} {at}：{t}" for sd, at, t in self.citations_of(element_id)))

    def current_citations(self) -> list[tuple[str, float, str]]:
        return self._citations(self.editor.row.id) if self.editor.row is not None else []

    def mark_dirty(self) -> None:
        self._dirty = True

    def save_if_dirty(self) -> None:
        if self._dirty:
            self.save_current()

    def set_status(self, status: ElementStatus) -> None:
        row = self.editor.collect()
        if row is None:
            return
        row.status = status
        self.editor.status_buttons[status].setChecked(True)
        self._save(row)

    def save_current(self) -> None:
        row = self.editor.collect()
        if row is not None:
            self._save(row)

    def _save(self, row: ElementRow | None) -> None:
        if row is None or self.editor.sealed:
            return
        self._dirty = False
        snapshot = replace(row)
        self.model.replace_row(snapshot)  # show at once; the save follows in the background
        self._refresh_summaries()
        if snapshot.id in self._saving:  # one is on its way: this one follows with its version
            self._saving[snapshot.id] = snapshot
            return
        self._saving[snapshot.id] = None
        self._send(snapshot)

    def _send(self, snapshot: ElementRow) -> None:
        def saved(new: ElementRow) -> None:
            queued = self._saving.pop(new.id, None)
            if self.editor.row is not None and self.editor.row.id == new.id:
                self.editor.row.version = new.version
            if queued is not None:
                queued.version = new.version
                self._saving[new.id] = None
                self._send(queued)
            else:
                self.model.replace_row(new)

        def failed(exc: Exception) -> None:
            self._saving.pop(snapshot.id, None)
            self.failed.emit(exc)

        self.ops.run(save_element, snapshot, done=saved, failed=failed)

    def _refresh_summaries(self) -> None:
        rows = self.model.rows
        undisputed, disputed = summaries(rows)
        self.summary.set_summaries(undisputed, disputed)
        self.summary.set_alerts(element_alerts(rows))
        if self.data is None:
            return
        self.data.context.undisputed, self.data.context.disputed = undisputed, disputed
        self.procedure.set_context(self.data.context)
        self.summary.params = self.data.params  # the office's confirmed figures (trial calculations too)
        self.views = calculate(self.data.case_types, rows, self.data.claimed, today=self.today(),
                               params=self.data.params)
        self.summary.set_calculations(self.views, self.data.flags)

    def record_calculations(self) -> None:
        views = [v for v in self.views if v.amount is not None]

        def store(session, case_id, views):
            return [record_calculation(session, case_id, v) for v in views]

        self.ops.run(store, self.case_id, views, done=lambda ids: self.message.emit(
            self.tr("已记录 %1 项计算结果").replace("%1", str(len(ids))), 5000), failed=self.failed.emit)

