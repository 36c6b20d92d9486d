"""Detail sentences: the sentence of the chosen service's own texts that answers what the question asks
beyond the quoted module, on the real knowledge base."""

from __future__ import annotations

import pytest

from assistant.citations import invalid_citations
from assistant.compose.detail import DetailFinder
from assistant.compose.dispatch import AnswerComposer
from assistant.knowledge import KnowledgeBase
from assistant.models import EntityRef, QueryAnalysis
from corpora.fim_models import Service

FUND = "99089017152000"
WOHNGELD = "99107023037000"
PERSONALAUSWEIS = "99008001012000"


@pytest.fixture(scope="module")
def finder(kb: KnowledgeBase) -> DetailFinder:
    return DetailFinder(kb)


def service(kb: KnowledgeBase, key: str) -> Service:
    return next(s for s in kb.services if s.leika_key == key)


def test_the_asked_amount_is_found_in_the_full_text(kb: KnowledgeBase, finder: DetailFinder) -> None:
    details = finder.find(
        service(kb, FUND), "Wie hoch ist der Finderlohn für eine Geldbörse?", aspect="kosten"
    )
    assert any("fünf Prozent" in d.sentence for d in details)


def test_a_typo_still_finds_its_word(kb: KnowledgeBase, finder: DetailFinder) -> None:
    details = finder.find(service(kb, WOHNGELD), "gibts wohngeld auch rückwirkent für vergangene monate")
    assert any("nicht rückwirkend" in d.sentence for d in details)


def test_details_come_only_from_the_chosen_service(kb: KnowledgeBase, finder: DetailFinder) -> None:
    for key, question in (
        (FUND, "Wie hoch ist der Finderlohn?"),
        (WOHNGELD, "Gibt es Wohngeld rückwirkend?"),
        (PERSONALAUSWEIS, "Wie lange ist der Ausweis gültig, wenn ich unter 24 bin?"),
    ):
        for detail in finder.find(service(kb, key), question):
            assert detail.chunk_id.startswith(f"fim/{key}/")
            assert detail.sentence in (kb.chunks[detail.chunk_id].content or "")


def test_a_question_that_asks_only_for_the_service_gets_no_detail(
    kb: KnowledgeBase, finder: DetailFinder
) -> None:
    assert finder.find(service(kb, PERSONALAUSWEIS), "Personalausweis beantragen", aspect="allgemein") == []
    assert finder.find(service(kb, WOHNGELD), "Wie beantrage ich Wohngeld?") == []


def test_a_quoted_sentence_is_not_repeated(kb: KnowledgeBase, finder: DetailFinder) -> None:
    fund = service(kb, FUND)
    question = "Wie hoch ist der Finderlohn für eine Geldbörse?"
    first = finder.find(fund, question, aspect="kosten")
    assert first
    again = finder.find(fund, question, quoted="\n".join(d.sentence for d in first), aspect="kosten")
    assert all(d.sentence not in {f.sentence for f in first} for d in again)


def test_the_answer_quotes_the_detail_with_a_valid_citation(kb: KnowledgeBase) -> None:
    composer = AnswerComposer(kb)
    question = "Ich habe eine Geldbörse gefunden. Wie hoch ist der Finderlohn?"
    analysis = QueryAnalysis(
        text=question,
        resolved_text=question,
        intent="service",
        aspect="kosten",
        entities=[EntityRef(kind="service", id=FUND, label="Fundsache abgeben oder abholen")],
    )
    answer, dropped = composer.compose(analysis, [])
    assert dropped == 0 and not answer.no_answer
    assert "Dazu heißt es: „" in answer.answer and "fünf Prozent" in answer.answer
    assert invalid_citations(kb, answer.citations) == []
    assert any(c.document_id == f"fim/{FUND}/volltext" for c in answer.citations)


def test_a_compound_that_starts_like_a_request_word_is_asked(kb: KnowledgeBase, finder: DetailFinder) -> None:
    details = finder.find(
        service(kb, "99067004001000"), "Wie lange gilt ein Jahresjagdschein?", aspect="fristen"
    )
    assert any("drei Jagdjahre" in d.sentence for d in details)


def test_a_missing_module_is_answered_from_another_text_that_gives_it(kb: KnowledgeBase) -> None:
    from assistant.compose.draft import Draft
    from assistant.compose.service import compose_service
    from assistant.responsibility import ResponsibilityResolver

    resolver = ResponsibilityResolver(kb)
    jagdschein = service(kb, "99067004001000")  # no Fristen module; the full text gives the period
    assert not kb.service_chunk_ids(jagdschein, "fristen")
    draft = Draft(kb, "service")
    compose_service(
        draft, kb, resolver, jagdschein, "fristen", "Wie lange gilt ein Jahresjagdschein?", DetailFinder(kb)
    )
    answer = draft.answer()
    assert not answer.no_answer and "drei Jagdjahre" in answer.answer
    assert invalid_citations(kb, answer.citations) == []
    draft = Draft(kb, "service")  # nothing that gives a period: said plainly, not answered
    compose_service(
        draft, kb, resolver, jagdschein, "fristen", "Wie lange dauert die Bearbeitung?", DetailFinder(kb)
    )
    assert draft.answer().no_answer


def test_the_question_sentence_outweighs_the_story_before_it(kb: KnowledgeBase, finder: DetailFinder) -> None:
    """The story's words ("Bank", "Versicherung") match another sentence than the one the question asks for."""
    urkunde = kb.service("99101004012000")
    assert urkunde is not None
    story = "Die Bank und die Versicherung brauchen Unterlagen vom Nachlassgericht."
    details = finder._by_words(urkunde, f"{story} Bekommen Erben die Urkunde?", "allgemein")  # noqa: SLF001
    assert details and "rechtliches Interesse" in details[0].sentence
    # a question sentence that asks nothing of its own falls back to the whole message
    details = finder._by_words(urkunde, f"{story} Was nun?", "allgemein")  # noqa: SLF001
    assert details and "Nachlassgericht" in details[0].sentence
