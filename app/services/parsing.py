"""Reading what a clerk typed: dates, times and money amounts, with messages that say
what is wrong. Money is parsed straight to Decimal, never through float."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal


class InputError(ValueError):
    pass


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20261125
_DATETIME = re.compile(r"^(.+?日?)[ T]*(\d{1,2})[:：时](\d{2})分?$")


def parse_date(text: str, what: str = "日期") -> date | None:
    """2026-11-25, 2026/11/25, 2026.11.25, 20261125 and 2026年11月25日 (full-width digits too).
    A well-formed but impossible date (2026-02-30) is named as such."""
    text = (text or "").strip().translate(_FULL_WIDTH)
    if not text:
        return None
    m = _DATE.match(text) or _COMPACT_DATE.match(text)
    if not m:
        raise InputError(f"{what}“{text}”无法识别，应如 2026-11-25、2026/11/25、20261125 或 2026年11月25日")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise InputError(f"{what}“{text}”无效：{int(m[1])}年没有{int(m[2])}月{int(m[3])}日") from None


def parse_datetime(text: str, what: str = "时间") -> datetime | None:
    """A date in any form parse_date takes, then a time: 2026-11-25 09:30, 20261125 9:30, 2026年11月25日 9时30分."""
    text = (text or "").strip().translate(_FULL_WIDTH)
    if not text:
        return None
    m = _DATETIME.match(text)
    if not m:
        raise InputError(f"{what}“{text}”无效，应如 2026-11-25 09:30")
    day = parse_date(m[1], what)
    try:
        return datetime(day.year, day.month, day.day, int(m[2]), int(m[3]))
    except ValueError:
        raise InputError(f"{what}“{text}”无效：没有 {m[2]}:{m[3]} 这个时刻") from None


# The largest amount a money column holds sensibly (Money stores whole fen in a BIGINT; a
# labour claim of ten billion yuan is already beyond any real case).
MAX_MONEY = Decimal("9999999999.99")
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_money(text: str, what: str = "金额") -> Decimal | None:
    """Yuan as Decimal. Thousands separators only in groups of three ("12,345.50"); "1,2,3",
    exponents ("1e20") and amounts beyond MAX_MONEY are refused with a message."""
    cleaned = (text or "").strip().replace("，", ",").replace("元", "").replace("¥", "").replace(" ", "").strip()
    if not cleaned:
        return None
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise InputError(f"{what}“{text}”的分隔符不明确：千位分隔符只能三位一组（如 12,345.50），或不写分隔符")
        cleaned = cleaned.replace(",", "")
    if not _PLAIN.match(cleaned):
        raise InputError(f"{what}“{text}”不是有效的金额（只写数字，如 8200 或 8200.50）")
    value = Decimal(cleaned)
    if abs(value) > MAX_MONEY:
        raise InputError(f"{what}“{text}”超出范围（最多 {MAX_MONEY:,.2f} 元）")
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
