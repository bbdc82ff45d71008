"""Shared helpers for the Word writers: open the office's base template, page-number
fields, and safe saving (write a temp file, then move it in place: never a half file)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from app.config import RESOURCES_DIR

BASE_TEMPLATE = RESOURCES_DIR / "docx" / "base.docx"


class ExportError(Exception):
    """The document could not be written; the message says why."""


def new_document(template: Path = BASE_TEMPLATE):
    try:
        return Document(str(template))
    except Exception as exc:  # python-docx raises several kinds for a broken file
        raise ExportError(f"Word 模板无法打开：{template}（{exc}）") from exc


def add_field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A real Word field (PAGE, NUMPAGES ...), updated by Word and LibreOffice on display."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, separate, text, end):
        run._r.append(el)


def page_number_footer(section, prefix_line: str = "") -> None:
    """Footer "第 X 页 共 Y 页", with an optional line above it (e.g. signatures per page)."""
    footer = section.footer
    footer.is_linked_to_previous = False
    first = footer.paragraphs[0]
    if prefix_line:
        first.text = prefix_line
        para = footer.add_paragraph()
    else:
        para = first
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.style = "Footer"
    para.add_run("第 ")
    add_field(para, "PAGE")
    para.add_run(" 页 共 ")
    add_field(para, "NUMPAGES")
    para.add_run(" 页")


def set_cell_margins(table, *, top_bottom_pt: float = 3, left_right_pt: float = 5) -> None:
    """Room between the text and the cell borders (w:tblCellMar, in twentieths of a point)."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, pt in (("top", top_bottom_pt), ("left", left_right_pt), ("bottom", top_bottom_pt), ("right", left_right_pt)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(pt * 20)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    for old in tbl_pr.findall(qn("w:tblCellMar")):
        tbl_pr.remove(old)
    tbl_pr.append(margins)


def repeat_header_row(row) -> None:
    """The header row is printed again at the top of every page the table runs onto."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def fill_table(doc, headers: list[str], rows: list[list[str]], widths, *, size=None) -> object:
    """A bordered table in the template's "Table Text" style with fixed column widths
    (LibreOffice reads the grid, Word the cells: both are set). `size` (a docx Length) sets
    the type size of every cell; a text with line breaks becomes several lines."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    for col, width in zip(table.columns, widths):
        col.width = width
    style = "Table Text" if "Table Text" in [s.name for s in doc.styles] else None

    def put(cells, texts, bold=False):
        for cell, text, width in zip(cells, texts, widths):
            cell.width = width
            para = cell.paragraphs[0]
            if style:
                para.style = style
            for n, part in enumerate(str(text).split("\n")):
                if n:
                    para.add_run().add_break()
                run = para.add_run(part)
                run.bold = bold
                if size is not None:
                    run.font.size = size

    put(table.rows[0].cells, headers, bold=True)
    repeat_header_row(table.rows[0])
    for texts in rows:
        row = table.add_row()
        put(row.cells, texts)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row is never cut by a page break
    return table


def add_lines(doc, lines: list[tuple[str, str]], style: str) -> None:
    """Append many paragraphs fast: "<bold prefix><text>" each, in one paragraph style.

    python-docx's add_paragraph looks the style up by name and searches for the section
    break on every call (about 2 ms each); a 4-hour record has 6,000 lines, so the XML is
    built directly with the style id resolved once.
    """
    style_id = doc.styles[style].style_id if style in [s.name for s in doc.styles] else None
    body = doc.element.body
    anchor = body.sectPr
    for prefix, text in lines:
        p = OxmlElement("w:p")
        if style_id:
            ppr = OxmlElement("w:pPr")
            ps = OxmlElement("w:pStyle")
            ps.set(qn("w:val"), style_id)
            ppr.append(ps)
            p.append(ppr)
        for part, bold in ((prefix, True), (text, False)):
            if not part:
                continue
            r = OxmlElement("w:r")
            if bold:
                rpr = OxmlElement("w:rPr")
                rpr.append(OxmlElement("w:b"))
                r.append(rpr)
            t = OxmlElement("w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = part
            r.append(t)
            p.append(r)
        if anchor is not None:
            anchor.addprevious(p)
        else:
            body.append(p)


def check_target(out: Path) -> None:
    """An export replaces a regular file or makes a new one; never a symlink, device or folder
    (replacing a link to /dev/null as root replaced the device)."""
    import stat

    try:
        st = os.lstat(out)
    except OSError:  # not there (or its folder is not): the write says what is wrong
        return
    if stat.S_ISLNK(st.st_mode):
        raise ExportError(f"目标是符号链接，不会覆盖：{out}")
    if not stat.S_ISREG(st.st_mode):
        raise ExportError(f"目标不是普通文件，不会覆盖：{out}")


def umask_mode() -> int:
    """The mode a newly created file gets under this process's umask (mkstemp makes 0600)."""
    try:  # Linux tells it without changing it (os.umask would, for a moment, for every thread)
        with open("/proc/self/status", encoding="ascii") as fh:
            mask = next(int(line.split()[1], 8) for line in fh if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError):
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def write_text_atomically(out: Path, text: str) -> Path:
    """A text export: through a temp file in the same folder (a failure leaves no half file),
    never over a symlink or a non-regular file, with the user's umask."""
    out = Path(out)
    check_target(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=".hd-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.chmod(tmp, umask_mode())
            os.replace(tmp, out)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise ExportError(f"无法写入 {out}：{exc.strerror or exc}") from exc
    return out


def save_atomically(doc, out: Path) -> Path:
    out = Path(out)
    check_target(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".hd-", suffix=".docx", dir=out.parent)
        os.close(fd)
        try:
            doc.save(tmp)
            os.chmod(tmp, umask_mode())  # colleagues on a share read it as they read the office's other files
            os.replace(tmp, out)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise ExportError(f"无法写入 {out}：{exc.strerror or exc}") from exc
    return out
