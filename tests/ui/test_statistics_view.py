"""The statistics screen offscreen: cards, charts, a click on a figure opens its cases."""

import pytest

from app.services.statistics import Period
from app.ui.runtime.tasks import TaskRunner
from app.ui.statistics_view import StatisticsView
from tests.conftest import TODAY
from tests.services.stats_register import build_register
from tests.ui.conftest import shown_window


@pytest.fixture
def register_db(sqlite_db):
    with sqlite_db.session() as s:
        ids = build_register(s)
    return sqlite_db, ids


@pytest.fixture
def view(qtbot, register_db):
    db, ids = register_db
    tasks = TaskRunner()
    v = StatisticsView(db, tasks, today=lambda: TODAY)
    qtbot.addWidget(v)
    v.resize(1200, 900)
    v.show()  # reads this year's figures first
    v.set_period(Period.year(2025))
    qtbot.waitUntil(lambda: v.period == Period.year(2025) and tasks.pending == 0, timeout=10_000)
    yield v, ids
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.wait_idle()


def test_cards_show_the_hand_counted_figures(view):
    v, _ = view
    assert v.cards["accepted"].value == "7 件" and v.cards["closed"].value == "8 件"
    assert v.cards["on_time"].value == "85.7%" and v.cards["mediation"].value == "25%"
    assert v.cards["fast_track"].value == "18.5" and v.cards["element"].value == "31.8%"
    assert v.cards["late"].value == "1 件"
    assert "共受理劳动人事争议案件 7 件" in v.summary.text()


def test_charts_render_offscreen_with_the_figures(view):
    v, _ = view
    months, outcomes, close_time, minutes = v.charts
    bars = months.chart().series()[0]
    assert [s.label() for s in bars.barSets()] == ["受理", "审结"]
    assert [bars.barSets()[0].at(i) for i in range(12)][2] == 4  # March: A B C D accepted
    assert [s.label().split()[0] for s in outcomes.chart().series()[0].slices()] == ["裁决", "调解", "撤诉", "不予受理", "终结"]
    assert [close_time.chart().series()[0].barSets()[0].at(i) for i in range(3)] == [35.8, 31.0, 18.5]
    assert len(close_time.chart().series()) == 3  # the bars, the 45-day limit, the fast-track target
    assert [minutes.chart().series()[0].barSets()[0].at(i) for i in range(2)] == [75.0, 110.0]
    image = v.grab().toImage()
    assert not image.isNull() and image.width() >= 1000
    # drawn, not blank: the charts put more than a few colours on the screen
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 20


def test_clicking_a_card_or_a_slice_gives_its_cases(qtbot, view):
    v, ids = view
    with qtbot.waitSignal(v.show_cases, timeout=10_000) as got:
        v.cards["mediation"].click()
    assert sorted(got.args[0]) == sorted([ids["A"], ids["G"]]) and "调解" in got.args[1]
    with qtbot.waitSignal(v.show_cases, timeout=10_000) as got:
        v.cards["late"].click()
    assert got.args[0] == [ids["D"]]
    pie = v.charts[1].chart().series()[0]
    with qtbot.waitSignal(v.show_cases, timeout=10_000) as got:
        pie.clicked.emit(pie.slices()[2])  # 撤诉
    assert got.args[0] == [ids["D"]]
    bars = v.charts[2].chart().series()[0]
    with qtbot.waitSignal(v.show_cases, timeout=10_000) as got:
        bars.clicked.emit(2, bars.barSets()[0])  # 速裁
    assert sorted(got.args[0]) == sorted([ids["A"], ids["B"]])


def test_export_from_the_screen(qtbot, view, tmp_path):
    v, _ = view
    with qtbot.waitSignal(v.exported, timeout=20_000) as got:
        v.export("xlsx", str(tmp_path / "s.xlsx"))
    assert got.args[0].endswith("s.xlsx") and (tmp_path / "s.xlsx").stat().st_size > 5000


def test_main_window_shows_a_figures_cases_in_the_register(qtbot, register_db, settings):
    db, _ids = register_db
    for w in shown_window(qtbot, db, settings):
        stats, tasks = w.statistics, w.tasks
        w.tabs.setCurrentWidget(stats)
        stats.set_period(Period.year(2025))
        qtbot.waitUntil(lambda s=stats, t=tasks: s.period == Period.year(2025) and t.pending == 0, timeout=10_000)
        with qtbot.waitSignal(w.statistics.show_cases, timeout=10_000):
            w.statistics.cards["women_priority"].click()
        assert w.tabs.currentIndex() == 1
        assert w.register.proxy.rowCount() == 2 and w.register.only_button.isVisible()
        assert "女职工优先" in w.register.only_button.text()
        w.register.only_button.click()
        assert w.register.proxy.rowCount() == 10 and not w.register.only_button.isVisible()


def test_importing_a_register_from_the_main_window(qtbot, sqlite_db, settings, tmp_path, monkeypatch):
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QMessageBox

    from app.services.register_import import write_template

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(("info", a[2])))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(("warning", a[2])))
    good = write_template(tmp_path / "台账.xlsx")
    wb = load_workbook(good)
    wb.active["E2"] = "2025-02-30"
    bad = tmp_path / "坏台账.xlsx"
    wb.save(bad)
    for w in shown_window(qtbot, sqlite_db, settings):
        w.import_register(str(bad))
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=10_000)
        assert shown[0][0] == "warning" and "第 2 行" in shown[0][1] and "2025-02-30" in shown[0][1]
        w.import_register(str(good))
        qtbot.waitUntil(lambda: len(shown) == 2, timeout=10_000)
        assert shown[1] == ("info", "已新增 1 件案件。")
        register = w.register
        qtbot.waitUntil(lambda r=register: r.proxy.rowCount() == 1, timeout=10_000)
