"""Colours of the extension-warning levels, shared by the register and the dashboard."""

from PySide6.QtGui import QColor

from app.rules.deadlines import WarningLevel

LEVEL_BACKGROUND = {
    WarningLevel.OVERDUE: QColor("#f4b6b6"),
    WarningLevel.URGENT: QColor("#f9d3a5"),
    WarningLevel.WARN: QColor("#fbeeb0"),
    WarningLevel.NORMAL: QColor("#d8efd3"),
    WarningLevel.SUSPENDED: QColor("#d9e3f0"),
    WarningLevel.CLOSED: QColor("#e6e6e6"),
    WarningLevel.NO_DEADLINE: QColor("#f2f2f2"),
}
LEVEL_FOREGROUND = {
    WarningLevel.OVERDUE: QColor("#8b0000"),
    WarningLevel.URGENT: QColor("#8a4500"),
}
