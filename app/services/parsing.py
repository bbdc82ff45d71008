"""Reading what a clerk typed: dates, times and money amounts, with messages that say
what is wrong. Money is parsed straight to Decimal, never through float."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation


class InputError(ValueError):
    pass


_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_DATETIME = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]+(\d{1,2})[:：时](\d{2})分?$")


def parse_date(text: str, what: str = "日期") -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    m = _DATE.match(text)
    try:
        if not m:
            raise ValueError
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise InputError(f"{what}“{text}”无效，应如 2025-03-01") from None


def parse_datetime(text: str, what: str = "时间") -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    m = _DATETIME.match(text)
    try:
        if not m:
            raise ValueError
        return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]))
    except ValueError:
        raise InputError(f"{what}“{text}”无效，应如 2025-03-01 09:30") from None


def parse_money(text: str, what: str = "金额") -> Decimal | None:
    cleaned = (text or "").strip().replace(",", "").replace("，", "").replace("元", "").replace("¥", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(f"{what}“{text}”不是有效的数字") from None
    if not value.is_finite():
        raise InputError(f"{what}“{text}”不是有效的数字")
    return value


_MONTH = r"(\d{4})[-/.年](\d{1,2})月?"
_MONTH_ENTRY = re.compile(rf"^{_MONTH}(?:\s*(?:至|到|~|～|—|--)\s*{_MONTH})?\s*[:：]?\s*(.+)$")


def parse_month_amounts(text: str, what: str = "各月工资") -> dict[str, Decimal]:
    """"2015-02至2015-03 1820；2015-04至2015-07 2020" -> {"2015-02": 1820, ..., "2015-07": 2020}.
    Entries are separated by semicolons or new lines; a month given twice is refused."""
    result: dict[str, Decimal] = {}
    for raw in re.split(r"[;；\n]+", text or ""):
        entry = raw.strip().rstrip("。")
        if not entry:
            continue
        m = _MONTH_ENTRY.match(entry)
        if not m:
            raise InputError(f"{what}“{entry}”无效，应如 2015-02至2015-03 1820")
        try:
            first = date(int(m[1]), int(m[2]), 1)
            last = date(int(m[3]), int(m[4]), 1) if m[3] else first
        except ValueError:
            raise InputError(f"{what}“{entry}”中的月份无效") from None
        if last < first:
            raise InputError(f"{what}“{entry}”的结束月份早于开始月份")
        amount = parse_money(m[5], what)
        if amount is None or amount < 0:
            raise InputError(f"{what}“{entry}”缺少金额")
        y, mo = first.year, first.month
        while (y, mo) <= (last.year, last.month):
            key = f"{y:04d}-{mo:02d}"
            if key in result:
                raise InputError(f"{what}中 {key} 重复")
            result[key] = amount
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return result


def parse_int(text: str, what: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise InputError(f"{what}“{text}”应为整数") from None


def format_date(value: date | None) -> str:
    return value.isoformat() if value else ""


def format_datetime(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def format_money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"
