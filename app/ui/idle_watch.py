"""Notices when nobody has touched keyboard or mouse for a while (issue 12: the window locks
after the idle time the administrator sets)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin}


class IdleWatch(QObject):
    idle = Signal()

    def __init__(self, app: QObject, parent=None):
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True, timeout=self.idle.emit)
        self._app = app
        self._msecs = 0
        app.installEventFilter(self)

    def set_timeout(self, msecs: int) -> None:
        """0 switches the lock off."""
        self.timer.stop()
        self._msecs = msecs
        if msecs > 0:
            self.timer.setInterval(msecs)
            self.timer.start()

    def pause(self) -> None:
        self.timer.stop()

    def resume(self) -> None:
        if self._msecs > 0:
            self.timer.start()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()  # restart the countdown
        return False

    def stop(self) -> None:
        self.timer.stop()
        self._app.removeEventFilter(self)
