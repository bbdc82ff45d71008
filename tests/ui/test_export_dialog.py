"""导出庭审笔录 as a clerk uses it: a save dialog in the last folder, the dialog says where the
file went and opens it or its folder, print preview and printing."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QToolBar

from app.config import Setting
from app.services.cases import find_case_id
from app.ui.runtime.settings import read
from tests.ui.conftest import open_ws


def toolbar_button(ws, text):
    for bar in ws.findChildren(QToolBar):
        for act in bar.actions():
            if act.text() == text:
                return bar.widgetForAction(act)
    raise LookupError(text)


def open_export(qtbot, ws):
    before = ws.record.export_dialog  # a closed one is deleted: compare identity only
    qtbot.mouseClick(toolbar_button(ws, "导出庭审笔录…"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: ws.record.export_dialog is not before, timeout=10_000)
    qtbot.waitUntil(ws.record.export_dialog.isVisible)
    return ws.record.export_dialog


def test_export_goes_where_chosen_and_offers_to_open_it(qtbot, window, demo_db, settings, tmp_path):
    with demo_db.session() as s:
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
    ws = open_ws(qtbot, window, case_id)
    dialog = open_export(qtbot, ws)
    start = Path(dialog.docx_path.text())
    assert start.is_absolute() and start.name == "庭审笔录-青劳人仲(2026)办字第2号-第1次.docx"
    assert start.parent != Path.cwd()  # never the program's working folder

    folder = tmp_path / "案卷"
    folder.mkdir()
    qtbot.mouseClick(dialog.browse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.save_dialog is not None and dialog.save_dialog.isVisible())
    dialog.save_dialog.selectFile(str(folder / "第一次庭审笔录.docx"))
    dialog.save_dialog.accept()
    assert Path(dialog.docx_path.text()) == folder / "第一次庭审笔录.docx"

    opened = []
    dialog.open_url = opened.append
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=10_000)
    assert dialog.isVisible() and str(folder / "第一次庭审笔录.docx") in dialog.result.text()
    assert (folder / "第一次庭审笔录.docx").stat().st_size > 10_000
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.open_document_button, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(folder), str(folder / "第一次庭审笔录.docx")]
    assert read(settings, Setting.EXPORT_FOLDER) == str(folder)
    with qtbot.waitSignal(dialog.finished):
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)

    again = open_export(qtbot, ws)  # the next export starts in the folder used last
    assert Path(again.docx_path.text()).parent == folder
    again.close()
    ws.close()


def test_print_preview_and_printing(qtbot, window, demo_db, tmp_path):
    with demo_db.session() as s:
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
    ws = open_ws(qtbot, window, case_id)
    dialog = open_export(qtbot, ws)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    preview = dialog.preview_dialog
    qtbot.waitUntil(preview.isVisible)
    pages = preview.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: pages.pageCount() >= 2)  # the record, laid out on paper
    preview.close()
    text = dialog.document().toPlainText()
    assert "庭审笔录" in text and "书：请肃静" in text.replace("\u2029", "\n")

    pdf = tmp_path / "笔录.pdf"
    dialog.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the office printer, here a PDF file
    dialog.printer.setOutputFileName(str(pdf))
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    printing = dialog.print_dialog
    qtbot.waitUntil(printing.isVisible)
    printing.accept()
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.read_bytes().count(b"/Type /Page") >= 2
    dialog.close()
    ws.close()
