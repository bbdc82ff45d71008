"""The case's element table (要素表) as a Word document. Written from plain data; no Qt, no ORM.

Two versions:
- for the parties (the default): each side's statement and, for each party, a 确认 / 不确认
  column to tick and sign before or at the hearing. It never carries the tribunal's findings
  (仲裁庭认定): they are the tribunal's deliberation and are not disclosed before the award.
- for the tribunal: the statements, the status of each element and the tribunal's findings
  and evidence, marked for internal use.

Readable type (12 pt in the table), cell margins, the header row repeated on every page, and
no page left holding only the print date (the date sits under the title; the confirmation and
the signature lines are kept together).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from app.export.docx_base import (
    fill_table,
    new_document,
    page_number_footer,
    save_atomically,
    set_cell_margins,
)

PARTIES, TRIBUNAL = "parties", "tribunal"
TABLE_SIZE = Pt(12)  # 小四
BODY_SIZE = Pt(12)
TICK = "□确认\n□不确认"


@dataclass
class ElementLine:
    label: str
    applicant: str
    respondent: str
    status: str
    finding: str = ""
    evidence: str = ""


@dataclass
class ElementTableDocument:
    commission: str
    case_no: str
    case_types: str
    applicants: list[str]
    respondents: list[str]
    lines: list[ElementLine]
    undisputed: list[str] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)
    printed_on: str = ""
    audience: str = PARTIES  # PARTIES or TRIBUNAL


def _paragraph(doc, text: str, *, size=BODY_SIZE, bold=False, keep_with_next=False, align=None, style=None,
               space_before=0):
    p = doc.add_paragraph(style=style)
    run = p.add_run(text)
    run.font.size = size
    run.bold = bold
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.line_spacing = 1.25
    p.paragraph_format.space_before = Pt(space_before)
    p.paragraph_format.space_after = Pt(4)
    p.paragraph_format.keep_with_next = keep_with_next
    if align is not None:
        p.alignment = align
    return p


def _table(doc, data: ElementTableDocument):
    if data.audience == TRIBUNAL:
        headers = ["序号", "要素", "申请人主张", "被申请人主张", "状态", "仲裁庭认定 / 证据"]
        widths = [Cm(1.2), Cm(2.6), Cm(3.5), Cm(3.5), Cm(1.7), Cm(3.1)]  # 15.6 cm between A4 margins
        body = [[str(i), line.label, line.applicant, line.respondent, line.status,
                 "；".join(x for x in (line.finding, line.evidence and f"证据：{line.evidence}") if x)]
                for i, line in enumerate(data.lines, 1)]
    else:
        headers = ["序号", "要素", "申请人陈述", "申请人\n确认", "被申请人陈述", "被申请人\n确认"]
        widths = [Cm(1.2), Cm(2.6), Cm(3.5), Cm(2.3), Cm(3.5), Cm(2.3)]  # "□不确认" fits on one line at 12 pt
        body = [[str(i), line.label, line.applicant, TICK, line.respondent, TICK]
                for i, line in enumerate(data.lines, 1)]
    table = fill_table(doc, headers, body, widths, size=TABLE_SIZE)
    set_cell_margins(table, top_bottom_pt=3, left_right_pt=5)
    return table


def write_element_table(doc_data: ElementTableDocument, out: Path) -> Path:
    doc = new_document()
    tribunal = doc_data.audience == TRIBUNAL
    doc.add_paragraph(doc_data.commission, style="Title")
    doc.add_paragraph("劳动人事争议仲裁要素表" + ("（仲裁庭用）" if tribunal else ""), style="Title")
    if tribunal:
        _paragraph(doc, "仲裁庭内部使用，含仲裁庭认定，不向当事人提供。", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    info = [f"案号：{doc_data.case_no}", f"案由：{doc_data.case_types}",
            f"申请人：{'、'.join(doc_data.applicants)}", f"被申请人：{'、'.join(doc_data.respondents)}"]
    if doc_data.printed_on:
        info.append(f"打印日期：{doc_data.printed_on}")
    p = _paragraph(doc, info[0])
    for line in info[1:]:
        p.add_run().add_break()
        p.add_run(line).font.size = BODY_SIZE
    if not tribunal:
        _paragraph(doc, "请双方当事人逐项核对对方及本方的陈述，在本方“确认”栏勾选“确认”或“不确认”；"
                        "不确认的，请在庭审中说明理由。")
    _table(doc, doc_data)
    _paragraph(doc, "无争议事实", size=Pt(14), bold=True, keep_with_next=True, space_before=12)
    for n, text in enumerate(doc_data.undisputed or ["（暂无）"], 1):
        _paragraph(doc, f"{n}. {text}" if doc_data.undisputed else text)
    _paragraph(doc, "争议焦点", size=Pt(14), bold=True, keep_with_next=True, space_before=12)
    disputed = doc_data.disputed or ["（暂无）"]
    for n, text in enumerate(disputed, 1):
        # the last point stays with the confirmation below it: no page of signatures alone
        _paragraph(doc, f"{n}. {text}" if doc_data.disputed else text, keep_with_next=n == len(disputed) and not tribunal)
    if not tribunal:
        # the statement and both signature lines stay on one page together
        _paragraph(doc, "以上要素经本人核对，确认情况如表中所勾选。", keep_with_next=True, space_before=12)
        signatures = [("申请人（签名或盖章）", True), ("被申请人（签名或盖章）", False)]
        for who, keep in signatures:
            _paragraph(doc, f"{who}：____________________    日期：__________", keep_with_next=keep)
    page_number_footer(doc.sections[0])
    return save_atomically(doc, out)
