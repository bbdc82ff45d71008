"""A case's element table on both backends: union of templates, kept entries when case
types change, summaries, calculators from element values, final-award flags."""

from datetime import date
from decimal import Decimal

import pytest

from app.hearing.procedure import fill_script, procedure_steps
from app.models import Calculation
from app.models.database import ConflictError
from app.services import office as office_service
from app.services.cases import load_case_form, save_case
from app.services.demo import seed_office
from app.services.elements import (
    ElementRow,
    calculate,
    claimed_by_type,
    element_alerts,
    final_award_flags,
    open_element_table,
    record_calculation,
    save_element,
    summaries,
)
from app.services.forms import ClaimForm, SeatForm
from app.services.hearing_context import hearing_context
from app.vocabulary import ElementStatus, Seat, StaffRole
from tests.services.test_cases import make_form


@pytest.fixture
def case_id(db):
    with db.session() as s:
        seed_office(s)
        staff = office_service.roster(s)
        arb = [x.id for x in staff if x.role == StaffRole.ARBITRATOR]
        clerk = next(x.id for x in staff if x.role == StaffRole.CLERK)
        form = make_form(seats=[SeatForm(arb[0], Seat.PRESIDING), SeatForm(arb[1], Seat.MEMBER),
                                SeatForm(arb[2], Seat.MEMBER), SeatForm(clerk, Seat.CLERK)])
        form.claims = [ClaimForm("overtime", Decimal("2900.00"), "支付加班费"),
                       ClaimForm("severance", Decimal("45000.00"), "支付经济补偿")]
        return save_case(s, form)


def fill(db, case_id, values: dict[str, tuple[str, ElementStatus]]):
    with db.session() as s:
        rows = open_element_table(s, case_id)
    by_key = {r.key: r for r in rows}
    with db.session() as s:
        for key, (text, status) in values.items():
            row = by_key[key]
            row.applicant_position = text
            row.status = status
            if status == ElementStatus.DISPUTED:
                row.respondent_position = "不认可"
            save_element(s, row)


def test_table_is_made_once_in_hearing_order(db, case_id):
    with db.session() as s:
        first = open_element_table(s, case_id)
    with db.session() as s:
        second = open_element_table(s, case_id)
    assert [r.id for r in first] == [r.id for r in second]
    keys = [r.key for r in first]
    assert keys[0] == "applicant_qualification" and "overtime_workday_hours" in keys and "termination_reason" in keys


def test_changing_case_types_keeps_what_was_entered(db, case_id):
    fill(db, case_id, {"overtime_workday_hours": ("36", ElementStatus.UNDISPUTED)})
    with db.session() as s:
        form = load_case_form(s, case_id)
    form.case_types = ["severance"]
    with db.session() as s:
        save_case(s, form)
        assert "overtime_workday_hours" not in [r.key for r in open_element_table(s, case_id)]
    form.case_types = ["severance", "overtime"]
    form.version += 1
    with db.session() as s:
        save_case(s, form)
        row = next(r for r in open_element_table(s, case_id) if r.key == "overtime_workday_hours")
    assert row.applicant_position == "36" and row.status == ElementStatus.UNDISPUTED


def test_summaries_and_the_script_show_this_case(db, case_id):
    fill(db, case_id, {"start_date": ("2020-03-01", ElementStatus.UNDISPUTED),
                       "termination_reason": ("严重违纪", ElementStatus.DISPUTED)})
    with db.session() as s:
        rows = open_element_table(s, case_id)
        ctx = hearing_context(s, case_id, 1, rows)
    undisputed, disputed = summaries(rows)
    assert undisputed == ["入职时间：2020-03-01"]
    assert disputed[0].startswith("解除理由及法律依据（申请人：严重违纪")
    steps = {step.key: step for step in procedure_steps()}
    opening = fill_script(steps["opening"], ctx)
    assert "上海市青浦区劳动人事争议仲裁委员会" in opening and "张伟" in opening
    with db.session() as s:
        form = load_case_form(s, case_id)
        names = {x.id: x.name for x in office_service.roster(s)}
    presiding = next(names[x.staff_id] for x in form.seats if x.seat == Seat.PRESIDING)
    clerk = next(names[x.staff_id] for x in form.seats if x.seat == Seat.CLERK)
    assert "上海华腾机械制造有限公司" in opening and f"首席仲裁员{presiding}" in opening and f"书记员{clerk}" in opening
    elements = fill_script(steps["elements"], ctx)
    assert "1. 入职时间：2020-03-01" in elements and "严重违纪" in elements
    identity = fill_script(steps["identity"], ctx)
    assert "法定代表人钱国栋" in identity and "郑律师（特别授权" in identity


