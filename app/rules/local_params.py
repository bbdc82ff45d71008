"""Dated local parameters (city average wage, minimum wage) from resources/local_params.toml.

Values are data an administrator edits; each lookup returns the value with its validity and
source so that a stored calculation can record exactly what it used. A day that no row covers
is a missing figure (`MissingParameter`): the last row is never reused past its end date.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from app.config import RESOURCES_DIR

LOCAL_PARAMS_FILE = RESOURCES_DIR / "local_params.toml"


class ParameterError(ValueError):
    pass


class MissingParameter(ParameterError):
    """No row of the table covers the day asked for."""


@dataclass(frozen=True)
class DatedValue:
    name: str
    amount: Decimal
    valid_from: date
    valid_to: date | None
    source: str
    region: str
    confirmed: bool = False
    # How the figure was confirmed when an office did it (not the file): who, when, against what.
    confirmed_note: str = ""

    def describe(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "至今"
        check = (f"；{self.confirmed_note}" if self.confirmed_note else "") if self.confirmed else "；未经核实"
        return f"{self.region}{self.name} {self.amount} 元（{self.valid_from}—{until}；{self.source}{check}）"

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Confirmation:
    """An office's confirmation of one row, as plain data (the rules never read the database):
    the row's values as confirmed, and the note the basis then carries. It confirms the row
    only while the row still has exactly these values."""

    key: str
    region: str
    valid_from: date
    valid_to: date | None
    amount: Decimal
    note: str

    def matches(self, value: DatedValue) -> bool:
        return (self.region, self.valid_from, self.valid_to, Decimal(self.amount)) == \
            (value.region, value.valid_from, value.valid_to, value.amount)


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
                    if end is not None and end < start:
                        raise ValueError("to 早于 from")
                    if amount <= 0:
                        raise ValueError("金额应为正数")
                except (KeyError, InvalidOperation, ValueError) as exc:
                    raise ParameterError(f"地方参数表 {path} 中 {key} 第 {i} 行有误：{exc}") from exc
                rows.append(DatedValue(name, amount, start, end, str(raw.get("source", "")), region,
                                       bool(raw.get("confirmed", False))))
            rows.sort(key=lambda r: r.valid_from)
            for before, after in zip(rows, rows[1:]):
                if before.valid_to is None or before.valid_to >= after.valid_from:
                    raise ParameterError(
                        f"地方参数表 {path} 中 {key} 的期间重叠：{before.valid_from} 起与 {after.valid_from} 起")
            values[key] = tuple(rows)
        return cls(values)

    def with_confirmations(self, confirmations: Iterable[Confirmation]) -> "LocalParameters":
        """The same table with the rows an office confirmed marked confirmed (with the note);
        a confirmation whose row changed since (amount or dates) confirms nothing."""
        by_key: dict[str, list[Confirmation]] = {}
        for c in confirmations:
            by_key.setdefault(c.key, []).append(c)
        values = {}
        for key, rows in self.values.items():
            marked = []
            for row in rows:
                found = next((c for c in by_key.get(key, ()) if c.matches(row)), None)
                marked.append(row if found is None or row.confirmed else
                              replace(row, confirmed=True, confirmed_note=found.note))
            values[key] = tuple(marked)
        return LocalParameters(values)

    def on(self, key: str, day: date) -> DatedValue:
        """The value in force on `day`. A day no row covers (before the first, in a gap, or
        after the last row's end) raises `MissingParameter`: never a neighbouring row."""
        rows = self.values.get(key, ())
        if not rows:
            raise MissingParameter(f"地方参数表中没有“{NAMES.get(key, key)}”")
        for row in rows:
            if row.covers(day):
                return row
        hint = ""
        if day > rows[-1].valid_from:
            hint = f"（表中最后一行截至 {rows[-1].valid_to}，请管理员补充新公布的数值）"
        raise MissingParameter(f"缺少 {day} 适用的{rows[0].region}“{NAMES.get(key, key)}”{hint}")

    def missing_on(self, day: date) -> list[str]:
        """One line per figure the table lacks for `day` (for the dashboard's warning)."""
        problems = []
        for key in NAMES:
            try:
                self.on(key, day)
            except MissingParameter as exc:
                problems.append(str(exc))
        return problems

    def city_avg_wage(self, day: date) -> DatedValue:
        return self.on("city_average_monthly_wage", day)

    def min_wage(self, day: date) -> DatedValue:
        return self.on("minimum_monthly_wage", day)


@cache
def local_parameters() -> LocalParameters:
    return LocalParameters.load()
