"""Removing a hearing that has a record from the case dialog (issue 11): the dialog asks
first; a "no" keeps everything, a "yes" removes it with every line kept in the audit trail."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import func, select

from app.models import AuditEntry, Hearing, TranscriptSegment
from app.services.cases import find_case_id

CASE_NO = "青劳人仲(2026)办字第2号"  # the demo's held hearing, not finalised, with its record


def _remove_first_hearing_and_save(window, qtbot, case_id):
    window.edit_case(case_id)
    qtbot.waitUntil(lambda: getattr(window, "case_dialog", None) is not None and window.case_dialog.isVisible())
    dialog = window.case_dialog
    dialog.hearings.table.selectRow(0)
    dialog.hearings.remove_selected()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return dialog


def test_the_dialog_asks_before_removing_a_hearing_with_lines(window, qtbot, demo_db, monkeypatch):
    asked = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a, **k: asked.append(text) or answer[0])
    with demo_db.session() as s:
        case_id = find_case_id(s, CASE_NO)
        hearing_id = s.scalar(select(Hearing.id).where(Hearing.case_id == case_id, Hearing.session_no == 1))
        lines = s.scalar(select(func.count()).select_from(TranscriptSegment)
                         .where(TranscriptSegment.hearing_id == hearing_id))
    dialog = _remove_first_hearing_and_save(window, qtbot, case_id)
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=10_000)
    assert f"{lines} 段笔录" in asked[0] and dialog.isVisible()
    with demo_db.session() as s:
        assert s.get(Hearing, hearing_id) is not None  # "no": nothing removed
    dialog.reject()
    answer[0] = QMessageBox.StandardButton.Yes
    _remove_first_hearing_and_save(window, qtbot, case_id)

    def removed() -> bool:
        with demo_db.session() as s:
            return s.get(Hearing, hearing_id) is None

    qtbot.waitUntil(removed, timeout=10_000)
    assert len(asked) == 2
    with demo_db.session() as s:
        deleted = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "transcript_segment", AuditEntry.action == "delete"))
    assert deleted == lines
