"""Importing an office's Excel register on SQLite and PostgreSQL: every row checked first,
messages with row numbers, one transaction and one audit entry."""

import json
from datetime import date, datetime, time

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app.models import AuditEntry, Case, Hearing, Party, TimeLimitEvent
from app.services.register_import import (
    HEADERS,
    ImportFileError,
    ImportRefused,
    import_register,
    write_template,
)
from app.services.statistics import Period, statistics
from app.vocabulary import CaseStatus, ClosingWay, PartyKind, Procedure


def xlsx(path, rows, headers=HEADERS):
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def row(seq, **kw):
    """A good row; keywords override columns by header name."""
    values = {"案号": f"青劳人仲(2025)办字第{seq}号", "案由": "加班费", "申请人": f"工人{seq}",
              "被申请人": "某某物流有限公司", "受理日期": date(2025, 3, 3), "程序": "普通"}
    values.update(kw)
    return [values.get(h) for h in HEADERS]


def count(s, model):
    return s.scalar(select(func.count()).select_from(model))


def test_template_imports_as_one_case_with_one_audit_entry(db, tmp_path):
    path = write_template(tmp_path / "模板.xlsx")
    with db.session() as s:
        result = import_register(s, path)
    assert result.created == ["青劳人仲(2025)办字第1号"] and result.updated == []
    with db.session() as s:
        case = s.scalar(select(Case))
        assert case.case_types == ["unpaid_wages", "severance"]
        assert (case.accepted_on, case.closed_on, case.closing_way) == (date(2025, 3, 4), date(2025, 3, 28), ClosingWay.MEDIATION)
        assert case.procedure == Procedure.FAST_TRACK and case.status == CaseStatus.CLOSED
        assert case.women_priority and not case.new_employment_form
        assert [(p.name, p.kind) for p in case.parties] == [("张三", PartyKind.PERSON), ("某某科技有限公司", PartyKind.EMPLOYER)]
        h = s.scalar(select(Hearing))
        assert (h.started_at, h.ended_at, h.element_based) == (datetime(2025, 3, 18, 9, 30), datetime(2025, 3, 18, 10, 40), True)
        audit = s.scalars(select(AuditEntry)).all()
        assert len(audit) == 1 and audit[0].entity == "case_import" and audit[0].actor == "测试员"
        assert json.loads(audit[0].changes)["created"] == ["青劳人仲(2025)办字第1号"]


def test_every_bad_row_is_named_and_nothing_is_written(db, tmp_path):
    path = xlsx(tmp_path / "台账.xlsx", [
        row(1),
        row(2, 受理日期="2025-13-01"),
        row(3, 案由="加班费、工资条"),
        row(4, 结案日期=date(2025, 4, 1)),
        row(1),
        row(6, 开庭日期=date(2025, 3, 20), 庭审开始="10:00", 庭审结束="09:30"),
        row(7, 程序="特别", 女职工="可能"),
        row(8, 延长天数=20),
        row(9, 案号="第9号"),
    ])
    with db.session() as s, pytest.raises(ImportRefused) as caught:
        import_register(s, path)
    found = {(p.row, p.message) for p in caught.value.problems}
    rows = {p.row for p in caught.value.problems}
    assert rows == {3, 4, 5, 6, 7, 8, 9, 10}  # header is row 1, the first good row is row 2
    text = "\n".join(str(p) for p in caught.value.problems)
    assert "第 3 行（青劳人仲(2025)办字第2号）：受理日期“2025-13-01”无效" in text
    assert any(r == 4 and "工资条" in m for r, m in found)
    assert any(r == 5 and "结案方式" in m for r, m in found)
    assert any(r == 6 and "第 2 行重复" in m for r, m in found)
    assert any(r == 7 and "结束时间早于开始时间" in m for r, m in found)
    assert any(r == 8 and "程序“特别”" in m for r, m in found) and any(r == 8 and "女职工“可能”" in m for r, m in found)
    assert any(r == 9 and "超过法定上限 15 日" in m for r, m in found)
    assert any(r == 10 and "格式不正确" in m for r, m in found)
    with db.session() as s:
        assert count(s, Case) == 0 and count(s, AuditEntry) == 0


def test_skip_invalid_writes_the_good_rows(db, tmp_path):
    path = xlsx(tmp_path / "台账.xlsx", [row(1), row(2, 受理日期="昨天"), row(3)])
    with db.session() as s:
        result = import_register(s, path, skip_invalid=True)
    assert result.created == ["青劳人仲(2025)办字第1号", "青劳人仲(2025)办字第3号"]
    assert [p.row for p in result.skipped] == [3]
    with db.session() as s:
        assert count(s, Case) == 2 and count(s, AuditEntry) == 1