def test_calculators_take_their_inputs_from_the_elements(db, case_id):
    fill(db, case_id, {
        "start_date": ("2020-03-01", ElementStatus.UNDISPUTED),
        "agreed_wage": ("8700", ElementStatus.UNDISPUTED),  # the agreed post wage: the overtime base
        "monthly_wage": ("8700", ElementStatus.UNDISPUTED),
        "termination_date": ("2024-05-15", ElementStatus.UNDISPUTED),
        "overtime_workday_hours": ("10", ElementStatus.UNDISPUTED),
        "overtime_restday_hours": ("8", ElementStatus.UNDISPUTED),
        "overtime_holiday_hours": ("8", ElementStatus.UNDISPUTED),
    })
    with db.session() as s:
        rows = open_element_table(s, case_id)
        claimed = claimed_by_type(s, case_id)
    views = {v.calculator: v for v in calculate(["overtime", "severance"], rows, claimed, today=date(2026, 11, 27))}
    assert views["overtime_pay"].amount == Decimal("2750.00")
    assert views["overtime_pay"].difference == Decimal("150.00")  # claimed 2,900
    assert views["severance"].amount == Decimal("39150.00")  # 8,700 x 4.5
    assert views["unlawful_termination_damages"].amount == Decimal("78300.00")
    assert "12183" in views["severance"].params["city_avg_wage"]  # in force 2023-07..2024-06
    with db.session() as s:
        calc_id = record_calculation(s, case_id, views["severance"])
        stored = s.get(Calculation, calc_id)
        assert stored.amount == Decimal("39150.00") and "12183" in stored.params


def test_shanghai_overtime_base_without_an_agreed_wage_is_70_percent(db, case_id):
    # 上海市企业工资支付办法 Art 9(3): no agreed post wage -> 70% of the normal wage 8,700 =
    # 6,090; hourly 6,090 / 174 = 35; 10 workday hours x 1.5 x 35 = 525.00.
    fill(db, case_id, {"monthly_wage": ("8700", ElementStatus.UNDISPUTED),
                       "overtime_workday_hours": ("10", ElementStatus.UNDISPUTED)})
    with db.session() as s:
        rows = open_element_table(s, case_id)
    view = calculate(["overtime"], rows, {}, today=date(2026, 11, 27))[0]
    assert view.amount == Decimal("525.00") and "第九条" in view.basis and "2740" in view.params["min_wage"]


def test_overtime_by_month_from_the_element_table(db, case_id):
    # 2024-03 at 8,700 (hourly 50): 10 h x 1.5 = 750; 2024-04 at 10,440 (hourly 60): 8 h x 3 = 1,440
    fill(db, case_id, {"monthly_wage_list": ("2024-03 8700；2024-04 10440", ElementStatus.UNDISPUTED),
                       "overtime_hours_by_month": ("2024-03 10", ElementStatus.UNDISPUTED),
                       "overtime_holiday_by_month": ("2024-04 8", ElementStatus.UNDISPUTED)})
    with db.session() as s:
        rows = open_element_table(s, case_id)
    view = calculate(["overtime"], rows, {}, today=date(2026, 11, 27))[0]
    assert view.amount == Decimal("2190.00"), view.basis


def test_a_missing_local_figure_is_an_error_in_the_basis(db, case_id):
    # Ended 2026-08-31: no average-wage row covers it (the table ends 2026-06-30); the
    # calculator says so instead of reusing 12,434.
    fill(db, case_id, {
        "start_date": ("2020-03-01", ElementStatus.UNDISPUTED),
        "monthly_wage": ("8700", ElementStatus.UNDISPUTED),
        "termination_date": ("2026-08-31", ElementStatus.UNDISPUTED),
    })
    with db.session() as s:
        rows = open_element_table(s, case_id)
    view = calculate(["severance"], rows, {}, today=date(2026, 11, 27))[0]
    assert view.amount is None and "缺少 2026-08-31 适用" in view.basis and "月平均工资" in view.basis


