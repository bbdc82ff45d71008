"""Dated Shanghai figures (resources/local_params.toml): each day gets the row in force, every
row names its source, and a day no row covers is a missing figure, never the last row reused.

Expected values come from the published figures, not from the code: minimum wage 2,690 from
2023-07-01 and 2,740 from 2025-07-01 (上海市人社局); 1,820 to 2015-03 and 2,020 from 2015-04 (the
award reproduced in test_compensation.py); average monthly wage 9,580 for 2020-07..2021-06 (a
2020 Shanghai award), 12,434 from 2025-07-01 (secondary sources)."""

from datetime import date
from decimal import Decimal as D

import pytest

from app.rules.compensation import final_award_limit
from app.rules.local_params import (
    Confirmation,
    LocalParameters,
    MissingParameter,
    ParameterError,
    local_parameters,
)
from app.services.register import data_warnings


@pytest.mark.parametrize("day, amount", [
    (date(2008, 1, 15), D("840")),
    (date(2008, 4, 1), D("960")),
    (date(2009, 12, 31), D("960")),  # no adjustment in 2009
    (date(2015, 3, 31), D("1820")),
    (date(2015, 4, 1), D("2020")),
    (date(2020, 6, 1), D("2480")),  # no adjustment in 2020
    (date(2021, 7, 1), D("2590")),
    (date(2025, 6, 30), D("2690")),
    (date(2025, 7, 1), D("2740")),
    (date(2027, 3, 1), D("2740")),  # the current standard stays in force until replaced
])
def test_minimum_wage_history(day, amount):
    assert local_parameters().min_wage(day).amount == amount


def test_final_award_limit_uses_the_minimum_wage_in_force():
    p = local_parameters()
    # 调解仲裁法 Art 47(1): 12 x 2,740 = 32,880 from 2025-07-01, 12 x 2,690 = 32,280 before.
    assert final_award_limit(p.min_wage(date(2025, 7, 1)).amount) == D("32880.00")
    assert final_award_limit(p.min_wage(date(2025, 6, 30)).amount) == D("32280.00")


@pytest.mark.parametrize("day, amount", [
    (date(2008, 3, 31), D("2464")),
    (date(2015, 6, 1), D("5451")),
    (date(2020, 6, 30), D("8211")),  # the 2019 social insurance year ran to 2020-06-30
    (date(2020, 7, 1), D("9580")),
    (date(2021, 6, 30), D("9580")),
    (date(2021, 7, 1), D("10338")),
    (date(2024, 1, 1), D("12183")),
    (date(2024, 10, 1), D("12307")),
    (date(2025, 7, 1), D("12434")),
    (date(2026, 6, 30), D("12434")),
])
def test_average_wage_history(day, amount):
    assert local_parameters().city_avg_wage(day).amount == amount


def test_a_day_past_the_last_row_is_missing_not_the_last_row_reused():
    p = local_parameters()
    with pytest.raises(MissingParameter, match="2026-07-01"):
        p.city_avg_wage(date(2026, 7, 1))
    with pytest.raises(MissingParameter):
        p.city_avg_wage(date(2006, 1, 1))
    assert p.missing_on(date(2026, 11, 29)) and "上年度职工月平均工资" in p.missing_on(date(2026, 11, 29))[0]
    assert p.missing_on(date(2025, 11, 29)) == []


def test_every_row_has_a_source_and_unconfirmed_rows_say_so():
    p = local_parameters()
    for rows in p.values.values():
        assert rows
        for row in rows:
            assert row.source.strip(), row
            if not row.confirmed:
                assert "未经核实" in row.describe()
    assert "二手资料" in p.city_avg_wage(date(2025, 7, 1)).source


