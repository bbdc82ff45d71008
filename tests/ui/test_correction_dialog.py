"""补正申请 in the workspace, by keys and clicks: a failed check keeps the dialog open with the
message beside the field, and what was typed stays."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QToolBar

from app.services.cases import find_case_id
from app.services.record import corrections
from tests.ui.conftest import idle, open_ws
from tests.ui.typing import type_text


def toolbar_button(ws, text):
    for bar in ws.findChildren(QToolBar):
        for act in bar.actions():
            if act.text() == text:
                return bar.widgetForAction(act)
    raise LookupError(text)


def open_dialog(qtbot, window, demo_db, row):
    with demo_db.session() as s:
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
    ws = open_ws(qtbot, window, case_id)
    ws.transcript.table.selectRow(row)
    qtbot.mouseClick(toolbar_button(ws, "补正申请…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.record.correction_dialog is not None and ws.record.correction_dialog.isVisible())
    return ws, ws.record.correction_dialog


def choose(qtbot, radio):
    """Click on the radio's indicator (its middle may lie past its text in a wide layout)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(6, radio.height() // 2))
    assert radio.isChecked()


def register(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_failed_check_keeps_the_dialog_and_the_typing(qtbot, window, demo_db):
    ws, dialog = open_dialog(qtbot, window, demo_db, 3)
    assert dialog.windowTitle() == "笔录补正申请"
    choose(qtbot, dialog.accept_it)
    dialog.proposed.setFocus()
    dialog.proposed.selectAll()
    type_text(qtbot, dialog.proposed, "没有任何异议。")
    register(qtbot, dialog)  # the content is missing
    assert dialog.isVisible()
    assert dialog.messages["content"].isVisible() and dialog.messages["content"].text() == "请写明申请补正的内容"
    assert dialog.focusWidget() is dialog.content and dialog.proposed.toPlainText() == "没有任何异议。"
    type_text(qtbot, dialog.content, "应为“没有任何异议”")
    assert not dialog.messages["content"].isVisible()
    with qtbot.waitSignal(dialog.accepted):
        register(qtbot, dialog)
    idle(qtbot, ws)
    assert ws.transcript.model.rows[3].text == "没有任何异议。"
    ws.close()


def test_refusal_needs_a_reason_beside_its_field(qtbot, window, demo_db):
    ws, dialog = open_dialog(qtbot, window, demo_db, 5)
    dialog.content.setFocus()
    type_text(qtbot, dialog.content, "漏记“我不同意”")
    choose(qtbot, dialog.refuse_it)
    register(qtbot, dialog)
    assert dialog.isVisible() and dialog.messages["reason"].text() == "不予补正须写明理由"
    assert dialog.focusWidget() is dialog.reason
    type_text(qtbot, dialog.reason, "当庭未作此陈述")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    idle(qtbot, ws)
    with demo_db.session() as s:
        refused = [c for c in corrections(s, ws.hearing_id) if c.reason == "当庭未作此陈述"]
    assert len(refused) == 1 and refused[0].accepted is False
    ws.close()
