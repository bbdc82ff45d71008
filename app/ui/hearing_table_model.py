"""Upcoming hearings (today / this week) as a table model over plain `HearingRow`s."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services.register import HearingRow
from app.ui.rows_model import RowsTableModel

_WEEKDAYS = "一二三四五六日"
COLUMNS = ["时间", "案号", "次数", "庭室", "当事人"]


class HearingTableModel(RowsTableModel):
    COLUMNS = COLUMNS

    def __init__(self, parent=None, *, with_date: bool = True):
        super().__init__(parent)
        self._with_date = with_date

    def row_at(self, row: int) -> HearingRow:
        return self._rows[row]

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
