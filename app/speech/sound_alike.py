"""The case's words found by their sound. A recogniser that does not know a name writes
another one that sounds the same: 张立 for 张丽, 沉进 for 陈静, 种材 for 仲裁, 培长金 for
赔偿金 (Whisper base on the shared hearing). Every stretch of the text that sounds like a
word of the case's vocabulary (same syllables, by pypinyin) is written as that word.

How close is close enough, chosen on the shared hearing against false alarms:
- a word of three or more characters, or a person's or company's name, may differ in one
  syllable by the accents' usual confusions (z/zh, c/ch, s/sh, n/l, in/ing, en/eng, an/ang);
- a two-character term must match syllables and tones: 不交 (did not pay) never becomes
  补缴 (paid later), while 入植 still becomes 入职.
Tones are otherwise ignored: the recogniser's wrong character often has another tone
(种材 zhǒng cái for 仲裁 zhòng cái). Longer words go first; text already written right stays.
The recogniser's own text is kept beside the corrected one, so nothing is lost if a stretch
that only sounds like a term is rewritten."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"), ("n", "l"))
_FUZZY_FINALS = (("ing", "in"), ("eng", "en"), ("ang", "an"))
_lock = threading.Lock()  # pypinyin's lazily loaded dictionaries are not built for threads


@lru_cache(maxsize=20000)
def _sounds(ch: str) -> tuple[frozenset[str], frozenset[str]]:
    """(syllables with tone, syllables without) a character can be read as."""
    from pypinyin import Style, pinyin

    with _lock:
        toned = pinyin(ch, style=Style.TONE3, heteronym=True, neutral_tone_with_five=True)[0]
    return frozenset(toned), frozenset(s.rstrip("12345") for s in toned)


def _blur(syllable: str) -> str:
    for a, b in _FUZZY_INITIALS:
        if syllable.startswith(a):
            syllable = b + syllable[len(a):]
            break
    for a, b in _FUZZY_FINALS:
        if syllable.endswith(a):
            return syllable[: -len(a)] + b
    return syllable


@lru_cache(maxsize=20000)
def _blurred(ch: str) -> frozenset[str]:
    return frozenset(_blur(s) for s in _sounds(ch)[1])


def warm_up() -> None:
    """Import pypinyin and its dictionaries (about 0.15 s holding Python's lock) now, off the
    record's path: done with the model at start, not at the first line of a hearing."""
    _sounds("中")


class SoundAlike:
    def __init__(self, names: Iterable[str] = (), terms: Iterable[str] = ()):
        words: dict[str, bool] = {}
        for word, is_name in [*((t, False) for t in terms), *((n, True) for n in names)]:
            word = word.strip()
            if len(word) >= 2 and all(_HAN.match(c) for c in word):
                words[word] = words.get(word, False) or is_name
        self.words = sorted(words.items(), key=lambda item: -len(item[0]))  # longest first
        for word, _ in self.words:  # the words' sounds, once, when the recording starts
            for ch in word:
                _sounds(ch)

    def __bool__(self) -> bool:
        return bool(self.words)

    def correct(self, text: str) -> str:
        if not self.words or not _HAN.search(text):
            return text
        out = list(text)
        taken = [not _HAN.match(c) for c in text]  # only runs of Chinese characters are matched
        for word, is_name in self.words:
            n = len(word)
            for i in range(len(text) - n + 1):
                if any(taken[i:i + n]):
                    continue
                window = text[i:i + n]
                if window == word or self._sounds_like(window, word, is_name):
                    out[i:i + n] = word
                    taken[i:i + n] = [True] * n
        return "".join(out)

    @staticmethod
    def _sounds_like(heard: str, word: str, is_name: bool) -> bool:
        strict = len(word) == 2 and not is_name
        fuzzy = 0
        for a, b in zip(heard, word):
            (a_toned, a_plain), (b_toned, b_plain) = _sounds(a), _sounds(b)
            if a_toned & b_toned or (not strict and a_plain & b_plain):
                continue
            if strict or fuzzy or not (_blurred(a) & _blurred(b)):
                return False
            fuzzy += 1
        return True
