"""The case dialog in the hands of a clerk: Enter moves on, slips never throw input away,
Ctrl+S saves, dates typed in the usual forms. Driven with keys and clicks."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.services.cases import load_case_form
from tests.ui.typing import type_text


def open_dialog(window, qtbot, case_id=None):
    if case_id is None:
        window.new_case()
    else:
        window.edit_case(case_id)
    qtbot.waitUntil(lambda: getattr(window, "case_dialog", None) is not None and window.case_dialog.isVisible())
    dialog = window.case_dialog
    qtbot.waitExposed(dialog)
    return dialog


def button(box, text):
    return next(b for b in box.buttons() if b.text() == text)


def test_enter_in_a_field_moves_to_the_next_and_never_saves(window, qtbot):
    dialog = open_dialog(window, qtbot)
    dialog.case_no.setFocus()
    type_text(qtbot, dialog.case_no, "青劳人仲(2026)办字第99号")
    qtbot.keyClick(dialog.case_no, Qt.Key.Key_Return)
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.case_types.hasFocus())
    # the date fields too: Enter tidies the date and moves on
    dialog.applied_on.edit.setFocus()
    type_text(qtbot, dialog.applied_on.edit, "2026年11月20日")
    qtbot.keyClick(dialog.applied_on.edit, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: dialog.accepted_on.edit.hasFocus())
    assert dialog.applied_on.text() == "2026-11-20" and dialog.isVisible()


def test_dates_typed_in_any_usual_form_drive_the_deadline(window, qtbot):
    dialog = open_dialog(window, qtbot)
    field = dialog.accepted_on.edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "20261127")
    assert "审限届满：2027-01-11" in dialog.deadline_label.text()
    field.selectAll()
    qtbot.keyClicks(field, "2026-02-30")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert "2026年没有2月30日" in dialog.problems.text()
    assert dialog.accepted_on.message.isVisible()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.accepted_on.text() == "2026-02-30"  # kept for the clerk to correct


def test_event_dates_in_the_table_take_the_same_forms(window, qtbot):
    window.register.table.selectRow(0)
    dialog = open_dialog(window, qtbot, window.register.selected_case_id())
    dialog.tabs.setCurrentWidget(dialog.events)
    qtbot.mouseClick(dialog.events.add_button, Qt.MouseButton.LeftButton)
    row = dialog.events.table.rowCount() - 1
    cell = dialog.events.table.cellWidget(row, 1)
    cell.edit.setFocus()
    type_text(qtbot, cell.edit, "2026/12/1")
    qtbot.keyClick(cell.edit, Qt.Key.Key_Tab)
    assert cell.text() == "2026-12-01"
    form, _ = dialog.form()
    assert str(form.events[-1].starts_on) == "2026-12-01"
    dialog.discard()


def test_esc_cancel_and_close_box_ask_before_discarding(window, qtbot):
    dialog = open_dialog(window, qtbot)
    dialog.case_no.setFocus()
    type_text(qtbot, dialog.case_no, "青劳人仲(2026)办字第77号")
    for slip in (lambda: qtbot.keyClick(dialog.case_no, Qt.Key.Key_Escape),
                 lambda: qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel),
                                          Qt.MouseButton.LeftButton),
                 dialog.close):  # what the window manager's close box does
        slip()
        qtbot.waitUntil(lambda: dialog.discard_box is not None and dialog.discard_box.isVisible())
        box = dialog.discard_box
        assert box.defaultButton().text() == "继续编辑"
        qtbot.mouseClick(button(box, "继续编辑"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda box=box: not box.isVisible())
        assert dialog.isVisible() and dialog.case_no.text() == "青劳人仲(2026)办字第77号"
    qtbot.keyClick(dialog.case_no, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.discard_box.isVisible())
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(button(dialog.discard_box, "放弃修改"), Qt.MouseButton.LeftButton)


def test_unchanged_dialog_closes_on_esc_without_asking(window, qtbot):
    window.register.table.selectRow(0)
    dialog = open_dialog(window, qtbot, window.register.selected_case_id())
    dialog.note.setFocus()
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    assert dialog.discard_box is None


def test_ctrl_s_saves(window, qtbot, demo_db):
    window.register.table.selectRow(0)
    case_id = window.register.selected_case_id()
    dialog = open_dialog(window, qtbot, case_id)
    dialog.note.setFocus()
    dialog.note.selectAll()
    type_text(qtbot, dialog.note, "双方同意调解")
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with demo_db.session() as s:
        assert load_case_form(s, case_id).note == "双方同意调解"
    qtbot.waitUntil(lambda: window.tasks.pending == 0)  # the register re-read after saving


def test_hearing_times_typed_in_usual_forms_are_tidied(window, qtbot):
    dialog = open_dialog(window, qtbot)
    dialog.tabs.setCurrentWidget(dialog.hearings)
    qtbot.mouseClick(dialog.hearings.add_button, Qt.MouseButton.LeftButton)
    table = dialog.hearings.table
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # edit the cell, as with a double click
    editor = table.focusWidget()
    qtbot.keyClicks(editor, "20261201 9:30")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(0, 1).text() != "")  # the delegate commits on the next loop turn
    assert table.item(0, 1).text() == "2026-12-01 09:30"
    form, problems = dialog.form()
    assert str(form.hearings[0].scheduled_at) == "2026-12-01 09:30:00" and not [p for p in problems if "开庭时间" in p.message]
    dialog.discard()
