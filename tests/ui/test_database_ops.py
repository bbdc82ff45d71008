"""The one way from the UI to the database: a use case runs in its own session on the task
thread with arguments taken when the operation was made; result and error come back on the UI
thread; a failed use case rolls back."""

import threading

import pytest
from sqlalchemy import select

from app.models import Staff
from app.services import office as office_service
from app.ui.runtime.tasks import DatabaseOps, TaskRunner
from app.vocabulary import StaffRole


@pytest.fixture
def ops(qtbot, sqlite_db):
    tasks = TaskRunner()
    yield DatabaseOps(sqlite_db, tasks)
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.wait_idle()


def test_a_use_case_runs_off_the_ui_thread_with_the_arguments_it_was_given(qtbot, ops, sqlite_db):
    ui = threading.get_ident()
    seen, results = {}, []

    def add(session, name, role):
        seen["thread"] = threading.get_ident()
        return office_service.add_staff(session, name, role).name

    name = "新书记员"
    ops.run(add, name, StaffRole.CLERK, done=lambda r: results.append((r, threading.get_ident())))
    name = "别的名字"  # changed on the UI thread after the operation was made: not what it stores
    qtbot.waitUntil(lambda: bool(results), timeout=10_000)
    assert seen["thread"] != ui
    assert results == [("新书记员", ui)]  # the result is delivered on the UI thread
    with sqlite_db.session() as s:
        assert s.scalar(select(Staff.name).where(Staff.name == "新书记员")) == "新书记员"
        assert s.scalar(select(Staff.name).where(Staff.name == name)) is None


def test_a_failing_use_case_rolls_back_and_reports_on_the_ui_thread(qtbot, ops, sqlite_db):
    errors = []

    def half_then_fail(session):
        office_service.add_staff(session, "写了一半", StaffRole.CLERK)
        raise ValueError("出错了")

    ops.run(half_then_fail, done=lambda r: errors.append("done?"),
            failed=lambda exc: errors.append((str(exc), threading.get_ident())))
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors == [("出错了", threading.get_ident())]
    with sqlite_db.session() as s:
        assert s.scalar(select(Staff.id).where(Staff.name == "写了一半")) is None
