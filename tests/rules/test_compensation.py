"""Calculators with cases derived from the statutes (劳动合同法 Art 47, 82, 87; 实施条例 Art
25, 27; 劳动法 Art 44; 年休假条例 Art 3, 5; 实施办法 Art 10-12; 法释〔2020〕26号 Art 36;
调解仲裁法 Art 47)."""

from datetime import date
from decimal import Decimal as D
from fractions import Fraction

import pytest

from app.rules.compensation import (
    annual_leave_days,
    annual_leave_pay,
    double_wage,
    final_award_limit,
    injury_own_wage,
    injury_termination_allowance,
    is_final_award_amount,
    is_final_award_item,
    local_injury_allowance_row,
    month_fraction,
    month_shares,
    non_compete_monthly,
    one_off_disability_allowance,
    overtime_pay,
    paid_leave_wages,
    preliminary_enforcement_allowed,
    prorated_annual_leave_days,
    service_span,
    severance,
    shanghai_overtime_base,
    unlawful_termination_damages,
    wage_in_lieu_of_notice,
)

A = D("12307")  # Shanghai average monthly wage, 2024-07..2025-06 (resources/local_params.toml)


@pytest.mark.parametrize(
    "start, end, n",
    [
        (date(2020, 3, 1), date(2023, 2, 28), D(3)),  # exactly three years
        (date(2020, 3, 1), date(2023, 8, 31), D(4)),  # 3 years 6 months: remainder >= 6 months -> +1
        (date(2020, 3, 1), date(2023, 5, 15), D("3.5")),  # 3 years 2.5 months: under 6 months -> +0.5
        (date(2020, 3, 1), date(2023, 8, 30), D("3.5")),  # one day short of six months
        (date(2024, 3, 1), date(2024, 5, 31), D("0.5")),  # under six months in all
        (date(2024, 3, 1), date(2024, 8, 31), D(1)),  # six months in all
    ],
)
def test_severance_months_with_remainders(start, end, n):
    r = severance(monthly_wage=D("10000"), start=start, end=end, city_avg_wage=A)
    assert r.months == n
    assert r.amount == D("10000") * n
    assert "第四十七条" in r.basis


def test_severance_three_times_average_cap_and_twelve_years():
    r = severance(monthly_wage=D("50000"), start=date(2005, 1, 1), end=date(2024, 12, 31), city_avg_wage=A)
    assert r.months == 12
    assert r.amount == D("36921.00") * 12  # 3 x 12,307
    assert "三倍" in r.basis and "十二年" in r.basis and "2008" in r.basis
    assert r.params["city_avg_wage"] == "12307"


def test_no_year_cap_below_three_times_average():
    r = severance(monthly_wage=D("30000"), start=date(2004, 1, 1), end=date(2023, 12, 31), city_avg_wage=A)
    assert r.months == 20 and r.amount == D("600000.00")


def test_severance_wage_not_below_minimum_wage():
    r = severance(monthly_wage=D("2000"), start=date(2022, 1, 1), end=date(2023, 12, 31), city_avg_wage=A,
                  min_wage=D("2690"))
    assert r.amount == D("5380.00") and "最低工资" in r.basis


def test_unlawful_termination_is_twice_severance():
    r = unlawful_termination_damages(monthly_wage=D("10000"), start=date(2020, 3, 1), end=date(2023, 5, 15),
                                     city_avg_wage=A)
    assert r.amount == D("70000.00") and r.months == D("3.5") and "第八十七条" in r.basis


def test_double_wage_at_most_eleven_months():
    full_year = double_wage(monthly_wage=D("8000"), start=date(2024, 1, 1), signed=None, end=date(2024, 12, 31))
    assert full_year.months == 11 and full_year.amount == D("88000.00")
    longer = double_wage(monthly_wage=D("8000"), start=date(2024, 1, 1), signed=None, end=date(2025, 6, 30))
    assert longer.months == 11 and "无固定期限" in longer.basis


