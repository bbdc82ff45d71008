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
