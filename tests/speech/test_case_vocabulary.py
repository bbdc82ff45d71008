"""The case's vocabulary built from the register: its people (matched more loosely by sound)
and the legal terms of its types."""

from sqlalchemy import select

from app.models import Case
from app.services.case_vocabulary import case_words
from app.services.cases import find_case_id
from app.services.demo import seed_demo
from app.speech.case_words import legal_terms
from tests.conftest import TODAY


def test_people_of_the_case_and_its_legal_terms(sqlite_db):
    with sqlite_db.session() as s:
        seed_demo(s, today=TODAY)
        case_id = find_case_id(s, "青劳人仲(2026)办字第2号")
        words = case_words(s, case_id)
        case = s.scalars(select(Case).where(Case.id == case_id)).one()
        people = [p.name for p in case.parties] + [a.name for a in case.agents] + [x.staff.name for x in case.seats]
        types = case.case_types
    assert people and all(name in words.names for name in people) and "冯律师" in words.names
    assert set(legal_terms(types)) <= set(words.terms) and "仲裁庭" in words.terms
    assert not set(words.names) & set(words.terms)
    assert len(words.hotwords()) == len(set(words.hotwords()))  # each once
    assert words.corrections == []
