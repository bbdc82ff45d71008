"""操作日志 in Chinese, and Qt's own strings in Chinese: driven through the workspace with
clicks and keys."""

import csv
import re
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QToolBar,
)

from app.services.audit_trail import clock, describe
from app.services.cases import find_case_id
from app.services.record import relabel
from app.ui.translations import install_chinese, remove
from tests.ui.conftest import idle, open_ws
from tests.ui.typing import type_text


def test_an_entry_in_words():
    line = describe({"at": datetime(2026, 11, 27, 1, 30), "actor": "李婷", "os_user": "clerk", "entity": "transcript_segment",
                     "entity_id": 7, "action": "update",
                     "changes": '{"speaker": ["", "applicant"], "start": [272.97999999999996, 275.5], "private_note": [false, true]}'})
    assert line.what == "笔录段落 #7" and line.action == "修改"
    assert line.detail == "发言人：（空） → 申请人；开始：00:04:32.98 → 00:04:35.50；内部备注：否 → 是"
    assert clock(3723.456) == "01:02:03.46"


@pytest.fixture
def chinese_qt(qapp):
    translators = install_chinese(qapp)
    yield translators
    remove(qapp, translators)


def test_qt_standard_dialogs_speak_chinese(qtbot, chinese_qt):
    assert chinese_qt, "qtbase_zh_CN.qm not found in PySide6's translations folder"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                           | QDialogButtonBox.StandardButton.Yes | QDialogButtonBox.StandardButton.No)
    qtbot.addWidget(box)
    assert {b.text().split("(")[0] for b in box.buttons()} == {"确定", "取消", "是", "否"}
    files = QFileDialog(None, "x")
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(files)
    labels = {w.text() for w in files.findChildren(QLabel)}
    assert any("文件名" in t for t in labels), labels
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    assert calendar.locale().monthName(11) == "十一月"


def toolbar_button(ws, text):
    for bar in ws.findChildren(QToolBar):
        for act in bar.actions():
            if act.text() == text:
                return bar.widgetForAction(act)
    raise LookupError(text)


def choose(qtbot, combo, text):
    """Pick an entry of a combo box with the keyboard, as a clerk without a mouse would."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentText() != text:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{text} not in the list"


def test_audit_dialog_reads_in_chinese_with_filter_search_and_export(qtbot, window, demo_db, tmp_path):
    with demo_db.session() as s:
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
    ws = open_ws(qtbot, window, case_id)
    with demo_db.session() as s:
        relabel(s, [ws.transcript.model.rows[2].id], "respondent_agent")
    qtbot.mouseClick(toolbar_button(ws, "操作日志"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.record.audit_dialog is not None and ws.record.audit_dialog.isVisible(), timeout=10_000)
    dialog = ws.record.audit_dialog
    table = dialog.table
    every = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())]
    assert not any(re.search(r"\b(speaker|start|text|status):", t) for t in every)  # no raw field names
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", table.item(r, 0).text()) for r in range(table.rowCount()))

    dialog.search.setFocus()
    type_text(qtbot, dialog.search, "被申请人代理人")
    visible = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert visible and any("发言人：" in table.item(r, 5).text() and "→ 被申请人代理人" in table.item(r, 5).text()
                           for r in visible)
    dialog.search.clear()
    choose(qtbot, dialog.entity_filter, "补正申请")
    visible = [r for r in range(table.rowCount()) if not table.isRowHidden(r)]
    assert visible and all(table.item(r, 3).text().startswith("补正申请 #") for r in visible)
    assert any("处理结果：不予补正" in table.item(r, 5).text() or "不予补正" in table.item(r, 5).text() for r in visible)

    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.save_dialog is not None and dialog.save_dialog.isVisible())
    out = tmp_path / "操作日志.csv"
    dialog.save_dialog.selectFile(str(out))
    dialog.save_dialog.accept()
    qtbot.waitUntil(out.exists)
    with out.open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["时间", "使用人"] and len(rows) == 1 + len(visible)
    assert all(r[3].startswith("补正申请") for r in rows[1:])
    dialog.close()
    idle(qtbot, ws)
    ws.close()
