"""The office settings' tab “地方标准数值”: each dated local figure with its source and state,
and for an administrator 确认… / 撤销确认 (issue 13). All database work goes through
DatabaseOps; the services decide (an account without the right is refused there too)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.services import figures
from app.ui.confirm_figure_dialog import ConfirmFigureDialog
from app.ui.figure_table_model import FigureTableModel


class FiguresTab(QWidget):
    loaded = Signal()
    changed = Signal()  # a confirmation was made or withdrawn
    refused = Signal(str)

    def __init__(self, ops, parent=None):
        super().__init__(parent)
        self.ops = ops
        self.may_confirm = False
        self.confirm_dialog: ConfirmFigureDialog | None = None
        self.question: QMessageBox | None = None
        self.model = FigureTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,) * 3
                                      + (QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(3, 260)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.confirm_button = QPushButton(self.tr("确认…"))
        self.confirm_button.setToolTip(self.tr("对照人社局、统计局的正式通知核实所选数值（管理员）"))
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.withdraw_button = QPushButton(self.tr("撤销确认"))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.hint = QLabel(self.tr("随程序提供的数值来自二手资料（各行“来源”列有网址），计算依据中标注“未经核实”。"
                                   "管理员对照正式通知核实后，依据中改为记载核实人、时间和依据文件；"
                                   "参数表此后改动的数值须重新核实。核实与撤销立即生效，并记入操作日志。"))
        self.hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        self.message.hide()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.withdraw_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._update_buttons()

    # -- loading -----------------------------------------------------------------------------
    def load(self) -> None:
        self.ops.run(figures.figure_overview, done=self._loaded, failed=self._failed)

    def _loaded(self, overview: figures.FigureOverview) -> None:
        if not isValid(self):  # the dialog was closed while the list loaded
            return
        selected = self.selected()
        self.may_confirm = overview.may_confirm
        self.model.set_rows(overview.rows)
        if selected is not None:
            for i, row in enumerate(overview.rows):
                if (row.key, row.valid_from) == (selected.key, selected.valid_from):
                    self.table.selectRow(i)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> figures.FigureRow | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self, *_) -> None:
        row = self.selected()
        self.confirm_button.setEnabled(self.may_confirm and row is not None and row.state == figures.STATE_NONE)
        self.withdraw_button.setEnabled(self.may_confirm and row is not None and
                                        (row.state == figures.STATE_OFFICE or bool(row.stale)))
        if not self.may_confirm:
            tip = self.tr("只有管理员可以核实或撤销")
            self.confirm_button.setToolTip(tip)
            self.withdraw_button.setToolTip(tip)

    # -- confirming and withdrawing ------------------------------------------------------------
    def confirm_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = ConfirmFigureDialog(row, self)
        dialog.accepted.connect(lambda: self._confirm(row, dialog.document.text(), dialog.amount.text()))
        self.confirm_dialog = dialog
        dialog.open()

    def _confirm(self, row: figures.FigureRow, document: str, amount: str) -> None:
        self.ops.run(figures.confirm_figure, row.key, row.valid_from, document, amount=amount,
                     done=self._changed, failed=self._failed)

    def withdraw_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("撤销确认"),
                          self.tr("撤销本办对 %1 起“%2” %3 元的核实？此后计算依据中该数值标注“未经核实”。")
                          .replace("%1", str(row.valid_from)).replace("%2", row.name).replace("%3", f"{row.amount:,}"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("撤销确认"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("取消"))
        box.buttonClicked.connect(lambda button: box.standardButton(button) == QMessageBox.StandardButton.Yes
                                  and self._withdraw(row))
        self.question = box
        box.open()

    def _withdraw(self, row: figures.FigureRow) -> None:
        self.ops.run(figures.withdraw_confirmation, row.key, row.valid_from, done=self._changed, failed=self._failed)

    def _changed(self, _row) -> None:
        if not isValid(self):
            return
        self.message.hide()
        self.changed.emit()
        self.load()

    def _failed(self, exc: Exception) -> None:
        """A refusal (no permission, a wrong amount) is shown under the table and in a box."""
        if not isValid(self):
            return
        self.message.setText(str(exc))
        self.message.show()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("无法核实"), str(exc), QMessageBox.StandardButton.Ok, self)
        box.open()
        self.refused.emit(str(exc))
