"""The case's element table as a Qt model over plain `ElementRow`s."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from app.services.elements import ElementRow
from app.vocabulary import ElementStatus

STATUS_COLOURS = {
    ElementStatus.PENDING: QColor("#f2f2f2"),
    ElementStatus.UNDISPUTED: QColor("#d8efd3"),
    ElementStatus.DISPUTED: QColor("#f9d3a5"),
}
COLUMNS = ["要素", "申请人主张", "被申请人主张", "状态", "仲裁庭认定"]
STATUS_COLUMN = 3


class ElementTableModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[ElementRow] = []

    def set_rows(self, rows: list[ElementRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def replace_row(self, row: ElementRow) -> None:
        for i, r in enumerate(self.rows):
            if r.id == row.id:
                self.rows[i] = row
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
                return

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [r.label, r.applicant_position, r.respondent_position, r.status.label, r.finding][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.column() in (0, STATUS_COLUMN):
            return STATUS_COLOURS[r.status]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{r.question}\n依据：{r.basis}" if r.basis else r.question
        return None
