"""The window on a small screen: it fits with its status bar, it has a menu bar holding the
toolbar's commands with their shortcuts, the type size is the user's choice, splitter handles
can be seen and grabbed, and window and splitter layout come back the next time."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMenu

from app.config import Setting
from app.services.cases import find_case_id
from app.ui.layout_memory import LayoutMemory
from app.ui.look import apply_look
from app.ui.runtime.settings import read
from tests.ui.conftest import open_ws


def test_main_window_fits_the_screen_with_its_status_bar(window):
    free = QGuiApplication.primaryScreen().availableGeometry()  # offscreen: 800x600
    assert window.frameGeometry().height() <= free.height() and window.width() <= free.width()
    bar = window.statusBar()
    assert bar.isVisible()
    bottom = bar.mapTo(window, QPoint(0, bar.height())).y()
    assert bottom <= window.height()


def test_menu_bar_holds_the_toolbar_commands_and_their_shortcuts(window):
    menus = {a.text().split("(")[0]: a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["文件", "案件", "庭审", "帮助"]
    in_menus = set()
    for menu in menus.values():
        for a in menu.actions():
            in_menus.add(a)
            if a.menu():
                in_menus.update(a.menu().actions())
    toolbar = [a for a in window.findChild(type(window.addToolBar("x")), "main_toolbar").actions() if a.text()]
    assert toolbar and all(a in in_menus for a in toolbar)
    shortcuts = {a.text(): a.shortcut().toString() for a in in_menus if not a.shortcut().isEmpty()}
    assert shortcuts["新建案件"] == "Ctrl+N" and shortcuts["庭审工作台"] == "Ctrl+T" and shortcuts["刷新"] == "F5"


def click_menu_item(qtbot, menu: QMenu, text: str) -> QMenu | None:
    action = next(a for a in menu.actions() if a.text().startswith(text))
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    return action.menu()


@pytest.fixture
def restore_font(qapp):
    font = qapp.font()
    yield
    qapp.setFont(font)


def test_a_larger_type_size_is_chosen_from_the_menu_and_kept(qtbot, window, settings, restore_font):
    bar = window.menuBar()
    file_action = bar.actions()[0]
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(file_action).center())
    file_menu = file_action.menu()
    qtbot.waitUntil(file_menu.isVisible)
    sizes = click_menu_item(qtbot, file_menu, "字号")
    qtbot.waitUntil(sizes.isVisible)
    click_menu_item(qtbot, sizes, "较大")
    assert QApplication.font().pointSize() == 14
    qtbot.waitUntil(lambda: window.register.table.font().pointSize() == 14)
    assert int(read(settings, Setting.FONT_POINTS)) == 14
    assert [a.text() for a in sizes.actions() if a.isChecked()] == ["较大（14 磅）"]


@pytest.fixture
def look(qapp):
    apply_look(qapp, qapp.font().pointSize())
    yield
    qapp.setStyleSheet("")


def test_splitters_can_be_seen_and_come_back_where_they_were_left(qtbot, window, demo_db, settings, qapp, look):
    memory = LayoutMemory(settings)
    memory.install(qapp)
    try:
        with demo_db.session() as s:
            case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
        ws = open_ws(qtbot, window, case_id)
        qtbot.waitExposed(ws)
        free = ws.screen().availableGeometry()  # it opens within the screen
        assert ws.width() <= free.width() and ws.frameGeometry().height() <= free.height()
        outer = ws.outer
        handle = outer.handle(1)
        assert handle.height() >= 5  # a bar one can see and grab
        before = outer.sizes()
        start = handle.rect().center()
        qtbot.mousePress(handle, Qt.MouseButton.LeftButton, pos=start)
        qtbot.mouseMove(handle, start + QPoint(0, -60))
        qtbot.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=start + QPoint(0, -60))
        qtbot.waitUntil(lambda: outer.sizes() != before)
        ws.resize(ws.width() - 30, ws.height() - 20)
        qtbot.waitUntil(lambda: sum(outer.sizes()) < sum(before))
        moved, geometry = outer.sizes(), ws.size()
        ws.close()
        qtbot.waitUntil(lambda: getattr(window, "workspace", None) is None or not ws.isVisible())
        again = open_ws(qtbot, window, case_id)
        qtbot.waitExposed(again)
        assert again is not ws
        assert again.outer.sizes() == moved
        assert again.size() == geometry
        again.close()
    finally:
        qapp.removeEventFilter(memory)
