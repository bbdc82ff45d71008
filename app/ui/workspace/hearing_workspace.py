"""The screen used in the hearing room (要素式庭审): procedure guide with the script to read,
the element table with the current element's editor, live summaries and calculators, and a
place for the live transcript. Fully keyboard-driven; every save runs in the background."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
)

from app.hearing.procedure import HearingContext, procedure_steps
from app.models import Case
from app.models.database import Database
from app.services.elements import (
    CalculatorView,
    ElementRow,
    FinalAwardFlag,
    calculate,
    claimed_by_type,
    final_award_flags,
    open_element_table,
    record_calculation,
    save_element,
    summaries,
)
from app.services.hearing_context import hearing_context
from app.ui.speech_services import SpeechServices
from app.ui.party_display import PartyDisplay
from app.ui.workspace.playback import AudioSpan, PlaybackFollow, RecordPlayer
from app.ui.tasks import TaskRunner
from app.services.record import citations_by_element
from app.services.transcript import audio_spans, hearing_for, segment_rows
from app.ui.workspace.record_actions import RecordActions
from app.ui.workspace.transcript_editing import TranscriptEditing
from app.ui.workspace.transcript_panel import TranscriptPanel, clock
from app.vocabulary import CitationSide
from app.ui.workspace.element_editor import ElementEditor
from app.ui.workspace.element_table_model import ElementTableModel
from app.ui.workspace.attendance_dialog import open_attendance
from app.ui.workspace.procedure_panel import ProcedurePanel
from app.ui.workspace.summary_panel import SummaryPanel
from app.vocabulary import ElementStatus

STYLE = """
QWidget { font-size: 14px; }
QTextBrowser#script { font-size: 19px; line-height: 150%; }
QLabel#timer { font-size: 22px; font-weight: bold; }
QLabel#elementTitle { font-size: 18px; font-weight: bold; }
QTableView { font-size: 15px; }
"""


def _scrolling(widget):
    """Panels of fields may scroll, so the record below can take the height while recording."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


@dataclass
class WorkspaceData:
    case_types: list[str]
    rows: list[ElementRow]
    context: HearingContext
    claimed: dict
    flags: list[FinalAwardFlag]
    hearing_id: int = 0
    segments: list = None
    citations: dict = None
    audio: list = None


