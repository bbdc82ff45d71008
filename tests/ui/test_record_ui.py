"""The record in the workspace: citing a statement, correction requests, export, sign-off,
verification and the audit trail, offscreen."""

from docx import Document
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.models import ElementCitation, Hearing, Party, RecordSignOff, TranscriptSegment
from app.services.cases import find_case_id
from app.vocabulary import CitationSide
from tests.ui.conftest import idle, open_ws


def open_held(qtbot, window, demo_db):
    with demo_db.session() as s:
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
    return open_ws(qtbot, window, case_id)


def test_held_hearing_shows_its_record_and_a_statement_can_be_cited(qtbot, window, demo_db):
    ws = open_held(qtbot, window, demo_db)
    assert ws.transcript.model.rowCount() >= 20
    start = next(i for i, r in enumerate(ws.model.rows) if r.key == "start_date")
    ws.table.selectRow(start)
    assert "申请人 " in ws.editor.citations.text() and "2021年3月8日入职" in ws.editor.citations.text()
    ws.table.selectRow(2)
    ws.transcript.table.selectRow(4)
    ws.record.cite_selected(CitationSide.RESPONDENT)
    idle(qtbot, ws)
    assert ws.transcript.model.rows[4].text in ws.editor.citations.text()
    with demo_db.session() as s:
        c = s.scalars(select(ElementCitation).order_by(ElementCitation.id.desc())).first()
        assert c.element_id == ws.model.rows[2].id and c.segment_id == ws.transcript.model.rows[4].id
    ws.close()


def test_correction_request_accepted_changes_the_line(qtbot, window, demo_db):
    ws = open_held(qtbot, window, demo_db)
    ws.transcript.table.selectRow(3)
    seg_id = ws.transcript.model.rows[3].id
    dialog = ws.record.open_correction_dialog()
    dialog.content.setPlainText("记录为“没有异议”，应为“没有任何异议”")
    dialog.proposed.setPlainText("没有任何异议。")
    dialog.accept_it.setChecked(True)
    dialog.accept()
    idle(qtbot, ws)
    assert ws.transcript.model.rows[3].text == "没有任何异议。"
    with demo_db.session() as s:
        assert s.get(TranscriptSegment, seg_id).raw_text == "没有 异议"
    ws.close()


def test_export_dialog_writes_the_record(qtbot, window, demo_db, tmp_path):
    ws = open_held(qtbot, window, demo_db)
    opened = []
    ws.record.open_export_dialog(then=opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    dialog = opened[0]
    assert "庭审笔录" in dialog.preview.toPlainText() and "书：请肃静" in dialog.preview.toPlainText()
    dialog.full.setChecked(True)
    assert "书记员：请肃静" in dialog.preview.toPlainText()
    dialog.page_signature.setChecked(True)
    dialog.docx_path.setText(str(tmp_path / "笔录.docx"))
    dialog.also_txt.setChecked(True)
    dialog.accept()
    idle(qtbot, ws)
    doc = Document(str(tmp_path / "笔录.docx"))
    assert any(p.text.startswith("书记员：请肃静") for p in doc.paragraphs)
    assert (tmp_path / "笔录.txt").exists()
    ws.close()


def test_finalize_verify_and_audit_trail(qtbot, window, demo_db, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(("info", a[2])))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(("warn", a[2])))
    ws = open_held(qtbot, window, demo_db)
    ws.record.finalize_record(confirm=False)
    idle(qtbot, ws)
    with demo_db.session() as s:
        assert s.scalar(select(RecordSignOff).where(RecordSignOff.hearing_id == ws.hearing_id)) is not None
    ws.record.verify_record()
    idle(qtbot, ws)
    assert ws.record.last_verification.ok and shown[-1][0] == "info"
    with demo_db.engine.begin() as conn:  # a party's particulars edited after the seal: a note, not tampering
        case_id = conn.execute(select(Hearing.case_id).where(Hearing.id == ws.hearing_id)).scalar()
        conn.execute(Party.__table__.update().where(Party.case_id == case_id, Party.side == "applicant")
                     .values(address="上海市青浦区盈港东路9999号"))
    ws.record.verify_record()
    idle(qtbot, ws)
    assert shown[-1][0] == "info" and "提示：" in shown[-1][1] and "住址" in shown[-1][1], shown[-1]
    with demo_db.engine.begin() as conn:
        conn.execute(TranscriptSegment.__table__.update().where(TranscriptSegment.hearing_id == ws.hearing_id)
                     .values(text="被改过"))
    ws.record.verify_record()
    idle(qtbot, ws)
    assert not ws.record.last_verification.ok and shown[-1][0] == "warn" and "改动" in shown[-1][1]
    ws.record.show_audit()
    idle(qtbot, ws)
    table = ws.record.audit_dialog.table
    assert table.rowCount() > 10
    texts = {table.item(r, 3).text().split(" #")[0] for r in range(table.rowCount())}
    assert {"案件", "笔录段落", "补正申请", "定稿"} <= texts
    ws.record.audit_dialog.close()
    ws.close()
