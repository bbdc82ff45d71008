"""The period's figures as an Excel workbook: one sheet per table, with native Excel charts
(openpyxl), so the bureau can restyle them in Excel or WPS."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.styles import Font

from app.export.docx_base import ExportError
from app.export.statistics_text import TABLES, summary_lines

_PERCENT_COLUMNS = {"概况": None, "结案方式": 3}
_RATE_ROWS = {"按期结案率", "调解率", "要素式庭审缩短"}


def write_statistics_xlsx(figures: dict, path: Path) -> Path:
    wb = Workbook()
    summary = wb.active
    summary.title = "摘要"
    summary.append([f"统计期间 {figures['period']['from']} 至 {figures['period']['to']}"])
    summary["A1"].font = Font(bold=True, size=13)
    for line in summary_lines(figures):
        summary.append([line])
    summary.column_dimensions["A"].width = 120

    sheets = {}
    for title, header, rows in TABLES:
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows(figures):
            ws.append(row)
        for i in range(len(header)):
            ws.column_dimensions[chr(65 + i)].width = 16 if i else 22
        if title == "概况":
            for r in ws.iter_rows(min_row=2):
                if r[0].value in _RATE_ROWS:
                    r[1].number_format = "0.0%"
        if title == "结案方式":
            for r in ws.iter_rows(min_row=2, min_col=3, max_col=3):
                r[0].number_format = "0.0%"
        sheets[title] = ws

    _charts(figures, sheets)
    return _save(wb, Path(path))


def _charts(figures: dict, sheets: dict) -> None:
    ws = sheets["逐月"]
    n = len(figures["by_month"])
    if n:
        chart = BarChart()
        chart.title = "逐月受理与审结"
        chart.y_axis.title = "件"
        chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=1, max_row=n + 1), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
        chart.width, chart.height = 22, 9
        ws.add_chart(chart, "E2")

    ws = sheets["结案方式"]
    n = len(figures["by_outcome"])
    pie = PieChart()
    pie.title = "结案方式"
    pie.add_data(Reference(ws, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
    pie.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    ws.add_chart(pie, "E2")

    ws = sheets["程序"]
    bar = BarChart()
    bar.type = "bar"
    bar.title = "平均结案工作日（法定审限 45 日）"
    bar.add_data(Reference(ws, min_col=4, min_row=1, max_row=4), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=2, max_row=4))
    # the statutory limit and the fast-track target as reference columns
    ws["F1"], ws["G1"] = "法定审限（日）", "速裁目标（工作日）"
    for r in range(2, 5):
        ws.cell(r, 6, 45)
        ws.cell(r, 7, figures["by_procedure"]["fast_track"]["target_working_days"])
    limits = LineChart()
    limits.add_data(Reference(ws, min_col=6, max_col=7, min_row=1, max_row=4), titles_from_data=True)
    bar.type = "col"
    bar += limits
    bar.width, bar.height = 18, 9
    ws.add_chart(bar, "A7")

    hm = figures["hearing_minutes"]
    ws = sheets["概况"]
    start = ws.max_row + 2
    ws.cell(start, 1, "庭审类型")
    ws.cell(start, 2, "平均分钟")
    ws.cell(start + 1, 1, "要素式庭审")
    ws.cell(start + 1, 2, hm["element"])
    ws.cell(start + 2, 1, "其他庭审")
    ws.cell(start + 2, 2, hm["other"])
    minutes = BarChart()
    minutes.title = "庭审平均用时（分钟）"
    minutes.add_data(Reference(ws, min_col=2, min_row=start, max_row=start + 2), titles_from_data=True)
    minutes.set_categories(Reference(ws, min_col=1, min_row=start + 1, max_row=start + 2))
    ws.add_chart(minutes, "D2")

    ws = sheets["案由"]
    n = len(figures["by_case_type"])
    if n:
        types = BarChart()
        types.type = "bar"
        types.title = "按案由受理"
        types.add_data(Reference(ws, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
        types.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
        ws.add_chart(types, "D2")


def _save(wb: Workbook, path: Path) -> Path:
    """Through a temporary file in the same folder: a failure leaves no half file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".hd-", suffix=".xlsx")
        os.close(fd)
        try:
            wb.save(tmp)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise ExportError(f"无法写出 {path}：{exc.strerror or exc}") from exc
    return path
