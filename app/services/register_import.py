"""Bringing an office's existing Excel register (台账) into the app.

The file (.xlsx or .csv) is read by header name (any order, unknown columns ignored). Every
row is checked before anything is written, with the register's own rules
(app.services.validation); a bad row is reported with its row number and the problem. Nothing
is written while any row is bad unless the caller skips them. An import is one transaction and
one audit entry naming every case it created or updated: the rows go in as set-wise inserts
(the per-row ORM audit would write tens of thousands of entries for one act).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from app.hearing.case_types import case_types
from app.models import (
    AuditEntry,
    Case,
    CaseTypeLink,
    Hearing,
    Party,
    RecordSignOff,
    TimeLimitEvent,
)
from app.models.base import utcnow
from app.rules.case_numbers import CaseNumberError, check_case_no
from app.rules.deadlines import time_limits
from app.rules.lifecycle import TransitionError, check_transition
from app.services import access
from app.services.forms import CaseForm, EventForm, HearingForm, PartyForm
from app.services.parsing import InputError, parse_date
from app.services.sheet_rows import ImportFileError, csv_rows, xlsx_rows
from app.services.validation import validate_case
from app.vocabulary import (
    CaseStatus,
    ClosingWay,
    PartyKind,
    PartySide,
    Procedure,
    TimeLimitKind,
)

HEADERS = ("案号", "案由", "申请人", "被申请人", "受理日期", "程序", "结案日期", "结案方式",
           "延长天数", "新就业形态", "女职工", "开庭日期", "庭审开始", "庭审结束", "要素式")
REQUIRED = ("案号", "案由", "申请人", "被申请人")
PROCEDURES = {"普通": Procedure.ORDINARY, "普通程序": Procedure.ORDINARY, "简易": Procedure.SIMPLE,
              "简易处理": Procedure.SIMPLE, "简易程序": Procedure.SIMPLE, "速裁": Procedure.FAST_TRACK,
              "速裁程序": Procedure.FAST_TRACK}
OUTCOMES = {"裁决": ClosingWay.AWARD, "调解": ClosingWay.MEDIATION, "撤诉": ClosingWay.WITHDRAWAL,
            "撤回": ClosingWay.WITHDRAWAL, "不予受理": ClosingWay.NOT_ACCEPTED, "终结": ClosingWay.TERMINATION,
            "终止": ClosingWay.TERMINATION, "终止审理": ClosingWay.TERMINATION, "移送": ClosingWay.TERMINATION,
            "其他": ClosingWay.OTHER}
YES = {"是", "Y", "YES", "TRUE", "1", "√", "✓"}
NO = {"否", "N", "NO", "FALSE", "0", ""}
IMPORT_NOTE = "由台账导入"
IMPORT_APPROVER = "（台账记载）"
_EMPLOYER_WORDS = ("公司", "厂", "店", "中心", "集团", "银行", "医院", "学校", "酒店", "合作社", "事务所", "商行", "部", "局")
_TIME = re.compile(r"^(\d{1,2})[:：时](\d{2})分?$")
_SPLIT = re.compile(r"[、，,；;/]+")


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it (header is row 1)
    case_no: str
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行{f'（{self.case_no}）' if self.case_no else ''}：{self.message}"


class ImportRefused(ValueError):
    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(f"{len({p.row for p in problems})} 行有误，未导入任何案件")


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Row:
    line: int
    form: CaseForm
    extension_days: int


# -- reading -------------------------------------------------------------------------------------

def read_table(path: Path) -> list[tuple[int, dict[str, object]]]:
    """(row number, {header: cell}) for every non-empty row under the header row."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = xlsx_rows(path)
    elif suffix == ".csv":
        rows = csv_rows(path)
    else:
        raise ImportFileError(f"不支持的文件类型“{path.suffix}”：请使用 .xlsx 或 .csv")
    header_at, header = None, []
    for i, (_line, cells) in enumerate(rows):
        names = [str(c).strip() if c is not None else "" for c in cells]
        if "案号" in names:
            header_at, header = i, names
            break
        if i >= 10:
            break
    if header_at is None:
        raise ImportFileError("文件前 10 行中没有找到表头（应含“案号”等列）")
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise ImportFileError(f"缺少必需的列：{'、'.join(missing)}")
    out = []
    for line, cells in rows[header_at + 1:]:
        record = {name: (cells[j] if j < len(cells) else None) for j, name in enumerate(header) if name in HEADERS}
        if any(v not in (None, "") and str(v).strip() for v in record.values()):
            out.append((line, record))
    return out


