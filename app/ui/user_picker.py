"""Who is using this copy of the app: picked from the roster at first start; the audit
trail records this name beside the OS account."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from app.services.office import StaffEntry


class UserPicker(QDialog):
    def __init__(self, roster: list[StaffEntry], current: str = "", os_user: str = "", parent=None, *,
                 required: bool = False):
        """`required` (first start): no 取消, and Esc or the close box do not leave the app
        without a user, unless the roster is empty and nobody can be chosen."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("选择当前使用人"))
        self.people = QComboBox()
        for s in roster:
            if s.active:
                self.people.addItem(f"{s.name}（{s.role.label}）", s.name)
        i = self.people.findData(current)
        if i >= 0:
            self.people.setCurrentIndex(i)
        hint = QLabel(self.tr("所有修改都会以此人的名义记入操作日志（系统账户：%1）。").replace("%1", os_user or "未知"))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.people.count() > 0)
        form = QFormLayout(self)
        form.addRow(self.tr("我是"), self.people)
        form.addRow(hint)
        if self.people.count() == 0:
            form.addRow(QLabel(self.tr("人员名册为空：请先在“办公室设置”中添加人员。")))
        self.required = required and self.people.count() > 0
        if self.required:
            buttons.button(QDialogButtonBox.StandardButton.Cancel).setVisible(False)
            self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        form.addRow(buttons)

    def reject(self) -> None:
        if self.required:
            return  # Esc / the close box: a name is needed before anything is recorded
        super().reject()

    def chosen(self) -> str:
        return self.people.currentData() or ""
