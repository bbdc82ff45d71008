"""账户与安全 (issue 12), for the administrator: the accounts, adding one for a person on the
roster, switching one off, and the office's security settings (idle lock, whether the case's
clerk may finalise, the backup folder). Every change goes through app/services/accounts.py,
which checks the administrator's right again."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.models.database import Database
from app.services import accounts
from app.ui.runtime.tasks import DatabaseOps, TaskRunner
from app.vocabulary import AccountRole


class AccountsDialog(QDialog):
    def __init__(self, db: Database, tasks: TaskRunner, parent=None):
        super().__init__(parent)
        self.db, self.tasks = db, tasks
        self.setWindowTitle(self.tr("账户与安全"))
        self.resize(640, 560)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("角色"), self.tr("系统账户"), self.tr("状态")])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.toggle_button = QPushButton(self.tr("停用/启用所选账户"))
        self.toggle_button.clicked.connect(self.toggle_selected)

        self.person = QComboBox()
        self.role = QComboBox()
        for role in AccountRole:
            self.role.addItem(role.label, role)
        self.password, self.repeat, self.os_user = QLineEdit(), QLineEdit(), QLineEdit()
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.os_user.setPlaceholderText(self.tr("可选：绑定后在该系统账户下免密码"))
        self.add_button = QPushButton(self.tr("添加账户"))
        self.add_button.clicked.connect(self.add_account)
        add_box = QGroupBox(self.tr("为名册中的人员添加账户"))
        add_form = QFormLayout(add_box)
        add_form.addRow(self.tr("人员"), self.person)
        add_form.addRow(self.tr("角色"), self.role)
        add_form.addRow(self.tr("密码"), self.password)
        add_form.addRow(self.tr("再输一次"), self.repeat)
        add_form.addRow(self.tr("系统账户"), self.os_user)
        add_form.addRow(self.add_button)

        self.idle = QSpinBox()
        self.idle.setRange(0, 1440)
        self.idle.setSuffix(self.tr(" 分钟（0 为不锁定）"))
        self.clerk_may_finalize = QCheckBox(self.tr("本案书记员也可以定稿签署笔录"))
        self.backup_dir = QLineEdit()
        self.backup_dir.setPlaceholderText(self.tr("例如网络共享文件夹；用 hearingdesk backup 备份到这里"))
        self.save_button = QPushButton(self.tr("保存安全设置"))
        self.save_button.clicked.connect(self.save_security)
        security_box = QGroupBox(self.tr("安全设置"))
        security_form = QFormLayout(security_box)
        security_form.addRow(self.tr("无操作后锁定"), self.idle)
        security_form.addRow(self.clerk_may_finalize)
        security_form.addRow(self.tr("备份文件夹"), self.backup_dir)
        security_form.addRow(self.save_button)

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.toggle_button)
        layout.addLayout(row)
        layout.addWidget(add_box)
        layout.addWidget(security_box)
        layout.addWidget(self.message)
        self.loaded = False
        self.load()

    # -- reading --------------------------------------------------------------------------
    def load(self) -> None:
        DatabaseOps(self.db, self.tasks).run(accounts.accounts_overview, done=self._loaded, failed=self._failed)

    def _loaded(self, result) -> None:
        rows, people, security = result
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, text in enumerate((r.name, r.role.label, r.os_user, self.tr("启用") if r.active else self.tr("停用"))):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.person.clear()
        self.person.addItems(people)
        self.idle.setValue(security.idle_lock_minutes)
        self.clerk_may_finalize.setChecked(security.clerk_may_finalize)
        self.backup_dir.setText(security.backup_dir)
        self.loaded = True

    # -- changes --------------------------------------------------------------------------
    def _run(self, change, done_text: str) -> None:
        """`change(session)`: a use case of app.services.accounts with the values read now."""
        def done(_) -> None:
            self.message.setText(done_text)
            self.load()

        DatabaseOps(self.db, self.tasks).run(change, done=done, failed=self._failed)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(str(exc))

    def add_account(self) -> None:
        name, role = self.person.currentText(), self.role.currentData()
        password, os_user = self.password.text(), self.os_user.text().strip() or None
        if not name:
            self.message.setText(self.tr("名册中的人员都已有账户；请先在办公室设置中添加人员。"))
            return
        if password != self.repeat.text():
            self.message.setText(self.tr("两次输入的密码不一致。"))
            return
        self.password.clear()
        self.repeat.clear()
        self._run(lambda s: accounts.add_user(s, name, role, password, os_user=os_user),
                  self.tr("已添加账户：%1").replace("%1", name))

    def toggle_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        r = self.rows[row]
        self._run(lambda s: accounts.set_active(s, r.name, not r.active),
                  self.tr("已%1账户：%2").replace("%1", self.tr("停用") if r.active else self.tr("启用")).replace("%2", r.name))

    def save_security(self) -> None:
        idle, clerk, folder = self.idle.value(), self.clerk_may_finalize.isChecked(), self.backup_dir.text()
        self._run(lambda s: accounts.save_security(s, idle_lock_minutes=idle, clerk_may_finalize=clerk, backup_dir=folder),
                  self.tr("安全设置已保存（自动锁定在下次登录时生效）。"))