def test_double_wage_until_the_day_before_signing():
    r = double_wage(monthly_wage=D("8000"), start=date(2024, 1, 1), signed=date(2024, 4, 1), end=date(2024, 12, 31))
    assert r.months == 2 and r.amount == D("16000.00")
    partial = double_wage(monthly_wage=D("3100"), start=date(2024, 1, 1), signed=date(2024, 3, 16), end=date(2024, 12, 31))
    assert partial.months == D("1.4839")  # 2-01..3-15: one month and 15 of March's 31 days (display)
    # by hand: 3,100 + 3,100 x 15/31 = 3,100 + 1,500 = 4,600.00 (a share rounded to 1.4839
    # first would give 4,600.09: issue #17, bug 2)
    assert partial.amount == D("4600.00")
    assert "1又15/31" in partial.basis


def test_double_wage_signed_within_the_first_month():
    r = double_wage(monthly_wage=D("8000"), start=date(2024, 1, 15), signed=date(2024, 1, 30), end=date(2024, 12, 31))
    assert r.months == 0 and r.amount == D("0.00")


def test_overtime_rates_150_200_300():
    r = overtime_pay(monthly_wage=D("8700"), workday_hours=10, restday_hours=8, holiday_hours=8)
    # hourly 8,700 / 21.75 / 8 = 50
    assert r.amount == D("2750.00")
    assert "第四十四条" in r.basis


@pytest.mark.parametrize("years, days", [(0, 0), (D("0.99"), 0), (1, 5), (D("9.99"), 5), (10, 10), (19, 10), (20, 15), (35, 15)])
def test_annual_leave_thresholds(years, days):
    assert annual_leave_days(cumulative_years=years) == days


def test_annual_leave_pay_is_200_percent_of_daily_wage():
    r = annual_leave_pay(avg_monthly_wage=D("8700"), unused_days=5)
    assert r.amount == D("4000.00")  # 8,700 / 21.75 = 400 a day


def test_annual_leave_prorated_on_leaving_drops_fractions():
    # 实施办法 Art 12: 200 / 365 x 10 = 5.48 -> 5
    assert prorated_annual_leave_days(entitled_days=10, worked_days=200) == 5


def test_annual_leave_prorated_divides_by_365_in_a_leap_year_too():
    # 73 days of 2024 (a leap year) with 5 days' entitlement: 73 / 365 x 5 = 1 exactly; the
    # year's 366 days would give 0.997 -> 0 (实施办法 Art 12 says 365).
    assert prorated_annual_leave_days(entitled_days=5, worked_days=73) == 1
    assert prorated_annual_leave_days(entitled_days=5, worked_days=72) == 0  # 0.986 -> 0
    assert prorated_annual_leave_days(entitled_days=5, worked_days=366) == 5  # never above the entitlement
    assert prorated_annual_leave_days(entitled_days=10, worked_days=365, taken_days=3) == 7
    with pytest.raises(ValueError):
        prorated_annual_leave_days(entitled_days=5, worked_days=400)


def test_non_compete_floor():
    assert non_compete_monthly(avg_monthly_wage=D("10000"), min_wage=D("2690")).amount == D("3000.00")
    assert non_compete_monthly(avg_monthly_wage=D("8000"), min_wage=D("2690")).amount == D("2690.00")


def test_final_award_limit_is_twelve_minimum_wages():
    assert final_award_limit(D("2690")) == D("32280.00")
    assert is_final_award_amount(D("32280.00"), D("2690"))
    assert not is_final_award_amount(D("32280.01"), D("2690"))


def test_float_money_is_refused():
    with pytest.raises(TypeError):
        overtime_pay(monthly_wage=8700.0, workday_hours=1)
    with pytest.raises(ValueError):
        severance(monthly_wage=D("-1"), start=date(2020, 1, 1), end=date(2021, 1, 1), city_avg_wage=A)


def test_service_span_counts_the_last_day():
    assert service_span(date(2020, 3, 1), date(2023, 2, 28)) == (3, 0, 0)
    # 1-31 + one month is 2-29 (clamped to the month end): 1-31..2-28 is a full month
    assert service_span(date(2020, 1, 31), date(2020, 2, 28)) == (0, 1, 0)
    assert service_span(date(2020, 1, 31), date(2020, 2, 27)) == (0, 0, 28)


# -- wages month by month ---------------------------------------------------------------

