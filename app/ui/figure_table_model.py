"""The dated local figures (minimum wage, city average wage) with their state, as a table
model over plain `FigureRow`s (tested without widgets)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from app.services.figures import STATE_NONE, FigureRow
from app.ui.rows_model import RowsTableModel

COLUMNS = ["数值", "金额（元）", "期间", "来源", "核实情况"]
UNCONFIRMED = QColor("#a05a00")


class FigureTableModel(RowsTableModel):
    COLUMNS = COLUMNS

    def row_at(self, row: int) -> FigureRow:
        return self._rows[row]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        f = self._rows[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 4 and f.state == STATE_NONE:
            return QBrush(UNCONFIRMED)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (3, 4):
            return f.source if index.column() == 3 else f.state_text
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return [f"{f.region}{f.name}", f"{f.amount:,}", f.period, f.source, f.state_text][index.column()]
