"""Run by test_party_display.py in its own process: Qt's offscreen platform with two screens
(a 1366x768 laptop and a 1920x1080 projector). Prints what the party display did as JSON."""

import json
import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services.transcript import SegmentRow
from app.ui.workspace.party_display import PartyDisplay
from app.ui.workspace.transcript_panel import TranscriptTableModel

app = QApplication(sys.argv[:1])
model = TranscriptTableModel()
model.set_rows([SegmentRow(i, i * 5.0, i * 5.0 + 4, f"第{i}句发言。" * 3, "", "applicant" if i % 2 else "arbitrator",
                           "speech", 1.0, 1) for i in range(40)])
display = PartyDisplay(model, "青劳人仲(2026)办字第2号")
display.show()
for _ in range(20):
    app.processEvents()
report = {"screens": [s.name() for s in app.screens()], "screen": display.screen().name(),
          "full": display.isFullScreen(), "geometry": list(display.geometry().getRect()),
          "choices": [display.screen_box.itemText(i) for i in range(display.screen_box.count())],
          "chosen": display.screen_box.currentIndex()}
# the clerk moves it to the laptop from its bar: keyboard on the screen combo
display.screen_box.setFocus()
QTest.keyClick(display.screen_box, Qt.Key.Key_Up)
for _ in range(20):
    app.processEvents()
report["moved_screen"] = display.screen().name()
report["moved_full"] = display.isFullScreen()
print(json.dumps(report))
