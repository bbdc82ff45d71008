"""Run Python's cyclic garbage collector on the UI thread only.

A collection can start in any thread that allocates; if it frees a Qt object that lives in
the UI thread while running in a worker thread, Qt crashes. Automatic collection is turned
off and a timer on the UI thread collects instead (the usual remedy in PySide/PyQt apps)."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = 500):
        super().__init__(parent)
        gc.disable()
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        counts = gc.get_count()
        if counts[0] > self.threshold[0]:
            generation = 0
            if counts[1] > self.threshold[1]:
                generation = 1
                if counts[2] > self.threshold[2]:
                    generation = 2
            gc.collect(generation)
