"""The workspace on a 1366x768 screen (issue 18, item 9): while the clerk records, the record
shows at least eight whole lines, and the arbitrator keeps the script to read and the element
editor's boxes in view; the summaries are a tab there and a column of their own on a wide screen.
Started with a click on 开始记录, from a virtual microphone of the private sound server."""

from PySide6.QtCore import Qt

from tests.ui.conftest import idle, open_ws
from tests.ui.test_workspace import heard_case

FRAME = 40  # what a window manager's title bar and task bar take from the screen


def whole_rows(table) -> int:
    view = table.viewport().rect()
    model = table.model()
    return sum(1 for r in range(model.rowCount()) if view.contains(table.visualRect(model.index(r, 0))))


def test_at_1366x768_the_record_shows_eight_lines_while_recording(qtbot, speech_window, demo_db, hearing_room):
    hearing_room.plug("书记员麦克风")
    ws = open_ws(qtbot, speech_window, heard_case(demo_db))  # a held hearing: 26 lines
    ws.resize(1366, 768 - FRAME)
    qtbot.waitUntil(lambda: ws.size().width() == 1366 and not ws.wide)
    t = ws.transcript
    qtbot.waitUntil(lambda: t.device_combo.findText("书记员麦克风") >= 0, timeout=10_000)
    t.device_combo.setCurrentIndex(t.device_combo.findText("书记员麦克风"))
    t.device_combo.activated.emit(t.device_combo.currentIndex())
    before = whole_rows(t.table)
    qtbot.mouseClick(t.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.live.running and ws.live.recording is not None, timeout=60_000)
    qtbot.waitUntil(lambda: whole_rows(t.table) >= 8, timeout=5_000)
    assert t.model.rowCount() == 26 and whole_rows(t.table) > before
    # the arbitrator's part stays usable: a few lines of the script, both parties' boxes
    script = ws.procedure.script.viewport()
    assert script.visibleRegion().boundingRect().height() >= 3 * 19 * 1.5
    for box in (ws.editor.applicant, ws.editor.respondent):
        assert box.visibleRegion().boundingRect().height() >= 40
    table = ws.table
    assert whole_rows(table) >= 5  # elements to move between
    assert ws.side_tabs.tabBar().isVisible() and ws.side_tabs.count() == 2  # the summaries: one click away
    qtbot.mouseClick(t.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ws.live.running, timeout=60_000)
    # on a wide screen the summaries have their own column again
    ws.resize(1920, 1080 - FRAME)
    qtbot.waitUntil(lambda: ws.wide)
    assert ws.summary.isVisible() and not ws.side_tabs.tabBar().isVisible()
    assert ws.procedure.isVisible()
    idle(qtbot, ws)
    ws.close()
    qtbot.waitUntil(lambda: not ws.isVisible(), timeout=20_000)
    idle(qtbot, ws)
