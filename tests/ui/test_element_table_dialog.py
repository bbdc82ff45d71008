"""导出要素表 with its two versions, save path, open buttons, print preview and printing
(the dialog the workspace's 导出要素表… is to open; driven with clicks)."""

from pathlib import Path

from docx import Document
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from app.services.cases import find_case_id
from app.services.demo import seed_demo
from app.services.documents import element_table_document
from app.ui.runtime.tasks import TaskRunner
from app.ui.workspace.element_table_dialog import ElementTableDialog
from tests.conftest import TODAY


def test_both_versions_export_and_print(qtbot, sqlite_db, settings, tmp_path):
    with sqlite_db.session() as s:
        seed_demo(s, today=TODAY)
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
        parties = element_table_document(s, case_id, today=TODAY)
        tribunal = element_table_document(s, case_id, today=TODAY, for_tribunal=True)
    settings.setValue("export/last_folder", str(tmp_path))
    tasks = TaskRunner()
    dialog = ElementTableDialog(parties, tribunal, "要素表-第2号.docx", settings=settings, tasks=tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert Path(dialog.path.text()) == tmp_path / "要素表-第2号.docx"
    opened = []
    dialog.open_url = opened.append
    with qtbot.waitSignal(tasks.busy_changed, check_params_cb=lambda busy: not busy, timeout=10_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert "仲裁庭认定" not in "\n".join(c.text for t in Document(str(dialog.written)).tables for r in t.rows for c in r.cells)

    qtbot.mouseClick(dialog.tribunal, Qt.MouseButton.LeftButton, pos=QPoint(6, dialog.tribunal.height() // 2))
    assert Path(dialog.path.text()).name == "要素表-第2号（仲裁庭用）.docx"
    with qtbot.waitSignal(tasks.busy_changed, check_params_cb=lambda busy: not busy, timeout=10_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.written.name == "要素表-第2号（仲裁庭用）.docx"
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened[-1].toLocalFile() == str(tmp_path)

    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    pages = dialog.preview_dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: pages.pageCount() >= 1)
    dialog.preview_dialog.close()
    pdf = tmp_path / "要素表.pdf"
    dialog._printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    dialog.printer.setOutputFileName(str(pdf))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.print_dialog.isVisible)
    dialog.print_dialog.accept()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "仲裁庭认定" in dialog.document().toPlainText()  # the tribunal's version was chosen
    dialog.close()
    tasks.wait_idle()
