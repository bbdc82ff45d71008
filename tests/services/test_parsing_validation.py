"""What a clerk types, read exactly (money straight to Decimal), and a case form checked with
messages that name the field and the rule."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from app.services.forms import ClaimForm, EventForm, HearingForm
from app.services.parsing import InputError, parse_date, parse_datetime, parse_int, parse_money
from app.services.validation import id_card_ok, validate_case
from app.vocabulary import CaseStatus, TimeLimitKind
from tests.services.test_cases import make_form


@pytest.mark.parametrize("text", ["2025-03-01", "2025/3/1", "2025.03.01", "2025年3月1日"])
def test_dates_in_the_usual_forms(text):
    assert parse_date(text) == date(2025, 3, 1)


def test_an_impossible_date_is_named():
    with pytest.raises(InputError, match="受理日期“2025-02-29”无效"):
        parse_date("2025-02-29", "受理日期")  # 2025 is no leap year
    assert parse_date("  ") is None
    assert parse_datetime("2025年3月1日 9时30分") == datetime(2025, 3, 1, 9, 30)


def test_money_is_exact():
    assert parse_money("12,345.67元") == Decimal("12345.67")
    assert parse_money("¥0.10") + parse_money("0.20") == Decimal("0.30")  # no float on the way
    for bad in ("abc", "NaN", "Infinity"):
        with pytest.raises(InputError):
            parse_money(bad)
    with pytest.raises(InputError, match="延长天数“十五”应为整数"):
        parse_int("十五", "延长天数")


def test_id_card_check_character():
    # GB 11643-1999's own example: weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2 give 2 mod 11 -> X
    assert id_card_ok("11010519491231002X")
    assert not id_card_ok("110105194912310021")
    assert not id_card_ok("11010519491231002")


def _fields(form) -> dict[str, str]:
    return {p.field: p.message for p in validate_case(form)}


def test_a_sound_form_has_no_problems():
    assert validate_case(make_form()) == []


def test_closing_needs_way_and_date_and_order_of_dates():
    form = make_form(status=CaseStatus.CLOSED, closed_on=date(2026, 10, 9))  # applied 10-08, accepted 10-10
    problems = _fields(form)
    assert "closing_way" in problems
    assert problems["closed_on"] == "结案日期不能早于受理日期"


def test_claims_are_exact_to_the_fen_and_not_negative():
    form = make_form(claims=[ClaimForm("overtime", Decimal("-1"), "x"), ClaimForm("overtime", Decimal("1.005"), "y")])
    problems = _fields(form)
    assert "不能为负数" in problems["claims[0].amount"]
    assert "精确到分" in problems["claims[1].amount"]


def test_extension_needs_the_directors_approval_and_at_most_15_days():
    # 调解仲裁法 Art 43: at most 15 days, with the director's written approval
    form = make_form(events=[EventForm(TimeLimitKind.EXTENSION, date(2026, 11, 1), days=10, approver=""),
                             EventForm(TimeLimitKind.EXTENSION, date(2026, 11, 2), days=6, approver="主任")])
    problems = _fields(form)
    assert "第四十三条" in problems["events[0].approver"]
    assert "合计 16 日" in problems["events"]


def test_hearings_numbered_from_one_without_repeats():
    form = make_form(hearings=[HearingForm(session_no=0), HearingForm(session_no=0)])
    problems = _fields(form)
    assert "不能重复" in problems["hearings"] and "从 1 开始" in problems["hearings[0].session_no"]
