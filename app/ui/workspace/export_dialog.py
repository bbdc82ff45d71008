"""Export the 庭审笔录: role prefixes (short or full), per-page signature line, Word and/or
text, with a preview of the first page's content."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
)

from app.export.transcript_docx import TranscriptDocument, transcript_text


class ExportDialog(QDialog):
    def __init__(self, data_short: TranscriptDocument, data_full: TranscriptDocument, suggested: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出庭审笔录"))
        self.resize(760, 620)
        self._data = {"short": data_short, "full": data_full}
        self.short = QRadioButton(self.tr("简称（仲：申：被：申代：被代：书：）"))
        self.full = QRadioButton(self.tr("全称（仲裁员：申请人：……）"))
        self.short.setChecked(True)
        self.page_signature = QCheckBox(self.tr("每页页脚加签名行（逐页签名）"))
        self.docx_path = QLineEdit(suggested)
        browse = QPushButton(self.tr("浏览…"))
        browse.clicked.connect(self._browse)
        self.also_txt = QCheckBox(self.tr("同时导出纯文本（.txt）"))
        self.preview = QTextBrowser()
        for w in (self.short, self.full):
            w.toggled.connect(self._update_preview)
        path_row = QHBoxLayout()
        path_row.addWidget(self.docx_path, 1)
        path_row.addWidget(browse)
        form = QFormLayout()
        roles = QHBoxLayout()
        roles.addWidget(self.short)
        roles.addWidget(self.full)
        form.addRow(self.tr("发言人"), roles)
        form.addRow("", self.page_signature)
        form.addRow(self.tr("Word 文件"), path_row)
        form.addRow("", self.also_txt)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导出"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # e.g. a hearing with no record lines, attendance not checked: said before exporting
        self.warning = QLabel("\n".join(f"⚠ {w}" for w in data_short.warnings))
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.setVisible(bool(data_short.warnings))
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)
        self._update_preview()

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出庭审笔录"), self.docx_path.text(), "Word (*.docx)")
        if path:
            self.docx_path.setText(path)

    def role_style(self) -> str:
        return "full" if self.full.isChecked() else "short"

    def data(self) -> TranscriptDocument:
        d = self._data[self.role_style()]
        d.page_signature = self.page_signature.isChecked()
        return d

    def _update_preview(self, *_) -> None:
        lines = transcript_text(self._data[self.role_style()]).splitlines()
        self.preview.setPlainText("\n".join(lines[:45]) + ("\n……" if len(lines) > 45 else ""))
