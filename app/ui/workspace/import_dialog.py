"""Where an imported recording goes when the hearing already has a record (issue 18, item 4):
it continues the hearing (after the last line, or from a start time the clerk types) or stands
alone from 00:00:00. Opened with open(), never exec(); a wrong time keeps the dialog open with
the message under the field."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
)

from app.services.transcript import Placement, RecordExtent, parse_clock
from app.timecode import clock


class ImportPlacementDialog(QDialog):
    def __init__(self, file_name: str, extent: RecordExtent, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入录音"))
        self.setMinimumWidth(480)
        end = clock(extent.end)
        intro = QLabel(self.tr("本次庭审已有 %1 段笔录（到 %2）。录音“%3”放在哪里？")
                       .replace("%1", str(extent.lines)).replace("%2", end).replace("%3", file_name))
        intro.setWordWrap(True)
        self.intro = intro
        self.append = QRadioButton(self.tr("续接本次庭审：接在最后一段之后（从 %1 起）").replace("%1", end))
        self.at = QRadioButton(self.tr("续接本次庭审：从指定时间开始"))
        self.alone = QRadioButton(self.tr("单独成段：按录音自身时间，从 00:00:00 起"))
        self.group = QButtonGroup(self)
        for b in (self.append, self.at, self.alone):
            self.group.addButton(b)
        self.append.setChecked(True)
        self.start = QLineEdit(end)
        self.start.setPlaceholderText("时:分:秒")
        self.start.setInputMask("")
        self.start.setMaximumWidth(110)
        self.start.setEnabled(False)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a00000;")
        self.message.setVisible(False)
        at_row = QHBoxLayout()
        at_row.addWidget(self.at)
        at_row.addWidget(self.start)
        at_row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.append)
        layout.addLayout(at_row)
        layout.addWidget(self.message)
        layout.addWidget(self.alone)
        layout.addWidget(self.buttons)
        self.at.toggled.connect(self._at_toggled)
        self.start.textChanged.connect(lambda: self.message.setVisible(False))
        self.append.setFocus()

    def _at_toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.message.setVisible(False)
        if on:
            self.start.setFocus()
            self.start.selectAll()

    def placement(self) -> Placement:
        if self.at.isChecked():
            return Placement.AT
        return Placement.ALONE if self.alone.isChecked() else Placement.APPEND

    def seconds(self) -> float:
        """The typed start (AT only); ValueError with a readable message."""
        return parse_clock(self.start.text()) if self.at.isChecked() else 0.0

    def accept(self) -> None:
        try:
            self.seconds()
        except ValueError as exc:
            self.message.setText(str(exc))
            self.message.setVisible(True)
            self.start.setFocus()
            self.start.selectAll()
            return  # stay open
        super().accept()
