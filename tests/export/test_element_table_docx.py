"""The exported 要素表 reopens with the case's data, a Chinese (eastAsia) font on its styles
and real page-number fields."""

import subprocess
import sys

from docx import Document
from docx.oxml.ns import qn

from app.export.element_table_docx import (
    ElementLine,
    ElementTableDocument,
    write_element_table,
)
from app.services.cases import find_case_id
from app.services.demo import seed_demo
from app.services.documents import element_table_document
from tests.conftest import TODAY


def east_asia_font(style) -> str | None:
    fonts = style.element.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_export_reopens_with_case_data(sqlite_db, tmp_path):
    with sqlite_db.session() as s:
        seed_demo(s, today=TODAY)
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
        data = element_table_document(s, case_id, today=TODAY)
    out = write_element_table(data, tmp_path / "要素表.docx")
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "劳动人事争议仲裁要素表" in text and "青劳人仲(2026)办字第2号" in text
    assert "上海市青浦区劳动人事争议仲裁委员会" in text
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "要素", "申请人陈述", "申请人\n确认", "被申请人陈述", "被申请人\n确认"]
    assert len(table.rows) == len(data.lines) + 1
    assert table.rows[3].cells[1].text == data.lines[2].label
    assert table.rows[3].cells[3].text == table.rows[3].cells[5].text == "□确认\n□不确认"
    assert "申请人（签名或盖章）" in text
    assert east_asia_font(doc.styles["Normal"]) == "仿宋"
    assert east_asia_font(doc.styles["Title"]) == "宋体"
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert abs(doc.sections[0].page_width.cm - 21.0) < 0.01  # A4


def findings_of(sqlite_db):
    """The demo case, with findings worded so that no party's statement contains them."""
    from sqlalchemy import select

    from app.models import ElementEntry

    with sqlite_db.session() as s:
        seed_demo(s, today=TODAY)
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
        entries = s.scalars(select(ElementEntry).where(ElementEntry.case_id == case_id)).all()
        findings = ["本庭认定月平均工资为八千二百元", "本庭认定劳动合同未依法订立"]
        for entry, finding in zip(entries[6:8], findings):
            entry.finding = finding
            entry.evidence = "工资流水（庭后核对）"
        return case_id, findings + ["工资流水（庭后核对）"]


def all_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_parties_version_discloses_no_finding_and_reads_well(sqlite_db, tmp_path):
    from docx.shared import Pt

    case_id, findings = findings_of(sqlite_db)
    assert findings  # the demo case has the tribunal's findings to keep back
    with sqlite_db.session() as s:
        data = element_table_document(s, case_id, today=TODAY)
    assert not any(line.finding or line.evidence for line in data.lines)  # not even read
    doc = Document(str(write_element_table(data, tmp_path / "parties.docx")))
    text = all_text(doc)
    assert "仲裁庭认定" not in text and not any(f in text for f in findings)
    table = doc.tables[0]
    sizes = {r.font.size for row in table.rows for c in row.cells for p in c.paragraphs for r in p.runs if r.text.strip()}
    assert sizes == {Pt(12)}
    xml = table._tbl.xml
    assert "w:tblCellMar" in xml and 'w:tblHeader w:val="true"' in xml and "w:cantSplit" in xml
    # the print date sits with the heading data, never alone on a last page
    dated = next(i for i, p in enumerate(doc.paragraphs) if "打印日期：2026-11-27" in p.text)
    assert dated < 5
    closing = [p for p in doc.paragraphs if p.text.startswith(("以上要素", "申请人（签名"))]
    assert all(p.paragraph_format.keep_with_next for p in closing)


def test_tribunal_version_keeps_findings(sqlite_db, tmp_path):
    case_id, findings = findings_of(sqlite_db)
    with sqlite_db.session() as s:
        data = element_table_document(s, case_id, today=TODAY, for_tribunal=True)
    doc = Document(str(write_element_table(data, tmp_path / "tribunal.docx")))
    text = all_text(doc)
    assert "要素表（仲裁庭用）" in text and "不向当事人提供" in text
    assert [c.text for c in doc.tables[0].rows[0].cells][-1] == "仲裁庭认定 / 证据"
    assert all(f in text for f in findings)


def test_unwritable_target_is_a_clear_error(tmp_path):
    import pytest

    from app.export.docx_base import ExportError

    blocker = tmp_path / "file"
    blocker.write_text("x")
    data = ElementTableDocument("委", "青劳人仲(2026)办字第1号", "加班费", ["甲"], ["乙"], [ElementLine("a", "b", "c", "无争议")])
    with pytest.raises(ExportError, match="无法写入"):
        write_element_table(data, blocker / "out.docx")
    assert list(tmp_path.iterdir()) == [blocker]  # nothing half-written


def test_cli_exports_and_refuses_unknown_case(tmp_path):
    import os

    env = {**os.environ, "HEARINGDESK_HOME": str(tmp_path)}
    env.pop("HEARINGDESK_DB_URL", None)
    run = lambda *a: subprocess.run([sys.executable, "-m", "app", *a], check=False, capture_output=True, text=True, env=env)
    assert run("demo", "--today", "2026-11-27").returncode == 0
    out = tmp_path / "el.docx"
    r = run("elements", "--case", "青劳人仲(2026)办字第3号", "--docx", str(out))
    assert r.returncode == 0, r.stderr
    assert out.exists() and Document(str(out)).tables
    assert "仲裁庭认定" not in all_text(Document(str(out)))  # the parties' version by default
    r = run("elements", "--case", "青劳人仲(2026)办字第3号", "--docx", str(out), "--tribunal")
    assert r.returncode == 0 and "仲裁庭认定" in all_text(Document(str(out)))
    r = run("elements", "--case", "青劳人仲(2026)办字第999号", "--docx", str(tmp_path / "x.docx"))
    assert r.returncode != 0 and "没有案号" in r.stderr and "Traceback" not in r.stderr
