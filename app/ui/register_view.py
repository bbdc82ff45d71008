"""The case register: filter bar and the sortable table of cases."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.rules.deadlines import WarningLevel
from app.services.register import CaseRow
from app.ui.case_table_model import CaseFilterProxy, CaseTableModel
from app.ui.choice_combo import ChoiceCombo
from app.vocabulary import CaseStatus

OPEN_LEVELS = frozenset({WarningLevel.OVERDUE, WarningLevel.URGENT, WarningLevel.WARN})


class RegisterView(QWidget):
    open_case = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = CaseTableModel(self)
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(placeholderText=self.tr("搜索案号、案由、当事人……（Ctrl+F）"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_text)
        self.status_filter = ChoiceCombo([(self.tr("全部状态"), None)] + [(s.label, s) for s in CaseStatus])
        self.status_filter.currentIndexChanged.connect(lambda: self.proxy.set_status(self.status_filter.value()))
        self.level_filter = ChoiceCombo(
            [(self.tr("全部审限"), None), (self.tr("需关注（预警/紧急/超期）"), OPEN_LEVELS)]
            + [(lv.label, frozenset({lv})) for lv in
               (WarningLevel.OVERDUE, WarningLevel.URGENT, WarningLevel.WARN, WarningLevel.SUSPENDED)])
        self.level_filter.currentIndexChanged.connect(lambda: self.proxy.set_levels(self.level_filter.value()))
        self.count_label = QLabel()
        # "仅显示：…" while the register shows the cases behind a figure of the statistics
        self.only_button = QPushButton()
        self.only_button.setToolTip(self.tr("点击恢复显示全部案件"))
        self.only_button.clicked.connect(lambda: self.show_only(None))
        self.only_button.hide()

        bar = QHBoxLayout()
        bar.addWidget(self.only_button)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.status_filter, 1)
        bar.addWidget(self.level_filter, 1)
        bar.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # nearest deadline first
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._activated)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)

    def set_rows(self, rows: list[CaseRow]) -> None:
        selected = self.selected_case_id()
        self.model.set_rows(rows)
        if self.table.horizontalHeader().sectionSize(0) < 60 or not getattr(self, "_sized", False):
            self._size_columns()
        if selected is not None:
            self.select_case(selected)
        self._update_count()

    def show_only(self, ids, label: str = "") -> None:
        """Show only these case ids (None: all cases again)."""
        self.proxy.set_ids(frozenset(ids) if ids is not None else None)
        self.only_button.setText(self.tr("仅显示：%1  ✕").replace("%1", label))
        self.only_button.setVisible(ids is not None)
        self._update_count()

    def _size_columns(self) -> None:
        widths = [190, 170, 90, 220, 90, 90, 70, 60, 80, 70, 90, 120]
        for col, w in enumerate(widths):
            self.table.setColumnWidth(col, w)
        self._sized = True

    def _update_count(self, *args) -> None:
        self.count_label.setText(self.tr("共 %1 件").replace("%1", str(self.proxy.rowCount())))

    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()).id

    def select_case(self, case_id: int) -> None:
        row = self.model.row_of_case(case_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _activated(self, index) -> None:
        self.open_case.emit(self.model.row_at(self.proxy.mapToSource(index).row()).id)

    def save_state(self) -> dict:
        return {
            "header": self.table.horizontalHeader().saveState(),
            "search": self.search.text(),
            "status": self.status_filter.currentIndex(),
            "level": self.level_filter.currentIndex(),
        }

    def clear_filters(self) -> None:
        self.search.clear()
        self.status_filter.setCurrentIndex(0)
        self.level_filter.setCurrentIndex(0)

    def restore_state(self, state: dict) -> None:
        header = state.get("header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
            self._sized = True
        self.search.setText(state.get("search") or "")
        for combo, key in ((self.status_filter, "status"), (self.level_filter, "level")):
            try:
                i = int(state.get(key) or 0)
            except (TypeError, ValueError):
                i = 0
            if 0 <= i < combo.count():
                combo.setCurrentIndex(i)
