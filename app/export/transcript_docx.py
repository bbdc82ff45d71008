"""The Word hearing transcript (庭审笔录) and its plain-text twin, from plain data.

Layout: header block (title with the session, 案号, 案由, date and times, room, public or
not, tribunal, clerk, each party with its particulars, legal representative and agents, and
whether each appeared; 缺席审理 when the respondent did not); the body, one paragraph per
utterance prefixed by the speaker's role; the element summary; correction requests with
their outcome; a signature line with a date for every participant present, or the recorded
refusal to sign (办案规则 Art 42); "第 X 页 共 Y 页" as real page fields and, optionally, a
signature line in every page's footer (逐页签名).
Styles come from resources/docx/base.docx, so an office restyles it in Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH

from app.export.docx_base import add_lines, new_document, page_number_footer, save_atomically


@dataclass
class PartyLine:
    side: str  # 申请人 / 被申请人 / 第三人
    name: str
    legal_representative: str = ""
    agents: list[str] = field(default_factory=list)  # "郑律师（特别授权，律师）（到庭）"
    present: str = "到庭"  # 到庭 / 未到庭 / 到庭情况未核对; "" prints nothing
    details: str = ""  # "女，1976年2月2日出生，身份证号码…，住…" or "统一社会信用代码…，住所地…"
    legal_representative_title: str = ""
    legal_representative_present: str = ""


@dataclass
class Utterance:
    prefix: str  # 仲 / 申代 / 书 ... or the full role name
    text: str
    clock: str = ""  # 10:32:15


@dataclass
class CorrectionLine:
    requested_by: str
    content: str
    outcome: str
    reason: str = ""


@dataclass
class TranscriptDocument:
    commission: str
    case_no: str
    case_types: str
    session_no: int
    session_count: int
    date: str
    start_time: str
    end_time: str
    room: str
    public: bool
    tribunal: list[tuple[str, str]]  # (seat, name)
    clerk: str
    parties: list[PartyLine]
    body: list[Utterance]
    undisputed: list[str] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)
    corrections: list[CorrectionLine] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)  # "申请人：张伟" (signs, with a date line)
    refusals: list[str] = field(default_factory=list)  # "被申请人委托代理人冯律师拒绝签名（理由）"
    absence: str = ""  # the 缺席审理 line (调解仲裁法 Art 36)
    page_signature: bool = False
    warnings: list[str] = field(default_factory=list)  # shown before exporting, not printed
    # A finalised record: the seal's digest and check code lines (app.services.sign_off.seal_lines),
    # printed after the signatures and, shortened, in every page's footer.
    seal: list[str] = field(default_factory=list)
    footer_seal: str = ""

    @property
    def title(self) -> str:
        return "庭审笔录" + (f"（第{self.session_no}次）" if self.session_count > 1 else "")

    def header_lines(self) -> list[str]:
        lines = [
            f"案号：{self.case_no}",
            f"案由：{self.case_types}",
            f"开庭时间：{self.date} {self.start_time}至{self.end_time or '　　'}",
            f"开庭地点：{self.room or '　　'}",
            f"是否公开：{'公开' if self.public else '不公开'}",
        ]
        lines += [f"{seat}：{name}" for seat, name in self.tribunal]
        lines.append(f"书记员：{self.clerk}")
        for p in self.parties:
            line = f"{p.side}：{p.name}" + (f"，{p.details}" if p.details else "")
            if p.present:
                line += f"（{p.present}）"
            lines.append(line)
            if p.legal_representative:
                rep = f"　　法定代表人：{p.legal_representative}"
                rep += f"，{p.legal_representative_title}" if p.legal_representative_title else ""
                rep += f"（{p.legal_representative_present}）" if p.legal_representative_present else ""
                lines.append(rep)
            lines += [f"　　委托代理人：{a}" for a in p.agents]
        if self.absence:
            lines.append(f"缺席审理：{self.absence}")
        return lines

    def signature_lines(self) -> list[str]:
        return [f"{sig}（签名）：____________________　　____年____月____日" for sig in self.signatures] + \
            [f"{r}（办案规则第四十二条）。" for r in self.refusals]


def write_transcript_docx(doc_data: TranscriptDocument, out: Path) -> Path:
    doc = new_document()
    doc.add_paragraph(doc_data.commission, style="Title")
    doc.add_paragraph(doc_data.title, style="Title")
    for line in doc_data.header_lines():
        doc.add_paragraph(line, style="Record Line")
    doc.add_paragraph("庭审记录", style="Heading 1")
    add_lines(doc, [(f"{u.prefix}：", u.text) for u in doc_data.body], "Record Line")
    doc.add_paragraph("要素归纳", style="Heading 1")
    doc.add_paragraph("无争议事实：", style="Heading 2")
    for n, text in enumerate(doc_data.undisputed or ["（无）"], 1):
        doc.add_paragraph(f"{n}. {text}" if doc_data.undisputed else text)
    doc.add_paragraph("争议焦点：", style="Heading 2")
    for n, text in enumerate(doc_data.disputed or ["（无）"], 1):
        doc.add_paragraph(f"{n}. {text}" if doc_data.disputed else text)
    doc.add_paragraph("笔录补正申请", style="Heading 1")
    if doc_data.corrections:
        for n, c in enumerate(doc_data.corrections, 1):
            text = f"{n}. {c.requested_by}申请补正：{c.content}。处理结果：{c.outcome}"
            doc.add_paragraph(text + (f"（{c.reason}）" if c.reason else "") + "。")
    else:
        doc.add_paragraph("（无）")
    for line in doc_data.signature_lines():
        p = doc.add_paragraph(line)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    for line in doc_data.seal:
        doc.add_paragraph(line, style="Normal")
    footer_lines = ["当事人签名：____________　____________"] if doc_data.page_signature else []
    footer_lines += [doc_data.footer_seal] if doc_data.footer_seal else []
    page_number_footer(doc.sections[0], "\n".join(footer_lines))
    return save_atomically(doc, out)


def transcript_text(doc_data: TranscriptDocument) -> str:
    lines = [doc_data.commission, doc_data.title, ""] + doc_data.header_lines() + ["", "庭审记录"]
    lines += [f"{u.prefix}：{u.text}" for u in doc_data.body]
    lines += ["", "要素归纳", "无争议事实："] + [f"{n}. {t}" for n, t in enumerate(doc_data.undisputed, 1)]
    lines += ["争议焦点："] + [f"{n}. {t}" for n, t in enumerate(doc_data.disputed, 1)]
    lines += ["", "笔录补正申请"] + [f"{n}. {c.requested_by}申请补正：{c.content}。处理结果：{c.outcome}"
                                    + (f"（{c.reason}）" if c.reason else "") for n, c in enumerate(doc_data.corrections, 1)]
    lines += [""] + doc_data.signature_lines()
    if doc_data.seal:
        lines += [""] + doc_data.seal
    return "\n".join(lines) + "\n"
