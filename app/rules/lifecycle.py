"""Case status lifecycle: 待受理 -> 已受理 -> 已排期 -> 审理中 -> (中止) -> 已结案.

A suspension (中止, 办案规则 Art 47) returns the case to the step it left; a case may be closed
from any open status (withdrawal, not accepted, mediation before the hearing ...).
"""

from __future__ import annotations

from app.vocabulary import CaseStatus as S

ALLOWED: dict[S, frozenset[S]] = {
    S.PENDING: frozenset({S.ACCEPTED, S.CLOSED}),
    S.ACCEPTED: frozenset({S.SCHEDULED, S.HEARING, S.SUSPENDED, S.CLOSED}),
    S.SCHEDULED: frozenset({S.ACCEPTED, S.HEARING, S.SUSPENDED, S.CLOSED}),
    S.HEARING: frozenset({S.SCHEDULED, S.SUSPENDED, S.CLOSED}),
    S.SUSPENDED: frozenset({S.ACCEPTED, S.SCHEDULED, S.HEARING, S.CLOSED}),
    S.CLOSED: frozenset(),
}


class TransitionError(ValueError):
    pass


def check_transition(old: S, new: S) -> None:
    if old == new:
        return
    if new not in ALLOWED[old]:
        raise TransitionError(f"案件状态不能从“{old.label}”改为“{new.label}”")