def test_overlapping_rows_and_gaps(tmp_path):
    bad = tmp_path / "p.toml"
    bad.write_text('[[minimum_monthly_wage]]\nfrom = 2023-07-01\namount = "2690"\n'
                   '[[minimum_monthly_wage]]\nfrom = 2025-07-01\namount = "2740"\n', encoding="utf-8")
    with pytest.raises(ParameterError, match="重叠"):  # an open-ended row followed by another
        LocalParameters.load(bad)
    gap = tmp_path / "g.toml"
    gap.write_text('[[minimum_monthly_wage]]\nfrom = 2023-07-01\nto = 2023-12-31\namount = "2690"\n'
                   '[[minimum_monthly_wage]]\nfrom = 2024-02-01\namount = "2740"\n', encoding="utf-8")
    p = LocalParameters.load(gap)
    with pytest.raises(MissingParameter):
        p.min_wage(date(2024, 1, 15))


def test_dashboard_warns_of_missing_figures_and_calendar_years():
    warnings = data_warnings(date(2026, 11, 29))
    assert any("上年度职工月平均工资" in w for w in warnings)
    assert any("2027" in w and "节假日日历" in w for w in warnings)  # 45+15 days reach 2027
    assert not any("节假日日历" in w for w in data_warnings(date(2025, 5, 1)))


@pytest.mark.parametrize("day, amount, address", [
    # the figure and its start as the page at `address` states them (news reports of the
    # 人社局 notices; see the row's source)
    (date(2010, 4, 1), D("1120"), "china-briefing.com/news/shanghai-to-raise-minimum-wage"),
    (date(2011, 4, 1), D("1280"), "Minimum-wages-set-to-increase"),
    (date(2013, 4, 1), D("1620"), "shanghai-hikes-minimum-wage-levels"),
    (date(2015, 4, 1), D("2020"), "reuters.com"),
    (date(2017, 4, 1), D("2300"), "uschina.org"),
    (date(2019, 4, 1), D("2480"), "shine.cn/news/metro/1903251847"),
    (date(2021, 7, 1), D("2590"), "shine.cn/news/metro/2106241061"),
    (date(2023, 7, 1), D("2690"), "rexun.cn/zhuanye/2023/0705"),
    (date(2025, 7, 1), D("2740"), "10100.com/article/1972071"),
])
def test_minimum_wage_rows_carry_the_address_of_the_page_that_states_them(day, amount, address):
    row = local_parameters().min_wage(day)
    assert row.amount == amount and row.valid_from == day
    assert address in row.source


def test_the_minimum_wage_was_not_raised_in_2009_2020_2022_and_2024():
    p = local_parameters()
    for earlier, later in ((date(2009, 1, 1), date(2009, 12, 31)), (date(2020, 1, 1), date(2020, 12, 31)),
                           (date(2022, 1, 1), date(2022, 12, 31)), (date(2024, 1, 1), date(2024, 12, 31))):
        assert p.min_wage(earlier) == p.min_wage(later)



def test_an_office_confirmation_marks_only_the_row_it_still_matches():
    """Confirmations come in as plain data (the rules never read the database); one whose
    row's amount or dates differ confirms nothing."""
    table = local_parameters()
    note = "经徐主任于2026-11-29对照通知原文核实"
    right = Confirmation("minimum_monthly_wage", "上海", date(2025, 7, 1), None, D("2740.00"), note)
    wrong_amount = Confirmation("minimum_monthly_wage", "上海", date(2023, 7, 1), date(2025, 6, 30), D("2590"), note)
    wrong_end = Confirmation("city_average_monthly_wage", "上海", date(2025, 7, 1), None, D("12434"), note)
    other_table = Confirmation("city_average_monthly_wage", "上海", date(2025, 7, 1), None, D("2740"), note)
    marked = table.with_confirmations([right, wrong_amount, wrong_end, other_table])
    now = marked.min_wage(date(2026, 1, 1))
    assert now.confirmed and now.describe().endswith(f"；{note}）") and "未经核实" not in now.describe()
    assert "未经核实" in marked.min_wage(date(2024, 1, 1)).describe()
    assert "未经核实" in marked.city_avg_wage(date(2026, 1, 1)).describe()
    assert "未经核实" in table.min_wage(date(2026, 1, 1)).describe()  # the shipped table is unchanged
