"""How the app looks on every screen: the type size the user chose, Chinese fonts, and
splitter handles one can see and grab."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from app.config import FONT_POINTS_CHOICES, Setting

CJK_FAMILIES = ["Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]

# A visible, grabbable handle: a grey bar with a darker grip line, darker when hovered.
SPLITTER_STYLE = """
QSplitter::handle { background: #d4d7dc; }
QSplitter::handle:horizontal { width: 7px; border-left: 2px solid #f4f5f7; border-right: 2px solid #f4f5f7; }
QSplitter::handle:vertical { height: 7px; border-top: 2px solid #f4f5f7; border-bottom: 2px solid #f4f5f7; }
QSplitter::handle:hover { background: #7d8fa8; }
QSplitter::handle:pressed { background: #4b6283; }
"""


def font_points(value) -> int:
    """A stored size, or the default when missing or odd."""
    try:
        points = int(value)
    except (TypeError, ValueError):
        return Setting.FONT_POINTS.default
    return points if points in FONT_POINTS_CHOICES else Setting.FONT_POINTS.default


def apply_font(app: QApplication, points: int) -> None:
    font = QFont(app.font())
    font.setFamilies([*CJK_FAMILIES, *[f for f in font.families() if f not in CJK_FAMILIES]])
    font.setPointSize(points)
    app.setFont(font)


def apply_look(app: QApplication, points: int = Setting.FONT_POINTS.default) -> None:
    apply_font(app, points)
    if SPLITTER_STYLE not in (app.styleSheet() or ""):
        app.setStyleSheet((app.styleSheet() or "") + SPLITTER_STYLE)
