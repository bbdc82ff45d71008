"""Signing in to the window (issue 12): first start creates the administrator; a clerk signs
in, sees no office settings and cannot finalise (the service refuses, the window says so);
the window locks when idle and needs the password to come back."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.models import RecordSignOff
from app.services import accounts
from app.services.cases import find_case_id
from app.services.demo import seed_accounts
from app.ui.main_window import MainWindow
from app.ui.runtime.tasks import TaskRunner
from tests.conftest import TODAY
from tests.ui.conftest import open_ws

PASSWORD = "demo-pass-2026"
CASE_NO = "青劳人仲(2026)办字第2号"  # the demo's held hearing: 陈静 presides, 李婷 is the clerk


@pytest.fixture
def cheap_hashes(monkeypatch):
    """Still argon2id, at a small cost: this is about the window, not the hasher."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def signed_out(demo_db, cheap_hashes):
    with demo_db.session() as s:
        seed_accounts(s, PASSWORD)
    demo_db.sign_in(None)  # as the app starts: nobody signed in
    return demo_db


@pytest.fixture
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append((title, text)))
    return shown


def started(qtbot, db, tmp_path):
    tasks = TaskRunner()
    w = MainWindow(db, tasks, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), today=lambda: TODAY)
    qtbot.addWidget(w)
    w.show()
    w.start()
    return w, tasks


def close(qtbot, w, tasks):
    w.close()
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=10_000)
    tasks.wait_idle()


def sign_in(qtbot, w, name, password):
    qtbot.waitUntil(lambda: w.account.dialog is not None and w.account.dialog.isVisible(), timeout=10_000)
    dialog = w.account.dialog
    dialog.name.setCurrentText(name)
    dialog.password.setText(password)
    dialog.submit()
    return dialog


def test_a_clerk_signs_in_and_cannot_finalise(qtbot, signed_out, tmp_path, warnings_shown):
    w, tasks = started(qtbot, signed_out, tmp_path)
    try:
        assert w.register.model.rowCount() == 0  # nothing of the register before signing in
        dialog = sign_in(qtbot, w, "李婷", "wrong-password")
        qtbot.waitUntil(lambda: "用户名或密码错误" in dialog.message.text(), timeout=10_000)
        assert signed_out.account is None and dialog.isVisible()
        sign_in(qtbot, w, "李婷", PASSWORD)
        qtbot.waitUntil(lambda: w.loaded_once, timeout=10_000)
        assert signed_out.account.name == "李婷" and "李婷（书记员）" in w.user_label.text()
        assert not w.office_action.isVisible() and not w.models_action.isVisible() and w.new_action.isVisible()
        with signed_out.session() as s:
            case_id = find_case_id(s, CASE_NO)
        ws = open_ws(qtbot, w, case_id)
        # the window shows a clerk no 定稿签署 (the office setting does not let clerks finalise) ...
        shown = {a.text() for a in ws.findChildren(QAction) if a.isVisible()}
        assert "定稿签署" not in shown and "导出庭审笔录…" in shown
        # ... and the service refuses it anyway, whoever calls it
        ws.record.finalize_record(confirm=False)
        qtbot.waitUntil(lambda: bool(warnings_shown), timeout=10_000)
        assert "没有权限" in warnings_shown[-1][1] and "书记员" in warnings_shown[-1][1]
        with signed_out.session() as s:
            assert s.scalar(select(RecordSignOff)) is None
        ws.close()
    finally:
        close(qtbot, w, tasks)


def test_an_administrator_sees_the_office_settings_and_the_window_locks_when_idle(qtbot, signed_out, tmp_path):
    w, tasks = started(qtbot, signed_out, tmp_path)
    try:
        sign_in(qtbot, w, "徐主任", PASSWORD)
        qtbot.waitUntil(lambda: w.loaded_once, timeout=10_000)
        assert w.office_action.isVisible() and w.models_action.isVisible()
        assert w.dashboard.backup_label.text() == "尚未备份"  # the dashboard shows the backup's age
        with qtbot.waitSignal(w.account.locked_changed, timeout=10_000):
            w.account.idle.set_timeout(50)  # as if the administrator's idle time had passed
        assert w.account.locked and not w.isVisible()
        unlock = w.account.dialog
        assert not unlock.name.isEnabled() and unlock.name.currentText() == "徐主任"
        unlock.password.setText("wrong-password")
        unlock.submit()
        qtbot.waitUntil(lambda: "用户名或密码错误" in unlock.message.text(), timeout=10_000)
        assert w.account.locked
        unlock.password.setText(PASSWORD)
        with qtbot.waitSignal(w.account.locked_changed, timeout=10_000):
            unlock.submit()
        assert not w.account.locked and w.isVisible()
    finally:
        w.account.idle.set_timeout(0)
        close(qtbot, w, tasks)


