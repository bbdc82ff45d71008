"""Chinese clean-up of Vosk output: Vosk puts spaces between Chinese words and gives no
punctuation. We join Chinese characters (keeping spaces around Latin words and numbers),
punctuate from the pauses between words, optionally write dates and amounts in digits,
and apply a per-case word list. The raw recogniser text is always kept beside it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.speech.engine import Segment, Word

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_BETWEEN_CJK = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")
COMMA_PAUSE = 0.35  # seconds of silence between words that make a comma
QUESTION_ENDINGS = ("吗", "呢", "么", "吧", "是否", "有没有", "对不对", "是不是", "对吗", "可以吗")
QUESTION_WORDS = ("什么", "为什么", "怎么", "哪", "多少", "几", "谁", "何时", "是否")


def join_chinese(text: str) -> str:
    """Remove spaces between Chinese characters; keep one around Latin words and numbers."""
    return re.sub(r"\s+", " ", _BETWEEN_CJK.sub("", text)).strip()


def _is_cjk(text: str) -> bool:
    return bool(re.search(f"[{CJK}]", text))


def punctuate(words: list[Word], *, comma_pause: float = COMMA_PAUSE) -> str:
    """Words joined with ，at pauses and closed with 。 or ？ (question cues at the end)."""
    if not words:
        return ""
    out = words[0].word
    for prev, word in zip(words, words[1:]):
        gap = word.start - prev.end
        if gap >= comma_pause:
            out += "，"
        elif not (_is_cjk(prev.word[-1:]) and _is_cjk(word.word[:1])):
            out += " "
        out += word.word
    out = join_chinese(out)
    last_clause = out.rsplit("，", 1)[-1]
    question = out.endswith(QUESTION_ENDINGS) or any(q in last_clause for q in QUESTION_WORDS)
    return out + ("？" if question else "。")


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


def chinese_number(text: str) -> int | None:
    """二千零二十五 -> 2025, 一万二千三百 -> 12300, 十五 -> 15; None if not a numeral."""
    if not text or any(ch not in _NUMERAL for ch in text):
        return None
    total, section, number = 0, 0, 0
    for ch in text:
        if ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _UNITS:
            section += (number or 1) * _UNITS[ch]
            number = 0
        else:
            total += (section + number) * _BIG[ch]
            section, number = 0, 0
    return total + section + number


def _year(match: re.Match) -> str:
    digits = "".join(str(_DIGITS[c]) for c in match.group(1))
    return f"{digits}年"


def normalise_digits(text: str) -> str:
    """Dates and amounts in digits: 二零二五年三月一日 -> 2025年3月1日, 一万二千元 -> 12000元."""
    text = re.sub(r"([零〇一二三四五六七八九]{4})年", _year, text)

    def unit(match: re.Match) -> str:
        value = chinese_number(match.group(1))
        return match.group(0) if value is None else f"{value}{match.group(2)}"

    return re.sub(f"([{_NUMERAL}]+)(月|日|号|元|块|小时|天|个月|年)", unit, text)


def apply_word_list(text: str, replacements: Iterable[tuple[str, str]]) -> str:
    """Per-case corrections (heard -> meant), e.g. party and company names; longest first."""
    for heard, meant in sorted(replacements, key=lambda pair: -len(pair[0])):
        if heard:
            text = text.replace(heard, meant)
    return text


def clean_segment(segment: Segment, *, digits: bool = False,
                  word_list: Iterable[tuple[str, str]] = ()) -> Segment:
    text = punctuate(segment.words) if segment.words else join_chinese(segment.raw_text)
    if digits:
        text = normalise_digits(text)
    segment.text = apply_word_list(text, word_list)
    return segment
