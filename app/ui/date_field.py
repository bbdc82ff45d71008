"""A date typed the way clerks type dates: 2026-11-25, 2026/11/25, 20261125, 2026年11月25日.

What was typed stays in the field (nothing vanishes on leaving it); a recognised date is shown
as 2026-11-25 once the field is left, an unrecognised or impossible one keeps its text and says
why beside the field. The calendar button opens at the field's date, or at today when empty.
Reading is parse_date's (app/services/parsing.py), the same the CLI and the services use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.parsing import InputError, format_date, parse_date

CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)


class CalendarPopup(QFrame):
    """The month view under a date field; a click or Enter picks the day, Esc closes."""

    picked = Signal(object)  # datetime.date

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(CHINA)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.activated.connect(self._pick)
        self.calendar.clicked.connect(self._pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)

    def show_at(self, day: date, where: QPoint) -> None:
        self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        self.calendar.setCurrentPage(day.year, day.month)
        self.move(where)
        self.show()
        self.calendar.setFocus()

    def _pick(self, qdate: QDate) -> None:
        self.hide()
        self.picked.emit(date(qdate.year(), qdate.month(), qdate.day()))


class DateField(QWidget):
    """`changed` fires when the value or its validity changes (on every keystroke)."""

    changed = Signal()

    def __init__(self, parent=None, *, what: str = "日期", today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.what, self.today = what, today
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("如 2026-11-25"))
        self.edit.setMinimumWidth(120)
        self.edit.setMaximumWidth(170)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip(self.tr("选择日期"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = QLabel()
        self.message.setStyleSheet("color: #a00000;")
        self.message.setVisible(False)
        self.popup: CalendarPopup | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._typed)
        self.edit.editingFinished.connect(self._tidy)
        self.button.clicked.connect(self.open_calendar)
        self.edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Alt+↓ or F4 opens the calendar from the keyboard, as in a combo box
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt_down or event.key() == Qt.Key.Key_F4:
                self.open_calendar()
                return True
        return super().eventFilter(watched, event)

    # -- reading and writing ---------------------------------------------------------------
    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.setText(text)

    def problem(self) -> str | None:
        """Why the text is not a date, or None (an empty field is fine)."""
        try:
            parse_date(self.edit.text(), self.what)
        except InputError as exc:
            return str(exc)
        return None

    def value(self) -> date | None:
        """The date typed, or None when empty or not a date (see problem())."""
        try:
            return parse_date(self.edit.text(), self.what)
        except InputError:
            return None

    def set_value(self, value: date | None) -> None:
        self.edit.setText(format_date(value))

    # -- behaviour ---------------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        problem = self.problem()
        # while typing, an unfinished date is not yet an error worth shouting about
        if problem is None:
            self._show_problem(None)
        self.changed.emit()

    def _tidy(self) -> None:
        problem = self.problem()
        self._show_problem(problem)
        value = self.value()
        if value is not None and self.edit.text() != format_date(value):
            self.edit.setText(format_date(value))

    def _show_problem(self, problem: str | None) -> None:
        short = None
        if problem:
            short = problem.split("：", 1)[1] if "：" in problem else self.tr("无法识别，应如 2026-11-25")
        self.message.setText(short or "")
        self.message.setToolTip(problem or "")
        self.message.setVisible(bool(problem))
        self.edit.setStyleSheet("border: 1px solid #c00000;" if problem else "")
        self.edit.setToolTip(problem or "")

    def open_calendar(self) -> None:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        start = self.value() or self.today()
        self.popup.show_at(start, self.edit.mapToGlobal(QPoint(0, self.edit.height())))

    def _picked(self, day: date) -> None:
        self.set_value(day)
        self._show_problem(None)
        self.edit.setFocus()
        self.changed.emit()
