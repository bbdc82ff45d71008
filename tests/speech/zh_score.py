"""Scoring Mandarin recognition as ../shared/zh-speech/README.md says: character error rate
after Traditional -> Simplified, without punctuation and spaces, numbers written one way on
both sides (digits for dates and amounts, as the record writes them)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from app.speech.chinese import normalise_digits, simplified

# The case's names as the shared hearing speaks them (applicant, company, its agent, the
# presiding arbitrator, the clerk).
HEARING_NAMES = ("张丽", "上海青云物流有限公司", "王律师", "陈静", "李婷")
HEARING_CASE_TYPES = ("severance", "double_wage")  # 违法解除赔偿金, 未签书面合同二倍工资


def hearing_vocabulary():
    """What the app builds for the shared hearing's case: its people and its types' legal terms."""
    from app.speech.case_words import CaseWords, legal_terms

    return CaseWords(legal_terms(HEARING_CASE_TYPES), names=list(HEARING_NAMES))


def normalise(text: str) -> str:
    return normalise_digits(re.sub(r"[\W_]+", "", simplified(text)))


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cer(reference: str, hypothesis: str) -> float:
    ref = normalise(reference)
    return edit_distance(ref, normalise(hypothesis)) / len(ref)


def missed_names(hypothesis: str, names=HEARING_NAMES, reference: str | None = None) -> int:
    """Occurrences of the names in the reference that the hypothesis lacks."""
    hyp = normalise(hypothesis)
    ref = normalise(reference) if reference is not None else None
    return sum(max(0, (ref.count(n) if ref is not None else 1) - hyp.count(n)) for n in names)


def hearing_reference(folder: Path) -> list[dict]:
    return json.loads((folder / "hearing_part1.json").read_text(encoding="utf-8"))


def real_references(folder: Path) -> dict[str, str]:
    return json.loads((folder / "real_refs.json").read_text(encoding="utf-8"))
