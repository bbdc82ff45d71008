"""Register a party's request to correct the record (调解仲裁法 Art 40) and decide it:
accepted changes the segment's text (audited), refused is kept and printed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLineEdit, QPlainTextEdit, QRadioButton

from app.ui.choice_combo import ChoiceCombo
from app.vocabulary import SpeakerRole


class CorrectionDialog(QDialog):
    def __init__(self, segment_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("笔录补正申请"))
        self.resize(620, 380)
        self.requested_by = ChoiceCombo([(r.label, r.value) for r in SpeakerRole
                                         if r not in (SpeakerRole.ARBITRATOR, SpeakerRole.CLERK)])
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText(self.tr("申请人/被申请人认为记录有遗漏或差错的内容"))
        self.proposed = QPlainTextEdit(segment_text)
        self.accept_it = QRadioButton(self.tr("予以补正"))
        self.refuse_it = QRadioButton(self.tr("不予补正（记录在案）"))
        self.pending = QRadioButton(self.tr("暂不处理"))
        self.pending.setChecked(True)
        self.reason = QLineEdit()
        outcome = QHBoxLayout()
        for b in (self.accept_it, self.refuse_it, self.pending):
            outcome.addWidget(b)
        form = QFormLayout(self)
        form.addRow(self.tr("申请人"), self.requested_by)
        form.addRow(self.tr("申请内容"), self.content)
        form.addRow(self.tr("补正后文字"), self.proposed)
        form.addRow(self.tr("处理结果"), outcome)
        form.addRow(self.tr("理由"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def outcome(self) -> bool | None:
        if self.accept_it.isChecked():
            return True
        if self.refuse_it.isChecked():
            return False
        return None
