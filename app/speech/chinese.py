"""Chinese clean-up of recogniser output, the same for both engines.

Vosk puts spaces between Chinese words and gives no punctuation: we join Chinese characters
(keeping spaces around Latin words and numbers) and punctuate from the pauses between words.
Whisper punctuates itself, half-width and often in Traditional characters: we make its marks
full-width and close a line cut at a pause with a full stop. Then, for both: Simplified
characters (OpenCC t2s), dates and amounts in one convention (2021年3月8日, 110000元: Arabic
digits, whole yuan written out, no 万), the case's word list and its words found by sound. The raw recogniser text is
always kept beside it."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from app.speech.engine import Segment, Word
from app.speech.sound_alike import SoundAlike

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_BETWEEN_CJK = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")
COMMA_PAUSE = 0.35  # seconds of silence between words that make a comma
QUESTION_ENDINGS = ("吗", "呢", "么", "吧", "是否", "有没有", "对不对", "是不是", "对吗", "可以吗")
QUESTION_WORDS = ("什么", "为什么", "怎么", "哪", "多少", "几", "谁", "何时", "是否", "有无")


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
    """二千零二十五 -> 2025, 一万二千三百 -> 12300, 十五 -> 15, and mixed with Arabic digits
    as Whisper writes them: 6万6千 -> 66000; None if not a numeral."""
    if not text or any(ch not in _NUMERAL and not ch.isdigit() for ch in text):
        return None
    total, section, number = 0, 0, 0
    for ch in re.findall(r"\d+|.", text):
        if ch.isdigit():
            number = int(ch)
        elif ch in _DIGITS:
            number = _DIGITS[ch]
        elif ch in _UNITS:
            section += (number or 1) * _UNITS[ch]
            number = 0
        else:
            total += (section + number) * _BIG[ch]
            section, number = 0, 0
    return total + section + number


_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)(?=元|块)")


def _expand_wan(match: re.Match) -> str:
    """11万元 -> 110000元, 6.6万元 -> 66000元 (Whisper writes amounts either way)."""
    from decimal import Decimal

    value = Decimal(match.group(1)) * _BIG[match.group(2)]
    return str(int(value)) if value == int(value) else match.group(0)


def _year(match: re.Match) -> str:
    digits = "".join(str(_DIGITS[c]) for c in match.group(1))
    return f"{digits}年"


def normalise_digits(text: str) -> str:
    """Dates and amounts in digits: 二零二五年三月一日 -> 2025年3月1日, 一万二千元 -> 12000元."""
    text = re.sub(r"([零〇一二三四五六七八九]{4})年", _year, text)
    text = _WAN.sub(_expand_wan, text)  # 11万元 -> 110000元, before 万 is read as a numeral below
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 110,000元 -> 110000元

    def unit(match: re.Match) -> str:
        numeral = match.group(1)
        value = chinese_number(numeral)
        if value is None or numeral.isdigit() or numeral[0] in _BIG:  # 万元 after a number Whisper wrote oddly
            return match.group(0)
        return f"{value}{match.group(2)}"

    # digits count only before a Chinese numeral (6万6千元); "2021年" alone is left as it is
    return re.sub(f"((?:\\d+(?=[{_NUMERAL}]))?[{_NUMERAL}\\d]*[{_NUMERAL}])(月|日|号|元|块|小时|天|个月|年)", unit, text)


_t2s = None
_t2s_lock = threading.Lock()


def simplified(text: str) -> str:
    """Traditional characters to Simplified (OpenCC t2s); Simplified text passes unchanged."""
    global _t2s
    with _t2s_lock:
        if _t2s is None:
            import opencc

            _t2s = opencc.OpenCC("t2s")
        return _t2s.convert(text)


_FULL_WIDTH = {",": "，", "?": "？", "!": "！", ":": "：", ";": "；"}
_ENDS = "。？！"


def tidy_punctuated(text: str) -> str:
    """Whisper's own punctuation, written as a 笔录 writes it: full-width marks next to
    Chinese, a line that ends at a pause closed with 。 or ？ (it was cut after a comma)."""
    text = join_chinese(text)
    text = re.sub(r"[,?!:;](?!\d)", lambda m: _FULL_WIDTH[m.group(0)], text)
    text = re.sub(r"(?<!\d)\.(?!\d)", "。", text)
    text = re.sub(r"\s*([，。？！：；])\s*", r"\1", text)
    text = re.sub(r"([，。？！：；])[，。：；]+", r"\1", text)  # 。， -> 。
    text = text.strip("，：； ")
    if not text:
        return ""
    if text[-1] in "？！":
        return text
    body = text[:-1] if text[-1] == "。" else text  # Whisper often closes a question with a full stop
    last_clause = re.split("[，。？！]", body)[-1]
    question = body.endswith(QUESTION_ENDINGS) or any(q in last_clause for q in QUESTION_WORDS)
    return body + ("？" if question else "。")


def apply_word_list(text: str, replacements: Iterable[tuple[str, str]]) -> str:
    """Per-case corrections (heard -> meant), e.g. party and company names; longest first."""
    for heard, meant in sorted(replacements, key=lambda pair: -len(pair[0])):
        if heard:
            text = text.replace(heard, meant)
    return text


def clean_segment(segment: Segment, *, digits: bool = True,
                  word_list: Iterable[tuple[str, str]] = (), vocabulary: SoundAlike | None = None) -> Segment:
    """`word_list`: heard -> meant pairs; `vocabulary`: the case's words, found by their sound."""
    if segment.punctuated:  # Simplified first: the question cues are Simplified
        text = tidy_punctuated(simplified(segment.raw_text))
    else:
        text = simplified(punctuate(segment.words) if segment.words else join_chinese(segment.raw_text))
    if digits:
        text = normalise_digits(text)
    text = apply_word_list(text, word_list)
    segment.text = vocabulary.correct(text) if vocabulary else text
    return segment
