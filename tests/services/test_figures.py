"""The office confirms a local figure (issue 13, item 1), on SQLite and PostgreSQL: an
administrator's confirmation reaches the basis of real calculations (the final-award limit of
调解仲裁法 Art 47(1), the severance cap of 劳动合同法 Art 47) and the audit trail; a clerk is
refused; a wrong amount is refused; withdrawing, or editing the resource row afterwards, makes
the figure “未经核实” again."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from app.models import AuditEntry, FigureConfirmation
from app.rules.local_params import LOCAL_PARAMS_FILE, LocalParameters
from app.services import accounts, figures
from app.services.access import AccessDenied
from app.services.cases import save_case
from app.services.demo import seed_office
from app.services.elements import calculate_values, final_award_flags
from app.services.forms import ClaimForm
from app.vocabulary import AccountRole
from tests.services.test_cases import make_form

PASSWORD = "correct horse 1"
DAY = date(2026, 11, 27)
DOCUMENT = "市人社局《关于调整本市最低工资标准的通知》原文（测试用）"
MIN_WAGE, FROM = "minimum_monthly_wage", date(2025, 7, 1)


@pytest.fixture
def office(db, monkeypatch):
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    with db.session() as s:
        seed_office(s)
        case_id = save_case(s, make_form(claims=[ClaimForm("severance", Decimal("45000.00"), "支付经济补偿")]))
        accounts.init_admin(s, "徐主任", PASSWORD)
        accounts.add_user(s, "李婷", AccountRole.CLERK, PASSWORD)
        who = {n: accounts.principal_by_name(s, n) for n in ("徐主任", "李婷")}
    return dict(db=db, case=case_id, admin=db.as_account(who["徐主任"]), clerk=db.as_account(who["李婷"]))


def severance_flag(db, case_id):
    with db.session() as s:
        return next(f for f in final_award_flags(s, case_id, day=DAY) if f.kind == "severance")


def severance_params(db) -> dict[str, str]:
    """The severance calculator on a wage above the 3x cap (劳动合同法 Art 47(2)), with the
    figures as the workspace gets them."""
    with db.session() as s:
        params = figures.office_parameters(s)
    views = calculate_values(["severance"], {"monthly_wage": Decimal("50000"), "start": date(2020, 1, 1),
                                             "end": date(2026, 1, 31)}, {}, today=DAY, params=params)
    return next(v for v in views if v.calculator == "severance").params


def state(db, key=MIN_WAGE, valid_from=FROM) -> figures.FigureRow:
    with db.session() as s:
        return next(r for r in figures.list_figures(s) if r.key == key and r.valid_from == valid_from)


def test_an_administrators_confirmation_reaches_the_basis_and_the_audit_trail(office):
    db, admin = office["db"], office["admin"]
    flag = severance_flag(db, office["case"])
    # 12 x 2,740 = 32,880 (调解仲裁法 Art 47(1)); the shipped row is from a secondary source
    assert flag.limit == Decimal("32880.00") and "2740" in flag.basis and "未经核实" in flag.basis
    assert state(db).state == figures.STATE_NONE

    with admin.session() as s:
        row = figures.confirm_figure(s, MIN_WAGE, FROM, DOCUMENT, amount="2,740")
    assert row.state == figures.STATE_OFFICE and row.confirmed_by == "徐主任" and row.document == DOCUMENT

    flag = severance_flag(db, office["case"])
    assert "未经核实" not in flag.basis and "经徐主任于" in flag.basis and DOCUMENT in flag.basis
    used = severance_params(db)
    assert "未经核实" not in used["min_wage"]
    assert "未经核实" in used["city_avg_wage"]  # the average wage was not confirmed
    listed = state(db)
    assert (listed.state, listed.confirmed_by, listed.document) == (figures.STATE_OFFICE, "徐主任", DOCUMENT)
    assert "徐主任" in listed.state_text and DOCUMENT in listed.state_text

    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "figure_confirmation")).one()
    changes = json.loads(entry.changes)
    assert (entry.actor, entry.action) == ("徐主任", "insert")
    assert changes["document"][1] == DOCUMENT and changes["amount"][1] == "2740"
    assert changes["figure"][1] == MIN_WAGE and changes["valid_from"][1] == "2025-07-01"
    assert changes["confirmed_by"][1] == "徐主任"


def test_a_clerk_a_wrong_amount_and_unknown_rows_are_refused_and_change_nothing(office):
    db = office["db"]
    with pytest.raises(AccessDenied, match="只有管理员可以"), office["clerk"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, FROM, DOCUMENT)
    with pytest.raises(figures.FigureError, match="金额不符.*2740"), office["admin"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, FROM, DOCUMENT, amount="2690")  # the old figure
    with pytest.raises(figures.FigureError, match="正式文件"), office["admin"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, FROM, "  ")
    with pytest.raises(LookupError, match="没有名为"), office["admin"].session() as s:
        figures.confirm_figure(s, "minimum_wage", FROM, DOCUMENT)
    with pytest.raises(LookupError, match="没有 2025-06-01 起"), office["admin"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, date(2025, 6, 1), DOCUMENT)
    with pytest.raises(figures.FigureError, match="没有本办的核实记录"), office["admin"].session() as s:
        figures.withdraw_confirmation(s, MIN_WAGE, FROM)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(FigureConfirmation)) == 0
        assert s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(AuditEntry.entity == "figure_confirmation")) == 0
    assert "未经核实" in severance_flag(db, office["case"]).basis


def test_withdrawing_restores_unconfirmed_and_is_audited(office):
    db = office["db"]
    with office["admin"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, FROM, DOCUMENT)
    with pytest.raises(figures.FigureError, match="已由徐主任"), office["admin"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, FROM, DOCUMENT)  # once is enough
    with pytest.raises(AccessDenied), office["clerk"].session() as s:
        figures.withdraw_confirmation(s, MIN_WAGE, FROM)
    assert "未经核实" not in severance_flag(db, office["case"]).basis

    with office["admin"].session() as s:
        assert figures.withdraw_confirmation(s, MIN_WAGE, FROM).state == figures.STATE_NONE
    assert "未经核实" in severance_flag(db, office["case"]).basis
    assert state(db).state == figures.STATE_NONE
    with db.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "figure_confirmation",
                                                   AuditEntry.action == "update")).one()
    assert entry.actor == "徐主任" and json.loads(entry.changes)["withdrawn_by"] == [None, "徐主任"]


def edited_table(tmp_path, old: str, new: str) -> LocalParameters:
    text = LOCAL_PARAMS_FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / "local_params.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return LocalParameters.load(path)


def test_a_row_edited_after_its_confirmation_is_unconfirmed_again(office, tmp_path):
    db = office["db"]
    with office["admin"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, FROM, DOCUMENT)
    # the amount changed in the file (a later release, or an edit by hand) ...
    amount_changed = edited_table(tmp_path, 'from = 2025-07-01\namount = "2740"', 'from = 2025-07-01\namount = "2750"')
    # ... or the row got an end date (the next adjustment announced)
    end_added = edited_table(tmp_path, 'from = 2025-07-01\namount = "2740"',
                             'from = 2025-07-01\nto = 2026-06-30\namount = "2740"')
    for table in (amount_changed, end_added):
        with db.session() as s:
            mw = figures.office_parameters(s, table).min_wage(date(2026, 1, 31))
            listed = next(r for r in figures.list_figures(s, table) if r.key == MIN_WAGE and r.valid_from == FROM)
        assert not mw.confirmed and "未经核实" in mw.describe()
        assert listed.state == figures.STATE_NONE and "须重新核实" in listed.stale and "徐主任" in listed.stale
    # the shipped table still matches: confirmed
    with db.session() as s:
        assert figures.office_parameters(s).min_wage(DAY).confirmed
    # the office confirms the edited row anew, and may withdraw the stale confirmation
    with office["admin"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, FROM, DOCUMENT, params=amount_changed)
    with db.session() as s:
        assert figures.office_parameters(s, amount_changed).min_wage(DAY).confirmed


def test_a_row_the_file_marks_confirmed_needs_no_office_confirmation(office, tmp_path):
    text = LOCAL_PARAMS_FILE.read_text(encoding="utf-8")
    at = text.index('from = 2025-07-01\namount = "2740"')
    end = text.index("confirmed = false", at)
    path = tmp_path / "local_params.toml"
    path.write_text(text[:end] + "confirmed = true" + text[end + len("confirmed = false"):], encoding="utf-8")
    table = LocalParameters.load(path)
    with office["db"].session() as s:
        listed = next(r for r in figures.list_figures(s, table) if r.key == MIN_WAGE and r.valid_from == FROM)
        assert "未经核实" not in figures.office_parameters(s, table).min_wage(DAY).describe()
    assert listed.state == figures.STATE_FILE
    with pytest.raises(figures.FigureError, match="参数表已标注"), office["admin"].session() as s:
        figures.confirm_figure(s, MIN_WAGE, FROM, DOCUMENT, params=table)
