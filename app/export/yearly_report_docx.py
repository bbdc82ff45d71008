"""The yearly (or any period's) report as a Word document: the figures in sentences ready to
paste into the bureau's report, the tables, and the charts as pictures."""

from __future__ import annotations

import io
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Cm, Emu

from app.export import chart_png
from app.export.docx_base import (
    fill_table,
    new_document,
    page_number_footer,
    save_atomically,
)
from app.export.statistics_text import PROCEDURE_LABELS, TABLES, pct, summary_lines

_WIDTH = Cm(15.6)  # between the A4 margins of the base template


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and 0 <= value <= 1 and not value.is_integer():
        return pct(value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def chart_pictures(f: dict) -> list[tuple[str, bytes]]:
    """The report's charts as (caption, PNG), in report order."""
    months = f["by_month"]
    one_year = len({m["month"][:4] for m in months}) <= 1
    month_labels = [f"{int(m['month'][5:])}月" if one_year else m["month"][2:] for m in months]
    fast = f["by_procedure"]["fast_track"]
    hm = f["hearing_minutes"]
    return [
        ("图1 逐月受理与审结案件数", chart_png.bar_chart(
            "逐月受理与审结", month_labels,
            {"受理": [m["accepted"] for m in months], "审结": [m["closed"] for m in months]})),
        ("图2 结案方式", chart_png.pie_chart("结案方式", f["by_outcome"])),
        ("图3 平均结案工作日与审限", chart_png.bar_chart(
            "平均结案工作日", [PROCEDURE_LABELS[k] for k in f["by_procedure"]],
            {"平均工作日": [v["avg_working_days"] for v in f["by_procedure"].values()]},
            lines={"法定审限(日)": 45, "速裁目标(工作日)": fast["target_working_days"]})),
        ("图4 庭审平均用时（分钟）", chart_png.bar_chart(
            "庭审平均用时", ["要素式庭审", "其他庭审"], {"分钟": [hm["element"], hm["other"]]}, width=420)),
    ]


def write_yearly_report(f: dict, out: Path, *, commission: str = "") -> Path:
    doc = new_document()
    p = f["period"]
    year = p["from"][:4]
    whole_year = p["from"].endswith("-01-01") and p["to"] == f"{year}-12-31"
    title = f"{year}年度劳动人事争议仲裁工作统计" if whole_year else "劳动人事争议仲裁工作统计"
    if commission:
        doc.add_paragraph(commission, style="Title")
    doc.add_paragraph(title, style="Title")
    doc.add_paragraph(f"统计期间：{p['from']} 至 {p['to']}（按受理、结案、开庭日期计入）")

    doc.add_paragraph("一、主要数据", style="Heading 1")
    for line in summary_lines(f):
        doc.add_paragraph(line)

    doc.add_paragraph("二、统计表", style="Heading 1")
    for title_, header, rows in TABLES:
        body = [[_cell(v) for v in row] for row in rows(f)]
        if not body:
            continue
        doc.add_paragraph(title_, style="Heading 2")
        width = Emu(int(_WIDTH / len(header)))
        fill_table(doc, header, body, [width] * len(header))

    doc.add_paragraph("三、图表", style="Heading 1")
    for caption, png in chart_pictures(f):
        doc.add_picture(io.BytesIO(png), width=Cm(15) if "逐月" in caption or "审限" in caption else Cm(11))
        holder = doc.paragraphs[-1]  # the template's exact line height would crop the picture
        holder.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        holder.paragraph_format.first_line_indent = Cm(0)
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.add_paragraph(caption).alignment = WD_ALIGN_PARAGRAPH.CENTER
    page_number_footer(doc.sections[0])
    return save_atomically(doc, out)
