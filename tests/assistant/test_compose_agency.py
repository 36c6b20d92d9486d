"""A subordinate authority's answer: its record and the ministry above it, named as people write it."""

from __future__ import annotations

from assistant.citations import invalid_citations
from assistant.compose.dispatch import AnswerComposer
from assistant.compose.draft import Draft
from assistant.compose.front import DecisionComposer
from assistant.understand.subjects import SubjectCatalog, SubjectInfo
from corpora.ids import SubjectRef


def test_agency_answer_names_the_ministry_in_its_own_name(composer: AnswerComposer) -> None:
    """The record says "im Geschäftsbereich des Ministeriums für Bildung"; the answer names "Ministerium für
    Bildung (MB)" as it is written, lists it as responsible and cites the record."""
    ref = SubjectRef("agency", "MB/authority/1")
    catalog = SubjectCatalog()
    catalog.subjects[ref] = SubjectInfo(ref, "Landesschulamt", chunk_ids=["org/MB/authority/1"])
    draft = Draft(composer.knowledge, "responsibility")
    assert DecisionComposer(composer, catalog)._agency(draft, ref)  # noqa: SLF001 - the composer of one kind
    answer = draft.answer()
    assert (
        "Übergeordnetes Ministerium: Ministerium für Bildung (MB); in diesem Geschäftsbereich nachgeordnet: "
        "„Landesschulamt“" in answer.answer
    )
    assert [r.id for r in answer.responsible] == ["MB"]
    assert invalid_citations(composer.knowledge, answer.citations) == []


def test_unsure_decision_offers_its_subjects_and_states_nothing(composer: AnswerComposer) -> None:
    """Between the answer threshold and the confirmation bound the subject is offered ("Meinen Sie …?"): the
    options as chips, no fact, no citation, no responsible organisation, and it is no refusal."""
    from assistant.models import QueryAnalysis
    from assistant.understand.candidates import Candidate
    from assistant.understand.decision import Decision

    catalog = SubjectCatalog()
    refs = [SubjectRef("service", "99008001012000"), SubjectRef("service", "99085001012000")]
    for ref, label in zip(refs, ["Personalausweis beantragen", "Reisepass beantragen"], strict=True):
        catalog.subjects[ref] = SubjectInfo(ref, label)
    decision = Decision(
        "clarify", "service", "allgemein", options=[Candidate(r, probability=0.4) for r in refs], unsure=True
    )
    analysis = QueryAnalysis(text="Ausweis weg", resolved_text="Ausweis weg", intent="service")
    answer, _ = DecisionComposer(composer, catalog)._clarify(analysis, decision)  # noqa: SLF001
    assert answer.clarification == ["Personalausweis beantragen", "Reisepass beantragen"]
    assert answer.answer.startswith("Ich bin nicht sicher, ob ich Ihre Frage richtig verstehe. Meinen Sie „")
    assert "„Personalausweis beantragen“ oder „Reisepass beantragen“?" in answer.answer
    assert not answer.no_answer and answer.citations == [] and answer.responsible == []
