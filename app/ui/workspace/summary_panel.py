"""Live summaries to read out (undisputed facts, disputed points), the calculators fed by
the element values, and the final-award flags of the claims."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.services.elements import CalculatorView, FinalAwardFlag


class SummaryPanel(QWidget):
    record_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.undisputed = QTextBrowser()
        self.disputed = QTextBrowser()
        self.calculations = QTextBrowser()
        self.record_button = QPushButton(self.tr("记录计算结果"))
        self.record_button.clicked.connect(self.record_requested)
        layout = QVBoxLayout(self)
        for title, widget in ((self.tr("无争议事实"), self.undisputed), (self.tr("争议焦点"), self.disputed)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            layout.addWidget(box, 2)
        calc_box = QGroupBox(self.tr("计算器（数据取自要素）"))
        calc_layout = QVBoxLayout(calc_box)
        calc_layout.addWidget(self.calculations)
        calc_layout.addWidget(self.record_button)
        layout.addWidget(calc_box, 3)

    def set_summaries(self, undisputed: list[str], disputed: list[str]) -> None:
        self.undisputed.setPlainText("\n".join(f"{i}. {t}" for i, t in enumerate(undisputed, 1)) or self.tr("（暂无）"))
        self.disputed.setPlainText("\n".join(f"{i}. {t}" for i, t in enumerate(disputed, 1)) or self.tr("（暂无）"))

    def set_calculations(self, views: list[CalculatorView], flags: list[FinalAwardFlag]) -> None:
        parts = []
        for v in views:
            head = f"【{v.title}】" + (f"{v.amount:,.2f} 元" if v.amount is not None else "—")
            if v.claimed is not None:
                head += f"；请求 {v.claimed:,.2f} 元"
                if v.difference is not None:
                    head += f"（差额 {v.difference:+,.2f} 元）"
            parts.append(head + "\n" + v.basis + ("".join(f"\n参数：{p}" for p in v.params.values())))
        text = "\n\n".join(parts) or self.tr("本案案由没有对应的计算器。")
        if flags:
            text += "\n\n【一裁终局】\n" + "\n".join(("★ " if f.final else "· ") + f"{f.claim_text}：{f.basis}"
                                                    for f in flags)
        self.calculations.setPlainText(text)
        self.record_button.setEnabled(any(v.amount is not None for v in views))
