"""Personal data masking (issue 12; 个人信息保护法 Art 6, 51): ID and phone numbers in free text,
the party display, log records, a 查阅 account's view of a case; the data dir is owner-only."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from app.security.masking import MaskingFilter, mask_id_number, mask_phone, mask_text

ID = "11010519491231002X"  # GB 11643 check digit X (the standard's own example number)


def test_masks_id_and_phone_numbers_in_text_but_not_amounts_or_dates():
    line = f"申请人张伟，身份证{ID}，手机13812345678，座机021-69212345；工资8200元，2021年3月8日入职，案号第2号"
    assert mask_text(line) == ("申请人张伟，身份证110105********002X，手机138****5678，座机021-****2345；"
                               "工资8200元，2021年3月8日入职，案号第2号")
    assert mask_id_number(ID) == "110105********002X" and mask_phone("13812345678") == "138****5678"
    assert mask_text("统一社会信用代码91310118MA1JL0XX1X") == "统一社会信用代码91310118MA1JL0XX1X"  # an employer's, public


def test_log_records_are_masked(caplog):
    log = logging.getLogger("hearingdesk.test")
    flt = MaskingFilter()
    log.addFilter(flt)
    try:
        with caplog.at_level(logging.WARNING):
            log.warning("party %s phone %s", ID, "13812345678")
    finally:
        log.removeFilter(flt)
    assert ID not in caplog.text and "110105********002X" in caplog.text and "138****5678" in caplog.text


def test_a_viewer_sees_a_case_masked_an_editor_whole(db):
    from app.services.access import Principal
    from app.services.cases import load_case_form, save_case
    from app.services.forms import AgentForm
    from app.vocabulary import AccountRole, AgentAuthority
    from tests.services.test_cases import make_form

    with db.session() as s:
        form = make_form()
        form.parties[0].phone = "13812345678"
        form.agents = [AgentForm(0, "郑律师", AgentAuthority.SPECIAL, "律师", "13998765432")]
        case_id = save_case(s, form)
        from app.models import Staff
        from app.models.account import Account

        staff = Staff(name="钱档案", role="clerk", active=True)
        s.add(staff)
        s.flush()
        viewer = Account(staff_id=staff.id, role=AccountRole.VIEWER, password_hash="x", active=True, failed_attempts=0)
        s.add(viewer)
        s.flush()
        who = Principal(viewer.id, staff.id, "钱档案", AccountRole.VIEWER)
    with db.session() as s:
        whole = load_case_form(s, case_id)
    with db.as_account(who).session() as s:
        masked = load_case_form(s, case_id)
    assert whole.parties[0].id_number == ID and whole.parties[0].phone == "13812345678"
    assert masked.parties[0].id_number == "110105********002X" and masked.parties[0].phone == "138****5678"
    assert masked.agents[0].phone == "139****5432"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_data_dir_and_database_are_owner_only(tmp_path):
    from app.bootstrap import open_database
    from app.config import AppPaths

    paths = AppPaths(tmp_path / "data")
    db = open_database(paths)
    db.dispose()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.sqlite_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((paths.data_dir / "office.key").stat().st_mode) == 0o600
