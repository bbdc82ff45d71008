"""The case's vocabulary for the recogniser: names of the parties, the company, the agents,
the tribunal and the clerk, and the legal terms of the case's types, all known before the
hearing. Whatever the recogniser wrote that sounds like one of them is written as it
(sound_alike.py), and `heard -> meant` pairs correct the text (both engines). Whisper can
also be told to favour them (hotwords), at a cost measured in the README.

A words file (`hearingdesk transcribe --words FILE`) is UTF-8, one entry a line: a term to
favour, or `heard<TAB>meant`. Blank lines and lines starting with # are skipped."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.config import RESOURCES_DIR
from app.speech.errors import SpeechError
from app.speech.sound_alike import SoundAlike

LEGAL_TERMS = RESOURCES_DIR / "speech" / "legal_terms.toml"


class WordsError(SpeechError):
    """A words file that cannot be read."""


@dataclass
class CaseWords:
    terms: list[str] = field(default_factory=list)
    corrections: list[tuple[str, str]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # people and companies: matched more loosely by sound

    def hotwords(self) -> list[str]:
        """Names, terms and the right spellings of the corrections, each once, in order."""
        seen: dict[str, None] = {}
        for word in [*self.names, *self.terms, *(meant for _, meant in self.corrections)]:
            if word:
                seen.setdefault(word, None)
        return list(seen)

    def sound_alike(self) -> SoundAlike:
        return SoundAlike(names=self.names, terms=[*self.terms, *(meant for _, meant in self.corrections)])

    def extend(self, other: CaseWords) -> CaseWords:
        return CaseWords([*self.terms, *other.terms], [*self.corrections, *other.corrections],
                         [*self.names, *other.names])


def parse_words(text: str, *, source: str = "词表") -> CaseWords:
    words = CaseWords()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip("\ufeff \r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if "\t" in line:
            heard, meant = (part.strip() for part in line.split("\t", 1))
            if not heard or not meant or "\t" in meant:
                raise WordsError(f"词表第 {number} 行格式不对（{source}）：应为“识别结果<TAB>正确写法”，两边都不能为空")
            words.corrections.append((heard, meant))
        else:
            words.terms.append(line.strip())
    return words


def read_words_file(path: Path) -> CaseWords:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise WordsError(f"词表文件不存在：{path}") from exc
    except UnicodeDecodeError as exc:
        raise WordsError(f"词表文件不是 UTF-8 编码：{path.name}（请另存为 UTF-8）") from exc
    except OSError as exc:
        raise WordsError(f"无法读取词表文件：{path}（{exc.strerror or exc}）") from exc
    return parse_words(text, source=path.name)


def legal_terms(case_types: Iterable[str] = ()) -> list[str]:
    """The terms said in every hearing, then those of the given case types."""
    data = tomllib.loads(LEGAL_TERMS.read_text(encoding="utf-8"))
    terms = list(data.get("common", []))
    for key in case_types:
        terms += data.get("case_types", {}).get(key, [])
    return terms
