"""Statutory retirement age with the gradual rise from 2025-01-01 (全国人民代表大会常务委员会
关于实施渐进式延迟法定退休年龄的决定, 2024). The steps are data: resources/retirement_age.toml.

A worker reaching it: the labour contract ends (劳动合同法实施条例 Art 21); one who starts
drawing the basic pension: it ends (劳动合同法 Art 44(2)) and cannot be reinstated (法释〔2025〕12号
Art 16(2)). 法释〔2025〕12号 Art 21 repealed 法释〔2020〕26号 Art 32(1), under which disputes with
a pensioner were always treated as 劳务关系."""

from __future__ import annotations

import tomllib
from datetime import date
from functools import cache

from app.config import RESOURCES_DIR
from app.rules.compensation import add_months


@cache
def _table() -> dict:
    return tomllib.loads((RESOURCES_DIR / "retirement_age.toml").read_text(encoding="utf-8"))


def retirement_categories() -> dict[str, str]:
    return {key: spec["label"] for key, spec in _table().items()}


def retirement_age_months(birth: date, category: str) -> int:
    """The statutory retirement age in months for someone born on `birth`."""
    spec = _table().get(category)
    if spec is None:
        raise ValueError(f"未知的退休年龄类别“{category}”；可用：{', '.join(_table())}")
    y, m = (int(x) for x in spec["first_birth_month"].split("-"))
    born = (birth.year - y) * 12 + (birth.month - m)  # months after the first affected birth month
    delay = 0 if born < 0 else min(spec["max_months"], born // spec["step_months"] + 1)
    return spec["base_years"] * 12 + delay


def retirement_date(birth: date, category: str) -> date:
    """The day the statutory retirement age is reached."""
    return add_months(birth, retirement_age_months(birth, category))


def describe_age(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years}周岁" + (f"{rest}个月" if rest else "")
