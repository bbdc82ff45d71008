"""The party display in the hearing room: large type without a grid, opened at the end of
the record, the line being spoken, roles on one line, F11/button/Esc for full screen."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QToolBar

from app.services.cases import find_case_id
from app.services.transcript import SegmentRow
from tests.ui.conftest import open_ws


def toolbar_button(ws, text):
    for bar in ws.findChildren(QToolBar):
        for act in bar.actions():
            if act.text() == text:
                return bar.widgetForAction(act)
    raise LookupError(text)


def at_end(display):
    bar = display.table.verticalScrollBar()
    return bar.maximum() > 0 and bar.value() == bar.maximum()


def test_party_display_reads_across_the_room(qtbot, window, demo_db):
    with demo_db.session() as s:
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
    ws = open_ws(qtbot, window, case_id)
    qtbot.mouseClick(toolbar_button(ws, "当事人屏幕"), Qt.MouseButton.LeftButton)
    display = ws.party_display
    qtbot.waitExposed(display)
    assert 32 <= display.points() <= 40
    assert not display.table.showGrid() and not display.table.horizontalHeader().isVisible()
    qtbot.waitUntil(lambda: at_end(display))  # opens at the end of the record
    # a role name stays on one line: its column is as wide as the longest role at this size
    metrics = QFontMetrics(display.table.font())
    assert display.table.columnWidth(1) >= metrics.horizontalAdvance("被申请人代理人：")

    # the line being spoken shows under the record, then goes when it becomes a line
    ws.transcript.partial.setText("我方对加班时间有异议")  # what the recogniser reports while someone speaks
    assert display.live.isVisible() and "我方对加班时间有异议" in display.live.text()
    last = ws.transcript.model.rows[-1]
    ws.transcript.model.upsert(SegmentRow(id=10_000, start=last.end + 1, end=last.end + 4, text="我方对加班时间有异议。",
                                          raw_text="", speaker="respondent_agent", source="speech",
                                          conf=1.0, version=1))
    ws.transcript.partial.clear()
    assert not display.live.isVisible()
    assert display.visible_texts()[-1] == "我方对加班时间有异议。"
    qtbot.waitUntil(lambda: at_end(display))

    # F11 and the button toggle full screen; Esc leaves it (keys go to the display's window)
    display.activateWindow()
    qtbot.waitUntil(display.isActiveWindow)
    qtbot.keyClick(display, Qt.Key.Key_F11)
    qtbot.waitUntil(display.isFullScreen)
    assert display.full_button.isChecked()
    qtbot.keyClick(display, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not display.isFullScreen())
    qtbot.mouseClick(display.full_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(display.isFullScreen)
    qtbot.keyClick(display, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not display.isFullScreen())
    assert not display.full_button.isChecked()

    # a larger size from its bar
    display.size_box.setFocus()
    qtbot.keyClick(display.size_box, Qt.Key.Key_Up)
    assert display.points() == 37
    assert display.screen_box.count() == 1 and "屏幕 1" in display.screen_box.currentText()
    display.close()
    ws.close()


def test_with_a_second_monitor_it_opens_full_screen_there(tmp_path):
    """Two screens need their own Qt platform: a separate process (tests/ui/scripts)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"synchronousWindowSystemEvents": False, "windowFrameMargins": False, "screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "projector", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96,
         "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "PYTHONPATH": str(root)}
    run = subprocess.run([sys.executable, str(root / "tests" / "ui" / "scripts" / "party_display_two_screens.py")],
                         capture_output=True, text=True, env=env, timeout=60, check=False)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["screens"] == ["laptop", "projector"]
    assert report["screen"] == "projector" and report["full"]
    assert report["geometry"] == [1366, 0, 1920, 1080]
    assert report["choices"] == ["屏幕 1（1366×768）", "屏幕 2（1920×1080）"] and report["chosen"] == 1
    assert report["moved_screen"] == "laptop" and report["moved_full"]
