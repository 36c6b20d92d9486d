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
