"""The case's words found by their sound (app/speech/sound_alike.py). The misheard forms are
what Whisper base wrote for the shared hearing (../shared/zh-speech/hearing_part1.wav)."""

from app.speech.case_words import CaseWords, legal_terms
from app.speech.chinese import clean_segment
from app.speech.engine import Segment
from app.speech.sound_alike import SoundAlike

NAMES = ["张丽", "上海青云物流有限公司", "王律师", "陈静", "李婷"]
VOCABULARY = SoundAlike(names=NAMES, terms=legal_terms(["severance", "double_wage"]))


def test_misheard_names_and_terms_are_written_as_the_case_knows_them():
    heard = {
        "申请人张立道庭。": "申请人张丽道庭。",
        "上海清云物流有限公司的委托代理人": "上海青云物流有限公司的委托代理人",
        "本案由首席种材源沉进和两名种材源组成种材庭，书记原理庭担任纪录。":
            "本案由首席仲裁员陈静和两名仲裁员组成仲裁庭，书记员李婷担任纪录。",
        "要求被申请人支付为法界除劳动和同培长金110000元。": "要求被申请人支付违法解除劳动合同赔偿金110000元。",
        "申请人多次无故矿工。": "申请人多次无故旷工。",
        "被申请人进行答便。": "被申请人进行答辩。",
    }
    for text, meant in heard.items():
        assert VOCABULARY.correct(text) == meant


def test_right_text_and_other_words_stay():
    right = "申请人张丽到庭，被申请人上海青云物流有限公司的委托代理人王律师到庭。"
    assert VOCABULARY.correct(right) == right
    assert VOCABULARY.correct("今天天气很好，我们下午见。") == "今天天气很好，我们下午见。"
    assert VOCABULARY.correct("Zhang Li 2021年") == "Zhang Li 2021年"  # only Chinese characters are matched


def test_a_two_character_term_needs_its_tones_a_name_may_differ_a_little():
    terms = SoundAlike(terms=["补缴", "入职"])
    # 不交 bù jiāo (did not pay) is not 补缴 bǔ jiǎo (paid later): the meaning would turn round
    assert terms.correct("公司一直不交社保") == "公司一直不交社保"
    assert terms.correct("我是三月入植的") == "我是三月入职的"  # rù zhí both
    # a name: one syllable may differ by an accent's usual confusion (jin / jing)
    assert SoundAlike(names=["陈静"]).correct("首席仲裁员沉进") == "首席仲裁员陈静"
    assert SoundAlike(terms=["陈静"]).correct("首席仲裁员沉进") == "首席仲裁员沉进"
    # but never two syllables, and never a different syllable
    assert SoundAlike(names=["陈静"]).correct("成绩") == "成绩"
    assert SoundAlike(names=["张丽"]).correct("张力") == "张丽" and SoundAlike(names=["张丽"]).correct("章程") == "章程"


def test_longer_words_win_and_corrections_count_as_terms():
    words = CaseWords(["仲裁", "仲裁请求"], corrections=[("华疼", "华腾")], names=["华腾机械"])
    text = clean_segment(Segment(0, 1, "我的众财请求是华疼机械支付工资", [], punctuated=True),
                         word_list=words.corrections, vocabulary=words.sound_alike()).text
    assert text == "我的仲裁请求是华腾机械支付工资。"
    assert not SoundAlike(terms=["a", "仲"])  # single characters and Latin words are not matched
