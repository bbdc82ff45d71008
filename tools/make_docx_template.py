"""Build resources/docx/base.docx: the styles every HearingDesk document is written with.

An office may instead restyle that file in Word (fonts, sizes, margins); the writers only
use the style names. Chinese text needs the eastAsia font set on each style, not only the
Latin one.

    python tools/make_docx_template.py
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUT = Path(__file__).resolve().parent.parent / "resources" / "docx" / "base.docx"


def set_fonts(style, latin: str, east_asia: str, size: float, bold: bool = False) -> None:
    style.font.name = latin
    style.font.size = Pt(size)
    style.font.bold = bold
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def main() -> None:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles = doc.styles
    set_fonts(styles["Normal"], "Times New Roman", "仿宋", 14)
    styles["Normal"].paragraph_format.line_spacing = Pt(28)
    set_fonts(styles["Title"], "Times New Roman", "宋体", 22, bold=True)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_pr = styles["Title"].element.pPr
    borders = title_pr.find(qn("w:pBdr")) if title_pr is not None else None
    if borders is not None:  # the default Title style has a rule under it; a record has none
        title_pr.remove(borders)
    set_fonts(styles["Heading 1"], "Times New Roman", "黑体", 16, bold=False)
    set_fonts(styles["Heading 2"], "Times New Roman", "楷体", 14, bold=True)
    for name in ("Heading 1", "Heading 2", "Title"):
        styles[name].font.color.rgb = None
    set_fonts(styles["Table Grid"], "Times New Roman", "仿宋", 12)
    set_fonts(styles["Footer"], "Times New Roman", "宋体", 10.5)
    from docx.enum.style import WD_STYLE_TYPE

    cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = styles["Normal"]
    set_fonts(cell, "Times New Roman", "仿宋", 11)
    cell.paragraph_format.line_spacing = 1.0
    cell.paragraph_format.space_after = Pt(0)
    line = styles.add_style("Record Line", WD_STYLE_TYPE.PARAGRAPH)  # header and body lines of a record
    line.base_style = styles["Normal"]
    set_fonts(line, "Times New Roman", "仿宋", 14)
    line.paragraph_format.line_spacing = Pt(26)
    line.paragraph_format.space_after = Pt(2)
    # clear the default document's single empty paragraph
    for p in list(doc.paragraphs):
        p._element.getparent().remove(p._element)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    doc.save(OUT)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
