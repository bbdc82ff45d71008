"""Long work (model installs, recognising a recording) on a worker thread with progress,
a cancel flag going in and the result coming out by signal (DESIGN.md, threads rule 1).
Separate from the TaskRunner so a long recognition never delays a database save."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class JobSignals(QObject):
    """Lives in the UI thread. The worker emits the private signals; Qt queues them to the
    slots here, which re-emit the public ones in the UI thread, so any callable connected to
    `progress`, `finished` or `failed` (lambdas too) runs in the UI thread."""

    progress = Signal(object)
    finished = Signal(object)
    failed = Signal(object)
    _progress = Signal(object)
    _finished = Signal(object)
    _failed = Signal(object)

    def __init__(self):
        super().__init__()
        self._progress.connect(self._relay_progress)
        self._finished.connect(self._relay_finished)
        self._failed.connect(self._relay_failed)

    @Slot(object)
    def _relay_progress(self, value) -> None:
        self.progress.emit(value)

    @Slot(object)
    def _relay_finished(self, value) -> None:
        self.finished.emit(value)

    @Slot(object)
    def _relay_failed(self, value) -> None:
        self.failed.emit(value)


class Job(QRunnable):
    """Runs `fn(progress, cancel)`; `progress(value)` may be called from the worker."""

    def __init__(self, fn: Callable[[Callable[[Any], None], threading.Event], Any]):
        super().__init__()
        self.fn = fn
        self.cancel = threading.Event()
        self.signals = JobSignals()
        self.done = False
        self.setAutoDelete(False)
        self.signals.finished.connect(self._mark_done)
        self.signals.failed.connect(self._mark_done)

    def _mark_done(self, *_):
        self.done = True

    def run(self) -> None:
        try:
            result = self.fn(self.signals._progress.emit, self.cancel)
        except Exception as exc:  # shown by the UI thread
            self.signals._failed.emit(exc)
        else:
            self.signals._finished.emit(result)


class JobRunner(QObject):
    def __init__(self, parent: QObject | None = None, *, threads: int = 1):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self.jobs: list[Job] = []

    def start(self, job: Job) -> Job:
        # The signals object belongs to this runner (UI thread), never to the garbage collector.
        job.signals.setParent(self)
        self.jobs = [j for j in self.jobs if not j.done]
        self.jobs.append(job)
        self.pool.start(job)
        return job

    def cancel_all(self) -> None:
        for job in self.jobs:
            job.cancel.set()

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
