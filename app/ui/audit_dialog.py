"""The audit trail of a case: who changed what, when, before and after, in Chinese
(app/services/audit_trail.py words it). Filter by object, operation and person, search in
every column, export what is shown as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.services.audit_trail import HEADERS, AuditLine, write_csv

ALL = "全部"


class AuditDialog(QDialog):
    def __init__(self, entries: list[AuditLine], title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 580)
        self.lines = entries
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        for line in entries:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, text in enumerate(line.cells()):
                item = QTableWidgetItem(text)
                if col == 5 and len(line.changes) > 1:
                    item.setToolTip("\n".join(str(c) for c in line.changes))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, self.table.fontMetrics().horizontalAdvance("2026-11-29 10:24:43") + 16)
        self.table.setColumnWidth(5, 520)
        self.table.resizeRowsToContents()

        self.entity_filter = self._filter_box(sorted({line.entity for line in entries}))
        self.action_filter = self._filter_box([a for a in ("新增", "修改", "删除") if any(x.action == a for x in entries)])
        self.actor_filter = self._filter_box(sorted({line.actor for line in entries if line.actor}))
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索：人名、字段、内容……"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.apply_filter)
        self.count = QLabel()
        self.export_button = QPushButton(self.tr("导出…"))
        self.export_button.clicked.connect(self.ask_export_path)
        bar = QHBoxLayout()
        for label, widget in ((self.tr("对象"), self.entity_filter), (self.tr("操作"), self.action_filter),
                              (self.tr("使用人"), self.actor_filter)):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.save_dialog: QFileDialog | None = None
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self.apply_filter()

    def _filter_box(self, values: list[str]) -> QComboBox:
        box = QComboBox()
        box.addItem(self.tr(ALL))
        box.addItems(values)
        box.currentIndexChanged.connect(self.apply_filter)
        return box

    def _matches(self, line: AuditLine) -> bool:
        for box, value in ((self.entity_filter, line.entity), (self.action_filter, line.action),
                           (self.actor_filter, line.actor)):
            if box.currentIndex() > 0 and box.currentText() != value:
                return False
        words = self.search.text().split()
        text = " ".join(line.cells())
        return all(w.lower() in text.lower() for w in words)

    def apply_filter(self, *_) -> None:
        for row, line in enumerate(self.lines):
            self.table.setRowHidden(row, not self._matches(line))
        self.count.setText(self.tr("%1 / %2 条").replace("%1", str(len(self.shown()))).replace("%2", str(len(self.lines))))

    def shown(self) -> list[AuditLine]:
        return [line for row, line in enumerate(self.lines) if not self.table.isRowHidden(row)]

    def ask_export_path(self) -> None:
        if self.save_dialog is None:
            folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
            self.save_dialog = QFileDialog(self, self.tr("导出操作日志"), str(Path(folder) / "操作日志.csv"),
                                           self.tr("CSV 表格 (*.csv)"))
            self.save_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            self.save_dialog.setDefaultSuffix("csv")
            self.save_dialog.fileSelected.connect(self.export_to)
        self.save_dialog.open()

    def export_to(self, path: str) -> None:
        try:
            write_csv(self.shown(), Path(path))
        except OSError as exc:
            QMessageBox.warning(self, self.tr("导出失败"), self.tr("无法写入 %1：%2").replace("%1", path).replace("%2", exc.strerror or str(exc)))
            return
        self.exported = path
        self.count.setText(self.tr("已导出 %1 条到 %2").replace("%1", str(len(self.shown()))).replace("%2", Path(path).name))
