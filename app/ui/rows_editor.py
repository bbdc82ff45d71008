"""An editable list of rows (parties, claims, hearings ...) with add and remove buttons.

Columns are described as data; the editor hands back plain dicts of strings and choice
values, and the owning dialog turns them into form objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.parsing import InputError, format_datetime, parse_datetime
from app.ui.choice_combo import ChoiceCombo
from app.ui.date_field import DateField

ID_ROLE = Qt.ItemDataRole.UserRole + 10


@dataclass
class Column:
    key: str
    header: str
    kind: str = "text"  # text / combo / check / date / datetime (text, tidied to 2026-11-25 09:30)
    options: Callable[[], list[tuple[str, Any]]] | list[tuple[str, Any]] = field(default_factory=list)
    width: int = 110
    placeholder: str = ""

    def choices(self) -> list[tuple[str, Any]]:
        return self.options() if callable(self.options) else list(self.options)


class RowsEditor(QWidget):
    changed = Signal()

    def __init__(self, columns: list[Column], *, add_text: str = "添加", parent=None):
        super().__init__(parent)
        self.columns = columns
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([c.header for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for i, c in enumerate(columns):
            self.table.setColumnWidth(i, c.width)
        self.table.itemChanged.connect(self._item_changed)

        self.add_button = QPushButton(add_text)
        self.remove_button = QPushButton(self.tr("删除所选"))
        self.add_button.clicked.connect(lambda: self.add_row({}))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        """A date and time typed in any usual form is shown tidy (20261201 9:30 -> 2026-12-01 09:30);
        one that is not a time stays as typed for the dialog's checks to name."""
        if self.columns[item.column()].kind == "datetime":
            try:
                value = parse_datetime(item.text())
            except InputError:
                value = None
            tidy = format_datetime(value) if value else None
            if tidy and tidy != item.text():
                self.table.blockSignals(True)
                item.setText(tidy)
                self.table.blockSignals(False)
        self.changed.emit()

    def add_row(self, values: dict[str, Any], row_id: int | None = None) -> int:
        self.table.blockSignals(True)
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, c in enumerate(self.columns):
            value = values.get(c.key)
            if c.kind == "combo":
                combo = ChoiceCombo(c.choices())
                combo.set_value(value)
                combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
                self.table.setCellWidget(row, col, combo)
            elif c.kind == "date":
                field_ = DateField(what=c.header)
                field_.set_text("" if value is None else str(value))
                field_.changed.connect(self.changed.emit)
                self.table.setCellWidget(row, col, field_)
            elif c.kind == "check":
                box = QCheckBox()
                box.setChecked(bool(value) if value is not None else True)
                box.toggled.connect(lambda *_: self.changed.emit())
                self.table.setCellWidget(row, col, box)
            else:
                self.table.setItem(row, col, QTableWidgetItem("" if value is None else str(value)))
        marker = self.table.item(row, 0) or QTableWidgetItem()
        if self.table.item(row, 0) is None:
            self.table.setItem(row, 0, marker)
        marker.setData(ID_ROLE, row_id)
        self.table.blockSignals(False)
        self.changed.emit()
        return row

    def remove_selected(self) -> None:
        for index in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(index)
        self.changed.emit()

    def refresh_choices(self, key: str) -> None:
        """Reload a combo column's options (e.g. the party list for agents), keeping picks."""
        col = next(i for i, c in enumerate(self.columns) if c.key == key)
        for row in range(self.table.rowCount()):
            combo: ChoiceCombo = self.table.cellWidget(row, col)
            combo.blockSignals(True)
            combo.set_choices(self.columns[col].choices())
            combo.blockSignals(False)

    def rows(self) -> list[tuple[int | None, dict[str, Any]]]:
        out = []
        for row in range(self.table.rowCount()):
            values: dict[str, Any] = {}
            for col, c in enumerate(self.columns):
                if c.kind == "combo":
                    values[c.key] = self.table.cellWidget(row, col).value()
                elif c.kind == "check":
                    values[c.key] = self.table.cellWidget(row, col).isChecked()
                elif c.kind == "date":
                    values[c.key] = self.table.cellWidget(row, col).text()
                else:
                    item = self.table.item(row, col)
                    values[c.key] = item.text() if item else ""
            marker = self.table.item(row, 0)
            out.append((marker.data(ID_ROLE) if marker else None, values))
        return out

    def set_cell(self, row: int, key: str, value: Any) -> None:
        """Set a cell as a user would (used by the dialog and the tests)."""
        col = next(i for i, c in enumerate(self.columns) if c.key == key)
        c = self.columns[col]
        if c.kind == "combo":
            self.table.cellWidget(row, col).set_value(value)
        elif c.kind == "check":
            self.table.cellWidget(row, col).setChecked(bool(value))
        elif c.kind == "date":
            self.table.cellWidget(row, col).set_text(str(value))
        else:
            item = self.table.item(row, col)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, col, item)
            item.setText(str(value))
