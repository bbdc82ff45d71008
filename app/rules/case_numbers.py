"""案号: the shape every case number must have, and automatic numbering from the office's
pattern, e.g. "青劳人仲({year})办字第{seq}号" -> 青劳人仲(2025)办字第123号."""

from __future__ import annotations

import re

# <commission abbreviation>(<year>)<word>第<serial>号, half- or full-width brackets.
CASE_NO_SHAPE = re.compile(r"^(?P<prefix>[^\s()（）]+)[(（](?P<year>\d{4})[)）](?P<word>[^\s第]*)第(?P<seq>\d{1,6})号$")


class CaseNumberError(ValueError):
    pass


def check_case_no(case_no: str) -> str:
    """Return the case number cleaned of surrounding blanks, or raise with what is wrong."""
    text = (case_no or "").strip()
    if not text:
        raise CaseNumberError("案号不能为空")
    m = CASE_NO_SHAPE.match(text)
    if not m:
        raise CaseNumberError(f"案号“{text}”格式不正确，应如：青劳人仲(2025)办字第123号")
    year = int(m["year"])
    if not 1990 <= year <= 2100:
        raise CaseNumberError(f"案号中的年份 {year} 不合理")
    if int(m["seq"]) == 0:
        raise CaseNumberError("案号中的序号不能为 0")
    return text


def check_pattern(pattern: str) -> None:
    if "{year}" not in pattern or "{seq}" not in pattern:
        raise CaseNumberError("案号模板必须包含 {year} 和 {seq}")
    try:
        check_case_no(pattern.format(year=2025, seq=1))
    except (KeyError, IndexError) as exc:
        raise CaseNumberError(f"案号模板只能使用 {{year}} 和 {{seq}}：{exc}") from exc


def _pattern_regex(pattern: str, year: int) -> re.Pattern[str]:
    head, _, tail = pattern.partition("{seq}")
    head = re.escape(head.replace("{year}", str(year)))
    tail = re.escape(tail.replace("{year}", str(year)))
    return re.compile(f"^{head}(\\d+){tail}$")


def serial_of(case_no: str, pattern: str, year: int) -> int | None:
    """The serial number of `case_no` if it follows `pattern` for `year`."""
    m = _pattern_regex(pattern, year).match(case_no)
    return int(m.group(1)) if m else None


def next_case_no(pattern: str, year: int, existing: list[str]) -> str:
    """The number after the highest one of this year that follows the pattern."""
    check_pattern(pattern)
    serials = [s for s in (serial_of(no, pattern, year) for no in existing) if s is not None]
    return pattern.format(year=year, seq=max(serials, default=0) + 1)
