"""Limitation flag (调解仲裁法 Art 27) in the register and the case dialog's note; new party
particulars and claim flags survive a round trip; restarts for completed materials leave the
45 days alone in the register (办案规则 Art 46(2))."""

from datetime import date
from decimal import Decimal

from app.services.cases import load_case_form, save_case
from app.services.forms import ClaimForm, EventForm
from app.services.register import case_rows
from app.services.validation import limitation_note
from app.vocabulary import RestartReason, TimeLimitKind
from tests.services.test_cases import make_form


def test_limitation_flag_and_note(db):
    late = make_form(right_known_on=date(2025, 9, 30))  # applied 2026-10-08 > 2026-09-30
    in_time = make_form(case_no="青劳人仲(2026)办字第2号", right_known_on=date(2025, 10, 8))  # expires 2026-10-08
    with db.session() as s:
        late_id = save_case(s, late)
        ok_id = save_case(s, in_time)
    with db.session() as s:
        rows = {r.id: r for r in case_rows(s, today=date(2026, 10, 20))}
        assert load_case_form(s, late_id).right_known_on == date(2025, 9, 30)
    assert "时效存疑" in rows[late_id].flags and "时效存疑" not in rows[ok_id].flags
    assert "已于 2026-09-30 届满" in limitation_note(late) and "第二十七条" in limitation_note(late)
    assert "至 2026-10-08 届满" in limitation_note(in_time)
    assert limitation_note(make_form()) == ""


def test_party_particulars_and_claim_flags_round_trip(db):
    form = make_form()
    form.parties[0].sex, form.parties[0].birth_date = "女", date(1949, 12, 31)
    form.parties[1].legal_representative_title = "执行董事"
    form.claims = [ClaimForm("overtime", Decimal("100.00"), "支付加班费", preliminary_enforcement=True)]
    with db.session() as s:
        case_id = save_case(s, form)
    with db.session() as s:
        back = load_case_form(s, case_id)
    assert (back.parties[0].sex, back.parties[0].birth_date) == ("女", date(1949, 12, 31))
    assert back.parties[1].legal_representative_title == "执行董事"
    assert back.claims[0].preliminary_enforcement and back.claims[0].category == ""


def test_completed_materials_do_not_restart_the_45_days_in_the_register(db):
    form = make_form(events=[EventForm(TimeLimitKind.RESTART, date(2026, 10, 20),
                                       restart_reason=RestartReason.MATERIALS_COMPLETED)])
    with db.session() as s:
        case_id = save_case(s, form)
        row = next(r for r in case_rows(s, today=date(2026, 10, 21)) if r.id == case_id)
    # accepted 2026-10-10 + 45 = 2026-11-24 (a Tuesday, no roll)
    assert row.deadline == date(2026, 11, 24)


def test_right_known_after_the_application_is_refused():
    from app.services.validation import validate_case

    problems = validate_case(make_form(right_known_on=date(2026, 10, 9)))  # applied 2026-10-08
    assert any(p.field == "right_known_on" and "第二十七条" in p.message for p in problems)


def test_service_note_after_acceptance():
    from app.services.validation import service_note

    note = service_note(make_form())  # accepted 2026-10-10: copy served by 2026-10-15
    assert "2026-10-15 前送达被申请人" in note and "10 日内答辩" in note and "第三十条" in note