def test_double_wage_month_by_month_reproduces_the_award():
    """A Shanghai award (described in issue #13; the award's number is not in the source)
    counted the double wage for 2015-02..2015-07 at the minimum wage in force each month:
    1,820 to March and 2,020 from April (the rise of 2015-04-01): 2 x 1,820 + 4 x 2,020 =
    3,640 + 8,080 = 11,720."""
    wages = {"2015-02": D("1820"), "2015-03": D("1820"), "2015-04": D("2020"), "2015-05": D("2020"),
             "2015-06": D("2020"), "2015-07": D("2020")}
    r = double_wage(monthly_wage=wages, start=date(2015, 1, 1), signed=date(2015, 8, 1), end=date(2015, 12, 31))
    assert r.amount == D("11720.00") and r.months == 6
    assert "2015-02至2015-03 月工资 1,820.00元 × 2 个月" in r.basis
    assert "2015-04至2015-07 月工资 2,020.00元 × 4 个月" in r.basis


def test_double_wage_month_by_month_from_the_dated_minimum_wage_table():
    from app.rules.local_params import local_parameters
    p = local_parameters()
    wages = {f"2015-{m:02d}": p.min_wage(date(2015, m, 1)).amount for m in range(2, 8)}
    r = double_wage(monthly_wage=wages, start=date(2015, 1, 1), signed=None, end=date(2015, 7, 31))
    assert r.amount == D("11720.00")


def test_double_wage_month_by_month_partial_months_pro_rata():
    # start 2024-01-16: the difference runs 2024-02-16..2024-04-15 (signed 04-16) = 2 whole
    # employment months. By hand: 02-16..02-29 = 14 days of the month 02-16..03-15 (29 days)
    # at February's 3,000; 03-01..03-15 = 15/29 at March's 4,000; 03-16..03-31 = 16/31 at
    # 4,000; 04-01..04-15 = 15/31 at April's 5,000.
    # = 3,000 x 14/29 + 4,000 x 15/29 + 4,000 x 16/31 + 5,000 x 15/31
    # = (42,000 + 60,000)/29 + (64,000 + 75,000)/31 = 3,517.2414 + 4,483.8710 = 8,001.11
    wages = {"2024-02": 3000, "2024-03": 4000, "2024-04": 5000}
    r = double_wage(monthly_wage=wages, start=date(2024, 1, 16), signed=date(2024, 4, 16), end=date(2024, 12, 31))
    assert r.months == 2
    assert r.amount == D("8001.11")


def test_double_wage_month_missing_from_the_mapping_is_named():
    with pytest.raises(ValueError, match="2015-04"):
        double_wage(monthly_wage={"2015-02": 1820, "2015-03": 1820}, start=date(2015, 1, 1), signed=None,
                    end=date(2015, 4, 30))


def test_month_shares_add_up_to_the_month_fraction():
    for first, last in [(date(2024, 1, 31), date(2024, 6, 10)), (date(2023, 2, 16), date(2023, 12, 15)),
                        (date(2024, 2, 1), date(2024, 3, 15))]:
        assert sum(month_shares(first, last).values()) == month_fraction(first, last)
    assert month_fraction(date(2024, 2, 1), date(2024, 3, 15)) == 1 + Fraction(15, 31)


def test_overtime_month_by_month():
    # 2024-03 at 8,700 (hourly 50): 10 workday hours = 750; 2024-04 at 10,440 (hourly 60):
    # 8 rest-day hours = 960, 8 holiday hours = 1,440. Total 3,150.00.
    r = overtime_pay(monthly_wage={"2024-03": 8700, "2024-04": 10440},
                     workday_hours={"2024-03": 10}, restday_hours={"2024-04": 8}, holiday_hours={"2024-04": 8})
    assert r.amount == D("3150.00") and "2024-04：小时工资 60.00元" in r.basis
    with pytest.raises(ValueError, match="按月填写"):
        overtime_pay(monthly_wage={"2024-03": 8700}, workday_hours=10)


def test_overtime_amount_from_the_exact_hourly_wage():
    # 5,000 / 174 = 28.7356...; 100 workday hours x 1.5 = 150 h -> 5,000 x 150 / 174 = 4,310.34
    # (an hourly wage rounded to 28.74 first would give 4,311.00)
    assert overtime_pay(monthly_wage=D("5000"), workday_hours=100).amount == D("4310.34")


