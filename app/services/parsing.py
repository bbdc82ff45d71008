"""Reading what a clerk typed: dates, times and money amounts, with messages that say
what is wrong. Money is parsed straight to Decimal, never through float."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal


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
