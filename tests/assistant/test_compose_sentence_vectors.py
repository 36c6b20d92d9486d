"""Sentence vectors: stored beside the index build, reused while texts and model stay, and the detail sentence
chosen by meaning only when it stands out (synthetic vectors: no model needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.compose.detail import DetailFinder
from assistant.compose.sentence_vectors import SentenceVectors
from assistant.knowledge import KnowledgeBase

FUND = "99089017152000"
EINBUERGERUNG = "99099002067000"


def _random_embed(calls: list[int]):
    def embed(texts: list[str]) -> np.ndarray:
        calls.append(len(texts))
        rng = np.random.default_rng(len(texts))
        matrix = rng.normal(size=(len(texts), 16)).astype(np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    return embed


def test_vectors_are_stored_and_reused_until_the_texts_change(tmp_path: Path) -> None:
    calls: list[int] = []
    table = {"a": ["Satz eins.", "Satz zwei."], "b": ["Satz drei."]}
    first = SentenceVectors.build(table, _random_embed(calls), tmp_path, model="m")
    again = SentenceVectors.build(table, _random_embed(calls), tmp_path, model="m")
    assert calls == [3]
    assert np.array_equal(first.matrix, again.matrix)
    assert again.spans == {"a": (0, 2), "b": (2, 3)}
    SentenceVectors.build({"a": ["Satz eins, geändert."]}, _random_embed(calls), tmp_path, model="m")
    SentenceVectors.build(table, _random_embed(calls), tmp_path, model="other model")
    assert calls == [3, 1, 3]


def test_scores_of_an_unknown_service_or_a_vector_of_another_size_are_none() -> None:
    vectors = SentenceVectors({"a": (0, 2)}, np.eye(2, dtype=np.float32))
    assert vectors.scores("b", [1.0, 0.0]) is None
    assert vectors.scores("a", [1.0, 0.0, 0.0]) is None
    assert vectors.scores("a", [2.0, 0.0]).tolist() == [1.0, 0.0]


@pytest.fixture
def finder(kb: KnowledgeBase) -> DetailFinder:
    finder = DetailFinder(kb)
    finder.vectors = SentenceVectors.build(finder.sentence_table(), _random_embed([]))
    return finder


def _row(finder: DetailFinder, key: str, needle: str) -> np.ndarray:
    assert finder.vectors is not None
    start, _ = finder.vectors.spans[key]
    sentences = finder.sentence_table()[key]
    index = next(i for i, s in enumerate(sentences) if needle in s)
    return finder.vectors.matrix[start + index]


def _asked_near(kb: KnowledgeBase, finder: DetailFinder, key: str, needle: str, quoted: str = "") -> list:
    """The details found for a question whose vector is that of the sentence containing ``needle``."""
    query = _row(finder, key, needle).tolist()
    return finder.find(kb.service(key), "Steht mir da was zu?", quoted=quoted, query_vector=query)


def test_the_sentence_closest_in_meaning_is_quoted_when_it_stands_out(
    kb: KnowledgeBase, finder: DetailFinder
) -> None:
    details = _asked_near(kb, finder, FUND, "fünf Prozent")
    assert details and "fünf Prozent" in details[0].sentence
    assert details[0].chunk_id.startswith(f"fim/{FUND}/")
    again = _asked_near(kb, finder, FUND, "fünf Prozent", quoted=details[0].sentence)  # quoted: not again
    assert all("fünf Prozent" not in d.sentence for d in again)


def test_no_sentence_by_meaning_when_none_stands_out(kb: KnowledgeBase, finder: DetailFinder) -> None:
    fund = kb.service(FUND)
    assert finder.vectors is not None
    start, end = finder.vectors.spans[FUND]
    original = finder.vectors.matrix
    matrix = original.copy()
    matrix[start:end] = matrix[start]  # a question equally close to every sentence of the service
    finder.vectors = SentenceVectors(finder.vectors.spans, matrix)
    assert finder.find(fund, "Steht mir da was zu?", query_vector=matrix[start].tolist()) == []
    # one sentence closer than all the others stands out
    matrix[start + 1] = original[start + 1]
    finder.vectors = SentenceVectors(finder.vectors.spans, matrix)
    query = matrix[start + 1] + 0.3 * matrix[start]
    query /= np.linalg.norm(query)
    assert [d.sentence for d in finder.find(fund, "Steht mir da was zu?", query_vector=query.tolist())] == [
        finder.sentence_table()[FUND][1]
    ]


def test_a_sentence_that_points_back_is_quoted_with_the_one_before(
    kb: KnowledgeBase, finder: DetailFinder
) -> None:
    details = _asked_near(kb, finder, EINBUERGERUNG, "Erst danach")
    assert details and details[0].sentence.endswith("Reisepass beantragen.")
    assert "Aushändigung der Urkunde" in details[0].sentence
    assert details[0].sentence in (kb.chunks[details[0].chunk_id].content or "")


STERBEURKUNDE = "99101004012000"


def test_a_detail_is_confirmed_only_by_meaning_and_words_together(
    kb: KnowledgeBase, finder: DetailFinder
) -> None:
    query = _row(finder, STERBEURKUNDE, "Geschwister").tolist()
    urkunde = kb.service(STERBEURKUNDE)
    confirmed = finder.confirmed(urkunde, "Bekommen Geschwister die Urkunde?", "voraussetzungen", query)
    assert confirmed is not None and "Geschwister" in confirmed.sentence
    # the same meaning without the asked word in the sentence, or the words without the meaning: not confirmed
    assert finder.confirmed(urkunde, "Wie lange dauert das?", "voraussetzungen", query) is None
    flat = finder.vectors.matrix[slice(*finder.vectors.spans[STERBEURKUNDE])].mean(axis=0).tolist()
    assert finder.confirmed(urkunde, "Bekommen Geschwister die Urkunde?", "voraussetzungen", flat) is None


def test_a_missing_module_is_answered_by_a_confirmed_detail(kb: KnowledgeBase, finder: DetailFinder) -> None:
    from assistant.citations import invalid_citations
    from assistant.compose.draft import Draft
    from assistant.compose.service import compose_service
    from assistant.responsibility import ResponsibilityResolver

    urkunde = kb.service(STERBEURKUNDE)
    assert not kb.service_chunk_ids(urkunde, "voraussetzungen")
    draft = Draft(kb, "service")
    draft.query_vector = _row(finder, STERBEURKUNDE, "Geschwister").tolist()
    question = "Sind Geschwister berechtigt, eine Sterbeurkunde zu bekommen?"
    compose_service(draft, kb, ResponsibilityResolver(kb), urkunde, "voraussetzungen", question, finder)
    answer = draft.answer()
    assert not answer.no_answer and "rechtliches Interesse" in answer.answer
    assert invalid_citations(kb, answer.citations) == []
