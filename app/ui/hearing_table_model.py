"""Upcoming hearings (today / this week) as a table model over plain `HearingRow`s."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from app.services.register import HearingRow

_WEEKDAYS = "一二三四五六日"
COLUMNS = ["时间", "案号", "次数", "庭室", "当事人"]


class HearingTableModel(QAbstractTableModel):
    def __init__(self, parent=None, *, with_date: bool = True):
        super().__init__(parent)
        self._rows: list[HearingRow] = []
        self._with_date = with_date

    def set_rows(self, rows: list[HearingRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> HearingRow:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        h = self._rows[index.row()]
        at = h.scheduled_at
        return [
            f"{at:%m-%d} 周{_WEEKDAYS[at.weekday()]} {at:%H:%M}" if self._with_date else f"{at:%H:%M}",
            h.case_no,
            f"第{h.session_no}次",
            h.room,
            h.parties,
        ][index.column()]
