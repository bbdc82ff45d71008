"""The screen used in the hearing room (要素式庭审): procedure guide with the script to read,
the element table with the current element's editor, live summaries and calculators, and a
place for the live transcript. Fully keyboard-driven; every save runs in the background."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.hearing.procedure import procedure_steps
from app.models.database import Database
from app.services import access
from app.services.transcript import audio_spans, segment_rows
from app.services.workspace import WorkspaceSnapshot, open_workspace
from app.ui.runtime.speech_services import SpeechServices
from app.ui.runtime.tasks import DatabaseOps, TaskRunner
from app.ui.workspace.attendance_dialog import open_attendance
from app.ui.workspace.editing_part import EditingPart
from app.ui.workspace.element_editor import ElementEditor
from app.ui.workspace.element_part import ElementsPart
from app.ui.workspace.element_table_model import ElementTableModel
from app.ui.workspace.live_part import LiveRecordPart
from app.ui.workspace.party_display import PartyDisplay
from app.ui.workspace.playback import PlaybackPart
from app.ui.workspace.procedure_panel import ProcedurePanel
from app.ui.workspace.record_part import RecordPart
from app.ui.workspace.summary_panel import SummaryPanel
from app.ui.workspace.transcript_panel import TranscriptPanel
from app.vocabulary import CitationSide, ElementStatus

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


class HearingWorkspace(QMainWindow):
    """Composes the hearing room's parts: the procedure guide, `ElementsPart` (the element table,
    its editor, summaries and calculators), and the record's parts (`RecordPart`: import, citations,
    corrections, exports, sign-off; `LiveRecordPart`: the live record; `EditingPart`: corrections
    of lines and undo; `PlaybackPart`: audio in sync with the record). Parts own their state and
    talk to the workspace by signal; every database call goes through `DatabaseOps`."""

    def __init__(self, db: Database, tasks: TaskRunner, case_id: int, *, session_no: int = 1,
                 today: Callable[[], date] = date.today, speech: SpeechServices | None = None, settings=None,
                 parent=None):
        super().__init__(parent)
        self.settings = settings
        self.db, self.tasks, self.case_id, self.session_no, self.today = db, tasks, case_id, session_no, today
        self.ops = DatabaseOps(db, tasks)
        self.speech = speech
        self.hearing_id: int | None = None
        self.setWindowTitle(self.tr("庭审工作台"))
        self.setStyleSheet(STYLE)
        self.resize(1366, 740)
        self.data: WorkspaceSnapshot | None = None
        self.loaded = False
        self._closing_waits: set[str] = set()
        self.party_display: PartyDisplay | None = None
        self.stop_question: QMessageBox | None = None

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
        for col, width in enumerate([140, 115, 115, 64]):
            self.table.setColumnWidth(col, width)
        self.editor = ElementEditor()
        self.summary = SummaryPanel()
        self.transcript = TranscriptPanel()
        self.transcript.import_button.setEnabled(speech is not None)
        self.transcript_box = QWidget()  # no frame or title: every pixel of height to the record
        QVBoxLayout(self.transcript_box).setContentsMargins(6, 2, 6, 0)
        self.transcript_box.layout().addWidget(self.transcript)
        self._build_parts()

        # The arbitrator's part: the element table beside its editor; the procedure guide with its
        # script and the summaries with the calculators as columns on a wide screen, as tabs of one
        # column on a small one (1366x768), so the record below keeps its rows.
        middle = QSplitter(Qt.Orientation.Horizontal)
        middle.setObjectName("elements")
        middle.addWidget(self.table)
        middle.addWidget(_scrolling(self.editor))
        middle.setSizes([480, 510])
        self.summary_area = _scrolling(self.summary)
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.top = QSplitter(Qt.Orientation.Horizontal)
        self.top.setObjectName("arbitrator")
        self.top.addWidget(self.side_tabs)
        self.top.addWidget(middle)
        self.top.setSizes([380, 990])
        self.middle = middle
        self.wide = None
        self._arrange(wide=False)
        outer = QSplitter(Qt.Orientation.Vertical)
        outer.setObjectName("outer")
        outer.addWidget(self.top)
        outer.addWidget(self.transcript_box)
        outer.setSizes([470, 260])  # the arbitrator's part first; recording gives the record more
        self.outer = outer
        self.setCentralWidget(outer)

        self._build_shortcuts()
        bar = self.statusBar()  # its height fixed before the first show: restored splitters stay as left
        bar.ensurePolished()
        bar.setFixedHeight(bar.fontMetrics().height() + 8)
        bar.showMessage(self.tr("正在读取案件……"))
        self.reload()

    def _build_parts(self) -> None:
        t = self.transcript
        self.elements = ElementsPart(self.ops, self.table, self.model, self.editor, self.summary, self.procedure,
                                     self, case_id=self.case_id, today=self.today)
        self.record = RecordPart(self.ops, self.speech, t, self, case_id=self.case_id, session_no=self.session_no,
                                 today=self.today, case_no=lambda: self.data.context.case_no if self.data else "",
                                 current_element=lambda: self.editor.row, before_export=self.elements.save_if_dirty,
                                 settings=self.settings)
        self.live = LiveRecordPart(self.ops, self.speech, t, self)
        self.editing = EditingPart(self.ops, t, self)
        self.playback = PlaybackPart(t, self.speech.audio_dir if self.speech is not None else None, self)
        t.import_requested.connect(lambda: self.record.import_audio())
        t.cancel_requested.connect(self.record.cancel_import)
        self.editor.play_citation.clicked.connect(self.play_citation)
        for part in (self.elements, self.record, self.live, self.editing):
            part.failed.connect(self._failed)
        self.elements.message.connect(self.statusBar().showMessage)
        for part in (self.record, self.editing):
            part.rows_changed.connect(self.transcript.set_rows)
        for part in (self.record, self.live):
            part.audio_changed.connect(self.refresh_audio)
        self.record.message.connect(self.statusBar().showMessage)
        self.record.cited.connect(self.elements.cited)
        self.live.started.connect(self._make_room_for_the_record)
        self.live.started.connect(self.procedure.start_timer)
        self.record.sealed.connect(lambda digest: self._set_sealed(True, self.tr("SHA-256 %1…").replace("%1", digest[:12])))
        self.live.line_stored.connect(self._show_line)
        self.record_poll = QTimer(self, interval=3000, timeout=self._poll_record)
        self.record_poll.start()

    WIDE = 1600  # from this width the summaries get their own column

    def _arrange(self, *, wide: bool) -> None:
        """The summaries as a third column (wide) or as a tab beside the procedure guide."""
        if wide == self.wide:
            return
        self.wide = wide
        # remembered apart: two columns on a small screen, three on a wide one (layout_memory.py)
        self.top.setObjectName("arbitrator_wide" if wide else "arbitrator")
        if wide:
            self.side_tabs.removeTab(self.side_tabs.indexOf(self.summary_area))
            self.side_tabs.tabBar().setVisible(False)
            self.top.addWidget(self.summary_area)
            self.summary_area.show()
            total = sum(self.top.sizes()) or self.width()
            self.top.setSizes([int(total * 0.24), int(total * 0.54), total - int(total * 0.24) - int(total * 0.54)])
        else:
            if self.side_tabs.indexOf(self.procedure) < 0:
                self.side_tabs.addTab(self.procedure, self.tr("程序与台词"))
            self.side_tabs.addTab(self.summary_area, self.tr("无争议事实·争议焦点·计算"))
            self.side_tabs.tabBar().setVisible(True)

    def show_summary(self) -> None:
        """Bring the summaries and calculators into view (their tab on a small screen)."""
        if not self.wide:
            self.side_tabs.setCurrentWidget(self.summary_area)

    def resizeEvent(self, event) -> None:
        self._arrange(wide=event.size().width() >= self.WIDE)
        super().resizeEvent(event)

    # -- keyboard ----------------------------------------------------------------------
    def _build_shortcuts(self) -> None:
        def bind(keys: str, slot) -> None:
            a = QAction(self)
            a.setShortcut(QKeySequence(keys))
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            a.triggered.connect(slot)
            self.addAction(a)

        player = self.playback.player
        e = self.elements
        bind("Ctrl+Down", lambda: e.move_element(1))
        bind("Ctrl+Up", lambda: e.move_element(-1))
        bind("Ctrl+1", lambda: e.set_status(ElementStatus.PENDING))
        bind("Ctrl+2", lambda: e.set_status(ElementStatus.UNDISPUTED))
        bind("Ctrl+3", lambda: e.set_status(ElementStatus.DISPUTED))
        bind("Alt+Down", self.procedure.next)
        bind("Alt+Up", self.procedure.previous)
        bind("Ctrl+Return", self.procedure.complete_step)
        bind("F9", self.procedure.toggle_timer)
        for n in range(1, 10):
            bind(f"Alt+{n}", lambda _checked=False, n=n: self.procedure.go_to(n - 1))
        bind("Ctrl+S", e.save_current)
        bind("Ctrl+Space", lambda: player.toggle())
        bind("Ctrl+Shift+Left", lambda: player.skip(-5))
        bind("Ctrl+Shift+Right", lambda: player.skip(5))
        bind("Ctrl+Shift+Up", lambda: player.change_rate(0.25))
        bind("Ctrl+Shift+Down", lambda: player.change_rate(-0.25))
        bar = self.addToolBar(self.tr("庭审"))
        bar.setObjectName("workspace_toolbar")
        r = self.record
        for text, slot in ((self.tr("导出要素表…"), r.export_element_table),
                           (self.tr("导出庭审笔录…"), r.open_export_dialog),
                           (self.tr("补正申请…"), r.open_correction_dialog),
                           (self.tr("定稿签署"), r.finalize_record),
                           (self.tr("核验笔录"), r.verify_record),
                           (self.tr("操作日志"), r.show_audit),
                           (self.tr("当事人屏幕"), self.open_party_display)):
            act = QAction(text, self)
            act.triggered.connect(lambda _checked=False, f=slot: f())
            if slot == r.finalize_record:
                act.setData(f"needs:{access.FINALIZE}")
            bar.addAction(act)
        bar.addSeparator()
        for side in CitationSide:
            act = QAction(self.tr("引用为%1").replace("%1", side.label + ("认定" if side == CitationSide.FINDING else "主张")), self)
            act.triggered.connect(lambda _checked=False, sd=side: r.cite_selected(sd))
            act.setData(f"needs:{access.ELEMENTS_FIND}" if side == CitationSide.FINDING else f"needs:{access.ELEMENTS_EDIT}")
            bar.addAction(act)

    # -- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        self.ops.run(open_workspace, self.case_id, self.session_no, today=self.today(),
                     done=self._loaded, failed=self._failed)

    def _loaded(self, data: WorkspaceSnapshot) -> None:
        self.data = data
        self.setWindowTitle(self.tr("庭审工作台 — %1").replace("%1", data.context.case_no))
        self.hearing_id = data.hearing_id
        for part in (self.record, self.live, self.editing):
            part.set_hearing(data.hearing_id)
        self.transcript.set_rows(data.segments)
        self._set_sealed(data.sealed)
        self.playback.set_recordings(data.audio)
        self.procedure.set_context(data.context)
        self.elements.set_snapshot(data)
        self.loaded = True
        self.statusBar().showMessage(
            self.tr("Ctrl+↑/↓ 切换要素；Ctrl+1/2/3 设为待确认/无争议/有争议；Alt+↑/↓ 或 Alt+数字 切换程序步骤；"
                    "Ctrl+Enter 本步完成；F9 计时"))

    def _failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("庭审工作台"), str(exc))

    def current_row(self) -> int:
        return self.elements.current_row()

    def play_citation(self) -> bool:
        """Play the first statement of the record cited for the current element."""
        return self.playback.play_first(self.elements.current_citations())

    def record_calculations(self) -> None:
        self.elements.record_calculations()

    def refresh_audio(self) -> None:
        if self.hearing_id is not None:
            self.ops.run(audio_spans, self.hearing_id, done=self.playback.set_recordings, failed=self._failed)

    # -- the record --------------------------------------------------------------------
    def _set_sealed(self, sealed: bool, note: str = "") -> None:
        """The record (and the element table printed in it) locked once sealed; and, for an
        account without the right, the actions it may not use hidden or read-only (issue 12:
        the services refuse them anyway)."""
        may = self.data.permissions if self.data is not None else set()
        if sealed:
            self.transcript.set_sealed(True, note)
        elif access.RECORD_EDIT not in may:
            self.transcript.set_locked(True, self.tr("您的账户只能查阅本案笔录，不能记录或修改。"))
        else:
            self.transcript.set_sealed(False)
        self.editor.set_sealed(sealed, may_edit=access.ELEMENTS_EDIT in may, may_find=access.ELEMENTS_FIND in may)
        self.record.permissions = may
        for action in self.findChildren(QAction):
            needs = action.data()
            if needs == "edits-record":
                action.setEnabled(not sealed)
            elif isinstance(needs, str) and needs.startswith("needs:"):
                action.setVisible(needs[6:] in may)
                action.setEnabled(not sealed or needs[6:] == access.DECIDE_CORRECTION)
        self.summary.record_button.setVisible(access.ELEMENTS_FIND in may)

    RECORD_SHARE = 0.55  # of the height, while recording

    def _make_room_for_the_record(self) -> None:
        """While recording the clerk works in the record: give it more than half the height."""
        top, record = self.outer.sizes()
        want = int((top + record) * self.RECORD_SHARE)
        if record < want:
            self.outer.setSizes([top + record - want, want])

    def _show_line(self, row) -> None:
        i = self.transcript.model.upsert(row)
        self.transcript.table.scrollTo(self.transcript.model.index(i, 0))

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
        if not self.loaded or self.hearing_id is None or self.ops.pending or self.live.running:
            return
        if self.transcript.table.state() == QTableView.State.EditingState or self.transcript.edit_line.hasFocus():
            return

        def show(rows) -> None:
            known = [(r.id, r.version) for r in self.transcript.model.rows]
            if [(r.id, r.version) for r in rows] != known:
                self.transcript.set_rows(rows)

        self.ops.run(segment_rows, self.hearing_id, done=show, failed=lambda exc: None)

    # -- closing -----------------------------------------------------------------------
    def _close_again(self, *_args) -> None:
        self.close()  # closeEvent looks again at what still runs

    def _close_when_idle(self, busy: bool) -> None:
        if not busy:
            self.close()

    def _ask_to_stop_recording(self) -> None:
        """Closing while recording is most often a slip: ask, with 'keep recording' the default."""
        if self.stop_question is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("正在记录"), self.tr("正在记录，确定停止记录并关闭？"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("停止记录并关闭"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("继续记录"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)

        def answered(button) -> None:
            self.stop_question = None
            if box.standardButton(button) == QMessageBox.StandardButton.Yes:
                self._closing_waits.add("confirmed")
                self.close()

        box.buttonClicked.connect(answered)
        self.stop_question = box
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Never block: ask each part to finish (stop recording, cancel an import), let the
        last saves land, then close."""
        if self.live.running and "confirmed" not in self._closing_waits:
            self._ask_to_stop_recording()
            event.ignore()
            return
        self.elements.save_if_dirty()
        waiting = self._closing_waits
        if self.record.busy:
            if "import" not in waiting:
                waiting.add("import")
                self.record.import_job.signals.failed.connect(self._close_again)
                self.record.import_job.signals.finished.connect(self._close_again)
                self.record.cancel_import()
            event.ignore()
            return
        if self.live.running:
            if "live" not in waiting:
                waiting.add("live")
                self.live.finished.connect(self._close_again)
                self.live.stop()
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
        self.playback.stop()
        if self.party_display is not None:
            try:
                self.party_display.close()
            except RuntimeError:  # already closed by the user
                pass
        self.live.wait(5000)
        event.accept()
