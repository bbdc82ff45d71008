"""Element templates: every shipped type loads and validates; a broken one is named."""

import shutil
from datetime import date
from decimal import Decimal

import pytest

from app.hearing.case_types import (
    CASE_TYPES_DIR,
    TemplateError,
    case_types,
    common_elements,
    element_table,
    load_case_type,
    validate_all,
)
from app.rules.local_params import LocalParameters, ParameterError, local_parameters

DOMAIN_TYPES = {
    "unpaid_wages", "double_wage", "overtime", "annual_leave", "severance", "employment_confirmation",
    "work_injury", "social_insurance", "non_compete", "termination_certificate",
}


def test_all_domain_types_load_with_elements():
    types = case_types()
    assert DOMAIN_TYPES <= set(types)
    assert validate_all() == []
    for t in types.values():
        assert t.elements, t.key
        for e in t.elements:
            assert e.label and e.question and e.kind
    common = common_elements()
    assert {"start_date", "monthly_wage", "end_date", "hours_system"} <= {e.key for e in common.elements}


def test_platform_work_elements_are_in_confirmation_of_employment():
    keys = {e.key for e in case_types()["employment_confirmation"].elements}
    assert {"platform_order_freedom", "platform_dispatch_penalties", "platform_contracting_entity"} <= keys


def test_element_table_is_a_union_with_shared_elements_once():
    table = element_table(["overtime", "severance"])
    keys = [e.key for e in table]
    assert len(keys) == len(set(keys))
    assert keys[0] == "applicant_qualification"  # common elements first
    assert keys.index("monthly_wage") < keys.index("overtime_workday_hours") < keys.index("termination_date")


@pytest.fixture
def template_dir(tmp_path):
    d = tmp_path / "case_types"
    shutil.copytree(CASE_TYPES_DIR, d)
    return d


