"""The hearing record panel of the workspace: the segments of the hearing in time order,
and importing a recording into the hearing (progress, time left, cancel)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.transcript import SegmentRow

SOURCE_LABELS = {"speech": "语音", "typed": "录入", "import": "导入"}


def clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


class TranscriptTableModel(QAbstractTableModel):
    COLUMNS = ["时间", "发言人", "来源", "内容"]

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[SegmentRow] = []

    def set_rows(self, rows: list[SegmentRow]) -> None:
        self.beginResetModel()
        self.rows = sorted(rows, key=lambda r: r.start)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [clock(r.start), r.speaker or "—", SOURCE_LABELS.get(r.source, r.source), r.text][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and r.raw_text != r.text:
            return f"识别原文：{r.raw_text}"
        return None


class TranscriptPanel(QWidget):
    import_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = TranscriptTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate([80, 90, 50]):
            self.table.setColumnWidth(col, width)
        self.import_button = QPushButton(self.tr("导入录音…"))
        self.import_button.clicked.connect(self.import_requested)
        self.cancel_button = QPushButton(self.tr("取消"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.setVisible(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setMaximum(1000)
        self.status = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.import_button)
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def set_rows(self, rows: list[SegmentRow]) -> None:
        self.model.set_rows(rows)
        self.status.setText(self.tr("共 %1 段").replace("%1", str(len(rows))) if rows else self.tr("尚无记录"))

    def set_busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.import_button.setEnabled(not busy)
        if not busy:
            self.progress.setValue(0)
        if text:
            self.status.setText(text)

    def show_progress(self, p) -> None:
        self.progress.setValue(int(p.fraction * 1000))
        stage = self.tr("解码中") if p.stage == "decoding" else self.tr("识别中")
        eta = self.tr("，剩余约 %1 秒").replace("%1", str(int(p.eta_seconds))) if p.eta_seconds is not None else ""
        self.status.setText(f"{stage} {clock(p.done_seconds)}{eta}")
