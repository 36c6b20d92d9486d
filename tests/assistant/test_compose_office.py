"""The service description's own words on the executing office (its Zuständige-Stelle module)."""

from __future__ import annotations

import pytest

from assistant.citations import invalid_citations
from assistant.compose.draft import Draft
from assistant.compose.office import compose_office, office_statement
from assistant.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("key", "says"),
    [
        ("99107023037000", "Lutherstadt Eisleben"),  # a larger town with its own Wohngeldstelle
        ("99108012005000", "Landesstraßenbaubehörde Sachsen-Anhalt"),  # outside towns, Landes-/Bundesstraßen
        ("99050035001000", "IHK Halle-Dessau"),
        ("99014002035001", "nur für öffentliche Urkunden aus Sachsen-Anhalt"),
    ],
)
def test_office_statement_quotes_the_module_without_the_referral(
    kb: KnowledgeBase, key: str, says: str
) -> None:
    service = kb.service(key)
    assert service is not None
    found = office_statement(kb, service)
    assert found is not None
    chunk_id, quote = found
    assert chunk_id == f"fim/{key}/zustaendige-stelle"
    assert says in quote
    assert "http" not in quote and "Zuständigkeitsfinder" not in quote  # the referral is said elsewhere
    assert quote in (kb.chunks[chunk_id].content or "")  # an exact span


def test_every_curated_service_has_a_statement_that_fits_one_quote(kb: KnowledgeBase) -> None:
    from assistant.citations import MAX_QUOTE

    for service in kb.services:
        found = office_statement(kb, service)
        assert found is not None, service.key
        assert 0 < len(found[1]) <= MAX_QUOTE
        assert "Zuständigkeitsfinder" not in found[1] and "http" not in found[1], service.key


def test_compose_service_quotes_the_office_after_the_authority_type(kb: KnowledgeBase) -> None:
    from assistant.compose.service import compose_service
    from assistant.responsibility import ResponsibilityResolver

    service = kb.service("99107023037000")
    assert service is not None
    draft = Draft(kb, "service")
    compose_service(
        draft, kb, ResponsibilityResolver(kb), service, "kosten", "Was kostet der Antrag auf Wohngeld?"
    )
    lines = draft.answer().answer.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Laut Leistungsbeschreibung"))
    assert lines[at - 1].startswith("Zuständig ist: Wohngeldbehörde")


def test_digitalisation_answer_has_no_office_quote(kb: KnowledgeBase) -> None:
    from assistant.compose.service import compose_service_responsibility
    from assistant.responsibility import ResponsibilityResolver

    service = kb.service("99107023037000")
    assert service is not None
    draft = Draft(kb, "responsibility")
    compose_service_responsibility(
        draft, ResponsibilityResolver(kb), service, knowledge=kb, digitalisation=True
    )
    assert "Laut Leistungsbeschreibung" not in draft.answer().answer


def test_compose_office_cites_once(kb: KnowledgeBase) -> None:
    service = kb.service("99107023037000")
    assert service is not None
    draft = Draft(kb, "service")
    assert compose_office(draft, kb, service)
    assert not compose_office(draft, kb, service)  # already quoted: not twice
    answer = draft.answer()
    assert answer.answer.count("Laut Leistungsbeschreibung") == 1
    assert [c.document_id for c in answer.citations] == ["fim/99107023037000/zustaendige-stelle"]
    assert invalid_citations(kb, answer.citations) == []