# -- checking ------------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, what: str) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) or text.isdigit():
        serial = float(text)
        if 20000 < serial < 80000:  # an Excel date serial that reached us as a number or text
            from openpyxl.utils.datetime import from_excel

            return from_excel(serial).date()
    return parse_date(text, what)


def _time(value, what: str) -> time | None:
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:  # a time typed as a day fraction
        minutes = round(value * 1440)
        return time(minutes // 60, minutes % 60)
    text = _text(value)
    if not text:
        return None
    m = _TIME.match(text)
    try:
        if not m:
            raise ValueError
        return time(int(m[1]), int(m[2]))
    except ValueError:
        raise InputError(f"{what}“{text}”无效，应如 09:30") from None


def _flag(value, what: str) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).upper()
    if text in YES:
        return True
    if text in NO:
        return False
    raise InputError(f"{what}“{_text(value)}”应为“是”或“否”")


@cache
def _type_labels() -> dict[str, str]:
    """Case-type key by what a register may write: the key, the template's name, or a part of
    a name such as 经济补偿 of 经济补偿/违法解除劳动合同赔偿金."""
    by_label: dict[str, str] = {}
    for key, t in case_types().items():
        by_label[key] = key
        by_label[t.name] = key
        for part in t.name.split("/"):
            by_label.setdefault(part.strip(), key)
    return by_label


def _type_keys(text: str) -> list[str]:
    known = case_types()
    by_label = _type_labels()
    keys, unknown = [], []
    for label in _SPLIT.split(text):
        label = label.strip()
        if not label:
            continue
        if label in by_label:
            keys.append(by_label[label])
        else:
            unknown.append(label)
    if unknown:
        raise InputError(f"案由“{'、'.join(unknown)}”不在案由模板中；可用：{'、'.join(t.name for t in known.values())}")
    return list(dict.fromkeys(keys))


def _party_kind(name: str, side: PartySide) -> PartyKind:
    if side == PartySide.RESPONDENT and (len(name) > 4 or any(w in name for w in _EMPLOYER_WORDS)):
        return PartyKind.EMPLOYER
    return PartyKind.PERSON


