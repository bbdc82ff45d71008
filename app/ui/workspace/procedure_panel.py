"""The procedure guide: the hearing's steps, the script of the current step filled in with
this case's names, steps marked done, and the hearing timer."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.hearing.procedure import HearingContext, ProcedureStep, fill_script
from app.timecode import clock


class ProcedurePanel(QWidget):
    step_changed = Signal(int)
    attendance_requested = Signal()  # the first step's attendance check (办案规则 Art 41)

    def __init__(self, steps: tuple[ProcedureStep, ...], parent=None):
        super().__init__(parent)
        self.steps = steps
        self.context: HearingContext | None = None
        self.done: set[int] = set()
        self.list = QListWidget()
        for i, step in enumerate(steps, 1):
            self.list.addItem(QListWidgetItem(f"{i}. {step.title}"))
        self.list.currentRowChanged.connect(self._show)
        self.script = QTextBrowser()
        self.script.setObjectName("script")
        self.speaker = QLabel()
        self.timer_label = QLabel("00:00:00")
        self.timer_label.setObjectName("timer")
        self.timer_button = QPushButton(self.tr("开始计时 (F9)"))
        self.timer_button.clicked.connect(self.toggle_timer)
        self.done_button = QPushButton(self.tr("本步完成 (Ctrl+Enter)"))
        self.done_button.clicked.connect(self.complete_step)
        self.attendance_button = QPushButton(self.tr("核对到庭情况…"))
        self.attendance_button.clicked.connect(self.attendance_requested)
        self._elapsed = QElapsedTimer()
        self._accumulated = 0
        self._tick = QTimer(self, interval=500, timeout=self._update_timer)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("庭审计时")))
        top.addWidget(self.timer_label)
        top.addStretch(1)
        top.addWidget(self.timer_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.speaker, 1)
        buttons.addWidget(self.attendance_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)  # the script to read gets the height
        layout.addLayout(buttons)
        layout.addWidget(self.script, 3)

    def set_context(self, ctx: HearingContext) -> None:
        self.context = ctx
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        else:
            self._show(self.list.currentRow())

    def current(self) -> int:
        return self.list.currentRow()

    def go_to(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            self.list.setCurrentRow(index)

    def next(self) -> None:
        self.go_to(self.current() + 1)

    def previous(self) -> None:
        self.go_to(self.current() - 1)

    def complete_step(self) -> None:
        i = self.current()
        if i < 0:
            return
        self.done.add(i)
        item = self.list.item(i)
        item.setText(f"✔ {i + 1}. {self.steps[i].title}")
        item.setForeground(Qt.GlobalColor.darkGreen)
        self.next()

    def _show(self, index: int) -> None:
        if index < 0 or self.context is None:
            return
        step = self.steps[index]
        self.speaker.setText(self.tr("宣读人：%1").replace("%1", step.speaker))
        self.script.setPlainText(fill_script(step, self.context))
        self.step_changed.emit(index)

    # -- timer -----------------------------------------------------------------------
    def toggle_timer(self) -> None:
        if self._tick.isActive():
            self._accumulated += self._elapsed.elapsed()
            self._tick.stop()
            self.timer_button.setText(self.tr("继续计时 (F9)"))
        else:
            self._elapsed.start()
            self._tick.start()
            self.timer_button.setText(self.tr("暂停计时 (F9)"))
        self._update_timer()

    @property
    def timing(self) -> bool:
        return self._tick.isActive()

    def start_timer(self) -> None:
        """The hearing timer starts with the first recording unless it already runs."""
        if not self.timing:
            self.toggle_timer()

    def elapsed_ms(self) -> int:
        return self._accumulated + (self._elapsed.elapsed() if self._tick.isActive() else 0)

    def _update_timer(self) -> None:
        self.timer_label.setText(clock(self.elapsed_ms() / 1000))