class HearingWorkspace(RecordActions, TranscriptEditing, PlaybackFollow, QMainWindow):
    def __init__(self, db: Database, tasks: TaskRunner, case_id: int, *, session_no: int = 1,
                 today: Callable[[], date] = date.today, speech: SpeechServices | None = None, parent=None):
        super().__init__(parent)
        self.db, self.tasks, self.case_id, self.session_no, self.today = db, tasks, case_id, session_no, today
        self.speech = speech
        self.hearing_id: int | None = None
        self.import_job = None
        self.setWindowTitle(self.tr("庭审工作台"))
        self.setStyleSheet(STYLE)
        self.resize(1366, 740)
        self.data: WorkspaceData | None = None
        self.views: list[CalculatorView] = []
        self.loaded = False
        self._dirty = False
        self._closing = False

        self.procedure = ProcedurePanel(procedure_steps())
        self.procedure.attendance_requested.connect(lambda: open_attendance(self))  # #13: attendance per hearing
        self.model = ElementTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate([190, 150, 150, 70]):
            self.table.setColumnWidth(col, width)
        self.editor = ElementEditor()
        self.summary = SummaryPanel()
        # The hearing record: imported recordings now, the live record later.
        self.transcript_box = QGroupBox(self.tr("庭审记录"))
        self.transcript = TranscriptPanel()
        self.transcript.import_button.setEnabled(speech is not None)
        self.transcript.import_requested.connect(lambda: self.import_audio())
        self.transcript.cancel_requested.connect(self.cancel_import)
        QVBoxLayout(self.transcript_box).addWidget(self.transcript)
        self._wire_transcript()
        self.player = RecordPlayer(self)
        self.player.hearing_time.connect(self._follow_playback)
        self.transcript.table.clicked.connect(self._clicked_segment)
        self.editor.play_citation.clicked.connect(self.play_citation)
        self.record_poll = QTimer(self, interval=3000, timeout=self._poll_record)
        self.record_poll.start()

        middle = QSplitter(Qt.Orientation.Vertical)
        middle.addWidget(self.table)
        middle.addWidget(_scrolling(self.editor))
        middle.setSizes([330, 300])
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.procedure)
        top.addWidget(middle)
        top.addWidget(_scrolling(self.summary))
        top.setSizes([380, 620, 360])
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(top)
        outer.addWidget(self.transcript_box)
        outer.setSizes([470, 260])  # the arbitrator's part first; recording gives the record half
        self.outer = outer
        self.setCentralWidget(outer)

        self.table.selectionModel().currentRowChanged.connect(self._element_changed)
        self.editor.edited.connect(self._mark_dirty)
        self.editor.status_set.connect(self.set_status)
        self.summary.record_requested.connect(self.record_calculations)
        self._build_shortcuts()
        self.statusBar().showMessage(self.tr("正在读取案件……"))
        self.reload()

    # -- keyboard ----------------------------------------------------------------------
    def _build_shortcuts(self) -> None:
        def bind(keys: str, slot) -> None:
            a = QAction(self)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)
            self.addAction(a)

        bind("Ctrl+Down", lambda: self.move_element(1))
        bind("Ctrl+Up", lambda: self.move_element(-1))
        bind("Ctrl+1", lambda: self.set_status(ElementStatus.PENDING))
        bind("Ctrl+2", lambda: self.set_status(ElementStatus.UNDISPUTED))
        bind("Ctrl+3", lambda: self.set_status(ElementStatus.DISPUTED))
        bind("Alt+Down", self.procedure.next)
        bind("Alt+Up", self.procedure.previous)
        bind("Ctrl+Return", self.procedure.complete_step)
        bind("F9", self.procedure.toggle_timer)
        for n in range(1, 10):
            bind(f"Alt+{n}", lambda _checked=False, n=n: self.procedure.go_to(n - 1))
        bind("Ctrl+S", self.save_current)
        bind("Ctrl+Space", lambda: self.player.toggle())
        bind("Ctrl+Shift+Left", lambda: self.player.skip(-5))
        bind("Ctrl+Shift+Right", lambda: self.player.skip(5))
        bind("Ctrl+Shift+Up", lambda: self.player.change_rate(0.25))
        bind("Ctrl+Shift+Down", lambda: self.player.change_rate(-0.25))
        bar = self.addToolBar(self.tr("庭审"))
        bar.setObjectName("workspace_toolbar")
        for text, slot in ((self.tr("导出要素表…"), self.export_element_table),
                           (self.tr("导出庭审笔录…"), self.open_export_dialog),
                           (self.tr("补正申请…"), self.open_correction_dialog),
                           (self.tr("定稿签署"), self.finalize_record),
                           (self.tr("核验笔录"), self.verify_record),
                           (self.tr("操作日志"), self.show_audit),
                           (self.tr("当事人屏幕"), self.open_party_display)):
            act = QAction(text, self)
            act.triggered.connect(lambda _checked=False, f=slot: f())
            bar.addAction(act)
        bar.addSeparator()
        for side in CitationSide:
            act = QAction(self.tr("引用为%1").replace("%1", side.label + ("认定" if side == CitationSide.FINDING else "主张")), self)
            act.triggered.connect(lambda _checked=False, sd=side: self.cite_selected(sd))
            bar.addAction(act)

    # -- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        db, case_id, session_no, today = self.db, self.case_id, self.session_no, self.today()

        def load() -> WorkspaceData:
            with db.session() as s:
                rows = open_element_table(s, case_id)
                ctx = hearing_context(s, case_id, session_no, rows)
                case_types = s.get_one(Case, case_id).case_types
                hearing = hearing_for(s, case_id, session_no)
                data = WorkspaceData(case_types, rows, ctx, claimed_by_type(s, case_id),
                                     final_award_flags(s, case_id, day=today), hearing.hearing_id,
                                     segment_rows(s, hearing.hearing_id), citations_by_element(s, case_id))
                data.audio = audio_spans(s, hearing.hearing_id)
                return data

        self.tasks.submit(load, self._loaded, self._failed)

    def _loaded(self, data: WorkspaceData) -> None:
        self.data = data
        self.setWindowTitle(self.tr("庭审工作台 — %1").replace("%1", data.context.case_no))
        self.model.set_rows(data.rows)
        self.hearing_id = data.hearing_id
        self.transcript.set_rows(data.segments or [])
        if self.speech is not None:
            self.player.set_spans([AudioSpan(self.speech.audio_dir / p, off, dur) for p, off, dur in data.audio or []])
        self.procedure.set_context(data.context)
        if data.rows:
            self.table.selectRow(0)
        self._refresh_summaries()
        self.loaded = True
        self.statusBar().showMessage(
            self.tr("Ctrl+↑/↓ 切换要素；Ctrl+1/2/3 设为待确认/无争议/有争议；Alt+↑/↓ 或 Alt+数字 切换程序步骤；"
                    "Ctrl+Enter 本步完成；F9 计时"))

    def _failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("庭审工作台"), str(exc))

    # -- elements ----------------------------------------------------------------------
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
        self.editor.show_row(row, self.citations_of(row.id) if row else [])
        self._dirty = False

    def citations_of(self, element_id: int) -> list[tuple[str, str, str]]:
        found = (self.data.citations or {}).get(element_id, []) if self.data else []
        return [(side, clock(start), text) for side, start, text in found]

    def _mark_dirty(self) -> None:
        self._dirty = True

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
        if row is None:
            return
        self._dirty = False
        snapshot = replace(row)
        self.model.replace_row(snapshot)  # show at once; the save follows in the background
        self._refresh_summaries()
        db = self.db

        def save():
            with db.session() as s:
                return save_element(s, snapshot)

        def saved(new: ElementRow) -> None:
            self.model.replace_row(new)
            if self.editor.row is not None and self.editor.row.id == new.id:
                self.editor.row.version = new.version

        self.tasks.submit(save, saved, self._failed)

    def _refresh_summaries(self) -> None:
        rows = self.model.rows
        undisputed, disputed = summaries(rows)
        self.summary.set_summaries(undisputed, disputed)
        if self.data is None:
            return
        self.data.context.undisputed, self.data.context.disputed = undisputed, disputed
        self.procedure.set_context(self.data.context)
        self.views = calculate(self.data.case_types, rows, self.data.claimed, today=self.today())
        self.summary.set_calculations(self.views, self.data.flags)

    def record_calculations(self) -> None:
        db, case_id, views = self.db, self.case_id, [v for v in self.views if v.amount is not None]

        def store():
            with db.session() as s:
                return [record_calculation(s, case_id, v) for v in views]

        self.tasks.submit(store, lambda ids: self.statusBar().showMessage(
            self.tr("已记录 %1 项计算结果").replace("%1", str(len(ids))), 5000), self._failed)

    def open_party_display(self) -> PartyDisplay:
        """Show the record on a second screen (or a projector) for the parties."""
        from PySide6.QtGui import QGuiApplication

        title = self.data.context.case_no if self.data else ""
        self.party_display = PartyDisplay(self.transcript.model, title, None)
        self.party_display.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screens = QGuiApplication.screens()
        if len(screens) > 1:  # put it on the other screen, full size
            other = next(sc for sc in screens if sc != self.screen())
            self.party_display.setGeometry(other.availableGeometry())
        self.party_display.show()
        return self.party_display

    def _poll_record(self) -> None:
        """With a shared database, lines recorded on another machine appear here within
        a few seconds (skipped while this clerk is recording or editing)."""
        if not self.loaded or self.hearing_id is None or self.tasks.pending or (self.live and self.live.running):
            return
        if self.transcript.table.state() == QTableView.State.EditingState or self.transcript.edit_line.hasFocus():
            return
        db, hearing_id = self.db, self.hearing_id

        def load():
            with db.session() as s:
                return segment_rows(s, hearing_id)

        def show(rows) -> None:
            known = [(r.id, r.version) for r in self.transcript.model.rows]
            if [(r.id, r.version) for r in rows] != known:
                self.transcript.set_rows(rows)

        self.tasks.submit(load, show, lambda exc: None)

    def _close_after_flush(self, *_args) -> None:
        if self.live is not None:
            self.live.wait(5000)
        self.close()

    def _close_when_idle(self, busy: bool) -> None:
        if not busy:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Never block: stop recording or recognising, let the last saves land, then close."""
        if self._dirty:
            self.save_current()
        waiting = self._closing_waits = getattr(self, "_closing_waits", set())
        if self.import_job is not None and not self.import_job.done:
            self.import_job.cancel.set()
            if "import" not in waiting:
                waiting.add("import")
                self.import_job.signals.failed.connect(self._close_after_flush)
                self.import_job.signals.finished.connect(self._close_after_flush)
            event.ignore()
            return
        if self.live is not None and self.live.running:
            if "live" not in waiting:
                waiting.add("live")
                # bound methods: queued to the UI thread (the worker emits these)
                self.live.worker.finished.connect(self._close_after_flush)
                self.live.worker.failed.connect(self._close_after_flush)
                self.stop_live()
            event.ignore()
            return
        if self.tasks.pending:
            if "tasks" not in waiting:
                waiting.add("tasks")
                self.tasks.busy_changed.connect(self._close_when_idle)
            event.ignore()
            return
        if "tasks" in waiting:
            self.tasks.busy_changed.disconnect(self._close_when_idle)
        self.record_poll.stop()
        self.player.stop()
        if getattr(self, "party_display", None) is not None:
            try:
                self.party_display.close()
            except RuntimeError:  # already closed by the user
                pass
        if self.live is not None:
            self.live.wait(5000)
        event.accept()
