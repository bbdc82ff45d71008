"""Attendance check of the hearing's first step (办案规则 Art 41) and refusals to sign the
record (办案规则 Art 42): one row per person who may appear. Stored per hearing through
app.services.attendance; printed in the 笔录."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
)

from app.services.attendance import AttendanceRow, attendance, save_attendance

PRESENCE = [("未核对", None), ("到庭", True), ("未到庭", False)]


class AttendanceDialog(QDialog):
    def __init__(self, rows: list[AttendanceRow], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("核对到庭情况"))
        self.resize(720, 360)
        self._rows = rows
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels([self.tr("人员"), self.tr("到庭情况"), self.tr("拒绝签名"), self.tr("拒签情况")])
        self.presence, self.refused, self.notes = [], [], []
        for i, r in enumerate(rows):
            self.table.setCellWidget(i, 0, QLabel(r.label))
            combo = QComboBox()
            for text, value in PRESENCE:
                combo.addItem(self.tr(text), value)
            combo.setCurrentIndex([v for _, v in PRESENCE].index(r.present))
            box = QCheckBox()
            box.setChecked(r.refused_to_sign)
            note = QLineEdit(r.refusal_note)
            self.table.setCellWidget(i, 1, combo)
            self.table.setCellWidget(i, 2, box)
            self.table.setCellWidget(i, 3, note)
            self.presence.append(combo)
            self.refused.append(box)
            self.notes.append(note)
        self.table.setColumnWidth(0, 300)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("被申请人经书面通知未到庭的，笔录注明缺席审理（调解仲裁法第三十六条）；"
                                        "当事人拒绝签名的，记明情况（办案规则第四十二条）。")))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def rows(self) -> list[AttendanceRow]:
        for i, r in enumerate(self._rows):
            r.present = self.presence[i].currentData()
            r.refused_to_sign = self.refused[i].isChecked()
            r.refusal_note = self.notes[i].text()
        return self._rows


def open_attendance(workspace) -> None:
    """Load the hearing's attendance off the UI thread, edit it, save it, reload the screen
    (the scripts then read who is present; the record prints it)."""
    if workspace.hearing_id is None:
        return
    hearing_id = workspace.hearing_id

    def show(rows) -> None:
        dialog = AttendanceDialog(rows, workspace)
        workspace.attendance_dialog = dialog
        dialog.accepted.connect(lambda: workspace.ops.run(save_attendance, hearing_id, dialog.rows(),
                                                          done=lambda _: workspace.reload(), failed=workspace._failed))
        dialog.open()

    workspace.ops.run(attendance, hearing_id, done=show, failed=workspace._failed)
