"""Export the 庭审笔录: role prefixes (short or full), per-page signature line, Word and/or
text, with a preview of the first page's content; print preview and printing.

The file goes where the clerk chooses: the path starts in the folder of the last export (or
the Documents folder, never the program's working folder), 浏览… opens a save dialog there.
导出 writes in the background and the dialog stays to say where the file went, with 打开文档
and 打开所在文件夹."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
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

from app.config import Setting
from app.export.docx_base import ExportError, write_text_atomically
from app.export.transcript_docx import (
    TranscriptDocument,
    transcript_text,
    write_transcript_docx,
)
from app.ui.runtime.settings import read, write
from app.ui.workspace.printing import DocumentPrinting


def default_folder(settings) -> Path:
    """The folder of the last export, else the user's Documents folder."""
    last = str(read(settings, Setting.EXPORT_FOLDER) or "")
    if last and Path(last).is_dir():
        return Path(last)
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def transcript_html(doc: TranscriptDocument) -> str:
    """The record as HTML for printing: title, header, one paragraph per line (bold role)."""
    esc = html.escape
    lines = transcript_text(doc).splitlines()
    head, body = lines[:3], lines[3:]
    out = [f"<p align='center' style='font-size:16pt;font-weight:bold'>{esc(head[0])}<br>{esc(head[1])}</p>"]
    for line in body:
        prefix, sep, rest = line.partition("：")
        if sep and len(prefix) <= 8:
            out.append(f"<p><b>{esc(prefix)}：</b>{esc(rest)}</p>")
        else:
            out.append(f"<p>{esc(line) or '&nbsp;'}</p>")
    return "<html><body style='font-family:\"FangSong\",\"仿宋\",\"Noto Serif CJK SC\",serif;font-size:12pt'>" \
        + "".join(out) + "</body></html>"


