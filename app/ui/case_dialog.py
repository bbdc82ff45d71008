"""Create or edit a case: basic data, parties, agents, claims, tribunal, hearings and
time-limit events. Checks run as the user types; OK stays disabled while a problem is left.
The dialog only builds a CaseForm; saving happens in the background (see MainWindow)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.hearing.case_types import CaseType
from app.rules.calendar import HolidayCalendar
from app.rules.compensation import FINAL_AWARD_CATEGORIES
from app.rules.deadlines import PeriodEvent, deadline_from_events
from app.services.forms import (
    AgentForm,
    CaseForm,
    ClaimForm,
    EventForm,
    HearingForm,
    PartyForm,
    Problem,
)
from app.services.office import RoomEntry, StaffEntry
from app.services.parsing import (
    InputError,
    format_date,
    format_datetime,
    format_money,
    parse_date,
    parse_datetime,
    parse_int,
    parse_money,
)
from app.services.validation import limitation_note, service_note, validate_case
from app.ui.choice_combo import ChoiceCombo
from app.ui.date_field import DateField
from app.ui.rows_editor import Column, RowsEditor
from app.ui.tribunal_editor import TribunalEditor
from app.vocabulary import (
    AgentAuthority,
    CaseStatus,
    ClosingWay,
    PartyKind,
    PartySide,
    Procedure,
    RestartReason,
    TimeLimitKind,
)


def enum_choices(enum_cls, *, blank: str | None = None):
    items = [(m.label, m) for m in enum_cls]
    return ([(blank, None)] if blank is not None else []) + items


@dataclass
class DialogChoices:
    case_types: list[CaseType]
    roster: list[StaffEntry]
    rooms: list[RoomEntry]
    calendar: HolidayCalendar | None = None  # set when the office rolls deadlines to workdays


class CaseDialog(QDialog):
    """Emits `save_requested(CaseForm)` on 保存; the owner saves and then calls accept(),
    or shows why not and leaves the dialog open so nothing typed is lost."""

    save_requested = Signal(object)

    def __init__(self, form: CaseForm, choices: DialogChoices, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("新建案件") if form.id is None else self.tr("编辑案件 %1").replace("%1", form.case_no))
        self.resize(1000, 640)
        self._original = form
        self.choices = choices
        self.tabs = QTabWidget()
        self.tabs.addTab(self._basic_tab(), self.tr("基本信息"))
        self.parties = RowsEditor([
            Column("side", "身份", "combo", enum_choices(PartySide), 90),
            Column("kind", "类型", "combo", enum_choices(PartyKind), 90),
            Column("name", "姓名/名称", width=200),
            Column("id_number", "身份证号/信用代码", width=170),
            Column("legal_representative", "法定代表人", width=90),
            Column("legal_representative_title", "职务", width=80),
            Column("sex", "性别", "combo", [("", ""), ("男", "男"), ("女", "女")], 50),
            Column("birth_date", "出生日期", width=100),
            Column("phone", "电话", width=110),
            Column("address", "住所", width=200),
        ], add_text=self.tr("添加当事人"))
        self.agents = RowsEditor([
            Column("party_index", "被代理人", "combo", self._party_choices, 200),
            Column("name", "代理人姓名", width=100),
            Column("authority", "代理权限", "combo", enum_choices(AgentAuthority), 90),
            Column("occupation", "身份/单位", width=200),
            Column("phone", "电话", width=110),
        ], add_text=self.tr("添加代理人"))
        self.claims = RowsEditor([
            Column("kind", "请求类别", "combo", [(t.name, t.key) for t in choices.case_types], 220),
            Column("amount", "金额（元）", width=110),
            Column("text", "请求内容", width=400),
            Column("category", "一裁终局类别", "combo",
                   [("按案由", "")] + [(v, k) for k, v in FINAL_AWARD_CATEGORIES.items()], 120),
            Column("preliminary_enforcement", "先予执行", "check", width=70),
        ], add_text=self.tr("添加仲裁请求"))
        self.tribunal = TribunalEditor(choices.roster)
        self.hearings = RowsEditor([
            Column("session_no", "次数", width=50),
            Column("scheduled_at", "开庭时间", "datetime", width=140),
            Column("room_id", "庭室", "combo", [("", None)] + [(r.name, r.id) for r in choices.rooms], 110),
            Column("public", "公开", "check", width=50),
            Column("started_at", "实际开始", "datetime", width=140),
            Column("ended_at", "实际结束", "datetime", width=140),
        ], add_text=self.tr("安排开庭"))
        self.events = RowsEditor([
            Column("kind", "事项", "combo", enum_choices(TimeLimitKind), 110),
            Column("starts_on", "日期/开始", "date", width=130),
            Column("ends_on", "结束（含）", "date", width=130),
            Column("days", "延期天数", width=70),
            Column("approver", "批准人", width=80),
            Column("restart_reason", "重新计算事由", "combo", enum_choices(RestartReason, blank=""), 150),
            Column("note", "说明", width=200),
        ], add_text=self.tr("添加期限事件"))
        for editor, title in ((self.parties, "当事人"), (self.agents, "代理人"), (self.claims, "仲裁请求"),
                              (self.tribunal, "仲裁庭"), (self.hearings, "开庭"), (self.events, "审限事件")):
            self.tabs.addTab(editor, self.tr(title))
            editor.changed.connect(self.revalidate)
        self.parties.changed.connect(lambda: self.agents.refresh_choices("party_index"))

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #a00000;")
        self.deadline_label = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip(self.tr("保存（Ctrl+S）"))
        for button in self.buttons.buttons():
            button.setAutoDefault(False)  # Enter moves between fields; it never saves by accident
        self.buttons.accepted.connect(self._request_save)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self._request_save)
        self.discard_box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.deadline_label)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self._load(form)
        self.revalidate()
        self._as_loaded = self._snapshot()

    # -- basic tab -------------------------------------------------------------------
    def _basic_tab(self) -> QWidget:
        page = QWidget()
        self.case_no = QLineEdit(placeholderText=self.tr("留空则按本委案号模板自动编号"))
        self.case_types = QListWidget()
        for t in self.choices.case_types:
            item = QListWidgetItem(t.name)
            item.setData(Qt.ItemDataRole.UserRole, t.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.case_types.addItem(item)
        self.case_types.setMaximumHeight(150)
        self.applied_on = DateField(what=self.tr("申请日期"))
        self.accepted_on = DateField(what=self.tr("受理日期"))
        self.closed_on = DateField(what=self.tr("结案日期"))
        self.right_known_on = DateField(what=self.tr("知道权利被侵害之日"))
        self.procedure = self._combo(enum_choices(Procedure))
        self.status = self._combo(enum_choices(CaseStatus))
        self.closing_way = self._combo(enum_choices(ClosingWay, blank=""))
        self.women_priority = QCheckBox(self.tr("女职工维权优先"))
        self.new_employment_form = QCheckBox(self.tr("新就业形态劳动者"))
        self.cross_region = QCheckBox(self.tr("跨区域协作"))
        flags = QHBoxLayout()
        for box in (self.women_priority, self.new_employment_form, self.cross_region):
            flags.addWidget(box)
        flags.addStretch(1)
        self.note = QPlainTextEdit()
        self.note.setMaximumHeight(70)
        form = QFormLayout(page)
        form.addRow(self.tr("案号"), self.case_no)
        form.addRow(self.tr("案由（可多选）"), self.case_types)
        form.addRow(self.tr("申请日期"), self.applied_on)
        form.addRow(self.tr("受理日期"), self.accepted_on)
        form.addRow(self.tr("知道权利被侵害之日"), self.right_known_on)
        form.addRow(self.tr("程序"), self.procedure)
        form.addRow(self.tr("状态"), self.status)
        form.addRow(self.tr("结案方式"), self.closing_way)
        form.addRow(self.tr("结案日期"), self.closed_on)
        form.addRow(self.tr("标记"), flags)
        form.addRow(self.tr("备注"), self.note)
        self.case_no.textChanged.connect(self.revalidate)
        self.case_types.itemChanged.connect(self.revalidate)
        for w in (self.applied_on, self.accepted_on, self.closed_on, self.right_known_on):
            w.changed.connect(self.revalidate)
        for w in (self.women_priority, self.new_employment_form, self.cross_region):
            w.toggled.connect(self.revalidate)
        self.note.textChanged.connect(self.revalidate)
        return page

    def _combo(self, choices) -> ChoiceCombo:
        box = ChoiceCombo(choices)
        box.currentIndexChanged.connect(self.revalidate)
        return box

    def _party_choices(self):
        out = []
        for i, (_id, values) in enumerate(self.parties.rows()):
            side = values.get("side")
            out.append((f"{side.label if side else ''} {values.get('name') or '（未命名）'}", i))
        return out

    # -- form <-> widgets --------------------------------------------------------------
    def _load(self, f: CaseForm) -> None:
        for w in self.findChildren(QWidget):
            w.blockSignals(True)
        self.case_no.setText(f.case_no)
        for i in range(self.case_types.count()):
            item = self.case_types.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in f.case_types
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.applied_on.set_value(f.applied_on)
        self.accepted_on.set_value(f.accepted_on)
        self.closed_on.set_value(f.closed_on)
        self.right_known_on.set_value(f.right_known_on)
        for box, value in ((self.procedure, f.procedure), (self.status, f.status), (self.closing_way, f.closing_way)):
            box.set_value(value)
        self.women_priority.setChecked(f.women_priority)
        self.new_employment_form.setChecked(f.new_employment_form)
        self.cross_region.setChecked(f.cross_region)
        self.note.setPlainText(f.note)
        for w in self.findChildren(QWidget):
            w.blockSignals(False)
        for p in f.parties:
            self.parties.add_row({**vars(p), "birth_date": format_date(p.birth_date)}, p.id)
        self.agents.refresh_choices("party_index")
        for a in f.agents:
            self.agents.add_row(vars(a), a.id)
        for c in f.claims:
            self.claims.add_row({**vars(c), "amount": format_money(c.amount)}, c.id)
        self.tribunal.set_seats(f.seats)
        for h in f.hearings:
            self.hearings.add_row({**vars(h), "scheduled_at": format_datetime(h.scheduled_at),
                                   "started_at": format_datetime(h.started_at),
                                   "ended_at": format_datetime(h.ended_at)}, h.id)
        for e in f.events:
            self.events.add_row({**vars(e), "starts_on": format_date(e.starts_on), "ends_on": format_date(e.ends_on),
                                 "days": "" if e.days is None else e.days}, e.id)

    def form(self) -> tuple[CaseForm, list[Problem]]:
        """The form as typed, and the input errors met while reading it."""
        problems: list[Problem] = []

        def read(parse, text, what, where):
            try:
                return parse(text, what)
            except InputError as exc:
                problems.append(Problem(where, str(exc)))
                return None

        f = CaseForm(
            id=self._original.id, version=self._original.version, case_no=self.case_no.text(),
            case_types=[self.case_types.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.case_types.count())
                        if self.case_types.item(i).checkState() == Qt.CheckState.Checked],
            applied_on=read(parse_date, self.applied_on.text(), self.tr("申请日期"), "applied_on"),
            accepted_on=read(parse_date, self.accepted_on.text(), self.tr("受理日期"), "accepted_on"),
            closed_on=read(parse_date, self.closed_on.text(), self.tr("结案日期"), "closed_on"),
            procedure=self.procedure.value(), status=self.status.value(),
            closing_way=self.closing_way.value(), women_priority=self.women_priority.isChecked(),
            new_employment_form=self.new_employment_form.isChecked(), cross_region=self.cross_region.isChecked(),
            note=self.note.toPlainText(), right_known_on=self.right_known_on.value(),
        )
        f.parties = [PartyForm(v["side"], v["kind"], v["name"], v["id_number"], v["legal_representative"],
                               v["address"], v["phone"], rid, v["sex"] or "",
                               read(parse_date, v["birth_date"], "出生日期", f"parties[{i}].birth_date"),
                               v["legal_representative_title"])
                     for i, (rid, v) in enumerate(self.parties.rows())]
        f.agents = [AgentForm(v["party_index"] if v["party_index"] is not None else -1, v["name"], v["authority"],
                              v["occupation"], v["phone"], rid) for rid, v in self.agents.rows()]
        for i, (rid, v) in enumerate(self.claims.rows()):
            amount = read(parse_money, v["amount"], f"第 {i + 1} 项请求的金额", f"claims[{i}].amount")
            f.claims.append(ClaimForm(v["kind"], amount, v["text"], rid, v["category"] or "",
                                      bool(v["preliminary_enforcement"])))
        f.seats = self.tribunal.seats()
        for i, (rid, v) in enumerate(self.hearings.rows()):
            f.hearings.append(HearingForm(
                read(parse_int, v["session_no"], "开庭次数", f"hearings[{i}].session_no") or 1,
                read(parse_datetime, v["scheduled_at"], "开庭时间", f"hearings[{i}].scheduled_at"),
                v["room_id"], v["public"],
                read(parse_datetime, v["started_at"], "实际开始时间", f"hearings[{i}].started_at"),
                read(parse_datetime, v["ended_at"], "实际结束时间", f"hearings[{i}].ended_at"), rid))
        for i, (rid, v) in enumerate(self.events.rows()):
            f.events.append(EventForm(
                v["kind"], read(parse_date, v["starts_on"], "期限事件日期", f"events[{i}].starts_on"),
                read(parse_date, v["ends_on"], "期限事件结束日期", f"events[{i}].ends_on"),
                read(parse_int, v["days"], "延期天数", f"events[{i}].days"),
                v["approver"], v["restart_reason"], v["note"], rid))
        return f, problems

    # -- never lose typing to a slip: Enter moves on, Esc/取消/close box ask ---------------
    def _snapshot(self):
        form, problems = self.form()
        return form, [p.message for p in problems]

    def has_changes(self) -> bool:
        return self._snapshot() != self._as_loaded

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() and not isinstance(self.focusWidget(), (QAbstractButton, QPlainTextEdit)):
            self.focusNextChild()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc, 取消 and the close box all come here: ask before throwing typed input away."""
        if not self.has_changes():
            super().reject()
            return
        if self.discard_box is not None and self.discard_box.isVisible():
            return
        if self.discard_box is None:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("放弃修改？"),
                              self.tr("案件信息已修改但尚未保存。\n放弃这些修改并关闭？"), parent=self)
            discard = box.addButton(self.tr("放弃修改"), QMessageBox.ButtonRole.DestructiveRole)
            keep = box.addButton(self.tr("继续编辑"), QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(keep)
            box.setEscapeButton(keep)
            box.buttonClicked.connect(lambda b: self.discard() if b is discard else None)
            self.discard_box = box
        self.discard_box.open()

    def discard(self) -> None:
        """Close without saving (after the user said so)."""
        super().reject()

    def _request_save(self) -> None:
        if not self.buttons.isEnabled() or self.revalidate():
            return
        form, _ = self.form()
        self.set_busy(True)
        self.save_requested.emit(form)

    def set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)

    def revalidate(self, *_) -> list[Problem]:
        form, problems = self.form()
        problems += validate_case(form)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not problems)
        self.problems.setText("\n".join(f"• {p.message}" for p in problems[:6])
                              + (f"\n……另有 {len(problems) - 6} 项" if len(problems) > 6 else ""))
        # the deadline shows as soon as the dates that decide it read well, whatever else is missing
        dates_ok = not any(p.field == "accepted_on" or p.field.startswith("events") for p in problems)
        text = self._deadline_text(form) if dates_ok else ""
        notes = (limitation_note(form), service_note(form)) if not problems else ()
        self.deadline_label.setText("\n".join(t for t in (text, *notes) if t))
        return problems

    def _deadline_text(self, form: CaseForm) -> str:
        if form.accepted_on is None or form.status == CaseStatus.CLOSED:
            return ""
        events = [PeriodEvent(e.kind.value, e.starts_on, e.ends_on, e.days,
                              e.restart_reason.value if e.restart_reason else None) for e in form.events if e.starts_on]
        d = deadline_from_events(form.accepted_on, events, today=date.today(), calendar=self.choices.calendar)
        text = self.tr("审限届满：%1（调解仲裁法第四十三条").replace("%1", d.deadline.isoformat())
        if d.extension_days:
            text += self.tr("，含延期 %1 日").replace("%1", str(d.extension_days))
        return text + ("，节假日顺延）" if self.choices.calendar else "）")
