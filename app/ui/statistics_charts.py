"""The statistics screen's charts (QtCharts, from PySide6-Addons), built from the figures dict.
Each chart reports a click on a bar or slice as a figure key (see app.services.statistics)."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen

from app.export.statistics_text import PROCEDURE_LABELS

COLOURS = ["#3b6ea5", "#e0843a", "#5a9e57", "#c44e52", "#8172b2", "#937860"]


class FigureChart(QChartView):
    """A chart view that emits the figure key of what was clicked."""

    figure_clicked = Signal(str, str)  # figure key, label

    def __init__(self, title: str, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        chart = QChart()
        chart.setTitle(title)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        self.setChart(chart)

    def clear(self) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)

    def _bars(self, categories: list[str], sets: dict[str, list[float]], *, top: float | None = None) -> QBarSeries:
        self.clear()
        series = QBarSeries()
        for i, (name, values) in enumerate(sets.items()):
            bar_set = QBarSet(name)
            bar_set.setColor(QColor(COLOURS[i % len(COLOURS)]))
            bar_set.setLabelColor(QColor("#222222"))
            bar_set.append([float(v or 0) for v in values])
            series.append(bar_set)
        series.setLabelsVisible(len(categories) <= 12)
        series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart = self.chart()
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories)
        y = QValueAxis()
        peak = max([float(v or 0) for vs in sets.values() for v in vs] + [top or 0, 1])
        y.setRange(0, peak * 1.1)
        y.applyNiceNumbers()
        y.setLabelFormat("%g")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        self.x_axis, self.y_axis = x, y
        return series

    def _line(self, name: str, value: float, n: int, colour: str) -> None:
        line = QLineSeries()
        line.setName(name)
        line.append(-0.5, value)
        line.append(n - 0.5, value)
        line.setPen(QPen(QColor(colour), 2, Qt.PenStyle.DashLine))
        self.chart().addSeries(line)
        hidden = QValueAxis()
        hidden.setRange(-0.5, n - 0.5)
        hidden.setVisible(False)
        self.chart().addAxis(hidden, Qt.AlignmentFlag.AlignBottom)
        line.attachAxis(hidden)
        line.attachAxis(self.y_axis)


class MonthChart(FigureChart):
    def __init__(self, parent=None):
        super().__init__("逐月受理与审结", parent)

    def set_figures(self, f: dict) -> None:
        months = [m["month"] for m in f["by_month"]]
        one_year = len({m[:4] for m in months}) <= 1
        labels = [f"{int(m[5:])}月" if one_year else m[2:] for m in months]
        series = self._bars(labels, {"受理": [m["accepted"] for m in f["by_month"]],
                                     "审结": [m["closed"] for m in f["by_month"]]})
        series.clicked.connect(lambda i, _set: self.figure_clicked.emit(f"month:{months[i]}", f"{months[i]} 受理或审结"))


class OutcomeChart(FigureChart):
    def __init__(self, parent=None):
        super().__init__("结案方式", parent)
        self.chart().legend().hide()  # each slice carries its own label

    def set_figures(self, f: dict) -> None:
        self.clear()
        series = QPieSeries()
        total = sum(f["by_outcome"].values())
        for i, (word, n) in enumerate(f["by_outcome"].items()):
            if not n:
                continue
            part = series.append(f"{word} {n}件 {n / total:.0%}", n)
            part.setColor(QColor(COLOURS[i % len(COLOURS)]))
            part.setProperty("figure", f"outcome:{word}")
            part.setProperty("word", word)
            part.setLabelVisible(True)
        series.clicked.connect(lambda part: self.figure_clicked.emit(part.property("figure"), f"结案方式：{part.property('word')}"))
        self.chart().addSeries(series)


class CloseTimeChart(FigureChart):
    def __init__(self, parent=None):
        super().__init__("平均结案工作日（法定审限 45 日）", parent)

    def set_figures(self, f: dict) -> None:
        keys = list(f["by_procedure"])
        target = f["by_procedure"]["fast_track"]["target_working_days"]
        series = self._bars([PROCEDURE_LABELS[k] for k in keys],
                            {"平均工作日": [f["by_procedure"][k]["avg_working_days"] for k in keys]}, top=45)
        self._line("法定审限 45 日", 45, len(keys), "#c44e52")
        self._line(f"速裁目标 {target} 个工作日", target, len(keys), "#5a9e57")
        series.clicked.connect(lambda i, _set: self.figure_clicked.emit(f"procedure:{keys[i]}",
                                                                         f"{PROCEDURE_LABELS[keys[i]]}审结"))


class HearingLengthChart(FigureChart):
    def __init__(self, parent=None):
        super().__init__("庭审平均用时（分钟）", parent)

    def set_figures(self, f: dict) -> None:
        hm = f["hearing_minutes"]
        self._bars(["要素式庭审", "其他庭审"], {"平均分钟": [hm["element"], hm["other"]]})
