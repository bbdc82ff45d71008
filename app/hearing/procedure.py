"""The hearing procedure (办案规则 Art 41-43) as data, and its scripts filled in with the
names of one case."""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from app.config import RESOURCES_DIR
from app.hearing.case_types import TemplateError

PROCEDURE_FILE = RESOURCES_DIR / "hearing" / "procedure.toml"
PLACEHOLDERS = {
    "commission", "case_no", "case_types", "applicants", "respondents", "third_parties", "tribunal",
    "presiding", "clerk", "session", "applicant_side", "respondent_side", "undisputed", "disputed",
    "third_party_side",
}
# A script line starting with one of these is read only when its condition holds.
CONDITIONS = {
    "[第三人]": lambda ctx: bool(ctx.third_parties),
    "[缺席]": lambda ctx: ctx.respondent_absent,
    "[到庭]": lambda ctx: not ctx.respondent_absent,
}


@dataclass(frozen=True)
class ProcedureStep:
    key: str
    title: str
    speaker: str
    script: str


@dataclass
class HearingContext:
    """Plain data a script needs; built by the service from a case."""

    commission: str
    case_no: str
    case_types: str
    applicants: str
    respondents: str
    third_parties: str = ""
    tribunal: str = ""
    presiding: str = ""
    clerk: str = ""
    session: int = 1
    applicant_side: str = ""
    respondent_side: str = ""
    undisputed: list[str] = field(default_factory=list)
    disputed: list[str] = field(default_factory=list)
    third_party_side: str = ""
    respondent_absent: bool = False  # checked absent at this hearing: 缺席审理 (调解仲裁法 Art 36)


@cache
def procedure_steps(path: Path = PROCEDURE_FILE) -> tuple[ProcedureStep, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"庭审程序文件 {path} 无法读取：{exc}") from exc
    steps = []
    for i, raw in enumerate(data.get("steps", []), 1):
        try:
            step = ProcedureStep(raw["key"], raw["title"], raw.get("speaker", "仲裁员"), raw["script"].strip())
        except (KeyError, TypeError, AttributeError) as exc:
            raise TemplateError(f"庭审程序文件 {path} 第 {i} 步缺少 {exc}") from exc
        unknown = {name for _, name, _, _ in string.Formatter().parse(step.script) if name} - PLACEHOLDERS
        if unknown:
            raise TemplateError(f"庭审程序文件 {path} 第 {i} 步含未知占位符 {', '.join(sorted(unknown))}")
        steps.append(step)
    if not steps:
        raise TemplateError(f"庭审程序文件 {path} 没有任何步骤")
    return tuple(steps)


def fill_script(step: ProcedureStep, ctx: HearingContext) -> str:
    """The step's words with the case's names; lines marked [第三人] are read only when the
    case has third parties, [缺席] only when the respondent is absent, [到庭] only when not."""
    kept = []
    for line in step.script.split("\n"):
        for mark, holds in CONDITIONS.items():
            if line.startswith(mark):
                line = line[len(mark):] if holds(ctx) else None
                break
        if line is not None:
            kept.append(line)
    script = "\n".join(kept)

    def lines(items: list[str], empty: str) -> str:
        return "\n".join(f"{i}. {text}" for i, text in enumerate(items, 1)) if items else empty

    values = {
        "commission": ctx.commission, "case_no": ctx.case_no, "case_types": ctx.case_types,
        "applicants": ctx.applicants, "respondents": ctx.respondents, "third_parties": ctx.third_parties,
        "tribunal": ctx.tribunal, "presiding": ctx.presiding, "clerk": ctx.clerk, "session": ctx.session,
        "applicant_side": ctx.applicant_side, "respondent_side": ctx.respondent_side,
        "undisputed": lines(ctx.undisputed, "（尚无确认的无争议要素）"),
        "disputed": lines(ctx.disputed, "（尚未归纳争议焦点）"),
        "third_party_side": ctx.third_party_side,
    }
    return script.format(**values)