def test_first_start_without_accounts_asks_for_an_administrator(qtbot, demo_db, cheap_hashes, tmp_path):
    demo_db.sign_in(None)
    w, tasks = started(qtbot, demo_db, tmp_path)
    try:
        qtbot.waitUntil(lambda: w.account.dialog is not None and w.account.dialog.isVisible(), timeout=10_000)
        dialog = w.account.dialog
        dialog.name.setText("徐主任")
        dialog.password.setText("admin-pass-1")
        dialog.repeat.setText("admin-pass-2")
        dialog.submit()
        assert "不一致" in dialog.message.text()
        dialog.repeat.setText("admin-pass-1")
        dialog.submit()
        qtbot.waitUntil(lambda: w.loaded_once, timeout=10_000)
        assert demo_db.account.name == "徐主任" and w.office_action.isVisible()
    finally:
        close(qtbot, w, tasks)


def test_the_administrator_adds_an_account_and_sets_the_idle_lock(qtbot, demo_db, cheap_hashes, tmp_path):
    with demo_db.session() as s:
        accounts.init_admin(s, "徐主任", PASSWORD)
    demo_db.sign_in(None)
    w, tasks = started(qtbot, demo_db, tmp_path)
    try:
        sign_in(qtbot, w, "徐主任", PASSWORD)
        qtbot.waitUntil(lambda: w.loaded_once and w.accounts_action.isVisible(), timeout=10_000)
        w.accounts_action.trigger()
        dialog = w.accounts_dialog
        qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
        assert dialog.table.rowCount() == 1 and dialog.person.findText("李婷") >= 0
        dialog.person.setCurrentText("李婷")
        dialog.role.setCurrentIndex(dialog.role.findText("书记员"))
        dialog.password.setText("clerk-pass-1")
        dialog.repeat.setText("clerk-pass-1")
        dialog.add_account()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=10_000)
        dialog.idle.setValue(3)
        dialog.save_security()
        qtbot.waitUntil(lambda: "已保存" in dialog.message.text(), timeout=10_000)
        with demo_db.session() as s:
            assert accounts.security_settings(s).idle_lock_minutes == 3
        assert accounts.sign_in(demo_db, "李婷", "clerk-pass-1").role.label == "书记员"
        dialog.close()
    finally:
        close(qtbot, w, tasks)


def test_switching_account_clears_the_register_until_the_next_sign_in(qtbot, signed_out, tmp_path):
    w, tasks = started(qtbot, signed_out, tmp_path)
    try:
        sign_in(qtbot, w, "李婷", PASSWORD)
        qtbot.waitUntil(lambda: w.register.model.rowCount() == 28, timeout=10_000)
        w.user_action.trigger()
        assert w.register.model.rowCount() == 0 and signed_out.account is None and "未登录" in w.user_label.text()
        sign_in(qtbot, w, "赵磊", PASSWORD)
        qtbot.waitUntil(lambda: w.register.model.rowCount() == 28, timeout=10_000)
        assert signed_out.account.name == "赵磊"
    finally:
        close(qtbot, w, tasks)


def test_a_viewer_reads_a_case_with_id_and_phone_numbers_masked(qtbot, signed_out, tmp_path):
    from app.services import office as office_service
    from app.services.access import system_principal
    from app.vocabulary import AccountRole, StaffRole

    with signed_out.as_account(system_principal()).session() as s:
        office_service.add_staff(s, "钱档案", StaffRole.CLERK)
        accounts.add_user(s, "钱档案", AccountRole.VIEWER, PASSWORD)
        case_id = find_case_id(s, CASE_NO)
    w, tasks = started(qtbot, signed_out, tmp_path)
    try:
        sign_in(qtbot, w, "钱档案", PASSWORD)
        qtbot.waitUntil(lambda: w.loaded_once, timeout=10_000)
        assert not w.new_action.isVisible() and not w.office_action.isVisible()
        w.edit_case(case_id)
        qtbot.waitUntil(lambda: getattr(w, "case_dialog", None) is not None and w.case_dialog.isVisible(),
                        timeout=10_000)
        dialog = w.case_dialog
        from PySide6.QtWidgets import QDialogButtonBox

        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isVisible()
        numbers = [v["id_number"] for _, v in dialog.parties.rows() if v["kind"].value == "person"]
        assert numbers and all("********" in n for n in numbers)
        dialog.reject()
    finally:
        close(qtbot, w, tasks)