def test_double_wage_month_by_month_from_the_element_table(db, case_id):
    # The award of tests/rules/test_compensation.py (2015-02..07 at 1,820 to March and 2,020
    # from April = 11,720) entered as the clerk types it in the per-month wage element.
    fill(db, case_id, {
        "start_date": ("2015-01-01", ElementStatus.UNDISPUTED),
        "monthly_wage_list": ("2015-02至2015-03 1,820；2015-04至2015-07：2020元", ElementStatus.UNDISPUTED),
        "end_date": ("2015-07-31", ElementStatus.UNDISPUTED),
    })
    with db.session() as s:
        rows = open_element_table(s, case_id)
    view = calculate(["double_wage"], rows, {}, today=date(2026, 11, 27))[0]
    assert view.amount == Decimal("11720.00"), view.basis
    assert "2015-04至2015-07" in view.basis


def test_missing_inputs_are_named(db, case_id):
    with db.session() as s:
        rows = open_element_table(s, case_id)
    views = calculate(["severance"], rows, {}, today=date(2026, 11, 27))
    assert views[0].amount is None and "入职时间" in views[0].basis


def test_final_award_flags_per_item(db, case_id):
    with db.session() as s:
        flags = final_award_flags(s, case_id, day=date(2026, 11, 27))
    by_kind = {f.kind: f for f in flags}
    assert by_kind["overtime"].final and not by_kind["severance"].final  # 45,000 > 12 x 2,740
    assert by_kind["severance"].limit == Decimal("32880.00")  # 2,740 in force since 2025-07-01


def test_final_award_per_item_category(db, case_id):
    # Of a work-injury claim only the 工伤医疗费 item qualifies (调解仲裁法 Art 47(1)); a
    # social insurance dispute is final whatever the amount (Art 47(2)); a claim for
    # confirmation of employment never is.
    with db.session() as s:
        form = load_case_form(s, case_id)
        form.claims = [
            ClaimForm("work_injury", Decimal("20000.00"), "支付工伤医疗费", category="injury_medical",
                      preliminary_enforcement=True),
            ClaimForm("work_injury", Decimal("20000.00"), "支付一次性伤残补助金"),
            ClaimForm("social_insurance", Decimal("80000.00"), "赔偿生育津贴损失"),
            ClaimForm("employment_confirmation", None, "确认2020年3月起存在劳动关系"),
            ClaimForm("double_wage", Decimal("32880.00"), "支付未签劳动合同二倍工资差额"),
        ]
        save_case(s, form)
    with db.session() as s:
        flags = final_award_flags(s, case_id, day=date(2026, 11, 27))
        assert load_case_form(s, case_id).claims[0].preliminary_enforcement
    got = [(f.claim_text, f.final) for f in flags]
    assert got == [("支付工伤医疗费", True), ("支付一次性伤残补助金", False), ("赔偿生育津贴损失", True),
                   ("确认2020年3月起存在劳动关系", False), ("支付未签劳动合同二倍工资差额", True)]
    assert "第四十七条第二项" in flags[2].basis and "办案规则第五十条" in flags[4].basis


def test_preliminary_enforcement_refused_outside_article_44(db, case_id):
    from app.services.cases import InvalidCase
    with db.session() as s:
        form = load_case_form(s, case_id)
        form.claims = [ClaimForm("termination_certificate", None, "出具离职证明", preliminary_enforcement=True)]
        with pytest.raises(InvalidCase, match="第四十四条"):
            save_case(s, form)


def test_concurrent_element_edit_is_refused(db, case_id):
    with db.session() as s:
        rows = open_element_table(s, case_id)
    a, b = rows[2], rows[2].__class__(**vars(rows[2]))
    a.finding = "2020-03-01"
    with db.session() as s:
        save_element(s, a)
    b.finding = "2020-04-01"
    with pytest.raises(ConflictError):
        with db.session() as s:
            save_element(s, b)


