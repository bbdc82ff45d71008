"""Asks an administrator what a figure was checked against: the official document (number
or address) and the amount it states. The service compares the amount with the table."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.services.figures import FigureRow


class ConfirmFigureDialog(QDialog):
    def __init__(self, figure: FigureRow, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("核实地方标准数值"))
        what = QLabel(self.tr("%1%2：%3 元（%4）\n来源：%5").replace("%1", figure.region).replace("%2", figure.name)
                      .replace("%3", f"{figure.amount:,}").replace("%4", figure.period).replace("%5", figure.source))
        what.setWordWrap(True)
        self.document = QLineEdit(placeholderText=self.tr("文号（如 沪人社规〔20xx〕x号）或通知的网址"))
        self.amount = QLineEdit(placeholderText=self.tr("文件中载明的金额"))
        form = QFormLayout()
        form.addRow(self.tr("核对依据的正式文件"), self.document)
        form.addRow(self.tr("文件载明金额（元）"), self.amount)
        note = QLabel(self.tr("确认后，本办的核实人、时间和依据文件记入操作日志；计算依据中该数值不再标注“未经核实”。"))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确认核实"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        for field in (self.document, self.amount):
            field.textChanged.connect(self._check)
        self._check()
        self.resize(560, self.sizeHint().height())

    def _check(self, *_) -> None:
        ready = bool(self.document.text().strip() and self.amount.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)
