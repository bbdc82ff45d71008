"""Office settings: commission name, case-number pattern, deadline options, hearing rooms
and the staff roster. Built from plain data; the window saves it in the background."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.rules.case_numbers import CaseNumberError, check_pattern
from app.services.office import OfficeSettings, RoomEntry, StaffEntry
from app.ui.choice_combo import ChoiceCombo
from app.ui.figures_tab import FiguresTab
from app.vocabulary import StaffRole


@dataclass
class OfficeChanges:
    settings: OfficeSettings
    new_staff: list[tuple[str, StaffRole]] = field(default_factory=list)
    new_rooms: list[str] = field(default_factory=list)


class OfficeDialog(QDialog):
    def __init__(self, settings: OfficeSettings, roster: list[StaffEntry], rooms: list[RoomEntry], parent=None,
                 *, ops=None):
        """`ops` (DatabaseOps): the tab “地方标准数值”, which loads and confirms on its own."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("办公室设置"))
        self._settings = settings
        self.commission = QLineEdit(settings.commission_name)
        self.pattern = QLineEdit(settings.case_no_pattern)
        self.pattern.setToolTip(self.tr("{year} 为年份，{seq} 为序号，例如：青劳人仲({year})办字第{seq}号"))
        self.example = QLabel()
        self.roll = QCheckBox(self.tr("审限最后一日为节假日时顺延至下一工作日（办案规则第十九条）"))
        self.roll.setChecked(settings.roll_deadline_to_workday)
        self.mask_ids = QCheckBox(self.tr("庭审笔录中的身份证号部分隐去"))
        self.mask_ids.setChecked(settings.mask_id_numbers)
        self.fast_days = QSpinBox(minimum=1, maximum=60, value=settings.fast_track_working_days)
        self.warn_days = QSpinBox(minimum=0, maximum=45, value=settings.warn_days)
        self.urgent_days = QSpinBox(minimum=0, maximum=45, value=settings.urgent_days)

        self.staff_list = QListWidget()
        for s in roster:
            self.staff_list.addItem(f"{s.name}（{s.role.label}）" + ("" if s.active else "（停用）"))
        self.staff_name = QLineEdit(placeholderText=self.tr("姓名"))
        self.staff_role = ChoiceCombo([(r.label, r) for r in StaffRole])
        add_staff = QPushButton(self.tr("添加人员"))
        add_staff.clicked.connect(self._add_staff)
        self.room_list = QListWidget()
        for r in rooms:
            self.room_list.addItem(r.name)
        self.room_name = QLineEdit(placeholderText=self.tr("庭室名称"))
        add_room = QPushButton(self.tr("添加庭室"))
        add_room.clicked.connect(self._add_room)
        self.new_staff: list[tuple[str, StaffRole]] = []
        self.new_rooms: list[str] = []

        form = QFormLayout()
        form.addRow(self.tr("仲裁委员会名称"), self.commission)
        form.addRow(self.tr("案号模板"), self.pattern)
        form.addRow("", self.example)
        form.addRow(self.roll)
        form.addRow(self.mask_ids)
        form.addRow(self.tr("速裁目标（工作日）"), self.fast_days)
        form.addRow(self.tr("预警天数"), self.warn_days)
        form.addRow(self.tr("紧急天数"), self.urgent_days)
        staff_row = QHBoxLayout()
        staff_row.addWidget(self.staff_name)
        staff_row.addWidget(self.staff_role)
        staff_row.addWidget(add_staff)
        room_row = QHBoxLayout()
        room_row.addWidget(self.room_name)
        room_row.addWidget(add_room)
        lists = QHBoxLayout()
        for title, lst, row in ((self.tr("人员名册"), self.staff_list, staff_row), (self.tr("庭室"), self.room_list, room_row)):
            col = QVBoxLayout()
            col.addWidget(QLabel(title))
            col.addWidget(lst)
            col.addLayout(row)
            holder = QWidget()
            holder.setLayout(col)
            lists.addWidget(holder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        office_page = QWidget()
        page = QVBoxLayout(office_page)
        page.addLayout(form)
        page.addLayout(lists)
        self.tabs = QTabWidget()
        self.tabs.addTab(office_page, self.tr("办公室"))
        self.figures: FiguresTab | None = None
        if ops is not None:
            self.figures = FiguresTab(ops)
            self.tabs.addTab(self.figures, self.tr("地方标准数值"))
            self.figures.load()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        for w in (self.commission, self.pattern):
            w.textChanged.connect(self._check)
        for w in (self.warn_days, self.urgent_days):
            w.valueChanged.connect(self._check)
        self._check()

    def _check(self, *_) -> None:
        problem = ""
        try:
            check_pattern(self.pattern.text())
            self.example.setText(self.tr("示例：") + self.pattern.text().format(year=2025, seq=123))
        except CaseNumberError as exc:
            problem = str(exc)
        except (KeyError, IndexError, ValueError):
            problem = self.tr("案号模板只能使用 {year} 和 {seq}")
        if not self.commission.text().strip():
            problem = self.tr("仲裁委员会名称不能为空")
        if self.urgent_days.value() > self.warn_days.value():
            problem = self.tr("紧急天数须不大于预警天数")
        if problem:
            self.example.setText(problem)
            self.example.setStyleSheet("color: #a00000;")
        else:
            self.example.setStyleSheet("")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def _add_staff(self) -> None:
        name = self.staff_name.text().strip()
        if name:
            role = self.staff_role.value()
            self.new_staff.append((name, role))
            self.staff_list.addItem(f"{name}（{role.label}）")
            self.staff_name.clear()

    def _add_room(self) -> None:
        name = self.room_name.text().strip()
        if name:
            self.new_rooms.append(name)
            self.room_list.addItem(name)
            self.room_name.clear()

    def changes(self) -> OfficeChanges:
        s = OfficeSettings(self.commission.text().strip(), self.pattern.text().strip(), self.roll.isChecked(),
                           self.fast_days.value(), self.warn_days.value(), self.urgent_days.value(),
                           self._settings.version, self.mask_ids.isChecked())
        return OfficeChanges(s, list(self.new_staff), list(self.new_rooms))
