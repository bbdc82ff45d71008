import pytest

from app.rules.case_numbers import CaseNumberError, check_case_no, check_pattern, next_case_no, serial_of
from app.rules.lifecycle import TransitionError, check_transition
from app.vocabulary import CaseStatus

PATTERN = "青劳人仲({year})办字第{seq}号"


@pytest.mark.parametrize("good", ["青劳人仲(2025)办字第123号", "青劳人仲（2025）办字第1号", " 沪劳人仲(2024)字第9号 "])
def test_good_case_numbers(good):
    assert check_case_no(good) == good.strip()


@pytest.mark.parametrize("bad", ["", "123", "青劳人仲2025办字第1号", "青劳人仲(25)办字第1号", "青劳人仲(2025)办字第号",
                                 "青劳人仲(2025)办字第0号", "青劳人仲(1890)办字第1号"])
def test_bad_case_numbers(bad):
    with pytest.raises(CaseNumberError):
        check_case_no(bad)


def test_next_number_follows_the_highest_of_the_year():
    existing = ["青劳人仲(2025)办字第9号", "青劳人仲(2025)办字第123号", "青劳人仲(2024)办字第500号", "其他(2025)字第999号"]
    assert next_case_no(PATTERN, 2025, existing) == "青劳人仲(2025)办字第124号"
    assert next_case_no(PATTERN, 2026, existing) == "青劳人仲(2026)办字第1号"
    assert serial_of("青劳人仲(2025)办字第123号", PATTERN, 2025) == 123


def test_pattern_must_have_year_and_serial():
    with pytest.raises(CaseNumberError):
        check_pattern("青劳人仲办字第{seq}号")
    with pytest.raises(CaseNumberError):
        check_pattern("青劳人仲({year})办字第{n}号")


def test_lifecycle():
    check_transition(CaseStatus.PENDING, CaseStatus.ACCEPTED)
    check_transition(CaseStatus.HEARING, CaseStatus.SUSPENDED)
    check_transition(CaseStatus.SUSPENDED, CaseStatus.HEARING)
    with pytest.raises(TransitionError):
        check_transition(CaseStatus.CLOSED, CaseStatus.HEARING)
    with pytest.raises(TransitionError):
        check_transition(CaseStatus.PENDING, CaseStatus.HEARING)
