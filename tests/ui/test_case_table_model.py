"""The register's table model and filter proxy, without any widget (DESIGN.md rule 4)."""

from datetime import date

from PySide6.QtCore import Qt

from app.rules.deadlines import WarningLevel
from app.services.register import CaseRow
from app.ui.case_table_model import COLUMNS, DAYS_LEFT_COLUMN, ROW_ROLE, CaseFilterProxy, CaseTableModel
from app.ui.palette import LEVEL_BACKGROUND
from app.vocabulary import CaseStatus, Procedure


def row(i, days_left, level, status=CaseStatus.SCHEDULED, applicant="张伟", types=("加班费",)):
    return CaseRow(
        id=i, case_no=f"青劳人仲(2026)办字第{i}号", case_types=["overtime"], case_type_names=list(types),
        applicants=[applicant], respondents=["上海华腾机械制造有限公司"], applied_on=date(2026, 10, 1),
        accepted_on=date(2026, 10, 3), deadline=date(2026, 11, 17) if days_left is not None else None,
        days_left=days_left, level=level, procedure=Procedure.ORDINARY, status=status,
        women_priority=False, new_employment_form=False, cross_region=False,
    )


ROWS = [
    row(2, 30, WarningLevel.NORMAL),
    row(10, -2, WarningLevel.OVERDUE, applicant="李娜", types=("确认劳动关系",)),
    row(9, 5, WarningLevel.WARN),
    row(1, None, WarningLevel.CLOSED, status=CaseStatus.CLOSED),
]


def test_model_shows_rows_with_colours(qapp):
    model = CaseTableModel()
    model.set_rows(ROWS)
    assert model.rowCount() == 4 and model.columnCount() == len(COLUMNS)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "案号"
    overdue = model.index(1, DAYS_LEFT_COLUMN)
    assert model.data(overdue) == "-2"
    assert model.data(overdue, Qt.ItemDataRole.BackgroundRole) == LEVEL_BACKGROUND[WarningLevel.OVERDUE]
    assert model.data(model.index(3, DAYS_LEFT_COLUMN)) == ""
    assert model.data(model.index(0, 0), ROW_ROLE).id == 2


def test_sorting_by_days_left_and_by_case_number_is_numeric(qapp):
    model = CaseTableModel()
    model.set_rows(ROWS)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(DAYS_LEFT_COLUMN, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, DAYS_LEFT_COLUMN).data() for r in range(4)] == ["-2", "5", "30", ""]
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    # 第2号 before 第9号 before 第10号: serials compare as numbers, not text
    assert \
        [proxy.index(r, 0).data() for r in range(4)] == [f"青劳人仲(2026)办字第{n}号" for n in (1, 2, 9, 10)]


def test_filters_by_text_status_and_level(qapp):
    model = CaseTableModel()
    model.set_rows(ROWS)
    proxy = CaseFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_text("李娜")
    assert proxy.rowCount() == 1
    proxy.set_text("劳动关系 李娜")
    assert proxy.rowCount() == 1
    proxy.set_text("")
    proxy.set_status(CaseStatus.CLOSED)
    assert proxy.rowCount() == 1
    proxy.set_status(None)
    proxy.set_levels(frozenset({WarningLevel.OVERDUE, WarningLevel.WARN}))
    assert sorted(proxy.index(r, 0).data(ROW_ROLE).id for r in range(proxy.rowCount())) == [9, 10]
