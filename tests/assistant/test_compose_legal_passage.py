"""The part of an Absatz the question points to, quoted beside the Absatz's opening (on the shipped law)."""

from __future__ import annotations

import pytest

from assistant.compose.legal import asked_passage, best_sentence, law_frequency, legal_lead
from assistant.knowledge import KnowledgeBase


@pytest.mark.parametrize(
    ("chunk", "question", "expected"),
    [
        (
            "egovg-lsa/§1/abs3",
            "Gilt das Gesetz auch für die Universitätsklinika?",
            "4. die staatlichen Hochschulen",
        ),
        ("egovg-lsa/§1/abs3", "Fallen die Kirchen unter das Gesetz?", "7. die Kirchen"),
        # the rarer word decides: "gilt" stands in many Absätze, "Universitätsklinika" in one
        (
            "egovg-lsa/§1/abs3",
            "Gilt es für die Universitätsklinika und den Mitteldeutschen Rundfunk?",
            "4. die staatlichen Hochschulen",
        ),
        # an inflected word finds its sentence ("Basisdiensten" -> "Basisdienste")
        ("egovg-lsa/§16/abs1", "Was versteht § 16 unter Basisdiensten?", "Zu diesem Zweck"),
        ("egovg-lsa/§1/abs3", "Was regelt § 1 Abs. 3?", ""),  # nothing points to one item
        ("egovg-lsa/§1/abs2", "Gilt das Gesetz für die Polizei?", ""),  # a word of no part
    ],
)
def test_an_item_is_quoted_when_the_question_points_to_it(
    kb: KnowledgeBase, chunk: str, question: str, expected: str
) -> None:
    text = kb.chunks[chunk].content or ""
    quoted = legal_lead(text) if chunk.endswith("§16/abs1") else best_sentence(text, question)
    passage = asked_passage(text, question, quoted, law_frequency(kb))
    assert passage.startswith(expected) if expected else passage == ""
    assert passage in text


def test_a_sentence_that_introduces_a_list_comes_with_its_items(kb: KnowledgeBase) -> None:
    text = kb.chunks["egovg-lsa/§18/abs1"].content or ""
    question = "Welche Daten dürfen bei der Registrierung eines Bürgerkontos verarbeitet werden?"
    passage = asked_passage(text, question, legal_lead(text))
    assert passage.startswith("Zur Feststellung der Identität") and "7. Geburtsland," in passage
    assert passage in text


def test_the_norm_answer_quotes_the_item_with_a_valid_citation(kb: KnowledgeBase) -> None:
    from assistant.citations import invalid_citations
    from assistant.compose.draft import Draft
    from assistant.compose.legal import compose_norm

    draft = Draft(kb, "legal")
    assert compose_norm(draft, kb, "egovg-lsa/§1", "Gilt das EGovG LSA auch für die Universitätsklinika?")
    answer = draft.answer()
    assert "Universitätsklinika" in answer.answer
    assert invalid_citations(kb, answer.citations) == []
