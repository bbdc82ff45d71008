"""Register a party's 补正申请 (调解仲裁法 Art 40: a party who finds the record omits or
misstates what they said may apply for 补正) and decide it: accepted changes the segment's
text (audited), refused is kept and printed with its reason.

登记 checks first (services.record.correction_problems): when something is missing the dialog
stays open with the message beside the field, so nothing typed is lost."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.record import correction_problems
from app.ui.choice_combo import ChoiceCombo
from app.vocabulary import SpeakerRole


def _with_message(field: QWidget) -> tuple[QWidget, QLabel]:
    """The field with a red message line under it (hidden while all is well)."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    message = QLabel()
    message.setStyleSheet("color: #a00000;")
    message.setVisible(False)
    layout.addWidget(field)
    layout.addWidget(message)
    return box, message


class CorrectionDialog(QDialog):
    def __init__(self, segment_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("笔录补正申请"))
        self.resize(620, 420)
        self.has_segment = bool(segment_text)
        self.requested_by = ChoiceCombo([(r.label, r.value) for r in SpeakerRole
                                         if r not in (SpeakerRole.ARBITRATOR, SpeakerRole.CLERK)])
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText(self.tr("当事人认为笔录有遗漏或差错的内容"))
        self.proposed = QPlainTextEdit(segment_text)
        if not self.has_segment:
            self.proposed.setPlaceholderText(self.tr("（未选定笔录行：只登记申请，不改文字）"))
        self.accept_it = QRadioButton(self.tr("予以补正"))
        self.refuse_it = QRadioButton(self.tr("不予补正（记录在案）"))
        self.pending = QRadioButton(self.tr("暂不处理"))
        self.pending.setChecked(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("不予补正须写明理由"))
        outcome = QHBoxLayout()
        for b in (self.accept_it, self.refuse_it, self.pending):
            outcome.addWidget(b)
        content_box, content_msg = _with_message(self.content)
        proposed_box, proposed_msg = _with_message(self.proposed)
        reason_box, reason_msg = _with_message(self.reason)
        self.messages = {"content": content_msg, "proposed": proposed_msg, "reason": reason_msg}
        self._fields = {"content": self.content, "proposed": self.proposed, "reason": self.reason}
        form = QFormLayout(self)
        form.addRow(self.tr("申请人"), self.requested_by)
        form.addRow(self.tr("申请补正内容"), content_box)
        form.addRow(self.tr("补正后文字"), proposed_box)
        form.addRow(self.tr("处理结果"), outcome)
        form.addRow(self.tr("理由"), reason_box)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登记"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        # a message goes as soon as its field is touched again
        self.content.textChanged.connect(lambda: self._clear("content"))
        self.proposed.textChanged.connect(lambda: self._clear("proposed"))
        self.reason.textChanged.connect(lambda: self._clear("reason"))
        for b in (self.accept_it, self.refuse_it, self.pending):
            b.toggled.connect(lambda *_: (self._clear("proposed"), self._clear("reason")))

    def outcome(self) -> bool | None:
        if self.accept_it.isChecked():
            return True
        if self.refuse_it.isChecked():
            return False
        return None

    def problems(self) -> dict[str, str]:
        return correction_problems(content=self.content.toPlainText(), accepted=self.outcome(),
                                   has_segment=self.has_segment, proposed_text=self.proposed.toPlainText(),
                                   reason=self.reason.text())

    def accept(self) -> None:
        problems = self.problems()
        for key, label in self.messages.items():
            label.setText(self.tr(problems.get(key, "")))
            label.setVisible(key in problems)
        if problems:
            self._fields[next(iter(problems))].setFocus()
            return  # stay open: nothing typed is lost
        super().accept()

    def _clear(self, key: str) -> None:
        self.messages[key].setVisible(False)
