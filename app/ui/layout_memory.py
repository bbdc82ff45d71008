"""Remembers where windows were and how their splitters were set, for every window of the
app, in settings.ini: a window's geometry when it closes, each splitter's sizes, restored the
next time a window of that kind opens. Installed once on the application (see application.py),
so no window has to carry this code."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication, QSplitter, QWidget

from app.config import LAYOUT_KEY_PREFIX

RESTORED = "_layout_restored"


FRAME = 40  # title bar and borders a window manager adds


def fit_on_screen(window: QWidget) -> None:
    """A window never opens larger than its screen's free area (1366x768 with a task bar)."""
    screen = window.screen()
    if screen is None or window.isFullScreen() or window.isMaximized():
        return
    free = screen.availableGeometry()
    width, height = min(window.width(), free.width()), min(window.height(), free.height() - FRAME)
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, 200), max(height, 200))
        x = min(max(window.x(), free.x()), free.right() - window.width())
        y = min(max(window.y(), free.y()), free.bottom() - window.height() - FRAME)
        window.move(max(x, free.x()), max(y, free.y()))


class LayoutMemory(QObject):
    def __init__(self, settings: QSettings, *, geometry_of: tuple[str, ...] = ("HearingWorkspace", "CaseDialog",
                                                                            "AuditDialog", "ExportDialog"),
                 parent=None):
        super().__init__(parent)
        self.settings = settings
        self.geometry_of = set(geometry_of)  # the main window keeps its own (with toolbars and tab)

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def _key(self, window: QWidget, what: str) -> str:
        return f"{LAYOUT_KEY_PREFIX}/{type(window).__name__}/{what}"

    @staticmethod
    def splitters(window: QWidget) -> list[QSplitter]:
        """The window's splitters in a stable order (by object name, then creation order)."""
        found = [s for s in window.findChildren(QSplitter) if s.window() is window]
        return sorted(found, key=lambda s: s.objectName() or "")

    def _name(self, index: int, splitter: QSplitter) -> str:
        return f"splitter_{splitter.objectName()}" if splitter.objectName() else f"splitter{index}"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.Show, QEvent.Type.Close, QEvent.Type.Hide) and isinstance(watched, QWidget) \
                and watched.isWindow():
            if kind == QEvent.Type.Show and not watched.property(RESTORED):
                watched.setProperty(RESTORED, True)
                self.restore(watched)
            elif kind in (QEvent.Type.Close, QEvent.Type.Hide) and watched.property(RESTORED):
                self.save(watched)
        return False

    def restore(self, window: QWidget) -> None:
        if type(window).__name__ in self.geometry_of:
            geometry = self.settings.value(self._key(window, "geometry"))
            if geometry is not None:
                window.restoreGeometry(geometry)
        fit_on_screen(window)
        for i, splitter in enumerate(self.splitters(window)):
            state = self.settings.value(self._key(window, self._name(i, splitter)))
            if state is not None:
                splitter.restoreState(state)

    def save(self, window: QWidget) -> None:
        if type(window).__name__ in self.geometry_of:
            self.settings.setValue(self._key(window, "geometry"), window.saveGeometry())
        for i, splitter in enumerate(self.splitters(window)):
            self.settings.setValue(self._key(window, self._name(i, splitter)), splitter.saveState())
