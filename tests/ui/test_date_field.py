"""Dates typed the way clerks type them, through the real field with keys and clicks."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from app.services.parsing import InputError, parse_date, parse_datetime
from app.ui.date_field import DateField
from tests.conftest import TODAY
from tests.ui.typing import type_text


@pytest.mark.parametrize("typed", ["2026-11-25", "2026/11/25", "20261125", "2026年11月25日", "2026.11.25",
                                   "２０２６－１１－２５", " 2026-11-25 "])
def test_the_usual_forms_are_one_date(typed):
    assert parse_date(typed) == date(2026, 11, 25)


def test_impossible_and_unreadable_dates_are_named():
    with pytest.raises(InputError, match="2026年没有2月30日"):
        parse_date("2026-02-30", "受理日期")
    with pytest.raises(InputError, match="无法识别"):
        parse_date("下周一")
    assert parse_date("2028-02-29") == date(2028, 2, 29)  # a leap year
    assert parse_datetime("20261125 9:30").isoformat() == "2026-11-25T09:30:00"
    assert parse_datetime("2026年11月25日 9时30分").isoformat() == "2026-11-25T09:30:00"


@pytest.fixture
def form(qtbot):
    """A date field followed by another field, as in a dialog; focus leaves by Tab."""
    page = QWidget()
    layout = QVBoxLayout(page)
    field = DateField(what="受理日期", today=lambda: TODAY)
    after = QLineEdit()
    layout.addWidget(field)
    layout.addWidget(after)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    yield field, after
    page.close()


@pytest.mark.parametrize("typed", ["2026-11-25", "2026/11/25", "20261125", "2026年11月25日"])
def test_typed_date_stays_and_is_shown_tidy_on_leaving(qtbot, form, typed):
    field, after = form
    field.edit.setFocus()
    type_text(qtbot, field.edit, typed)
    assert field.value() == date(2026, 11, 25)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)
    assert field.text() == "2026-11-25" and field.value() == date(2026, 11, 25)
    assert not field.message.isVisible()


def test_impossible_date_keeps_its_text_and_says_why_beside_the_field(qtbot, form):
    field, after = form
    field.edit.setFocus()
    with qtbot.waitSignal(field.changed):
        qtbot.keyClicks(field.edit, "2026-02-30")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(after.hasFocus)
    assert field.text() == "2026-02-30"  # nothing vanishes
    assert field.value() is None
    assert field.message.isVisible() and "没有2月30日" in field.message.text()
    # corrected: the message goes as soon as the text is a date
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "2026-02-28")
    assert not field.message.isVisible() and field.value() == date(2026, 2, 28)


def test_calendar_opens_at_today_in_chinese_and_a_click_picks_the_day(qtbot, form):
    field, _ = form
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field.popup
    qtbot.waitUntil(popup.isVisible)
    cal = popup.calendar
    assert (cal.yearShown(), cal.monthShown()) == (TODAY.year, TODAY.month)
    assert cal.selectedDate().toPython() == TODAY
    assert cal.locale().name() == "zh_CN"
    # Enter on the calendar picks the selected day; then move one day on with the arrow keys
    qtbot.keyClick(cal.findChild(QWidget, "qt_calendar_calendarview"), Qt.Key.Key_Right)
    with qtbot.waitSignal(popup.picked):
        qtbot.keyClick(cal.findChild(QWidget, "qt_calendar_calendarview"), Qt.Key.Key_Return)
    assert field.value() == date(2026, 11, 28) and field.text() == "2026-11-28"
    assert not popup.isVisible()


def test_calendar_opens_at_the_typed_date(qtbot, form):
    field, _ = form
    type_text(qtbot, field.edit, "2025年3月1日")
    qtbot.mouseClick(field.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(field.popup.isVisible)
    assert (field.popup.calendar.yearShown(), field.popup.calendar.monthShown()) == (2025, 3)
    qtbot.keyClick(field.popup, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not field.popup.isVisible())
