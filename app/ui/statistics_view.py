"""The statistics screen: a period, the headline figures as cards, charts, and exports.
Clicking a card or a bar shows the cases behind it in the register (`show_cases`).

Reads through the TaskRunner like every other view: the UI thread never touches the database."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.export.statistics_text import num, pct, summary_lines
from app.models.database import Database
from app.services.statistics import Period, figure_case_ids, statistics
from app.ui.choice_combo import ChoiceCombo
from app.ui.runtime.tasks import DatabaseOps, TaskRunner
from app.ui.statistics_charts import (
    CloseTimeChart,
    HearingLengthChart,
    MonthChart,
    OutcomeChart,
)


class FigureCard(QPushButton):
    """One headline figure; a click asks for its cases (when it has a figure key)."""

    def __init__(self, title: str, figure: str | None, parent=None):
        super().__init__(parent)
        self.title, self.figure = title, figure
        self.setMinimumSize(130, 70)
        self.setCursor(Qt.CursorShape.PointingHandCursor if figure else Qt.CursorShape.ArrowCursor)
        self.setStyleSheet(
            "QPushButton { background: #f4f7fb; border: 1px solid #b8c4d6; border-radius: 6px; font-size: 14px;"
            " padding: 6px; } QPushButton:hover { border: 2px solid #3b6ea5; }")
        self.set_value("—", "")

    def set_value(self, value: str, note: str) -> None:
        self.value = value
        self.setText(f"{self.title}\n{value}" + (f"\n{note}" if note else ""))


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


class StatisticsView(QWidget):
    show_cases = Signal(list, str)  # case ids, what they are
    loaded = Signal()
    exported = Signal(str)  # the file written

    def __init__(self, db: Database, tasks: TaskRunner, today: Callable[[], date] = date.today, parent=None):
        super().__init__(parent)
        self.db, self.tasks, self.today = db, tasks, today
        self.ops = DatabaseOps(db, tasks)
        self.figures: dict | None = None
        self.period: Period | None = None
        self._shown = False  # figures are read when the screen is first shown, not at start-up

        this_year = today().year
        q = _quarter_of(today())
        last_q = (this_year, q - 1) if q > 1 else (this_year - 1, 4)
        self.period_choice = ChoiceCombo([
            (self.tr("今年（%1）").replace("%1", str(this_year)), Period.year(this_year)),
            (self.tr("去年（%1）").replace("%1", str(this_year - 1)), Period.year(this_year - 1)),
            (self.tr("本季度"), Period.quarter(this_year, q)),
            (self.tr("上季度"), Period.quarter(*last_q)),
            (self.tr("自定义日期"), None),
        ])
        self.first_edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.last_edit = QDateEdit(calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.period_choice.currentIndexChanged.connect(self._period_chosen)
        self.apply_button = QPushButton(self.tr("统计"))
        self.apply_button.clicked.connect(self.reload)
        self.xlsx_button = QPushButton(self.tr("导出 Excel…"))
        self.docx_button = QPushButton(self.tr("导出年度报告…"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.docx_button.clicked.connect(lambda: self.export("docx"))

        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("统计期间：")))
        bar.addWidget(self.period_choice)
        bar.addWidget(self.first_edit)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.last_edit)
        bar.addWidget(self.apply_button)
        bar.addStretch(1)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.docx_button)

        specs = [
            ("accepted", self.tr("受理"), "accepted"), ("closed", self.tr("审结"), "closed"),
            ("on_time", self.tr("按期结案率"), "on_time"), ("mediation", self.tr("调解率"), "outcome:调解"),
            ("fast_track", self.tr("速裁平均工作日"), "procedure:fast_track"),
            ("element", self.tr("要素式庭审缩短"), None),
            ("new_employment_form", self.tr("新就业形态"), "new_employment_form"),
            ("women_priority", self.tr("女职工优先"), "women_priority"),
            ("extended", self.tr("延期审理"), "extended"), ("late", self.tr("超期结案"), "late"),
        ]
        self.cards: dict[str, FigureCard] = {}
        cards = QGridLayout()
        for i, (key, title, figure) in enumerate(specs):
            card = FigureCard(title, figure)
            if figure:
                card.clicked.connect(lambda _=False, c=card: self.open_figure(c.figure, c.title))
            self.cards[key] = card
            cards.addWidget(card, i // 5, i % 5)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setMinimumHeight(170)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.charts = [MonthChart(), OutcomeChart(), CloseTimeChart(), HearingLengthChart()]
        grid = QGridLayout()
        for i, chart in enumerate(self.charts):
            chart.figure_clicked.connect(self.open_figure)
            chart.setMinimumHeight(320)
            grid.addWidget(chart, i // 2, i % 2)

        # Everything scrolls, the period bar included: the main window keeps its small minimum size.
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.addLayout(bar)
        inner.addLayout(cards)
        inner.addWidget(self.summary)
        inner.addLayout(grid, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        self._period_chosen()

    # -- period --------------------------------------------------------------------------
    def _period_chosen(self) -> None:
        chosen = self.period_choice.value()
        custom = chosen is None
        self.first_edit.setEnabled(custom)
        self.last_edit.setEnabled(custom)
        if not custom:
            self.first_edit.setDate(QDate(chosen.first.year, chosen.first.month, chosen.first.day))
            self.last_edit.setDate(QDate(chosen.last.year, chosen.last.month, chosen.last.day))
            if self._shown:
                self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.reload()

    def set_period(self, period: Period) -> None:
        self._shown = True
        self.period_choice.setCurrentIndex(self.period_choice.count() - 1)
        self.first_edit.setDate(QDate(period.first.year, period.first.month, period.first.day))
        self.last_edit.setDate(QDate(period.last.year, period.last.month, period.last.day))
        self.reload()

    def _chosen_period(self) -> Period | None:
        first, last = self.first_edit.date().toPython(), self.last_edit.date().toPython()
        try:
            return Period(first, last)
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("统计期间"), str(exc))
            return None

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        period = self._chosen_period()
        if period is None:
            return
        self.ops.run(lambda s, p: (p, statistics(s, p)), period, done=self._loaded, failed=self._failed)

    def _failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("统计"), str(exc))

    def _loaded(self, result) -> None:
        self.period, f = result
        self.figures = f
        fast = f["by_procedure"]["fast_track"]
        hm = f["hearing_minutes"]
        nef = f["new_employment_form"]
        values = {
            "accepted": (f"{f['accepted']} 件", ""),
            "closed": (f"{f['closed']} 件", ""),
            "on_time": (pct(f["on_time_rate"]), f"{f['closed_on_time']} 件按期"),
            "mediation": (pct(f["mediation_rate"]), f"调解 {f['by_outcome']['调解']} 件"),
            "fast_track": (num(fast["avg_working_days"]), f"目标 {fast['target_working_days']} 日，审结 {fast['closed']} 件"),
            "element": (pct(hm["saving"]), f"{num(hm['element'])} / {num(hm['other'])} 分钟"),
            "new_employment_form": (f"{nef['total']} 件", f"确认劳动关系 {nef['confirmation']} 件"),
            "women_priority": (f"{f['women_priority']} 件", ""),
            "extended": (f"{f['extended']} 件", f"中止 {f['suspended']} 件"),
            "late": (f"{f['closed_late']} 件", ""),
        }
        for key, (value, note) in values.items():
            self.cards[key].set_value(value, note)
        self.summary.setText("\n".join(summary_lines(f)))
        for chart in self.charts:
            chart.set_figures(f)
        self.loaded.emit()

    # -- a figure's cases ----------------------------------------------------------------
    def open_figure(self, figure: str, label: str) -> None:
        if self.period is None:
            return
        period = self.period
        self.ops.run(figure_case_ids, period, figure,
                     done=lambda ids: self.show_cases.emit(list(ids), f"{label}（{period.label}）"), failed=self._failed)

    # -- exports -------------------------------------------------------------------------
    def export(self, kind: str, path: str | None = None) -> None:
        if self.figures is None:
            return
        f = self.figures
        if path is None:
            name = f"统计_{f['period']['from']}_{f['period']['to']}.{kind}"
            filters = "Excel (*.xlsx)" if kind == "xlsx" else "Word (*.docx)"
            path, _ = QFileDialog.getSaveFileName(self, self.tr("导出"), name, filters)
            if not path:
                return
        def write(session, kind, f, out):
            if kind == "xlsx":
                from app.export.statistics_xlsx import write_statistics_xlsx

                return write_statistics_xlsx(f, out)
            from app.export.yearly_report_docx import write_yearly_report
            from app.services import office as office_service

            return write_yearly_report(f, out, commission=office_service.office(session).commission_name)

        self.ops.run(write, kind, f, Path(path), done=lambda out: self.exported.emit(str(out)), failed=self._failed)
