"""First start (issue 12): no account exists yet, so the first administrator is created here
(the service refuses once any account exists)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
)

from app.models.database import Database, os_user
from app.services import accounts
from app.services.access import AccessDenied
from app.ui.runtime.tasks import DatabaseOps, TaskRunner


class FirstAdminDialog(QDialog):
    def __init__(self, db: Database, tasks: TaskRunner, parent=None):
        super().__init__(parent)
        self.db, self.tasks = db, tasks
        self.principal = None
        self.setWindowTitle(self.tr("创建管理员账户"))
        self.name = QLineEdit()
        self.password = QLineEdit()
        self.repeat = QLineEdit()
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.bind = QCheckBox(self.tr("绑定当前系统账户“%1”（在本机免输密码）").replace("%1", os_user() or "?"))
        self.bind.setEnabled(bool(os_user()))
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("创建并登录"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出程序"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        intro = QLabel(self.tr("还没有任何账户。请创建第一个管理员账户：管理员负责办公室设置、人员名册、账户和语音模型。"))
        intro.setWordWrap(True)
        form.addRow(intro)
        form.addRow(self.tr("姓名"), self.name)
        form.addRow(self.tr("密码"), self.password)
        form.addRow(self.tr("再输一次"), self.repeat)
        form.addRow(self.bind)
        form.addRow(self.message)
        form.addRow(self.buttons)

    def submit(self) -> None:
        name, password = self.name.text().strip(), self.password.text()
        if password != self.repeat.text():
            self.message.setText(self.tr("两次输入的密码不一致。"))
            return
        bound = os_user() if self.bind.isChecked() else None
        db = self.db
        self.buttons.setEnabled(False)

        def created(_account) -> None:  # then signed in as it (its own unit of work)
            self.tasks.submit(lambda: accounts.sign_in(db, name, password), self._created, self._failed)

        DatabaseOps(db, self.tasks).run(accounts.init_admin, name, password, os_user=bound, done=created,
                                        failed=self._failed)

    def _created(self, principal) -> None:
        self.principal = principal
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.message.setText(str(exc) if isinstance(exc, (AccessDenied, ValueError)) else
                             self.tr("无法创建：%1").replace("%1", str(exc)))
