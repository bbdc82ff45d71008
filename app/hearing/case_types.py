"""Case types (案由) and their element templates (要素表) as data: one TOML file per type
under resources/case_types/, plus `_common.toml` with the elements every case shares.

A malformed file fails at load with the file and the problem named. An office adds or
edits a template without touching code; bump `version` when the elements change.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.config import RESOURCES_DIR
from app.rules.compensation import FINAL_AWARD_CATEGORIES

CASE_TYPES_DIR = RESOURCES_DIR / "case_types"
COMMON_FILE = "_common.toml"
COMMON_KEY = "common"

ELEMENT_KINDS = {"date", "money", "bool", "choice", "period", "text", "number"}
KIND_LABELS = {"date": "日期", "money": "金额", "bool": "是/否", "choice": "选项", "period": "期间",
               "text": "文字", "number": "数值"}
# Inputs the calculators in app.rules.compensation accept from element values.
CALCULATOR_INPUTS = {
    "monthly_wage", "avg_monthly_wage", "start", "end", "signed", "workday_hours", "restday_hours",
    "holiday_hours", "cumulative_years", "unused_days", "monthly_wages", "agreed_post_wage",
    "workday_hours_by_month", "restday_hours_by_month", "holiday_hours_by_month", "last_month_wage",
    "disability_grade", "injury_avg_wage", "injury_date",
}
CALCULATORS = {"severance", "double_wage", "overtime_pay", "annual_leave_pay", "non_compete_monthly",
               "one_off_disability_allowance"}
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class TemplateError(ValueError):
    """A case-type file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class ElementSpec:
    key: str
    label: str
    kind: str
    question: str
    basis: str = ""
    choices: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    question_applicant: str = ""
    question_respondent: str = ""
    type_key: str = ""

    def question_for(self, side: str) -> str:
        specific = self.question_applicant if side == "applicant" else self.question_respondent
        return specific or self.question


@dataclass(frozen=True)
class CaseType:
    key: str
    name: str
    order: int
    version: int
    source: Path
    elements: tuple[ElementSpec, ...] = ()
    final_award_category: str = "other"  # see app.rules.compensation.FINAL_AWARD_CATEGORIES
    calculator: str = ""


def _fail(path: Path, problem: str) -> TemplateError:
    return TemplateError(f"案由模板 {path.name} 有误：{problem}（{path}）")


def _element(path: Path, type_key: str, i: int, raw: object) -> ElementSpec:
    if not isinstance(raw, dict):
        raise _fail(path, f"第 {i} 个要素不是表格")
    where = f"第 {i} 个要素"
    key = raw.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise _fail(path, f"{where}缺少 key 或 key 不是小写英文标识（{key!r}）")
    where = f"要素 {key}"
    for field in ("label", "question"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise _fail(path, f"{where}缺少 {field}")
    kind = raw.get("kind")
    if kind not in ELEMENT_KINDS:
        raise _fail(path, f"{where}的 kind “{kind}” 无效，应为 {', '.join(sorted(ELEMENT_KINDS))} 之一")
    choices = raw.get("choices", [])
    if kind == "choice" and (not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices)):
        raise _fail(path, f"{where}为选项类型，须给出 choices 列表")
    feeds = raw.get("feeds", [])
    if not isinstance(feeds, list) or any(f not in CALCULATOR_INPUTS for f in feeds):
        raise _fail(path, f"{where}的 feeds {feeds!r} 含未知的计算输入；可用：{', '.join(sorted(CALCULATOR_INPUTS))}")
    unknown = set(raw) - {"key", "label", "kind", "question", "basis", "choices", "feeds",
                          "question_applicant", "question_respondent"}
    if unknown:
        raise _fail(path, f"{where}含未知字段 {', '.join(sorted(unknown))}")
    return ElementSpec(
        key=key, label=raw["label"].strip(), kind=kind, question=raw["question"].strip(),
        basis=str(raw.get("basis", "")), choices=tuple(choices), feeds=tuple(feeds),
        question_applicant=str(raw.get("question_applicant", "")),
        question_respondent=str(raw.get("question_respondent", "")), type_key=type_key,
    )


def load_case_type(path: Path) -> CaseType:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(f"案由模板 {path} 无法读取（{exc.strerror or exc}）") from exc
    except UnicodeDecodeError as exc:
        raise _fail(path, "文件不是 UTF-8 编码") from exc
    except tomllib.TOMLDecodeError as exc:
        raise _fail(path, f"TOML 语法错误：{exc}") from exc
    for field, kind in (("key", str), ("name", str), ("version", int)):
        if not isinstance(data.get(field), kind):
            raise _fail(path, f"缺少字段 {field} 或类型不对")
    expected = COMMON_KEY if path.name == COMMON_FILE else path.stem
    if data["key"] != expected:
        raise _fail(path, f"key “{data['key']}” 应为 “{expected}”（与文件名一致）")
    raw_elements = data.get("elements", [])
    if not isinstance(raw_elements, list):
        raise _fail(path, "elements 应为 [[elements]] 表格数组")
    elements = tuple(_element(path, data["key"], i, raw) for i, raw in enumerate(raw_elements, 1))
    seen: set[str] = set()
    for e in elements:
        if e.key in seen:
            raise _fail(path, f"要素 key “{e.key}” 重复")
        seen.add(e.key)
    category = str(data.get("final_award_category", "other"))
    if category not in FINAL_AWARD_CATEGORIES:
        raise _fail(path, f"final_award_category “{category}” 未知；可用：{', '.join(FINAL_AWARD_CATEGORIES)}")
    calculator = str(data.get("calculator", ""))
    if calculator and calculator not in CALCULATORS:
        raise _fail(path, f"calculator “{calculator}” 未知；可用：{', '.join(sorted(CALCULATORS))}")
    return CaseType(
        key=data["key"], name=data["name"], order=int(data.get("order", 1000)), version=data["version"],
        source=path, elements=elements, final_award_category=category,
        calculator=calculator,
    )


@cache
def case_types(directory: Path = CASE_TYPES_DIR) -> dict[str, CaseType]:
    """All case types, in their display order, keyed by key."""
    found = [load_case_type(p) for p in sorted(directory.glob("*.toml")) if not p.name.startswith("_")]
    return {t.key: t for t in sorted(found, key=lambda t: (t.order, t.key))}


@cache
def common_elements(directory: Path = CASE_TYPES_DIR) -> CaseType:
    path = directory / COMMON_FILE
    if not path.exists():
        raise TemplateError(f"缺少共同要素模板 {path}")
    return load_case_type(path)


def case_type_name(key: str) -> str:
    known = case_types()
    return known[key].name if key in known else key


def element_table(type_keys: list[str], directory: Path = CASE_TYPES_DIR) -> list[ElementSpec]:
    """The union of the common elements and those of each case type, in hearing order;
    an element shared by several types (same key) appears once, where it first occurs."""
    known = case_types(directory)
    seen: set[str] = set()
    table: list[ElementSpec] = []
    sources = [common_elements(directory)] + [known[k] for k in type_keys if k in known]
    for source in sources:
        for element in source.elements:
            if element.key not in seen:
                seen.add(element.key)
                table.append(element)
    return table


def validate_all(directory: Path = CASE_TYPES_DIR) -> list[str]:
    """Load every template afresh; return the problems found (empty when all load)."""
    problems = []
    for path in sorted(directory.glob("*.toml")):
        try:
            load_case_type(path)
        except TemplateError as exc:
            problems.append(str(exc))
    return problems
