"""The main window through pytest-qt, offscreen: register, dashboard, the case dialog,
conflicts, remembered layout."""


import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from app.models import AuditEntry, Case
from app.rules.deadlines import WarningLevel
from app.services.cases import load_case_form, save_case
from app.ui.main_window import REGISTER_TAB, MainWindow
from app.ui.runtime.tasks import TaskRunner
from app.vocabulary import PartyKind, PartySide
from tests.conftest import TODAY


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def test_register_and_dashboard_show_the_demo_cases(window):
    assert window.register.model.rowCount() == 28
    cards = {lv: c.count for lv, c in window.dashboard.cards.items()}
    assert cards[WarningLevel.OVERDUE] >= 1 and cards[WarningLevel.URGENT] >= 1
    assert window.dashboard.today_model.rowCount() >= 1
    assert window.dashboard.attention.rowCount() == cards[WarningLevel.OVERDUE] + cards[WarningLevel.URGENT] + cards[WarningLevel.WARN]
    assert "测试员" in window.user_label.text()  # the tests' system account (tests/conftest.py)


def test_clicking_a_level_card_filters_the_register(window, qtbot):
    qtbot.mouseClick(window.dashboard.cards[WarningLevel.OVERDUE], Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == REGISTER_TAB
    proxy = window.register.proxy
    assert proxy.rowCount() == window.dashboard.cards[WarningLevel.OVERDUE].count
    assert all(proxy.index(r, 7).data() == "已超期" for r in range(proxy.rowCount()))


def open_new_case_dialog(window, qtbot):
    window.new_case()
    qtbot.waitUntil(lambda: getattr(window, "case_dialog", None) is not None and window.case_dialog.isVisible())
    return window.case_dialog


def test_new_case_validates_as_you_type_and_saves(window, qtbot, demo_db):
    dialog = open_new_case_dialog(window, qtbot)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no case type, no parties yet
    qtbot.keyClicks(dialog.case_no, "2025-123")  # typed as a clerk might
    assert "格式不正确" in dialog.problems.text()
    dialog.case_no.clear()
    assert "格式不正确" not in dialog.problems.text()
    dialog.case_types.item(2).setCheckState(Qt.CheckState.Checked)  # 加班费
    qtbot.mouseClick(dialog.parties.add_button, Qt.MouseButton.LeftButton)
    dialog.parties.set_cell(0, "name", "钱多多")
    qtbot.mouseClick(dialog.parties.add_button, Qt.MouseButton.LeftButton)
    dialog.parties.set_cell(1, "side", PartySide.RESPONDENT)
    dialog.parties.set_cell(1, "kind", PartyKind.EMPLOYER)
    dialog.parties.set_cell(1, "name", "上海示例科技有限公司")
    dialog.claims.add_row({"kind": "overtime", "amount": "-5", "text": "支付加班费"})
    assert "不能为负数" in dialog.problems.text() and not ok.isEnabled()
    dialog.claims.set_cell(0, "amount", "12,345.67")
    assert dialog.problems.text() == "" and ok.isEnabled()
    assert "审限届满：2027-01-11" in dialog.deadline_label.text()  # 11-27 + 45 = 01-11 (Monday)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.register.model.rowCount() == 29, timeout=10_000)
    with demo_db.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == "青劳人仲(2026)办字第29号"))
        assert case is not None and str(case.claims[0].amount) == "12345.67"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.entity == "case", AuditEntry.entity_id == case.id))
        assert entry.actor == demo_db.account.name == "测试员" and entry.action == "insert"  # the signed-in account


def test_bad_date_text_is_reported_not_saved(window, qtbot):
    window.register.table.selectRow(0)
    window.edit_case(window.register.selected_case_id())
    qtbot.waitUntil(lambda: getattr(window, "case_dialog", None) is not None)
    dialog = window.case_dialog
    dialog.events.add_row({"starts_on": "2026-02-30"})
    assert "无效" in dialog.problems.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.reject()


def test_conflicting_save_is_refused_and_the_dialog_keeps_the_edits(window, qtbot, demo_db, warnings_shown):
    window.tabs.setCurrentIndex(REGISTER_TAB)
    window.register.table.selectRow(0)
    case_id = window.register.selected_case_id()
    window.edit_case(case_id)
    qtbot.waitUntil(lambda: getattr(window, "case_dialog", None) is not None and window.case_dialog.isVisible())
    dialog = window.case_dialog
    # another clerk saves the same case meanwhile (e.g. on the shared server)
    with demo_db.session() as s:
        other = load_case_form(s, case_id)
        other.note = "赵磊补充：被申请人申请延期开庭"
        save_case(s, other)
    dialog.note.setPlainText("李婷：双方均到庭")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(warnings_shown) > 0, timeout=10_000)
    title, text = warnings_shown[0]
    assert title == "保存冲突" and "已被其他用户修改" in text
    assert dialog.isVisible() and dialog.note.toPlainText() == "李婷：双方均到庭"
    with demo_db.session() as s:
        assert load_case_form(s, case_id).note == "赵磊补充：被申请人申请延期开庭"
    dialog.reject()


def test_layout_and_last_view_are_remembered(qtbot, demo_db, settings):
    tasks = TaskRunner()
    first = MainWindow(demo_db, tasks, settings, today=lambda: TODAY)
    qtbot.addWidget(first)
    first.show()
    first.start()
    qtbot.waitUntil(lambda: first.loaded_once)
    first.tabs.setCurrentIndex(REGISTER_TAB)
    first.register.search.setText("加班费")
    first.resize(760, 560)  # within the offscreen screen (800x600), above the minimum size
    first.close()
    qtbot.waitUntil(lambda: tasks.pending == 0)
    second = MainWindow(demo_db, tasks, settings, today=lambda: TODAY)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == REGISTER_TAB
    assert second.register.search.text() == "加班费"
    assert (second.size().width(), second.size().height()) == (760, 560)
    tasks.wait_idle()


def test_offscreen_screenshot_renders_chinese(window, tmp_path, qtbot):
    import os

    families = QFontDatabase.families()
    assert any("CJK" in f or "Hei" in f or "Song" in f for f in families), "install fonts-noto-cjk"
    out = os.environ.get("HEARINGDESK_SCREENSHOT_DIR") or str(tmp_path)
    image = window.grab().toImage()
    path = os.path.join(out, "main_window.png")
    assert image.save(path)
    assert image.width() > 700 and image.height() > 500  # the window fits the 800-wide offscreen screen
    # rendered pixels are not a blank window: count distinct colours in the card row
    colours = {image.pixel(x, 100) for x in range(0, image.width(), 7)}
    assert len(colours) > 4
