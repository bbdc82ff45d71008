"""The office settings' tab “地方标准数值” (issue 13): an administrator confirms a figure
through the dialog and withdraws it, through DatabaseOps on the task thread; a wrong amount is
shown, not stored; a clerk's buttons are disabled (and the service would refuse anyway)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services import accounts, figures
from app.services import office as office_service
from app.services.access import system_principal
from app.services.demo import seed_accounts
from app.services.elements import final_award_flags
from app.ui.figure_table_model import COLUMNS, FigureTableModel
from app.ui.office_dialog import OfficeDialog
from app.ui.runtime.tasks import DatabaseOps, TaskRunner
from tests.ui.typing import type_text

DOC = "市人社局关于调整本市最低工资标准的通知原文（测试用）"
FROM = date(2025, 7, 1)


@pytest.fixture
def people(demo_db, monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    with demo_db.as_account(system_principal()).session() as s:
        seed_accounts(s, "demo-pass-2026")
        return {n: accounts.principal_by_name(s, n) for n in ("徐主任", "李婷")}


def open_dialog(qtbot, db):
    tasks = TaskRunner()
    with db.session() as s:
        settings = office_service.read_settings(s)
        roster, rooms = office_service.roster(s), office_service.rooms(s)
    dialog = OfficeDialog(settings, roster, rooms, ops=DatabaseOps(db, tasks))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.figures.model.rowCount() > 0, timeout=10_000)
    dialog.tabs.setCurrentWidget(dialog.figures)
    return dialog, tasks


def min_wage_row(tab) -> int:
    return next(i for i in range(tab.model.rowCount())
                if tab.model.row_at(i).key == "minimum_monthly_wage" and tab.model.row_at(i).valid_from == FROM)


def basis(db) -> str:
    """The final-award bases of the demo's claims that use the minimum wage in force."""
    from sqlalchemy import select

    from app.models import Case

    with db.session() as s:
        flags = [f for case_id in s.scalars(select(Case.id)) for f in final_award_flags(s, case_id, day=date(2026, 11, 27))]
    found = " ".join(f.basis for f in flags if "2740" in f.basis)
    assert found
    return found


def test_model_columns_without_widgets():
    model = FigureTableModel()
    row = figures.FigureRow("minimum_monthly_wage", "月最低工资标准", "上海", Decimal("2740"),
                            FROM, None, "来源网址", figures.STATE_NONE)
    model.set_rows([row])
    got = [model.data(model.index(0, c)) for c in range(len(COLUMNS))]
    assert got == ["上海月最低工资标准", "2,740", "2025-07-01—至今", "来源网址", "未经核实"]
    assert model.data(model.index(0, 4), Qt.ItemDataRole.ForegroundRole) is not None


def test_an_administrator_confirms_and_withdraws_in_the_dialog(qtbot, demo_db, people):
    db = demo_db.as_account(people["徐主任"])
    dialog, tasks = open_dialog(qtbot, db)
    tab = dialog.figures
    assert [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())] == ["办公室", "地方标准数值"]
    row = min_wage_row(tab)
    tab.table.selectRow(row)
    assert tab.confirm_button.isEnabled() and not tab.withdraw_button.isEnabled()

    # a wrong amount: refused by the service, shown under the table, nothing stored
    tab.confirm_button.click()
    confirm = tab.confirm_dialog
    type_text(qtbot, confirm.document, DOC)
    qtbot.keyClicks(confirm.amount, "2690")
    with qtbot.waitSignal(tab.refused, timeout=10_000):
        confirm.buttons.button(confirm.buttons.StandardButton.Ok).click()
    assert "金额不符" in tab.message.text() and tab.message.isVisible()
    for box in tab.findChildren(QMessageBox):
        box.close()

    tab.table.selectRow(min_wage_row(tab))
    tab.confirm_button.click()
    confirm = tab.confirm_dialog
    type_text(qtbot, confirm.document, DOC)
    qtbot.keyClicks(confirm.amount, "2,740")
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        with qtbot.waitSignal(tab.changed, timeout=10_000):
            confirm.buttons.button(confirm.buttons.StandardButton.Ok).click()
    shown = tab.model.row_at(min_wage_row(tab))
    assert shown.state == figures.STATE_OFFICE and shown.confirmed_by == "徐主任" and shown.document == DOC
    assert "本办已核实：徐主任" in tab.model.data(tab.model.index(min_wage_row(tab), 4))
    assert tab.selected() == shown and tab.withdraw_button.isEnabled() and not tab.confirm_button.isEnabled()
    assert "未经核实" not in basis(demo_db) and DOC in basis(demo_db)

    tab.withdraw_button.click()
    with qtbot.waitSignal(tab.loaded, timeout=10_000):
        tab.question.button(QMessageBox.StandardButton.Yes).click()
    assert tab.model.row_at(min_wage_row(tab)).state == figures.STATE_NONE
    assert "未经核实" in basis(demo_db)
    dialog.reject()
    tasks.wait_idle()


def test_a_clerk_sees_the_figures_with_the_buttons_disabled(qtbot, demo_db, people):
    dialog, tasks = open_dialog(qtbot, demo_db.as_account(people["李婷"]))
    tab = dialog.figures
    tab.table.selectRow(min_wage_row(tab))
    assert not tab.may_confirm and not tab.confirm_button.isEnabled() and not tab.withdraw_button.isEnabled()
    assert "只有管理员" in tab.confirm_button.toolTip()
    dialog.reject()
    tasks.wait_idle()


def test_the_workspace_calculates_with_the_offices_confirmations(qtbot, window, demo_db):
    """The workspace's calculations (and its trial calculation) see the office's confirmations:
    the severance cap's figures lose 未经核实 once confirmed (劳动合同法 Art 47)."""
    from app.services.cases import find_case_id
    from tests.ui.conftest import open_ws

    with demo_db.as_account(system_principal("徐主任")).session() as s:
        figures.confirm_figure(s, "minimum_monthly_wage", FROM, DOC)
        figures.confirm_figure(s, "city_average_monthly_wage", FROM, "市统计局公报（测试用）")
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
    ws = open_ws(qtbot, window, case_id)
    severance = next(v for v in ws.elements.views if v.calculator == "severance")
    assert severance.params and not any("未经核实" in p for p in severance.params.values())
    assert "对照市统计局公报（测试用）核实" in severance.params["city_avg_wage"]
    assert ws.summary.params is not None and ws.summary.params.min_wage(date(2026, 1, 1)).confirmed
    ws.close()
