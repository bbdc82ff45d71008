"""Database and file work off the UI thread (DESIGN.md, threads rule 1 and 2).

All database work runs on one background thread, one job at a time (as Anki's
taskman does): SQLite sees a single writer, sessions never cross threads, and the
result comes back to the UI thread through a queued signal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives in the UI thread; the worker emits, Qt queues the call back to the UI thread."""

    done = Signal(object, object, object)  # callback, result, error


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, on_done, on_error):
        super().__init__()
        self.fn, self.relay, self.on_done, self.on_error = fn, relay, on_done, on_error
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the UI thread, shown there
            log.debug("background job failed", exc_info=True)
            self.relay.done.emit(self.on_error, None, exc)
        else:
            self.relay.done.emit(self.on_done, result, None)


class TaskRunner(QObject):
    """Run callables in order on one background thread; deliver results on the UI thread."""

    busy_changed = Signal(bool)
    failed = Signal(str)  # message of a job that had no error handler of its own

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._pending = 0

    def submit(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[Exception], None] | None = None) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._pool.start(_Job(fn, self._relay, on_done, on_error))

    @Slot(object, object, object)
    def _deliver(self, callback, result, error) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if error is not None:
            if callback is not None:
                callback(error)
            else:
                self.failed.emit(str(error))
        elif callback is not None:
            callback(result)

    @property
    def pending(self) -> int:
        return self._pending

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Block until queued jobs finished: only for shutdown, never during normal use."""
        return self._pool.waitForDone(msecs)


class DatabaseOps:
    """The one way from the UI to the database (after Anki's CollectionOp/QueryOp): a use case
    of `app/services` is called as `use_case(session, *args, **kwargs)` on the task thread, in
    one short session; its arguments are captured here, on the UI thread, when the operation is
    made, so no widget or window attribute is ever read from the worker. The plain result (or
    the error) comes back on the UI thread."""

    def __init__(self, db, tasks: TaskRunner):
        self.db, self.tasks = db, tasks

    def run(self, use_case: Callable[..., Any], *args, done: Callable[[Any], None] | None = None,
            failed: Callable[[Exception], None] | None = None, **kwargs) -> None:
        db = self.db

        def work():
            with db.session() as session:
                return use_case(session, *args, **kwargs)

        self.tasks.submit(work, done, failed)

    @property
    def pending(self) -> int:
        return self.tasks.pending
