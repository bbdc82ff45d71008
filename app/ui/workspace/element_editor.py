"""Edits the current element: each side's position, the status, the tribunal's finding,
evidence and note. Emits `edited` when the user changes something."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QWidget,
)

from app.services.elements import ElementRow
from app.vocabulary import ElementStatus


class ElementEditor(QWidget):
    edited = Signal()
    status_set = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.row: ElementRow | None = None
        self.sealed = False
        self.title = QLabel()
        self.title.setObjectName("elementTitle")
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        self.basis.setStyleSheet("color: #555;")
        self.applicant = QPlainTextEdit()
        self.respondent = QPlainTextEdit()
        for box in (self.applicant, self.respondent):
            box.setMaximumHeight(52)
            box.setTabChangesFocus(True)
        self.finding = QLineEdit()
        self.evidence = QLineEdit()
        self.note = QLineEdit()
        self.citations = QLabel()
        self.citations.setWordWrap(True)
        self.citations.setStyleSheet("color: #1f4e79;")
        self.status_buttons: dict[ElementStatus, QRadioButton] = {}
        group = QButtonGroup(self)
        statuses = QHBoxLayout()
        for n, status in enumerate(ElementStatus, 1):
            button = QRadioButton(f"{status.label} (Ctrl+{n})")
            group.addButton(button)
            self.status_buttons[status] = button
            button.clicked.connect(lambda _=False, st=status: self.status_set.emit(st))
            statuses.addWidget(button)
        statuses.addStretch(1)
        form = QFormLayout(self)
        form.setContentsMargins(6, 4, 6, 4)
        form.setVerticalSpacing(4)
        heading = QHBoxLayout()  # the element and its legal basis on one line: the boxes keep the height
        heading.addWidget(self.title)
        heading.addWidget(self.basis, 1)
        form.addRow(heading)
        form.addRow(self.tr("发问"), self.question)
        form.addRow(self.tr("申请人主张"), self.applicant)
        form.addRow(self.tr("被申请人主张"), self.respondent)
        form.addRow(self.tr("状态"), statuses)
        form.addRow(self.tr("仲裁庭认定"), self.finding)
        form.addRow(self.tr("证据"), self.evidence)
        form.addRow(self.tr("备注"), self.note)
        self.play_citation = QPushButton(self.tr("▶ 播放引用"))
        cite_row = QHBoxLayout()
        cite_row.addWidget(self.citations, 1)
        cite_row.addWidget(self.play_citation)
        form.addRow(self.tr("笔录引用"), cite_row)
        room = QWidget()  # room to spare (a tall screen) stays below the fields
        room.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        form.addRow(room)
        for w in (self.applicant, self.respondent):
            w.textChanged.connect(self.edited)
        for w in (self.finding, self.evidence, self.note):
            w.textEdited.connect(lambda *_: self.edited.emit())
        self.setEnabled(False)

    def set_sealed(self, sealed: bool, *, may_edit: bool = True, may_find: bool = True) -> None:
        """The element table is printed in the sealed 笔录: read-only once it is finalised. An
        account that may not edit elements, or may not make findings (not of the tribunal),
        sees those fields read-only too (the services refuse them anyway)."""
        for w in (self.applicant, self.respondent, self.evidence, self.note):
            w.setReadOnly(sealed or not may_edit)
        self.finding.setReadOnly(sealed or not may_find)
        for button in self.status_buttons.values():
            button.setEnabled(not sealed and may_edit)
        self.sealed = sealed or not may_edit

    def show_row(self, row: ElementRow | None, citations: list[tuple[str, str, str]] = ()) -> None:
        """`citations`: (side, time, statement) of the record behind this element."""
        self.row = row
        self.citations.setText("\n".join(f"{side} {at}：{text}" for side, at, text in citations) or "—")
        self.setEnabled(row is not None)
        if row is None:
            return
        widgets = (self.applicant, self.respondent, self.finding, self.evidence, self.note)
        for w in widgets:
            w.blockSignals(True)
        self.title.setText(row.label)
        self.question.setText(row.question + (f"\n可选：{' / '.join(row.choices)}" if row.choices else ""))
        self.basis.setText(row.basis)
        self.applicant.setPlainText(row.applicant_position)
        self.respondent.setPlainText(row.respondent_position)
        self.finding.setText(row.finding)
        self.evidence.setText(row.evidence)
        self.note.setText(row.note)
        self.status_buttons[row.status].setChecked(True)
        for w in widgets:
            w.blockSignals(False)

    def collect(self) -> ElementRow | None:
        """The row with what is typed now (the status is set separately)."""
        if self.row is None:
            return None
        r = self.row
        r.applicant_position = self.applicant.toPlainText().strip()
        r.respondent_position = self.respondent.toPlainText().strip()
        r.finding = self.finding.text().strip()
        r.evidence = self.evidence.text().strip()
        r.note = self.note.text().strip()
        return r
