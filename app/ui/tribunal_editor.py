"""Choosing the tribunal from the roster: three arbitrators with a presiding one, or a
sole arbitrator (调解仲裁法 Art 31; simple procedure 办案规则 Art 56), and the clerk."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QFormLayout, QHBoxLayout, QRadioButton, QWidget

from app.services.forms import SeatForm
from app.services.office import StaffEntry
from app.vocabulary import Seat, StaffRole


class TribunalEditor(QWidget):
    changed = Signal()

    def __init__(self, roster: list[StaffEntry], parent=None):
        super().__init__(parent)
        arbitrators = [s for s in roster if s.role == StaffRole.ARBITRATOR]
        clerks = [s for s in roster if s.role == StaffRole.CLERK]
        self.collegial = QRadioButton(self.tr("合议庭（首席仲裁员 + 两名仲裁员）"))
        self.sole = QRadioButton(self.tr("独任仲裁"))
        group = QButtonGroup(self)
        group.addButton(self.collegial)
        group.addButton(self.sole)
        self.collegial.setChecked(True)
        mode = QHBoxLayout()
        mode.addWidget(self.collegial)
        mode.addWidget(self.sole)
        mode.addStretch(1)

        def combo(people: list[StaffEntry]) -> QComboBox:
            box = QComboBox()
            box.addItem(self.tr("（未指定）"), None)
            for p in people:
                box.addItem(p.name if p.active else f"{p.name}（停用）", p.id)
            box.currentIndexChanged.connect(lambda *_: self.changed.emit())
            return box

        self.presiding = combo(arbitrators)
        self.member1 = combo(arbitrators)
        self.member2 = combo(arbitrators)
        self.sole_arbitrator = combo(arbitrators)
        self.clerk = combo(clerks)
        form = QFormLayout(self)
        form.addRow(self.tr("组庭方式"), mode)
        form.addRow(self.tr("首席仲裁员"), self.presiding)
        form.addRow(self.tr("仲裁员"), self.member1)
        form.addRow(self.tr("仲裁员"), self.member2)
        form.addRow(self.tr("独任仲裁员"), self.sole_arbitrator)
        form.addRow(self.tr("书记员"), self.clerk)
        self._form = form
        self.collegial.toggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self, *_) -> None:
        collegial = self.collegial.isChecked()
        for w in (self.presiding, self.member1, self.member2):
            self._form.setRowVisible(w, collegial)
        self._form.setRowVisible(self.sole_arbitrator, not collegial)
        self.changed.emit()

    def set_seats(self, seats: list[SeatForm]) -> None:
        def pick(box: QComboBox, staff_id) -> None:
            i = box.findData(staff_id)
            box.setCurrentIndex(max(i, 0))

        self._ids = {(s.staff_id, s.seat): s.id for s in seats}
        members = [s.staff_id for s in seats if s.seat == Seat.MEMBER]
        sole = [s.staff_id for s in seats if s.seat == Seat.SOLE]
        self.sole.setChecked(bool(sole))
        self.collegial.setChecked(not sole)
        pick(self.sole_arbitrator, sole[0] if sole else None)
        pick(self.presiding, next((s.staff_id for s in seats if s.seat == Seat.PRESIDING), None))
        pick(self.member1, members[0] if members else None)
        pick(self.member2, members[1] if len(members) > 1 else None)
        pick(self.clerk, next((s.staff_id for s in seats if s.seat == Seat.CLERK), None))

    def seats(self) -> list[SeatForm]:
        picks: list[tuple[QComboBox, Seat]]
        if self.collegial.isChecked():
            picks = [(self.presiding, Seat.PRESIDING), (self.member1, Seat.MEMBER), (self.member2, Seat.MEMBER)]
        else:
            picks = [(self.sole_arbitrator, Seat.SOLE)]
        picks.append((self.clerk, Seat.CLERK))
        ids = getattr(self, "_ids", {})
        return [SeatForm(box.currentData(), seat, ids.get((box.currentData(), seat)))
                for box, seat in picks if box.currentData() is not None]
