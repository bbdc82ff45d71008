"""The case's element table (要素表) as a Word document for the parties to confirm and sign
before the hearing. Written from plain data; no Qt, no ORM."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from app.export.docx_base import fill_table, new_document, page_number_footer, save_atomically


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


def write_element_table(doc_data: ElementTableDocument, out: Path) -> Path:
    doc = new_document()
    doc.add_paragraph(doc_data.commission, style="Title")
    doc.add_paragraph("劳动人事争议仲裁要素表", style="Title")
    info = doc.add_paragraph()
    info.add_run(f"案号：{doc_data.case_no}\n案由：{doc_data.case_types}\n"
                 f"申请人：{'、'.join(doc_data.applicants)}\n被申请人：{'、'.join(doc_data.respondents)}")
    headers = ["序号", "要素", "申请人主张", "被申请人主张", "状态", "仲裁庭认定 / 证据"]
    widths = [Cm(1.0), Cm(3.2), Cm(3.6), Cm(3.6), Cm(1.8), Cm(2.4)]  # 15.6 cm between A4 margins
    body = [[str(i), line.label, line.applicant, line.respondent, line.status,
             "；".join(x for x in (line.finding, line.evidence and f"证据：{line.evidence}") if x)]
            for i, line in enumerate(doc_data.lines, 1)]
    fill_table(doc, headers, body, widths)
    doc.add_paragraph("无争议事实", style="Heading 1")
    for n, text in enumerate(doc_data.undisputed or ["（暂无）"], 1):
        doc.add_paragraph(f"{n}. {text}" if doc_data.undisputed else text)
    doc.add_paragraph("争议焦点", style="Heading 1")
    for n, text in enumerate(doc_data.disputed or ["（暂无）"], 1):
        doc.add_paragraph(f"{n}. {text}" if doc_data.disputed else text)
    doc.add_paragraph("以上要素经本人核对，确认无误。")
    for who in ("申请人（签名或盖章）", "被申请人（签名或盖章）"):
        p = doc.add_paragraph(f"{who}：____________________    日期：__________")
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if doc_data.printed_on:
        doc.add_paragraph(f"打印日期：{doc_data.printed_on}")
    page_number_footer(doc.sections[0])
    return save_atomically(doc, out)
