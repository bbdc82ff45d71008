"""The exported 要素表 reopens with the case's data, a Chinese (eastAsia) font on its styles
and real page-number fields."""

import subprocess
import sys

from docx import Document
from docx.oxml.ns import qn

from app.export.element_table_docx import ElementLine, ElementTableDocument, write_element_table
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
    assert [c.text for c in table.rows[0].cells] == ["序号", "要素", "申请人主张", "被申请人主张", "状态", "仲裁庭认定 / 证据"]
    assert len(table.rows) == len(data.lines) + 1
    assert table.rows[3].cells[1].text == data.lines[2].label
    assert "申请人（签名或盖章）" in text
    assert east_asia_font(doc.styles["Normal"]) == "仿宋"
    assert east_asia_font(doc.styles["Title"]) == "宋体"
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert abs(doc.sections[0].page_width.cm - 21.0) < 0.01  # A4


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
    run = lambda *a: subprocess.run([sys.executable, "-m", "app", *a], capture_output=True, text=True, env=env)  # noqa: E731
    assert run("demo", "--today", "2026-11-27").returncode == 0
    out = tmp_path / "el.docx"
    r = run("elements", "--case", "青劳人仲(2026)办字第3号", "--docx", str(out))
    assert r.returncode == 0, r.stderr
    assert out.exists() and Document(str(out)).tables
    r = run("elements", "--case", "青劳人仲(2026)办字第999号", "--docx", str(tmp_path / "x.docx"))
    assert r.returncode != 0 and "没有案号" in r.stderr and "Traceback" not in r.stderr
