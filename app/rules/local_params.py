"""Dated local parameters (city average wage, minimum wage) from resources/local_params.toml.

Values are data an administrator edits; each lookup returns the value with its validity and
source so that a stored calculation can record exactly what it used.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from app.config import RESOURCES_DIR

LOCAL_PARAMS_FILE = RESOURCES_DIR / "local_params.toml"


class ParameterError(ValueError):
    pass


@dataclass(frozen=True)
class DatedValue:
    name: str
    amount: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    region: str

    def describe(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "至今"
        return f"{self.region}{self.name} {self.amount} 元（{self.valid_from}—{until}；{self.source}）"


NAMES = {"city_average_monthly_wage": "上年度职工月平均工资", "minimum_monthly_wage": "月最低工资标准"}


@dataclass(frozen=True)
class LocalParameters:
    values: dict[str, tuple[DatedValue, ...]]

    @classmethod
    def load(cls, path: Path = LOCAL_PARAMS_FILE) -> "LocalParameters":
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ParameterError(f"地方参数表 {path} 无法读取：{exc}") from exc
        region = str(data.get("region", ""))
        values = {}
        for key, name in NAMES.items():
            rows = []
            for i, raw in enumerate(data.get(key, []), 1):
                try:
                    amount = Decimal(str(raw["amount"]))
                    start = raw["from"]
                    end = raw.get("to")
                    if not isinstance(start, date) or (end is not None and not isinstance(end, date)):
                        raise ValueError("from/to 应为日期")
                except (KeyError, InvalidOperation, ValueError) as exc:
                    raise ParameterError(f"地方参数表 {path} 中 {key} 第 {i} 行有误：{exc}") from exc
                rows.append(DatedValue(name, amount, start, end, str(raw.get("source", "")), region))
            values[key] = tuple(sorted(rows, key=lambda r: r.valid_from))
        return cls(values)

    def on(self, key: str, day: date) -> DatedValue:
        """The value in force on `day`; the latest known one if the table has no newer row."""
        rows = self.values.get(key, ())
        if not rows:
            raise ParameterError(f"地方参数表中没有“{NAMES.get(key, key)}”")
        for row in reversed(rows):
            if row.valid_from <= day and (row.valid_to is None or day <= row.valid_to):
                return row
        if day > rows[-1].valid_from:
            return rows[-1]
        raise ParameterError(f"地方参数表中没有 {day} 适用的“{NAMES.get(key, key)}”")

    def city_avg_wage(self, day: date) -> DatedValue:
        return self.on("city_average_monthly_wage", day)

    def min_wage(self, day: date) -> DatedValue:
        return self.on("minimum_monthly_wage", day)


@cache
def local_parameters() -> LocalParameters:
    return LocalParameters.load()