def test_dates_in_the_usual_forms_and_a_gbk_csv(db, tmp_path):
    lines = [",".join(HEADERS)]
    for seq, day in ((1, "2025-03-04"), (2, "2025/3/4"), (3, "2025年3月4日"), (4, "45720")):
        lines.append(f"青劳人仲(2025)办字第{seq}号,确认劳动关系、追索劳动报酬,骑手{seq},某某网络科技有限公司,{day},速裁,,,,是,否,{day},9:00,10:15,是")
    path = tmp_path / "台账.csv"
    path.write_bytes("\n".join(lines).encode("gb18030"))
    with db.session() as s:
        assert len(import_register(s, path).created) == 4
    with db.session() as s:
        assert set(s.scalars(select(Case.accepted_on))) == {date(2025, 3, 4)}  # 45720 is Excel's serial for it
        f = statistics(s, Period.year(2025))
    assert f["new_employment_form"] == {"total": 4, "confirmation": 4}
    assert f["hearing_minutes"]["element"] == 75.0 and f["by_procedure"]["fast_track"]["accepted"] == 4


def test_existing_case_refused_unless_update(db, tmp_path):
    with db.session() as s:
        import_register(s, xlsx(tmp_path / "a.xlsx", [row(1, 延长天数=10)]))
    again = xlsx(tmp_path / "b.xlsx", [row(1, 结案日期=date(2025, 4, 20), 结案方式="裁决", 延长天数=15,
                                          开庭日期=date(2025, 4, 1), 庭审开始=time(9, 0), 庭审结束=time(9, 50)),
                                   row(2)])
    with db.session() as s, pytest.raises(ImportRefused) as caught:
        import_register(s, again)
    assert [(p.row, "--update" in p.message) for p in caught.value.problems] == [(2, True)]
    with db.session() as s:
        version = s.scalar(select(Case.version))
        result = import_register(s, again, update=True)
    assert result.updated == ["青劳人仲(2025)办字第1号"] and result.created == ["青劳人仲(2025)办字第2号"]
    with db.session() as s:
        case = s.scalar(select(Case).where(Case.case_no == "青劳人仲(2025)办字第1号"))
        assert case.status == CaseStatus.CLOSED and case.closing_way == ClosingWay.AWARD
        assert case.version == version + 1
        assert [e.days for e in s.scalars(select(TimeLimitEvent).where(TimeLimitEvent.case_id == case.id))] == [15]
        assert count(s, Party) == 4  # the same two parties of case 1 were not added again
        h = s.scalar(select(Hearing).where(Hearing.case_id == case.id))
        assert (h.started_at, h.ended_at) == (datetime(2025, 4, 1, 9, 0), datetime(2025, 4, 1, 9, 50))
        assert count(s, AuditEntry) == 2


def test_dry_run_and_file_problems(db, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", [row(1)])
    with db.session() as s:
        result = import_register(s, path, dry_run=True)
    assert result.created == ["青劳人仲(2025)办字第1号"]
    with db.session() as s:
        assert count(s, Case) == 0
    with db.session() as s, pytest.raises(ImportFileError, match="缺少必需的列：被申请人"):
        import_register(s, xlsx(tmp_path / "b.xlsx", [], headers=["案号", "案由", "申请人"]))
    (tmp_path / "c.txt").write_text("x")
    with db.session() as s, pytest.raises(ImportFileError, match="不支持的文件类型"):
        import_register(s, tmp_path / "c.txt")


def test_the_direct_xlsx_reader_reads_what_openpyxl_reads(tmp_path):
    """The fast reader against openpyxl on the cell kinds a register has: shared and inline
    strings, numbers, booleans, blanks, dates, times, datetimes, and a 1904-dated workbook."""
    from openpyxl import load_workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from app.services.sheet_rows import _xlsx_rows_direct

    def both(path):
        wb = load_workbook(path, read_only=True, data_only=True)
        expected = [(i, r) for i, r in enumerate(wb.worksheets[0].iter_rows(values_only=True), 1)]
        wb.close()
        def pad(rows):  # row numbers as the sheet has them; wholly empty rows do not matter
            return [(i, tuple(r) + (None,) * (8 - len(r))) for i, r in rows if any(v is not None for v in r)]

        return pad(_xlsx_rows_direct(path)), pad(expected)

    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "数字", "小数", "是否", "日期", "时间", "日期时间", "富文本"])
    ws.append(["青劳人仲(2025)办字第1号", 15, 2.5, True, date(2025, 3, 4), time(9, 30), datetime(2025, 3, 4, 14, 5),
               CellRichText([TextBlock(InlineFont(b=True), "加班"), "费"])])
    ws.append([None, None, None, False, None, None, None, None])
    ws["A5"] = "空行之后"
    for cell in ("E2", "F2", "G2"):
        ws[cell].number_format = {"E2": "yyyy/m/d", "F2": "h:mm", "G2": "yyyy-mm-dd hh:mm"}[cell]
    wb.save(tmp_path / "a.xlsx")
    got, expected = both(tmp_path / "a.xlsx")
    assert got == expected
    assert got[1][1][4] == datetime(2025, 3, 4) and got[1][1][5] == time(9, 30) and got[1][1][7] == "加班费"

    wb.epoch = __import__("openpyxl").utils.datetime.CALENDAR_MAC_1904
    wb.save(tmp_path / "b.xlsx")
    got, expected = both(tmp_path / "b.xlsx")
    assert got == expected and got[1][1][4] == datetime(2025, 3, 4)
