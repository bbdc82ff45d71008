"""导出要素表 with a choice of version — for the parties (statements and 确认/不确认 per party,
no findings) or for the tribunal (with findings) — a save path that starts in the last export's
folder, and print preview and printing of the chosen version.

The workspace hands it both versions as plain data (services.documents.element_table_document
with for_tribunal False/True)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
)

from app.config import Setting
from app.export.docx_base import ExportError
from app.export.element_table_docx import (
    TICK,
    TRIBUNAL,
    ElementTableDocument,
    write_element_table,
)
from app.ui.runtime.settings import write
from app.ui.workspace.export_dialog import default_folder
from app.ui.workspace.printing import DocumentPrinting


def element_table_html(doc: ElementTableDocument) -> str:
    """The 要素表 as HTML for printing, the same columns as the Word document."""
    esc = html.escape
    tribunal = doc.audience == TRIBUNAL
    title = "劳动人事争议仲裁要素表" + ("（仲裁庭用）" if tribunal else "")
    if tribunal:
        headers = ["序号", "要素", "申请人主张", "被申请人主张", "状态", "仲裁庭认定 / 证据"]
        rows = [[str(i), ln.label, ln.applicant, ln.respondent, ln.status,
                 "；".join(x for x in (ln.finding, ln.evidence and f"证据：{ln.evidence}") if x)]
                for i, ln in enumerate(doc.lines, 1)]
    else:
        headers = ["序号", "要素", "申请人陈述", "申请人确认", "被申请人陈述", "被申请人确认"]
        rows = [[str(i), ln.label, ln.applicant, TICK, ln.respondent, TICK] for i, ln in enumerate(doc.lines, 1)]
    cell = "border:1px solid black;padding:4px;vertical-align:top"
    table = ("<table cellspacing='0' cellpadding='4' border='1' style='border-collapse:collapse;width:100%'><tr>"
             + "".join(f"<th style='{cell}'>{esc(h)}</th>" for h in headers) + "</tr>"
             + "".join("<tr>" + "".join(f"<td style='{cell}'>{esc(t).replace(chr(10), '<br>')}</td>" for t in r) + "</tr>"
                       for r in rows) + "</table>")
    info = [f"案号：{doc.case_no}", f"案由：{doc.case_types}", f"申请人：{'、'.join(doc.applicants)}",
            f"被申请人：{'、'.join(doc.respondents)}"] + ([f"打印日期：{doc.printed_on}"] if doc.printed_on else [])
    parts = [f"<p align='center' style='font-size:16pt;font-weight:bold'>{esc(doc.commission)}<br>{esc(title)}</p>",
             "<p>" + "<br>".join(esc(x) for x in info) + "</p>", table,
             "<p><b>无争议事实</b><br>" + "<br>".join(f"{n}. {esc(t)}" for n, t in enumerate(doc.undisputed, 1)) + "</p>",
             "<p><b>争议焦点</b><br>" + "<br>".join(f"{n}. {esc(t)}" for n, t in enumerate(doc.disputed, 1)) + "</p>"]
    if not tribunal:
        parts.append("<p>以上要素经本人核对，确认情况如表中所勾选。<br>申请人（签名或盖章）：____________ 日期：______"
                     "<br>被申请人（签名或盖章）：____________ 日期：______</p>")
    return "<html><body style='font-size:12pt'>" + "".join(parts) + "</body></html>"


class ElementTableDialog(QDialog):
    def __init__(self, for_parties: ElementTableDocument, for_tribunal: ElementTableDocument, suggested: str,
                 parent=None, *, settings=None, tasks=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出要素表"))
        self.resize(640, 260)
        self.settings = settings if settings is not None else getattr(parent, "settings", None)
        self.tasks = tasks if tasks is not None else getattr(parent, "tasks", None)
        self.open_url = QDesktopServices.openUrl
        self._data = {"parties": for_parties, "tribunal": for_tribunal}
        self.parties = QRadioButton(self.tr("当事人用（含双方确认栏，不含仲裁庭认定）"))
        self.tribunal = QRadioButton(self.tr("仲裁庭用（含仲裁庭认定，不对外提供）"))
        self.parties.setChecked(True)
        self.path = QLineEdit(str(default_folder(self.settings) / Path(suggested).name))
        self.browse_button = QPushButton(self.tr("浏览…"))
        self.browse_button.clicked.connect(self.browse)
        self.save_dialog: QFileDialog | None = None
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
        versions = QVBoxLayout()
        versions.addWidget(self.parties)
        versions.addWidget(self.tribunal)
        form = QFormLayout()
        form.addRow(self.tr("版本"), versions)
        form.addRow(self.tr("Word 文件"), row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.open_document_button = QPushButton(self.tr("打开文档"))
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_document_button.clicked.connect(lambda: self.open_url(QUrl.fromLocalFile(str(self.written))))
        self.open_folder_button.clicked.connect(lambda: self.open_url(QUrl.fromLocalFile(str(self.written.parent))))
        for b in (self.open_document_button, self.open_folder_button):
            b.setVisible(False)
        result_row = QHBoxLayout()
        result_row.addWidget(self.result, 1)
        result_row.addWidget(self.open_document_button)
        result_row.addWidget(self.open_folder_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.export_button.setText(self.tr("导出"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("关闭"))
        self.preview_button = self.buttons.addButton(self.tr("打印预览…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button = self.buttons.addButton(self.tr("打印…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.clicked.connect(self.print_preview)
        self.print_button.clicked.connect(self.print_table)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(result_row)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.written: Path | None = None
        self.printing = DocumentPrinting(self, self.tr("要素表"), self.document)
        self.tribunal.toggled.connect(self._version_changed)

    def data(self) -> ElementTableDocument:
        return self._data["tribunal" if self.tribunal.isChecked() else "parties"]

    def _version_changed(self, tribunal: bool) -> None:
        path = Path(self.path.text())
        stem = path.stem.removesuffix("（仲裁庭用）")
        self.path.setText(str(path.with_name(stem + ("（仲裁庭用）" if tribunal else "") + path.suffix)))

    def browse(self) -> None:
        if self.save_dialog is None:
            self.save_dialog = QFileDialog(self, self.tr("导出要素表"))
            self.save_dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            self.save_dialog.setNameFilter("Word (*.docx)")
            self.save_dialog.setDefaultSuffix("docx")
            self.save_dialog.fileSelected.connect(self.path.setText)
        current = Path(self.path.text())
        self.save_dialog.setDirectory(str(current.parent if current.parent.is_dir() else default_folder(self.settings)))
        self.save_dialog.selectFile(current.name)
        self.save_dialog.open()

    def export(self) -> None:
        text = self.path.text().strip()
        if not text:
            self._say(self.tr("请填写保存位置。"), error=True)
            return
        path = Path(text) if Path(text).is_absolute() else default_folder(self.settings) / text
        data = self.data()
        if self.tasks is None:
            self._written(write_element_table(data, path))
            return
        self.export_button.setEnabled(False)
        self._say(self.tr("正在导出……"))
        self.tasks.submit(lambda: write_element_table(data, path), self._written, self._failed)

    def _written(self, out) -> None:
        self.written = Path(out)
        if self.settings is not None:
            write(self.settings, Setting.EXPORT_FOLDER, str(self.written.parent))
        self._say(self.tr("要素表已导出：%1").replace("%1", str(self.written)))
        for b in (self.open_document_button, self.open_folder_button):
            b.setVisible(True)
        self.export_button.setEnabled(True)

    def _failed(self, exc: Exception) -> None:
        self.export_button.setEnabled(True)
        self._say(str(exc) if isinstance(exc, (ExportError, OSError)) else self.tr("导出失败：%1").replace("%1", str(exc)),
                  error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.result.setText(text)
        self.result.setStyleSheet("color: #a00000;" if error else "color: #1b5e20;")

    def document(self) -> QTextDocument:
        doc = QTextDocument(self)
        doc.setHtml(element_table_html(self.data()))
        return doc

    @property
    def printer(self) -> QPrinter | None:
        return self.printing.printer

    def _printer(self) -> QPrinter:
        return self.printing.printer_for_document()

    def print_preview(self) -> QPrintPreviewDialog:
        self.preview_dialog = self.printing.preview()
        return self.preview_dialog

    def print_table(self) -> QPrintDialog:
        self.print_dialog = self.printing.print()
        return self.print_dialog