@pytest.mark.parametrize("kwargs, base", [
    ({"agreed_post_wage": D("6000"), "normal_wage": D("9000")}, D("6000.00")),  # Art 9(1): agreed post wage
    ({"collective_post_wage": D("5000"), "normal_wage": D("9000")}, D("5000.00")),  # Art 9(2)
    ({"normal_wage": D("9000")}, D("6300.00")),  # Art 9(3): 70% of 9,000
    ({"normal_wage": D("3000")}, D("2740.00")),  # 70% = 2,100 < minimum wage 2,740
    ({"agreed_post_wage": D("2500")}, D("2740.00")),  # agreed below the minimum wage
])
def test_shanghai_overtime_base(kwargs, base):
    r = shanghai_overtime_base(min_wage=D("2740"), **kwargs)
    assert r.amount == base and "上海市企业工资支付办法第九条" in r.basis


def test_month_list_parsing():
    from app.services.parsing import InputError, parse_month_amounts
    got = parse_month_amounts("2014-11至2015-01 1,820元；2015年2月：2020\n")
    assert got == {"2014-11": D("1820"), "2014-12": D("1820"), "2015-01": D("1820"), "2015-02": D("2020")}
    for bad in ("2015-13 100", "2015-03至2015-01 100", "2015-01 100；2015-01 200", "二月 100"):
        with pytest.raises(InputError):
            parse_month_amounts(bad)


# -- final award per item (调解仲裁法 Art 47; 办案规则 Art 50) ------------------------------

@pytest.mark.parametrize("category, amount, final", [
    ("remuneration", D("32880.00"), True),  # 12 x 2,740 exactly: final
    ("remuneration", D("32880.01"), False),
    ("injury_medical", D("30000"), True),
    ("severance", D("40000"), False),
    ("damages", D("20000"), True),  # e.g. the double wage (办案规则 Art 50(2))
    ("non_compete", D("32880"), True),  # 竞业限制经济补偿 (办案规则 Art 50(2))
    ("working_time", D("999999"), True),  # Art 47(2): whatever the amount
    ("rest_leave", None, True),
    ("social_insurance", D("500000"), True),
    ("other", D("100"), False),  # e.g. 一次性伤残补助金, confirmation of employment
    ("remuneration", None, False),  # no amount: cannot be judged final
])
def test_is_final_award_item(category, amount, final):
    assert is_final_award_item(category, amount, D("2740")) is final


def test_final_award_unknown_category_is_refused():
    with pytest.raises(ValueError, match="未知"):
        is_final_award_item("wages", D("1"), D("2740"))


def test_preliminary_enforcement_only_for_article_44_claims():
    assert preliminary_enforcement_allowed("remuneration") and preliminary_enforcement_allowed("injury_medical")
    assert not preliminary_enforcement_allowed("other") and not preliminary_enforcement_allowed("social_insurance")


def test_damages_basis_has_no_pre_2008_warning():
    # 实施条例 Art 25: damages count the years from the start of employment, before 2008 too.
    r = unlawful_termination_damages(monthly_wage=D("10000"), start=date(2005, 1, 1), end=date(2024, 12, 31),
                                      city_avg_wage=A)
    assert "2008" not in r.basis and "第二十五条" in r.basis
    assert r.amount == D("10000") * 20 * 2  # 20 years, 10,000 < 3 x 12,307


# -- wage in lieu of notice, work injury ------------------------------------------------

def test_wage_in_lieu_of_notice_is_last_months_wage():
    r = wage_in_lieu_of_notice(last_month_wage=D("9123.45"))  # 实施条例 Art 20
    assert r.amount == D("9123.45") and "第二十条" in r.basis


def test_injury_own_wage_bounds():
    # 工伤保险条例 Art 64(2) with a region average of 12,434: 60% = 7,460.40, 300% = 37,302
    assert injury_own_wage(avg_wage_12m=D("5000"), region_avg_wage=D("12434")).amount == D("7460.40")
    assert injury_own_wage(avg_wage_12m=D("50000"), region_avg_wage=D("12434")).amount == D("37302.00")
    assert injury_own_wage(avg_wage_12m=D("9000"), region_avg_wage=D("12434")).amount == D("9000.00")