class ExportDialog(QDialog):
    def __init__(self, data_short: TranscriptDocument, data_full: TranscriptDocument, suggested: str, parent=None,
                 *, settings=None, tasks=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出庭审笔录"))
        self.resize(760, 620)
        # the owner may pass these, or carry them (the workspace carries the main window's)
        self.settings = settings if settings is not None else getattr(parent, "settings", None)
        self.tasks = tasks if tasks is not None else getattr(parent, "tasks", None)
        self.open_url = QDesktopServices.openUrl  # how a document or folder is opened (the OS's viewer)
        self._data = {"short": data_short, "full": data_full}
        self.short = QRadioButton(self.tr("简称（仲：申：被：申代：被代：书：）"))
        self.full = QRadioButton(self.tr("全称（仲裁员：申请人：……）"))
        self.short.setChecked(True)
        self.page_signature = QCheckBox(self.tr("每页页脚加签名行（逐页签名）"))
        name = Path(suggested).name if suggested else "庭审笔录.docx"
        start = Path(suggested) if suggested and Path(suggested).is_absolute() else default_folder(self.settings) / name
        self.docx_path = QLineEdit(str(start))
        self.browse_button = QPushButton(self.tr("浏览…"))
        self.browse_button.clicked.connect(self.browse)
        self.save_dialog: QFileDialog | None = None
        self.also_txt = QCheckBox(self.tr("同时导出纯文本（.txt）"))
        self.preview = QTextBrowser()
        for w in (self.short, self.full):
            w.toggled.connect(self._update_preview)
        path_row = QHBoxLayout()
        path_row.addWidget(self.docx_path, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        roles = QHBoxLayout()
        roles.addWidget(self.short)
        roles.addWidget(self.full)
        form.addRow(self.tr("发言人"), roles)
        form.addRow("", self.page_signature)
        form.addRow(self.tr("Word 文件"), path_row)
        form.addRow("", self.also_txt)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setVisible(False)
        self.open_document_button = QPushButton(self.tr("打开文档"))
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_document_button.clicked.connect(lambda: self.open_url(QUrl.fromLocalFile(str(self.written))))
        self.open_folder_button.clicked.connect(lambda: self.open_url(QUrl.fromLocalFile(str(self.written.parent))))
        result_row = QHBoxLayout()
        result_row.addWidget(self.result, 1)
        result_row.addWidget(self.open_document_button)
        result_row.addWidget(self.open_folder_button)
        for b in (self.open_document_button, self.open_folder_button):
            b.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("导出"))
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText(self.tr("取消"))
        self.preview_button = self.buttons.addButton(self.tr("打印预览…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = self.buttons.addButton(self.tr("打印…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.clicked.connect(self.print_preview)
        self.print_button.clicked.connect(self.print_record)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # e.g. a hearing with no record lines, attendance not checked: said before exporting
        self.warning = QLabel("\n".join(f"⚠ {w}" for w in data_short.warnings))
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        self.warning.setVisible(bool(data_short.warnings))
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addLayout(result_row)
        layout.addWidget(self.buttons)
        self.written: Path | None = None
        self.printing = DocumentPrinting(self, self.tr("庭审笔录"), self.document)
        self._update_preview()

    # -- where to ---------------------------------------------------------------------------
    def browse(self) -> None:
        if self.save_dialog is None:
            self.save_dialog = QFileDialog(self, self.tr("导出庭审笔录"))
            self.save_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            self.save_dialog.setNameFilter("Word (*.docx)")
            self.save_dialog.setDefaultSuffix("docx")
            self.save_dialog.fileSelected.connect(self.docx_path.setText)
        current = Path(self.docx_path.text())
        self.save_dialog.setDirectory(str(current.parent if current.parent.is_dir() else default_folder(self.settings)))
        self.save_dialog.selectFile(current.name)
        self.save_dialog.open()

    def target(self) -> Path | None:
        text = self.docx_path.text().strip()
        if not text:
            return None
        path = Path(text)
        if not path.is_absolute():  # a bare name goes to the chosen folder, not the working folder
            path = default_folder(self.settings) / path
        return path if path.suffix.lower() == ".docx" else path.with_suffix(path.suffix + ".docx")

    # -- content ----------------------------------------------------------------------------
    def role_style(self) -> str:
        return "full" if self.full.isChecked() else "short"

    def data(self) -> TranscriptDocument:
        d = self._data[self.role_style()]
        d.page_signature = self.page_signature.isChecked()
        return d

    def _update_preview(self, *_) -> None:
        lines = transcript_text(self._data[self.role_style()]).splitlines()
        self.preview.setPlainText("\n".join(lines[:45]) + ("\n……" if len(lines) > 45 else ""))

    # -- export -----------------------------------------------------------------------------
    def accept(self) -> None:
        """导出: written in the background, the dialog stays to say where the file is."""
        path = self.target()
        if path is None:
            self._say(self.tr("请填写 Word 文件的保存位置。"), error=True)
            return
        if self.tasks is None:  # an owner that writes the file itself
            self.docx_path.setText(str(path))
            super().accept()
            return
        data, also_txt = self.data(), self.also_txt.isChecked()

        def write():
            out = write_transcript_docx(data, path)
            if also_txt:
                write_text_atomically(out.with_suffix(".txt"), transcript_text(data))
            return out

        self.export_button.setEnabled(False)
        self._say(self.tr("正在导出……"))
        self.tasks.submit(write, self._written, self._failed)

    def _written(self, out: Path) -> None:
        self.written = Path(out)
        if self.settings is not None:
            write(self.settings, Setting.EXPORT_FOLDER, str(self.written.parent))
        self._say(self.tr("庭审笔录已导出：%1").replace("%1", str(self.written)))
        for b in (self.open_document_button, self.open_folder_button):
            b.setVisible(True)
        self.export_button.setEnabled(True)
        self.export_button.setText(self.tr("再次导出"))
        self.close_button.setText(self.tr("关闭"))
        self.open_document_button.setFocus()

    def _failed(self, exc: Exception) -> None:
        self.export_button.setEnabled(True)
        message = str(exc) if isinstance(exc, (ExportError, OSError)) else self.tr("导出失败：%1").replace("%1", str(exc))
        self._say(message, error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet("color: #a00000;" if error else "color: #1b5e20;")
        self.result.setVisible(True)

    # -- printing ---------------------------------------------------------------------------
    def document(self) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setHtml(transcript_html(self.data()))
        return doc

    @property
    def printer(self) -> QPrinter | None:
        return self.printing.printer

    def _printer(self) -> QPrinter:
        return self.printing.printer_for_document()

    def print_preview(self) -> QPrintPreviewDialog:
        self.preview_dialog = self.printing.preview()
        return self.preview_dialog

    def print_record(self) -> QPrintDialog:
        self.print_dialog = self.printing.print()
        return self.print_dialog
