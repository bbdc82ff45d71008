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
