"""The case's vocabulary for speech recognition, built from the register: who takes part
(parties, their legal representatives and agents, the tribunal and the clerk) and the legal
terms of the case's types. Used by the GUI (import, live record) and the CLI alike."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Case
from app.speech.case_words import CaseWords, legal_terms


def case_words(s: Session, case_id: int) -> CaseWords:
    case = s.get_one(Case, case_id)
    names: list[str] = []
    for party in case.parties:
        names += [party.name, party.legal_representative]
        for agent in party.agents:
            names.append(agent.name)
            if "律师" in agent.occupation:
                names.append(f"{agent.name[:1]}律师")  # how a hearing addresses an agent: 王律师
    names += [seat.staff.name for seat in case.seats]
    return CaseWords(legal_terms(case.case_types), names=[n for n in dict.fromkeys(names) if n])
