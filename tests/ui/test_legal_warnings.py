"""Warnings the UI shows for legal data: the dashboard's missing reference data (calendar year,
local figures), the export dialog's empty record."""

from datetime import date

from app.export.transcript_docx import TranscriptDocument
from app.services.register import data_warnings
from app.ui.dashboard_view import DashboardView
from app.ui.workspace.export_dialog import ExportDialog


def test_dashboard_shows_missing_reference_data(qtbot):
    view = DashboardView()
    qtbot.addWidget(view)
    view.set_data([], [], [], data_warnings(date(2026, 11, 29)))
    assert not view.data_warning.isHidden()
    assert "2027" in view.data_warning.text() and "月平均工资" in view.data_warning.text()
    view.set_data([], [], [], [])
    assert view.data_warning.isHidden()


def test_export_dialog_warns_of_an_empty_record(qtbot, tmp_path):
    doc = TranscriptDocument("委", "案号", "加班费", 2, 2, "2026-12-03", "09:00", "", "第一仲裁庭", True, [], "李婷",
                             [], [], warnings=["第 2 次开庭没有任何笔录内容，导出的笔录只有表头和签名栏。"])
    dialog = ExportDialog(doc, doc, str(tmp_path / "x.docx"))
    qtbot.addWidget(dialog)
    assert not dialog.warning.isHidden() and "没有任何笔录内容" in dialog.warning.text()


def test_attendance_is_checked_from_the_first_step_and_read_in_the_script(qtbot, window, demo_db):
    from sqlalchemy import select

    from app.models import Case, Hearing, TranscriptSegment
    from app.services.attendance import attendance
    from tests.ui.test_workspace import open_workspace

    with demo_db.session() as s:  # the demo's held hearing with both sides
        case_id = min(s.scalars(select(Hearing.case_id).join(TranscriptSegment,
                                                              TranscriptSegment.hearing_id == Hearing.id)))
        respondent = s.get(Case, case_id).parties[1].name
    ws = open_workspace(qtbot, window, case_id)
    ws.procedure.go_to(0)
    assert "（到庭）" in ws.procedure.script.toPlainText()
    ws.procedure.attendance_button.click()
    qtbot.waitUntil(lambda: getattr(ws, "attendance_dialog", None) is not None and ws.attendance_dialog.isVisible(),
                    timeout=10_000)
    dialog = ws.attendance_dialog
    for i, row in enumerate(dialog._rows):  # the respondent's side did not appear after all
        if row.side.value == "respondent":
            dialog.presence[i].setCurrentIndex(2)
    ws.loaded = False
    dialog.accept()
    qtbot.waitUntil(lambda: ws.loaded and "本庭依法缺席审理" in ws.procedure.script.toPlainText(), timeout=10_000)
    assert respondent in ws.procedure.script.toPlainText()
    with demo_db.session() as s:
        hearing = s.scalar(select(Hearing).where(Hearing.case_id == case_id))
        assert all(r.present is False for r in attendance(s, hearing.id) if r.side.value == "respondent")
    ws.close()