@pytest.mark.parametrize("grade, months", [(1, 27), (4, 21), (5, 18), (6, 16), (7, 13), (10, 7)])
def test_one_off_disability_allowance_by_grade(grade, months):
    # 工伤保险条例 Art 35 (1-4: 27, 25, 23, 21), 36 (5-6: 18, 16), 37 (7-10: 13, 11, 9, 7)
    r = one_off_disability_allowance(grade=grade, own_wage=D("8000"))
    assert r.amount == D("8000") * months and "工伤保险基金" in r.basis


def test_paid_leave_at_most_12_plus_12_months():
    assert paid_leave_wages(monthly_wage=D("6000"), months=12, extension_months=12).amount == D("144000.00")
    with pytest.raises(ValueError, match="第三十三条"):
        paid_leave_wages(monthly_wage=D("6000"), months=13)
    with pytest.raises(ValueError, match="第三十三条"):
        paid_leave_wages(monthly_wage=D("6000"), months=12, extension_months=13)
    with pytest.raises(ValueError):
        one_off_disability_allowance(grade=11, own_wage=D("8000"))


# A local table as resources/work_injury.toml holds it. These months are a FIXTURE for the
# mechanism, not any province's figures: Shanghai's (上海市工伤保险实施办法, 沪府令第93号) could not
# be read here, so the shipped table is empty and the calculator says the figure is missing.
FIXTURE_ALLOWANCES = [
    {"region": "测试地", "from": date(2013, 1, 1), "to": date(2019, 12, 31), "grade": 7,
     "medical_months": "3", "employment_months": "9", "source": "测试数据", "article": "测试办法第一条"},
    {"region": "测试地", "from": date(2020, 1, 1), "grade": 7,
     "medical_months": "4", "employment_months": "10", "source": "测试数据", "article": "测试办法第二条"},
]


def test_injury_termination_allowances_are_months_times_the_average_wage_of_the_day():
    # by hand: grade 7, ended 2025-08-10, average 12,434 in force then (2025-07-01 row):
    # medical 4 x 12,434 = 49,736.00 (fund), employment 10 x 12,434 = 124,340.00 (employer)
    medical = injury_termination_allowance(kind="medical", grade=7, region="测试地", day=date(2025, 8, 10),
                                           city_avg_wage=D("12434"), table=FIXTURE_ALLOWANCES)
    employment = injury_termination_allowance(kind="employment", grade=7, region="测试地", day=date(2025, 8, 10),
                                              city_avg_wage=D("12434"), table=FIXTURE_ALLOWANCES)
    assert medical.amount == D("49736.00") and "工伤保险基金支付" in medical.basis
    assert employment.amount == D("124340.00") and "用人单位支付" in employment.basis
    for r in (medical, employment):
        assert "工伤保险条例第三十七条第二项" in r.basis and "测试办法第二条" in r.basis
        assert "未经核实" in r.basis  # the row is not marked confirmed
    # an earlier day takes the earlier row: 3 x 4,692 = 14,076.00
    old = injury_termination_allowance(kind="medical", grade=7, region="测试地", day=date(2013, 6, 1),
                                       city_avg_wage=D("4692"), table=FIXTURE_ALLOWANCES)
    assert old.amount == D("14076.00") and "测试办法第一条" in old.basis


def test_a_grade_region_or_day_without_a_row_is_missing_never_another_row():
    with pytest.raises(LookupError, match="8级"):
        local_injury_allowance_row(region="测试地", grade=8, day=date(2025, 1, 1), table=FIXTURE_ALLOWANCES)
    with pytest.raises(LookupError, match="上海"):
        local_injury_allowance_row(region="上海", grade=7, day=date(2025, 1, 1), table=FIXTURE_ALLOWANCES)
    with pytest.raises(LookupError):
        local_injury_allowance_row(region="测试地", grade=7, day=date(2012, 12, 31), table=FIXTURE_ALLOWANCES)
    with pytest.raises(ValueError, match="五至十级"):
        local_injury_allowance_row(region="测试地", grade=4, day=date(2025, 1, 1), table=FIXTURE_ALLOWANCES)


def test_the_shipped_table_names_what_is_missing():
    # resources/work_injury.toml has no verified local rows: Shanghai's figures are missing.
    with pytest.raises(LookupError, match="local_allowances"):
        injury_termination_allowance(kind="medical", grade=9, region="上海", day=date(2025, 8, 10),
                                     city_avg_wage=D("12434"))
