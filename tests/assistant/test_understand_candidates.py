"""The candidate set: subjects from both retrieval lists and from the lexicon, with their evidence."""

from __future__ import annotations

from haystack import Document

from assistant.models import EntityRef, QueryAnalysis
from assistant.retrieval import Retrieval
from assistant.understand.candidates import entity_subject, gather
from corpora.ids import SubjectRef


def _doc(chunk_id: str, score: float) -> Document:
    return Document(id=chunk_id, content="x", meta={"id": chunk_id}, score=score)


def _retrieval(dense: list[str], sparse: list[str]) -> Retrieval:
    return Retrieval(
        query="q",
        embedding=[0.0],
        dense=[_doc(i, 0.9 - n / 100) for n, i in enumerate(dense)],
        sparse=[_doc(i, 20.0 - n) for n, i in enumerate(sparse)],
        hits=[],
    )


def test_candidates_group_chunks_by_subject_with_best_rank_per_list() -> None:
    retrieval = _retrieval(
        ["fim/99008001012000/kosten", "fim/99085001012000/kosten", "fim/99008001012000/karte"],
        ["fim/99085001012000/karte", "fim/99008001012000/kosten"],
    )
    analysis = QueryAnalysis(text="q", resolved_text="q", intent="service")
    found = {c.subject.id: c for c in gather(retrieval, analysis)}
    perso = found["99008001012000"]
    assert (perso.dense.rank, perso.dense.chunks, perso.sparse.rank) == (0, 2, 1)
    assert perso.chunk_ids == ["fim/99008001012000/kosten", "fim/99008001012000/karte"]
    assert found["99085001012000"].sparse.rank == 0


def test_candidates_lexicon_citation_and_follow_up_evidence() -> None:
    analysis = QueryAnalysis(
        text="q",
        resolved_text="q",
        intent="legal",
        entities=[
            EntityRef("norm", "egovg-lsa/§9/abs1", "§ 9 Abs. 1", 1.0, "§ 9 Abs. 1"),
            EntityRef("ministry", "MID", "MID", 0.9, "mid"),
        ],
        carried=[EntityRef("ministry", "MID", "MID", 0.9, "mid")],
    )
    found = {c.subject: c for c in gather(None, analysis)}
    norm = found[SubjectRef("norm", "egovg-lsa/§9")]
    assert norm.cited and norm.lexicon == 1.0 and norm.dense.rank is None
    assert found[SubjectRef("ministry", "MID")].carried


def test_candidates_unknown_subjects_are_dropped() -> None:
    analysis = QueryAnalysis(
        text="q", resolved_text="q", intent="legal", entities=[EntityRef("norm", "egovg-lsa/§5", "§ 5", 1.0)]
    )
    assert gather(None, analysis, known={}) == []


def test_candidates_entity_kinds_map_to_subjects() -> None:
    assert entity_subject(EntityRef("topic", "relation/3", "x")) == SubjectRef("topic", "relation/3")
    assert entity_subject(EntityRef("authority_type", "meldebehoerde", "x")) == SubjectRef(
        "authority_type", "meldebehoerde"
    )
    assert entity_subject(EntityRef("norm", "DSGVO/Art17", "x")) is None