def test_common_elements_of_the_2025_interpretation_and_their_alerts(db, case_id):
    with db.session() as s:
        rows = open_element_table(s, case_id)
    keys = [r.key for r in rows]
    for key in ("contract_party", "contract_term_type", "probation", "three_periods", "migrant_worker",
                "applicant_birth_date", "pension_drawn"):
        assert key in keys, key
    assert "法释〔2025〕12号第一条至第三条" in next(r.basis for r in rows if r.key == "contract_party")
    fill(db, case_id, {"three_periods": ("哺乳期", ElementStatus.UNDISPUTED),
                       "migrant_worker": ("是", ElementStatus.UNDISPUTED)})
    with db.session() as s:
        rows = open_element_table(s, case_id)
    alerts = element_alerts(rows)
    assert any("哺乳期" in a and "第四十二条第四项" in a for a in alerts)
    assert any("农民工" in a for a in alerts)


def test_wage_in_lieu_and_disability_allowance_from_the_elements(db, case_id):
    # 实施条例 Art 20: the previous month's wage, 9,100.00. 工伤保险条例 Art 37 + 64: grade 9 =
    # 9 months of 本人工资; injured 2025-08-10, Shanghai average 12,434 then (60% = 7,460.40):
    # an average of 6,000 is raised to 7,460.40 -> 9 x 7,460.40 = 67,143.60.
    fill(db, case_id, {
        "start_date": ("2020-03-01", ElementStatus.UNDISPUTED),
        "monthly_wage": ("8700", ElementStatus.UNDISPUTED),
        "termination_date": ("2024-05-15", ElementStatus.UNDISPUTED),
        "last_month_wage": ("9100", ElementStatus.UNDISPUTED),
    })
    with db.session() as s:
        form = load_case_form(s, case_id)
        form.case_types = ["severance", "work_injury"]
        save_case(s, form)
    fill(db, case_id, {"disability_grade": ("九级", ElementStatus.UNDISPUTED),
                       "injury_date": ("2025-08-10", ElementStatus.UNDISPUTED),
                       "injury_avg_wage": ("6000", ElementStatus.UNDISPUTED)})
    with db.session() as s:
        rows = open_element_table(s, case_id)
    views = {v.calculator: v for v in calculate(["severance", "work_injury"], rows, {}, today=date(2026, 11, 27))}
    assert views["wage_in_lieu_of_notice"].amount == Decimal("9100.00")
    allowance = views["one_off_disability_allowance"]
    assert allowance.amount == Decimal("67143.60"), allowance.basis
    assert "第三十七条" in allowance.basis and "12434" in allowance.params["city_avg_wage"]
    # the contract ended (2024-05-15) and the grade is 5-10: the one-off medical (fund) and
    # employment (employer) allowances are asked for, and Shanghai's months not being in
    # resources/work_injury.toml, they are reported missing, not guessed (工伤保险条例 Art 37(2)).
    for name in ("injury_medical_allowance", "injury_employment_allowance"):
        assert views[name].amount is None and "local_allowances" in views[name].basis, views[name].basis


def test_retirement_date_alert_from_the_birth_date(db, case_id):
    # 1965-01-10, a man: 60 years 1 month (the 2024 decision's table) -> 2025-02-10
    fill(db, case_id, {"applicant_birth_date": ("1965-01-10", ElementStatus.UNDISPUTED)})
    with db.session() as s:
        rows = open_element_table(s, case_id)
    alert = next(a for a in element_alerts(rows, sex="男") if "法定退休年龄" in a)
    assert "男职工60周岁1个月（2025-02-10）" in alert and "女职工" not in alert


def _row(key: str, value: str) -> ElementRow:
    return ElementRow(id=0, key=key, label=key, kind="text", question="", basis="", type_key="common",
                      finding=value)


def test_pension_alert_cites_articles_16_and_21_of_the_2025_interpretation():
    # 法释〔2025〕12号 Art 16(2): drawing the basic pension = the contract can no longer be
    # continued; Art 21 repealed 法释〔2020〕26号 Art 32(1) (pensioners always 劳务关系).
    alert = next(a for a in element_alerts([_row("pension_drawn", "是")]) if "养老保险待遇" in a)
    assert "劳动合同法第四十四条第二项" in alert
    assert "法释〔2025〕12号第十六条第二项" in alert
    assert "法释〔2020〕26号第三十二条第一款" in alert and "第二十一条废止" in alert


def test_retirement_alert_cites_the_regulation_not_the_2025_interpretation():
    alert = next(a for a in element_alerts([_row("applicant_birth_date", "1965-01-10")], sex="男")
                 if "法定退休年龄" in a)
    assert "劳动合同法实施条例第二十一条" in alert and "法释〔2025〕12号" not in alert