def _read_row(line: int, cells: dict[str, object]) -> tuple[_Row | None, list[str]]:
    problems: list[str] = []

    def get(name, parse, *extra):
        try:
            return parse(cells.get(name), name, *extra)
        except InputError as exc:
            problems.append(str(exc))
            return None

    case_no = _text(cells.get("案号"))
    try:
        check_case_no(case_no)
    except CaseNumberError as exc:
        problems.append(str(exc))
    types = get("案由", lambda v, _n: _type_keys(_text(v)))
    accepted = get("受理日期", _date)
    closed = get("结案日期", _date)
    procedure_text = _text(cells.get("程序"))
    procedure = PROCEDURES.get(procedure_text, Procedure.ORDINARY if not procedure_text else None)
    if procedure is None:
        problems.append(f"程序“{procedure_text}”应为 普通、简易 或 速裁")
    way_text = _text(cells.get("结案方式"))
    way = OUTCOMES.get(way_text) if way_text else None
    if way_text and way is None:
        problems.append(f"结案方式“{way_text}”应为 裁决、调解、撤诉、不予受理、终结 或 其他")
    ext_text = _text(cells.get("延长天数"))
    extension = 0
    if ext_text:
        try:
            extension = int(float(ext_text))
            if extension < 0 or extension != float(ext_text):
                raise ValueError
        except ValueError:
            problems.append(f"延长天数“{ext_text}”应为不小于 0 的整数")
            extension = 0
    if extension > time_limits().max_extension_days:
        problems.append(f"延长天数 {extension} 超过法定上限 {time_limits().max_extension_days} 日（调解仲裁法第四十三条）")
    nef = get("新就业形态", _flag)
    women = get("女职工", _flag)
    element = get("要素式", _flag)
    hearing_day = get("开庭日期", _date)
    start = get("庭审开始", _time)
    end = get("庭审结束", _time)
    if (start or end) and not _text(cells.get("开庭日期")):
        problems.append("填写了庭审时间，但没有开庭日期")
    if start and end and end < start:
        problems.append("庭审结束时间早于开始时间")
    applicants = [n for n in _SPLIT.split(_text(cells.get("申请人"))) if n.strip()]
    respondents = [n for n in _SPLIT.split(_text(cells.get("被申请人"))) if n.strip()]
    if problems:
        return None, problems

    if closed or way:
        status = CaseStatus.CLOSED
    elif hearing_day:
        status = CaseStatus.SCHEDULED
    else:
        status = CaseStatus.ACCEPTED if accepted else CaseStatus.PENDING
    hearings = []
    if hearing_day:
        at = lambda t: datetime.combine(hearing_day, t) if t else None
        hearings.append(HearingForm(1, at(start) or datetime.combine(hearing_day, time(9, 0)), None, True,
                                    at(start), at(end), element_based=bool(element)))
    events = []
    if extension:
        events.append(EventForm(TimeLimitKind.EXTENSION, accepted, None, extension, IMPORT_APPROVER, note=IMPORT_NOTE))
    form = CaseForm(
        case_no=case_no, case_types=types or [], applied_on=accepted, accepted_on=accepted, closed_on=closed,
        procedure=procedure, status=status, closing_way=way, women_priority=bool(women),
        new_employment_form=bool(nef), note=IMPORT_NOTE,
        parties=[PartyForm(PartySide.APPLICANT, PartyKind.PERSON, n.strip()) for n in applicants]
        + [PartyForm(PartySide.RESPONDENT, _party_kind(n.strip(), PartySide.RESPONDENT), n.strip()) for n in respondents],
        hearings=hearings, events=events,
    )
    found = validate_case(form)
    if extension and accepted is None:
        problems.append("填写了延长天数，但没有受理日期")
    problems.extend(p.message for p in found if not p.field.startswith("events"))
    return (None, problems) if problems else (_Row(line, form, extension), [])


def check_rows(session: Session, table: Iterable[tuple[int, dict]], *, update: bool) -> tuple[list[_Row], list[RowProblem]]:
    rows, problems = [], []
    seen: dict[str, int] = {}
    parsed = []
    for line, cells in table:
        row, found = _read_row(line, cells)
        case_no = _text(cells.get("案号"))
        if case_no in seen:
            found.append(f"案号与第 {seen[case_no]} 行重复")
        elif case_no:
            seen[case_no] = line
        parsed.append((line, case_no, row, found))
    existing = _existing(session, [c for _, c, _, _ in parsed if c])
    for line, case_no, row, found in parsed:
        if case_no in existing:
            if not update:
                found.append("案号已存在（如要用台账更新已有案件，请加 --update）")
            elif row is not None:
                found.extend(_update_problems(session, existing[case_no], row))
        if found:
            problems.extend(RowProblem(line, case_no, msg) for msg in found)
        else:
            rows.append(row)
    return rows, problems


def _existing(session: Session, numbers: list[str]) -> dict[str, tuple[int, CaseStatus]]:
    out = {}
    for i in range(0, len(numbers), 900):
        chunk = numbers[i:i + 900]
        out.update({n: (cid, st) for cid, n, st in session.execute(
            select(Case.id, Case.case_no, Case.status).where(Case.case_no.in_(chunk)))})
    return out


