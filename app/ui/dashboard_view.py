"""Deadline dashboard (延期预警 + 结案督办): cases by warning level, the cases that need
action, and today's and this week's hearings."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.rules.deadlines import WarningLevel
from app.services.register import CaseRow, HearingRow
from app.ui.case_table_model import CaseFilterProxy, CaseTableModel
from app.ui.hearing_table_model import HearingTableModel
from app.ui.palette import LEVEL_BACKGROUND
from app.ui.register_view import OPEN_LEVELS

CARD_LEVELS = [WarningLevel.OVERDUE, WarningLevel.URGENT, WarningLevel.WARN, WarningLevel.NORMAL, WarningLevel.SUSPENDED]


class LevelCard(QPushButton):
    def __init__(self, level: WarningLevel, parent=None):
        super().__init__(parent)
        self.level = level
        self.setMinimumHeight(72)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        colour = LEVEL_BACKGROUND[level].name()
        self.setStyleSheet(
            f"QPushButton {{ background: {colour}; border: 1px solid #999; border-radius: 6px;"
            f" font-size: 15px; padding: 6px; }} QPushButton:hover {{ border: 2px solid #444; }}"
        )
        self.set_count(0)

    def set_count(self, n: int) -> None:
        self.count = n
        self.setText(f"{self.level.label}\n{n} 件")


class DashboardView(QWidget):
    open_case = Signal(int)
    show_level = Signal(object)  # a WarningLevel: show those cases in the register

    def __init__(self, parent=None):
        super().__init__(parent)
        self.cards = {level: LevelCard(level) for level in CARD_LEVELS}
        cards = QHBoxLayout()
        for card in self.cards.values():
            card.clicked.connect(lambda _=False, lv=card.level: self.show_level.emit(lv))
            cards.addWidget(card)

        # Only the cases that need action reach this model (filtered in Python, not by a proxy).
        self.attention_model = CaseTableModel(self)
        self.attention = CaseFilterProxy(self)
        self.attention.setSourceModel(self.attention_model)
        self.attention_table = self._table(self.attention, fit=False)
        self.attention_table.setSortingEnabled(True)
        self.attention_table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
        for col in (1, 3, 8, 9):
            self.attention_table.setColumnHidden(col, True)
        self.attention_table.doubleClicked.connect(
            lambda i: self.open_case.emit(self.attention_model.row_at(self.attention.mapToSource(i).row()).id))

        self.today_model = HearingTableModel(self, with_date=False)
        self.week_model = HearingTableModel(self)
        self.today_table = self._table(self.today_model)
        self.week_table = self._table(self.week_model)
        for table, model in ((self.today_table, self.today_model), (self.week_table, self.week_model)):
            table.doubleClicked.connect(lambda i, m=model: self.open_case.emit(m.row_at(i.row()).case_id))

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        # Missing reference data (holiday calendar year, local wage figures): shown in red.
        self.data_warning = QLabel()
        self.data_warning.setWordWrap(True)
        self.data_warning.setStyleSheet("color: #b00020;")
        self.data_warning.setVisible(False)
        self.backup_label = QLabel()  # the age of the last backup (issue 12)

        grid = QGridLayout()
        grid.addWidget(self._box(self.tr("需关注的案件（预警、紧急、超期、需报批延期）"), self.attention_table), 0, 0, 2, 1)
        grid.addWidget(self._box(self.tr("今日开庭"), self.today_table), 0, 1)
        self.week_box = self._box(self.tr("本周开庭"), self.week_table)
        grid.addWidget(self.week_box, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        layout = QVBoxLayout(self)
        layout.addLayout(cards)
        layout.addWidget(self.summary)
        layout.addWidget(self.data_warning)
        layout.addWidget(self.backup_label)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        layout.addWidget(line)
        layout.addLayout(grid, 1)

    def _table(self, model, *, fit: bool = True) -> QTableView:
        t = QTableView()
        t.setModel(model)
        t.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        t.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setStretchLastSection(True)
        if fit:  # small tables only: ResizeToContents measures every row
            t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        else:
            for col, width in enumerate([180, 0, 80, 0, 90, 90, 70, 60, 0, 0, 90, 110, 80]):
                if width:
                    t.setColumnWidth(col, width)
        return t

    def _box(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(widget)
        return box

    def set_backup(self, text: str, stale: bool) -> None:
        self.backup_label.setText(text)
        self.backup_label.setStyleSheet("color: #b00020;" if stale else "color: #555;")

    def set_data(self, rows: list[CaseRow], today: list[HearingRow], week: list[HearingRow],
                 warnings: list[str] = (), week_title: str = "本周开庭") -> None:
        self.data_warning.setText("\n".join(warnings))
        self.data_warning.setVisible(bool(warnings))
        counts = Counter(r.level for r in rows)
        for level, card in self.cards.items():
            card.set_count(counts.get(level, 0))
        open_cases = sum(1 for r in rows if r.level != WarningLevel.CLOSED and r.accepted_on)
        late = [r for r in rows if r.hearing_after_deadline and r.level not in (WarningLevel.CLOSED, WarningLevel.SUSPENDED)]
        text = (self.tr("在办案件 %1 件；今日开庭 %2 场，%4 %3 场。")
                .replace("%1", str(open_cases)).replace("%2", str(len(today))).replace("%3", str(len(week)))
                .replace("%4", week_title))
        if late:
            text += self.tr("<b style='color:#b00020'>%1 件下次开庭晚于审限，需报批延期或提前开庭。</b>").replace("%1", str(len(late)))
        self.summary.setText(text)
        self.week_box.setTitle(week_title)
        late_ids = {r.id for r in late}
        self.attention_model.set_rows([r for r in rows if r.level in OPEN_LEVELS or r.id in late_ids])
        self.today_model.set_rows(today)
        self.week_model.set_rows(week)
