"""Print preview and printing of a dialog's document (the 笔录, the 要素表): one printer per
dialog, so the choices made in the preview carry over to printing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget


class DocumentPrinting:
    def __init__(self, owner: QWidget, name: str, document: Callable[[], QTextDocument]):
        self.owner, self.name, self.document = owner, name, document
        self.printer: QPrinter | None = None

    def printer_for_document(self) -> QPrinter:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            self.printer.setDocName(self.name)
        return self.printer

    def preview(self) -> QPrintPreviewDialog:
        dialog = QPrintPreviewDialog(self.printer_for_document(), self.owner)
        dialog.setWindowTitle(self.owner.tr("打印预览：%1").replace("%1", self.name))
        dialog.paintRequested.connect(lambda printer: self.document().print_(printer))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()
        return dialog

    def print(self) -> QPrintDialog:
        dialog = QPrintDialog(self.printer_for_document(), self.owner)
        dialog.accepted.connect(lambda: self.document().print_(self.printer))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()  # (PySide's QPrintDialog.open wants a receiver)
        return dialog