def _update_problems(session: Session, existing: tuple[int, CaseStatus], row: _Row) -> list[str]:
    case_id, status = existing
    problems = []
    try:
        check_transition(status, row.form.status)
    except TransitionError as exc:
        problems.append(str(exc))
    if row.form.hearings and session.scalar(
        select(RecordSignOff.id).join(Hearing, Hearing.id == RecordSignOff.hearing_id)
        .where(Hearing.case_id == case_id, Hearing.session_no == 1)
    ):
        problems.append("第 1 次开庭的笔录已定稿，不能用台账修改其开庭信息")
    manual = session.scalars(select(TimeLimitEvent.days).where(
        TimeLimitEvent.case_id == case_id, TimeLimitEvent.kind == TimeLimitKind.EXTENSION,
        TimeLimitEvent.note != IMPORT_NOTE)).all()
    if manual and sum(d or 0 for d in manual) != row.extension_days:
        problems.append(f"延长天数 {row.extension_days} 与已登记的延期记录（合计 {sum(d or 0 for d in manual)} 日）不一致")
    return problems


# -- writing -------------------------------------------------------------------------------------

def import_register(session: Session, path: Path, *, update: bool = False, skip_invalid: bool = False,
                    dry_run: bool = False) -> ImportResult:
    """Check every row, then write all good rows in the caller's transaction (one audit entry).
    Raises ImportRefused listing the bad rows unless `skip_invalid`."""
    access.require(session, access.CASE_EDIT)
    table = read_table(Path(path))
    rows, problems = check_rows(session, table, update=update)
    if problems and not skip_invalid:
        raise ImportRefused(problems)
    result = ImportResult(skipped=problems, dry_run=dry_run)
    existing = _existing(session, [r.form.case_no for r in rows])
    new = [r for r in rows if r.form.case_no not in existing]
    old = [r for r in rows if r.form.case_no in existing]
    result.created = [r.form.case_no for r in new]
    result.updated = [r.form.case_no for r in old]
    if dry_run or not rows:
        return result
    _insert(session, new)
    for r in old:
        _update(session, existing[r.form.case_no][0], r)
    session.add(AuditEntry(
        at=utcnow(), actor=session.info.get("actor", ""), os_user=session.info.get("os_user", ""),
        entity="case_import", action="import",
        changes=json.dumps({"file": Path(path).name, "created": result.created, "updated": result.updated,
                            "skipped_rows": [p.row for p in problems]}, ensure_ascii=False),
    ))
    session.flush()
    return result


def _case_values(f: CaseForm) -> dict:
    return {"applied_on": f.applied_on, "accepted_on": f.accepted_on, "closed_on": f.closed_on,
            "procedure": f.procedure, "status": f.status, "closing_way": f.closing_way,
            "women_priority": f.women_priority, "new_employment_form": f.new_employment_form}


def _insert(session: Session, rows: list[_Row]) -> None:
    if not rows:
        return
    now = utcnow()
    session.execute(insert(Case.__table__), [  # Core: one executemany (ORM bulk splits on NULLs)
        {"case_no": r.form.case_no, **_case_values(r.form), "cross_region": False, "note": IMPORT_NOTE,
         "created_at": now, "updated_at": now, "version": 1} for r in rows])
    # the new ids by case number (a plain executemany; RETURNING per row is slow on SQLite)
    ids = {n: cid for n, (cid, _st) in _existing(session, [r.form.case_no for r in rows]).items()}
    _children(session, [(ids[r.form.case_no], r) for r in rows])


def _children(session: Session, rows: list[tuple[int, _Row]], *, parties: bool = True) -> None:
    versions = {k: t.version for k, t in case_types().items()}
    links = [{"case_id": cid, "type_key": k, "position": i, "template_version": versions.get(k, 1)}
             for cid, r in rows for i, k in enumerate(r.form.case_types)]
    people = [{"case_id": cid, "side": p.side, "kind": p.kind, "name": p.name, "position": i, "id_number": "",
               "legal_representative": "", "address": "", "phone": ""}
              for cid, r in rows for i, p in enumerate(r.form.parties)] if parties else []
    hearings = [{"case_id": cid, "session_no": 1, "scheduled_at": h.scheduled_at, "public": True,
                 "started_at": h.started_at, "ended_at": h.ended_at, "element_based": h.element_based, "version": 1}
                for cid, r in rows for h in r.form.hearings]
    events = [{"case_id": cid, "kind": e.kind, "starts_on": e.starts_on, "days": e.days, "approver": e.approver,
               "note": e.note} for cid, r in rows for e in r.form.events]
    for model, values in ((CaseTypeLink, links), (Party, people), (Hearing, hearings), (TimeLimitEvent, events)):
        if values:
            session.execute(insert(model.__table__), values)


