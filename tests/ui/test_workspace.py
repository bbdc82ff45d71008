"""The hearing workspace driven by keyboard, offscreen (要素式庭审)."""

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import Calculation, Case, ElementEntry
from app.services.cases import load_case_form
from app.ui.workspace.hearing_workspace import HearingWorkspace
from app.vocabulary import CaseStatus, ElementStatus


def heard_case(db) -> int:
    with db.session() as s:
        for case in s.scalars(select(Case).where(Case.status == CaseStatus.HEARING)):
            if "severance" in case.case_types:
                return case.id
        return s.scalars(select(Case.id).where(Case.status == CaseStatus.HEARING)).first()


def open_workspace(qtbot, window, case_id) -> HearingWorkspace:
    window.open_workspace(case_id)
    ws = window.workspace
    qtbot.waitUntil(lambda: ws.loaded, timeout=10_000)
    ws.activateWindow()
    qtbot.waitUntil(ws.isActiveWindow)  # window shortcuts go to the active window
    return ws


def listed(label: str, text: str) -> bool:
    """Whether a numbered summary line starts with this element's label."""
    return any(line.split(". ", 1)[-1].startswith(label + "：") or line.split(". ", 1)[-1].startswith(label + "（")
               for line in text.splitlines())


def key(qtbot, ws, k, mod=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(ws.table, k, mod)


def test_stepping_through_elements_and_marking_one_disputed(qtbot, window, demo_db):
    ws = open_workspace(qtbot, window, heard_case(demo_db))
    ws.activateWindow()
    assert ws.current_row() == 0
    key(qtbot, ws, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, ws, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert ws.current_row() == 2
    key(qtbot, ws, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert ws.current_row() == 1
    # pick the first undisputed element and mark it disputed with Ctrl+3
    target = next(i for i, r in enumerate(ws.model.rows) if r.status == ElementStatus.UNDISPUTED)
    ws.table.selectRow(target)
    label = ws.model.rows[target].label
    assert listed(label, ws.summary.undisputed.toPlainText())
    key(qtbot, ws, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert ws.model.rows[target].status == ElementStatus.DISPUTED
    assert listed(label, ws.summary.disputed.toPlainText())
    assert not listed(label, ws.summary.undisputed.toPlainText())
    entry_id = ws.model.rows[target].id
    qtbot.waitUntil(lambda: ws.tasks.pending == 0, timeout=10_000)
    with demo_db.session() as s:
        assert s.get(ElementEntry, entry_id).status == ElementStatus.DISPUTED
    ws.close()


def test_typed_positions_are_saved_when_moving_on(qtbot, window, demo_db):
    ws = open_workspace(qtbot, window, heard_case(demo_db))
    ws.table.selectRow(3)
    ws.editor.finding.setFocus()
    qtbot.keyClicks(ws.editor.finding, "2021-03-08")
    entry_id = ws.model.rows[3].id
    key(qtbot, ws, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: ws.tasks.pending == 0, timeout=10_000)
    with demo_db.session() as s:
        assert s.get(ElementEntry, entry_id).finding == "2021-03-08"
    ws.close()


def test_the_procedure_script_shows_this_cases_names(qtbot, window, demo_db):
    case_id = heard_case(demo_db)
    ws = open_workspace(qtbot, window, case_id)
    with demo_db.session() as s:
        form = load_case_form(s, case_id)
    key(qtbot, ws, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Alt+2: the opening step
    assert ws.procedure.current() == 1
    script = ws.procedure.script.toPlainText()
    assert "上海市青浦区劳动人事争议仲裁委员会" in script and form.case_no in script
    assert form.parties[0].name in script and form.parties[1].name in script
    ws.procedure.complete_step()
    assert 1 in ws.procedure.done and ws.procedure.current() == 2
    key(qtbot, ws, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    assert "争议焦点" in ws.procedure.script.toPlainText()
    ws.close()


def test_calculators_use_element_values_and_can_be_recorded(qtbot, window, demo_db):
    ws = open_workspace(qtbot, window, heard_case(demo_db))
    text = ws.summary.calculations.toPlainText()
    assert "经济补偿" in text and "劳动合同法第四十七条" in text
    ws.record_calculations()
    qtbot.waitUntil(lambda: ws.tasks.pending == 0, timeout=10_000)
    with demo_db.session() as s:
        stored = s.scalars(select(Calculation).where(Calculation.case_id == ws.case_id)).all()
    assert stored and all(c.params for c in stored)
    ws.close()


def test_workspace_fits_a_1366x768_laptop(qtbot, window, demo_db, tmp_path):
    ws = open_workspace(qtbot, window, heard_case(demo_db))
    ws.resize(1366, 768)
    assert ws.minimumSizeHint().width() <= 1366 and ws.minimumSizeHint().height() <= 768
    assert ws.grab().save(str(tmp_path / "workspace.png"))
    ws.close()


def test_export_element_table_from_the_workspace(qtbot, window, demo_db, tmp_path):
    from docx import Document

    ws = open_workspace(qtbot, window, heard_case(demo_db))
    out = tmp_path / "要素表.docx"
    ws.record.export_element_table(str(out))
    qtbot.waitUntil(lambda: out.exists() and ws.tasks.pending == 0, timeout=10_000)
    assert Document(str(out)).tables[0].rows[1].cells[1].text == ws.model.rows[0].label
    ws.close()
