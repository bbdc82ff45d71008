"""The dashboard says what to do: a hearing after the deadline is flagged 需报批延期, the
承办仲裁员 is a column, "this week" on a Sunday is the coming week, a card shows only its
cases, and the first-start picker cannot be cancelled into "未选择"."""

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt

from app.rules.deadlines import WarningLevel
from app.services.cases import find_case_id, load_case_form, save_case
from app.services.register import NEEDS_EXTENSION, case_rows, hearing_week
from app.ui.case_table_model import ARBITRATOR_COLUMN, COLUMNS, FLAGS_COLUMN
from app.ui.main_window import REGISTER_TAB, MainWindow
from app.ui.runtime.tasks import TaskRunner
from app.vocabulary import Seat
from tests.conftest import TODAY
from tests.ui.conftest import shown_window

CASE = "青劳人仲(2026)办字第3号"


def schedule(db, case_no, at: datetime) -> int:
    with db.session() as s:
        case_id = find_case_id(s, case_no)
        form = load_case_form(s, case_id)
        form.hearings[-1].scheduled_at = at
        save_case(s, form, today=TODAY)
    return case_id


def row_of(db, case_id, today=TODAY):
    with db.session() as s:
        return next(r for r in case_rows(s, today=today) if r.id == case_id)


def test_a_hearing_after_the_deadline_asks_for_an_extension(demo_db):
    with demo_db.session() as s:
        case_id = find_case_id(s, CASE)
    deadline = row_of(demo_db, case_id).deadline
    assert deadline is not None
    schedule(demo_db, CASE, datetime.combine(deadline, datetime.min.time()).replace(hour=14))
    assert NEEDS_EXTENSION not in row_of(demo_db, case_id).flags  # on the last day: still in time
    schedule(demo_db, CASE, datetime.combine(deadline + timedelta(days=1), datetime.min.time()).replace(hour=9))
    row = row_of(demo_db, case_id)
    assert row.flags[0] == NEEDS_EXTENSION and row.hearing_after_deadline


def test_the_week_on_a_weekend_is_the_coming_week():
    assert hearing_week(date(2026, 11, 25)) == (date(2026, 11, 25), date(2026, 11, 29), "本周开庭")  # Wednesday
    assert hearing_week(date(2026, 11, 29)) == (date(2026, 11, 29), date(2026, 12, 6), "下周开庭")  # Sunday


def test_dashboard_flags_and_names_the_arbitrator(qtbot, demo_db, settings):
    with demo_db.session() as s:
        case_id = find_case_id(s, CASE)
        form = load_case_form(s, case_id)
        presiding = next((seat.staff_id for seat in form.seats if seat.seat in (Seat.PRESIDING, Seat.SOLE)), None)
        from app.services.office import roster
        names = {e.id: e.name for e in roster(s)}
    deadline = row_of(demo_db, case_id).deadline
    schedule(demo_db, CASE, datetime.combine(deadline + timedelta(days=3), datetime.min.time()).replace(hour=9))
    window = next(gen := shown_window(qtbot, demo_db, settings))
    try:
        attention = window.dashboard.attention
        found = [attention.index(r, 0).data() for r in range(attention.rowCount())]
        assert CASE in found
        r = found.index(CASE)
        assert attention.index(r, FLAGS_COLUMN).data().startswith(NEEDS_EXTENSION)
        assert attention.index(r, FLAGS_COLUMN).data(Qt.ItemDataRole.ForegroundRole).name() == "#b00020"
        assert "需报批延期" in window.dashboard.summary.text()
        assert COLUMNS[ARBITRATOR_COLUMN][0] == "承办仲裁员"
        expected = names.get(presiding, "")
        assert expected and attention.index(r, ARBITRATOR_COLUMN).data() == expected
        assert not window.dashboard.attention_table.isColumnHidden(ARBITRATOR_COLUMN)
    finally:
        next(gen, None)


def test_on_a_sunday_the_week_box_shows_the_coming_week(qtbot, demo_db, settings):
    sunday = date(2026, 11, 29)
    schedule(demo_db, CASE, datetime(2026, 12, 1, 9, 30))  # Tuesday of the coming week
    tasks = TaskRunner()
    w = MainWindow(demo_db, tasks, settings, today=lambda: sunday)
    qtbot.addWidget(w)
    w.show()
    w.start()
    qtbot.waitUntil(lambda: w.loaded_once, timeout=10_000)
    assert w.dashboard.week_box.title() == "下周开庭"
    week = [w.dashboard.week_model.row_at(i).case_no for i in range(w.dashboard.week_model.rowCount())]
    assert CASE in week
    w.close()
    qtbot.waitUntil(lambda: tasks.pending == 0)
    tasks.wait_idle()


def test_a_card_click_clears_the_other_filters(window, qtbot):
    window.tabs.setCurrentIndex(REGISTER_TAB)
    window.register.search.setFocus()
    qtbot.keyClicks(window.register.search, "2026")
    window.register.status_filter.setFocus()
    qtbot.keyClick(window.register.status_filter, Qt.Key.Key_Down)
    assert window.register.status_filter.currentIndex() == 1
    window.tabs.setCurrentIndex(0)
    card = window.dashboard.cards[WarningLevel.OVERDUE]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert window.register.search.text() == "" and window.register.status_filter.currentIndex() == 0
    assert window.register.proxy.rowCount() == card.count