def _update(session: Session, case_id: int, row: _Row) -> None:
    f = row.form
    session.execute(update(Case).where(Case.id == case_id)
                    .values(**_case_values(f), updated_at=utcnow(), version=Case.version + 1))
    session.execute(delete(CaseTypeLink).where(CaseTypeLink.case_id == case_id))
    session.execute(delete(TimeLimitEvent).where(TimeLimitEvent.case_id == case_id,
                                                 TimeLimitEvent.kind == TimeLimitKind.EXTENSION,
                                                 TimeLimitEvent.note == IMPORT_NOTE))
    has_manual = session.scalar(select(TimeLimitEvent.id).where(
        TimeLimitEvent.case_id == case_id, TimeLimitEvent.kind == TimeLimitKind.EXTENSION).limit(1))
    names = set(session.execute(select(Party.side, Party.name).where(Party.case_id == case_id)).all())
    count = len(names)
    added = [p for p in f.parties if (p.side, p.name) not in names]
    for i, p in enumerate(added):
        session.execute(insert(Party).values(case_id=case_id, side=p.side, kind=p.kind, name=p.name, position=count + i))
    hearing = session.execute(select(Hearing.id).where(Hearing.case_id == case_id, Hearing.session_no == 1)).scalar()
    if hearing is not None and f.hearings:
        h = f.hearings[0]
        session.execute(update(Hearing).where(Hearing.id == hearing).values(
            scheduled_at=h.scheduled_at, started_at=h.started_at, ended_at=h.ended_at,
            element_based=h.element_based, version=Hearing.version + 1))
    plain = CaseForm(case_types=f.case_types, hearings=f.hearings if hearing is None else [],
                     events=[] if has_manual else f.events)
    _children(session, [(case_id, _Row(row.line, plain, row.extension_days))], parties=False)


# -- the template --------------------------------------------------------------------------------

def write_template(path: Path) -> Path:
    """An .xlsx with the headers, one example row and a sheet explaining the columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(list(HEADERS))
    ws.append(["青劳人仲(2025)办字第1号", "追索劳动报酬、经济补偿", "张三", "某某科技有限公司",
               date(2025, 3, 4), "速裁", date(2025, 3, 28), "调解", 0, "否", "是",
               date(2025, 3, 18), time(9, 30), time(10, 40), "是"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col in ("E", "G", "L"):
        ws[f"{col}2"].number_format = "yyyy-mm-dd"
    for col in ("M", "N"):
        ws[f"{col}2"].number_format = "hh:mm"
    for i, width in enumerate((26, 26, 12, 24, 12, 8, 12, 10, 10, 12, 8, 12, 10, 10, 8), 1):
        ws.column_dimensions[chr(64 + i)].width = width
    ws.freeze_panes = "A2"
    notes = wb.create_sheet("说明")
    notes.append(["列", "填写说明"])
    for row in (
        ("案号", "必填，如 青劳人仲(2025)办字第1号；已有的案号须加 --update 才会更新"),
        ("案由", "必填，多个用“、”分隔：" + "、".join(t.name for t in case_types().values())),
        ("申请人 / 被申请人", "必填，多人用“、”分隔"),
        ("受理日期 / 结案日期 / 开庭日期", "2025-03-04、2025/3/4、2025年3月4日 或 Excel 日期"),
        ("程序", "普通 / 简易 / 速裁（空为普通）"),
        ("结案方式", "裁决 / 调解 / 撤诉 / 不予受理 / 终结 / 其他；结案日期与结案方式同时填写"),
        ("延长天数", "经批准延长的天数，0-15"),
        ("新就业形态 / 女职工 / 要素式", "是 / 否"),
        ("庭审开始 / 庭审结束", "HH:MM，如 09:30"),
    ):
        notes.append(list(row))
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["B"].width = 100
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
