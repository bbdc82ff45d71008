"""Case types (案由) as data: one TOML file per type under resources/case_types/."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.config import RESOURCES_DIR

CASE_TYPES_DIR = RESOURCES_DIR / "case_types"


class TemplateError(ValueError):
    """A case-type file is malformed; the message names the file and the problem."""


@dataclass(frozen=True)
class CaseType:
    key: str
    name: str
    order: int
    version: int
    source: Path


def load_case_type(path: Path) -> CaseType:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TemplateError(f"{path}: 无法读取（{exc}）") from exc
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: TOML 语法错误（{exc}）") from exc
    for field, kind in (("key", str), ("name", str), ("version", int)):
        if not isinstance(data.get(field), kind):
            raise TemplateError(f"{path}: 缺少字段 {field} 或类型不对")
    if data["key"] != path.stem:
        raise TemplateError(f"{path}: key “{data['key']}” 应与文件名 “{path.stem}” 相同")
    return CaseType(
        key=data["key"], name=data["name"], order=int(data.get("order", 1000)),
        version=data["version"], source=path,
    )


@cache
def case_types(directory: Path = CASE_TYPES_DIR) -> dict[str, CaseType]:
    """All case types, in their display order, keyed by key."""
    found = [load_case_type(p) for p in sorted(directory.glob("*.toml")) if not p.name.startswith("_")]
    return {t.key: t for t in sorted(found, key=lambda t: (t.order, t.key))}


def case_type_name(key: str) -> str:
    known = case_types()
    return known[key].name if key in known else key
