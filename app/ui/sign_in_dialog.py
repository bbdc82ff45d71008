"""Signing in (issue 12): name and password, checked off the UI thread; a wrong one says only
that the name or password was wrong. The same dialog unlocks an idle-locked window (the name
is then fixed)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from app.models.database import Database
from app.services import accounts
from app.services.access import AccessDenied
from app.ui.runtime.tasks import TaskRunner


class SignInDialog(QDialog):
    def __init__(self, db: Database, tasks: TaskRunner, names: list[str], *, fixed_name: str = "", parent=None):
        super().__init__(parent)
        self.db, self.tasks = db, tasks
        self.principal = None
        self.setWindowTitle(self.tr("解锁") if fixed_name else self.tr("登录庭审助手"))
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(names)
        if fixed_name:
            self.name.setCurrentText(fixed_name)
            self.name.setEnabled(False)
        else:
            self.name.setCurrentIndex(-1)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("解锁") if fixed_name else self.tr("登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出程序"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if fixed_name:
            form.addRow(QLabel(self.tr("窗口已因长时间未操作而锁定，请输入密码解锁。")))
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.message)
        form.addRow(self.buttons)
        (self.password if fixed_name else self.name).setFocus()

    def submit(self) -> None:
        name, password = self.name.currentText().strip(), self.password.text()
        if not name or not password:
            self.message.setText(self.tr("请输入姓名和密码。"))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在验证……"))
        db = self.db
        self.tasks.submit(lambda: accounts.sign_in(db, name, password), self._signed_in, self._failed)

    def _signed_in(self, principal) -> None:
        self.principal = principal
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.message.setText(str(exc) if isinstance(exc, AccessDenied) else self.tr("无法登录：%1").replace("%1", str(exc)))
