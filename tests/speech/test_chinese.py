"""Chinese clean-up of recogniser output (pure text rules)."""

from app.speech.chinese import apply_word_list, chinese_number, clean_segment, join_chinese, normalise_digits, punctuate
from app.speech.engine import Segment, Word


def words(*spec):
    return [Word(w, s, e, 1.0) for w, s, e in spec]


def test_spaces_between_chinese_go_latin_and_numbers_keep_theirs():
    assert join_chinese("申请 人 于 二零二一 年 入职") == "申请人于二零二一年入职"
    assert join_chinese("使用 微信 app 登录 系统") == "使用微信 app 登录系统"
    assert join_chinese("工资 8200 元") == "工资 8200 元"


def test_pauses_make_commas_and_the_end_a_full_stop():
    ws = words(("我", 0.0, 0.2), ("是", 0.2, 0.4), ("申请人", 0.4, 0.9), ("今天", 1.5, 1.8), ("到庭", 1.8, 2.2))
    assert punctuate(ws) == "我是申请人，今天到庭。"


def test_question_cues_give_a_question_mark():
    assert punctuate(words(("你", 0, .2), ("听", .2, .4), ("清楚", .4, .7), ("了", .7, .8), ("吗", .8, 1))) == "你听清楚了吗？"
    assert punctuate(words(("工资", 0, .3), ("是", .3, .4), ("多少", .4, .8))) == "工资是多少？"
    assert punctuate(words(("是否", 0, .3), ("申请", .3, .6), ("回避", .6, .9))) == "是否申请回避？"


def test_numbers_dates_and_amounts_in_digits():
    assert chinese_number("二千零二十五") == 2025
    assert chinese_number("一万二千三百") == 12300
    assert chinese_number("十五") == 15
    assert chinese_number("abc") is None
    assert normalise_digits("二零二五年三月一日入职，月工资八千二百元") == "2025年3月1日入职，月工资8200元"
    assert normalise_digits("加班三十六小时") == "加班36小时"


def test_word_list_corrects_names_longest_first():
    # the short entry, applied first, would spoil the long one: "上海华腾" instead of the
    # company's full name; listed short-first on purpose, so only sorting gets it right
    pairs = [("话疼", "华腾"), ("上海话疼", "上海华腾机械制造有限公司"), ("张 伟", "张伟")]
    assert apply_word_list("被申请人上海话疼，法定代表人张 伟", pairs) == "被申请人上海华腾机械制造有限公司，法定代表人张伟"
    assert apply_word_list("话疼公司", pairs) == "华腾公司"  # the short entry still applies alone


def test_raw_text_is_kept_beside_the_cleaned_text():
    seg = Segment(0.0, 1.0, "被申请人 对 此 有 异议 吗", words(("被申请人", 0, .4), ("对", .4, .5), ("此", .5, .6),
                                                          ("有", .6, .7), ("异议", .7, .9), ("吗", .9, 1.0)))
    clean_segment(seg)
    assert seg.raw_text == "被申请人 对 此 有 异议 吗"
    assert seg.text == "被申请人对此有异议吗？"


def test_a_comma_needs_a_pause_of_about_a_third_of_a_second():
    """COMMA_PAUSE is 0.35 s: a breath between clauses (0.4-0.5 s) is a comma, the gap
    between words of one clause (0.3 s) is not."""
    def said(gap):
        return punctuate(words(("申请人", 0.0, 0.6), ("到庭", 0.6 + gap, 1.0 + gap)))

    assert said(0.0) == "申请人到庭。"
    assert said(0.3) == "申请人到庭。"
    assert said(0.4) == "申请人，到庭。"
    assert said(0.5) == "申请人，到庭。"


def test_amounts_written_half_in_digits():
    """Whisper writes 六万六千元 as 6万6千元 too: one convention, never 61000 (seen on the shared hearing)."""
    assert normalise_digits("差额6万6千元") == "差额66000元"
    assert normalise_digits("12万5千元") == "125000元" and normalise_digits("六万六千元") == "66000元"
    assert normalise_digits("2021年3月8日，3个月") == "2021年3月8日，3个月"


def test_clean_segment_applies_digits_before_the_word_list():
    """Digits by default (one convention for both engines); the word list applies last, to the
    cleaned text, so an entry can put back a name that the digit rule changed (a company called 十月稻田)."""
    seg = Segment(0.0, 2.0, "十月 稻田 二零二五年 三月", words(("十月", 0, .3), ("稻田", .3, .6), ("二零二五年", .6, 1.4),
                                                          ("三月", 1.4, 1.8)))
    assert clean_segment(seg, digits=False).text == "十月稻田二零二五年三月。"
    assert clean_segment(seg).text == "10月稻田2025年3月。"
    assert clean_segment(seg, digits=True, word_list=[("10月稻田", "十月稻田")]).text == "十月稻田2025年3月。"


def test_whisper_punctuation_made_full_width_and_questions_closed():
    from app.speech.chinese import tidy_punctuated

    assert tidy_punctuated("請肅靜,現在核對當事人到庭情況,") == "請肅靜，現在核對當事人到庭情況。"
    assert tidy_punctuated("双方有无异议。") == "双方有无异议？"
    assert tidy_punctuated("工資 6.6萬元, 對嗎?") == "工資 6.6萬元，對嗎？"
    assert normalise_digits("赔偿金11万元，差额6.6万元，共110,000元") == "赔偿金110000元，差额66000元，共110000元"


def test_one_convention_for_both_engines():
    vosk = Segment(0.0, 1.0, "二零二一 年 三月 八日 入职", words(("二零二一", 0, .2), ("年", .2, .3), ("三月", .3, .5),
                                                              ("八日", .5, .7), ("入职", .7, 1.0)))
    whisper = Segment(0.0, 1.0, "二〇二一年三月八日入職,", [], punctuated=True)
    assert clean_segment(vosk).text == "2021年3月8日入职。" == clean_segment(whisper).text
