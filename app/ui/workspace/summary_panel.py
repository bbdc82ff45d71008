"""Live summaries to read out (undisputed facts, disputed points), the calculators fed by
the element values, and the final-award flags of the claims.

试算: the tribunal can try other inputs ("what if the wage is 7,600?") in the calculator box;
the trial is computed beside the element values' results and never touches the element table
(nothing is saved, 记录计算结果 records only the element values' results). Each result says
which way it differs from the claim (计算结果高于请求 / 低于请求)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.services.elements import (
    INPUT_LABELS,
    NEEDS,
    CalculatorView,
    FinalAwardFlag,
    calculate_values,
    trial_values,
)

OPTIONAL_INPUTS = {
    "severance": ("end",), "unlawful_termination_damages": ("end",), "double_wage": ("signed", "end"),
    "overtime_pay": ("workday_hours", "restday_hours", "holiday_hours"), "annual_leave_pay": (),
    "non_compete_monthly": ("end",),
}
INPUT_ORDER = ("monthly_wage", "avg_monthly_wage", "start", "end", "signed", "workday_hours", "restday_hours",
               "holiday_hours", "unused_days", "cumulative_years")


def describe(views: list[CalculatorView]) -> list[str]:
    parts = []
    for v in views:
        head = f"【{v.title}】" + (f"{v.amount:,.2f} 元" if v.amount is not None else "—")
        if v.claimed is not None:
            head += f"；请求 {v.claimed:,.2f} 元"
            if v.direction:
                head += f"（{v.direction}）"
        parts.append(head + "\n" + v.basis + "".join(f"\n参数：{p}" for p in v.params.values()))
    return parts


class SummaryPanel(QWidget):
    record_requested = Signal()

    def __init__(self, parent=None, *, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.today = today
        self.views: list[CalculatorView] = []
        self.flags: list[FinalAwardFlag] = []
        self.trial_views: list[CalculatorView] = []
        self.params = None  # the local figures with the office's confirmations (from the snapshot)
        self.undisputed = QTextBrowser()
        self.disputed = QTextBrowser()
        self.calculations = QTextBrowser()
        self.record_button = QPushButton(self.tr("记录计算结果"))
        self.record_button.clicked.connect(self.record_requested)
        self.trial_button = QPushButton(self.tr("试算…"))
        self.trial_button.setCheckable(True)
        self.trial_button.setToolTip(self.tr("换一组数值试算，不改变要素表"))
        self.trial_button.toggled.connect(self._trial_toggled)
        self.trial_box = QGroupBox(self.tr("试算（不改变要素表）"))
        self.trial_form = QGridLayout(self.trial_box)
        self.trial_form.setContentsMargins(6, 2, 6, 2)
        self.trial_form.setVerticalSpacing(1)
        self.trial_fields: dict[str, QLineEdit] = {}
        self.trial_problem = QLabel()
        self.trial_problem.setStyleSheet("color: #a00000;")
        self.trial_problem.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("恢复要素值"))
        self.reset_button.clicked.connect(self.reset_trial)
        self.trial_box.setVisible(False)
        layout = QVBoxLayout(self)
        # protections the element values call for (三期, 农民工, retirement age, pension drawn)
        self.alerts = QLabel()
        self.alerts.setObjectName("elementAlerts")
        self.alerts.setWordWrap(True)
        self.alerts.setStyleSheet("color: #8a1c00; background: #fff4e5; border: 1px solid #f0b070; padding: 4px;")
        self.alerts.setVisible(False)
        layout.addWidget(self.alerts)
        self.summary_boxes = []
        for title, widget in ((self.tr("无争议事实"), self.undisputed), (self.tr("争议焦点"), self.disputed)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            layout.addWidget(box, 2)
            self.summary_boxes.append(box)
        calc_box = QGroupBox(self.tr("计算器（数据取自要素）"))
        calc_layout = QVBoxLayout(calc_box)
        calc_layout.addWidget(self.calculations)
        calc_layout.addWidget(self.trial_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.trial_button)
        calc_layout.addLayout(buttons)
        layout.addWidget(calc_box, 3)

    def set_summaries(self, undisputed: list[str], disputed: list[str]) -> None:
        self.undisputed.setPlainText("\n".join(f"{i}. {t}" for i, t in enumerate(undisputed, 1)) or self.tr("（暂无）"))
        self.disputed.setPlainText("\n".join(f"{i}. {t}" for i, t in enumerate(disputed, 1)) or self.tr("（暂无）"))

    def set_alerts(self, alerts: list[str]) -> None:
        self.alerts.setText("\n".join(f"⚠ {a}" for a in alerts))
        self.alerts.setVisible(bool(alerts))

    def set_calculations(self, views: list[CalculatorView], flags: list[FinalAwardFlag]) -> None:
        self.views, self.flags = views, flags
        self._build_trial_fields()
        self.record_button.setEnabled(any(v.amount is not None for v in views))
        self.trial_button.setEnabled(bool(views))
        self._render()

    # -- trial ---------------------------------------------------------------------------
    def _inputs_needed(self) -> list[str]:
        keys = set()
        for v in self.views:
            keys.update(NEEDS.get(v.calculator, NEEDS["severance"]))
            keys.update(OPTIONAL_INPUTS.get(v.calculator, ()))
        return [k for k in INPUT_ORDER if k in keys]

    def _build_trial_fields(self) -> None:
        keys = self._inputs_needed()
        if keys != list(self.trial_fields):
            while self.trial_form.count():
                item = self.trial_form.takeAt(0)
                widget = item.widget()
                if widget is not None and widget not in (self.trial_problem, self.reset_button):
                    widget.deleteLater()
            self.trial_fields = {}
            for i, key in enumerate(keys):
                field = QLineEdit()
                field.setObjectName(f"trial_{key}")
                field.textEdited.connect(self._recalculate)
                self.trial_form.addWidget(QLabel(INPUT_LABELS.get(key, key)), i, 0)
                self.trial_form.addWidget(field, i, 1)
                self.trial_fields[key] = field
            self.trial_form.addWidget(self.trial_problem, len(keys), 0, 1, 2)
            self.trial_form.addWidget(self.reset_button, len(keys) + 1, 0, 1, 2)
        if self.trial_button.isChecked():
            self._recalculate()  # the element values moved on; the trial keeps its own inputs
        else:
            self.reset_trial()

    def element_inputs(self) -> dict[str, str]:
        """The element table's values of the inputs (what the calculators used)."""
        found: dict[str, str] = {}
        for v in self.views:
            found.update(v.inputs)
        return found

    def reset_trial(self) -> None:
        values = self.element_inputs()
        for key, field in self.trial_fields.items():
            field.setText(values.get(key, ""))
        self._recalculate()

    def _trial_toggled(self, on: bool) -> None:
        self.trial_box.setVisible(on)
        for box in self.summary_boxes:  # the calculator takes the column while trying
            box.setVisible(not on)
        if on:
            self.reset_trial()
            first = next(iter(self.trial_fields.values()), None)
            if first is not None:
                first.setFocus()
                first.selectAll()
        else:
            self.trial_views = []
            self._render()

    def _recalculate(self, *_) -> None:
        if not self.trial_button.isChecked():
            return
        values, problems = trial_values({k: f.text() for k, f in self.trial_fields.items()})
        self.trial_problem.setText("\n".join(problems.values()))
        self.trial_problem.setVisible(bool(problems))
        keys = list(dict.fromkeys(v.type_key for v in self.views if v.type_key))
        claimed = {v.type_key: v.claimed for v in self.views if v.claimed is not None}
        self.trial_views = calculate_values(keys, values, claimed, today=self.today(),
                                            params=self.params) if not problems else []
        self._render()

    def trial_changed_inputs(self) -> dict[str, tuple[str, str]]:
        """Inputs the trial changed: key -> (element value, trial value)."""
        base = self.element_inputs()
        return {k: (base.get(k, ""), f.text()) for k, f in self.trial_fields.items() if f.text() != base.get(k, "")}

    def _render(self) -> None:
        parts = describe(self.views)
        text = "\n\n".join(parts) or self.tr("本案案由没有对应的计算器。")
        if self.trial_button.isChecked() and self.trial_views:
            changed = self.trial_changed_inputs()
            said = "；".join(f"{INPUT_LABELS.get(k, k)} {old or '（空）'} → {new or '（空）'}" for k, (old, new) in changed.items())
            text = ("══ 试算（不改变要素表）══\n" + (said or "与要素值相同") + "\n\n" + "\n\n".join(describe(self.trial_views))
                    + "\n\n══ 按要素表计算 ══\n" + text)
        if self.flags:
            text += "\n\n【一裁终局】\n" + "\n".join(("★ " if f.final else "· ") + f"{f.claim_text}：{f.basis}"
                                                    for f in self.flags)
        self.calculations.setPlainText(text)