@pytest.mark.parametrize(
    "text, problem",
    [
        ('key = "overtime"\nname = "加班费"\nversion = 1\n[[elements]]\nkey = "x"\nlabel = "X"\nkind = "colour"\nquestion = "?"\n', "kind"),
        ('key = "overtime"\nname = "加班费"\nversion = 1\n[[elements]]\nkey = "x"\nlabel = "X"\nkind = "choice"\nquestion = "?"\n', "choices"),
        ('key = "overtime"\nname = "加班费"\nversion = 1\n[[elements]]\nkey = "x"\nlabel = "X"\nkind = "text"\n', "question"),
        ('key = "overtime"\nname = "加班费"\nversion = 1\n[[elements]]\nkey = "x"\nlabel = "X"\nkind = "money"\nquestion = "?"\nfeeds = ["salary"]\n', "feeds"),
        ('key = "overtime"\nname = "加班费"\n', "version"),
        ('key = "overtime"\nname = "加班费"\nversion = 1\n[[elements]\n', "TOML"),
        ('key = "wrong"\nname = "加班费"\nversion = 1\n', "文件名"),
    ],
)
def test_broken_template_names_file_and_problem(template_dir, text, problem):
    (template_dir / "overtime.toml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_case_type(template_dir / "overtime.toml")
    assert "overtime.toml" in str(info.value) and problem in str(info.value)
    assert any("overtime.toml" in p for p in validate_all(template_dir))


def test_an_office_can_add_a_type_without_code(template_dir):
    (template_dir / "training_costs.toml").write_text(
        'key = "training_costs"\nname = "培训费违约金"\norder = 110\nversion = 1\n'
        '[[elements]]\nkey = "training_agreement"\nlabel = "服务期协议"\nkind = "text"\n'
        'question = "双方是否约定服务期？"\nbasis = "劳动合同法第二十二条"\n', encoding="utf-8")
    types = case_types.__wrapped__(template_dir)
    assert list(types)[-1] == "training_costs"


def test_local_parameters_by_date():
    p = local_parameters()
    assert p.city_avg_wage(date(2024, 10, 1)).amount == Decimal("12307")
    assert p.city_avg_wage(date(2024, 1, 1)).amount == Decimal("12183")
    assert p.min_wage(date(2025, 1, 1)).amount == Decimal("2690")
    with pytest.raises(ParameterError):
        p.city_avg_wage(date(2006, 1, 1))


def test_broken_parameter_table(tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text('[[minimum_monthly_wage]]\nfrom = 2023-07-01\namount = "abc"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="p.toml"):
        LocalParameters.load(bad)


def test_templates_of_the_2025_interpretation_and_platform_work():
    confirmation = {e.key: e for e in case_types()["employment_confirmation"].elements}
    assert {"subcontracting", "affiliation", "related_companies"} <= set(confirmation)
    assert "不完全符合确立劳动关系情形" in confirmation["platform_category"].choices
    assert "人社部发〔2021〕56号" in confirmation["platform_category"].basis
    double = {e.key for e in case_types()["double_wage"].elements}
    assert {"dw_exception_cause", "dw_exception_manager", "dw_exception_renewal"} <= double


# 法释〔2025〕12号 (in force 2025-09-01), the articles as the copies listed in the README
# ("Local figures and their sources", last paragraph) give them:
#   Art 6  二倍工资按月计算；不满一个月的，按该月实际工作日计算。
#   Art 7  二倍工资 supported unless the employer proves (一) 不可抗力 (二) 劳动者本人故意或者重大过失
#          (三) 法律、行政法规规定的其他情形.
#   Art 8  期满时有劳动合同法第四十二条、实施条例第十七条（服务期）、工会法第十九条（任期）情形的，
#          期限依法自动续延，不属于未订立书面劳动合同.
#   Art 11 期满后劳动者仍在用人单位工作、用人单位未表示异议超过一个月，劳动者请求以原条件续订的，予以支持.
#   Art 16(2) 劳动者开始依法享受基本养老保险待遇 = 劳动合同已经不能继续履行.
#   Art 21 施行日期；废止法释〔2020〕26号第三十二条第一款.
def _double_wage_elements():
    return {e.key: e for e in case_types()["double_wage"].elements}


def test_force_majeure_and_the_workers_own_fault_cite_article_7():
    cause = _double_wage_elements()["dw_exception_cause"]
    assert "法释〔2025〕12号第七条" in cause.basis
    assert "不可抗力" in cause.basis and "劳动者本人故意或者重大过失" in cause.basis
    assert "第八条" not in cause.basis and "第十一条" not in cause.basis


def test_the_worker_refusing_to_sign_cites_article_7_item_2():
    refused = _double_wage_elements()["worker_refused"]
    assert "法释〔2025〕12号第七条第二项" in refused.basis


def test_the_manager_in_charge_of_contracts_is_judged_under_article_7_item_2():
    manager = _double_wage_elements()["dw_exception_manager"]
    assert "法释〔2025〕12号第七条第二项" in manager.basis
    assert "第八条" not in manager.basis and "第十一条" not in manager.basis


def test_statutory_extension_at_expiry_cites_article_8():
    renewal = _double_wage_elements()["dw_exception_renewal"]
    assert renewal.basis.startswith("法释〔2025〕12号第八条")
    for cited in ("劳动合同法第四十二条", "实施条例第十七条", "工会法第十九条"):
        assert cited in renewal.basis and cited in renewal.question
    assert "第七条" not in renewal.basis and "第十一条" not in renewal.basis


def test_continued_work_after_expiry_cites_article_11():
    continued = _double_wage_elements()["dw_exception_continued"]
    assert continued.basis.startswith("法释〔2025〕12号第十一条")
    assert "未表示异议超过一个月" in continued.basis and "以原条件续订" in continued.basis
    assert "第七条" not in continued.basis and "第八条" not in continued.basis


def test_the_period_cites_article_6_month_by_month():
    period = _double_wage_elements()["double_wage_period"]
    assert "法释〔2025〕12号第六条" in period.basis and "按月计算" in period.basis


def test_no_template_cites_the_exceptions_jointly_any_more():
    for spec in [*common_elements().elements, *(e for t in case_types().values() for e in t.elements)]:
        assert "第七条、第八条、第十一条" not in spec.basis, spec.key
        assert "以公布文本为准" not in spec.basis, spec.key


def test_retirement_and_pension_cite_what_the_articles_say():
    common = {e.key: e for e in common_elements().elements}
    # Art 21 only brings the interpretation into force and repeals 法释〔2020〕26号 Art 32(1):
    # the retirement date itself comes from the 2024 decision and 实施条例 Art 21.
    assert "法释〔2025〕12号" not in common["applicant_birth_date"].basis
    assert "劳动合同法实施条例第二十一条" in common["applicant_birth_date"].basis
    pension = common["pension_drawn"].basis
    assert "劳动合同法第四十四条第二项" in pension
    assert "法释〔2025〕12号第十六条第二项" in pension
    assert "第二十一条（废止法释〔2020〕26号第三十二条第一款" in pension


def test_subcontracting_affiliation_and_related_companies_cite_articles_1_to_3():
    confirmation = {e.key: e for e in case_types()["employment_confirmation"].elements}
    assert confirmation["subcontracting"].basis == "法释〔2025〕12号第一条"
    assert confirmation["affiliation"].basis == "法释〔2025〕12号第二条"
    assert confirmation["related_companies"].basis == "法释〔2025〕12号第三条"
