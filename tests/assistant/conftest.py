"""Fixtures of the assistant tests (the shared real-model index lives in tests/conftest.py)."""

from __future__ import annotations

import pytest

from assistant.analysis import QueryAnalyzer
from assistant.compose.detail import DetailFinder
from assistant.compose.dispatch import AnswerComposer
from assistant.knowledge import KnowledgeBase
from tests.assistant.analysis_helpers import analyzer


@pytest.fixture(scope="session")
def kb(knowledge_base: KnowledgeBase) -> KnowledgeBase:
    """The shipped knowledge base, read-only (one load per session, see ``tests.shipped``)."""
    return knowledge_base


@pytest.fixture(scope="module")
def composer(kb: KnowledgeBase) -> AnswerComposer:
    """An answer composer on the shipped knowledge base, shared by the tests of one module."""
    return AnswerComposer(kb)


@pytest.fixture(scope="session")
def warm() -> QueryAnalyzer:
    """The session's warmed query analyzer: a test that asks for it does not pay the warm-up itself."""
    return analyzer()


@pytest.fixture
def selector_finder(kb: KnowledgeBase) -> DetailFinder:
    """A detail finder with random (seeded) sentence vectors: the selector's features and training without a model."""
    import numpy as np

    from assistant.compose.sentence_vectors import SentenceVectors

    finder = DetailFinder(kb)
    rng = np.random.default_rng(0)

    def embed(texts: list[str]) -> np.ndarray:
        m = rng.normal(size=(len(texts), 8)).astype(np.float32)
        return m / np.linalg.norm(m, axis=1, keepdims=True)

    finder.vectors = SentenceVectors.build(finder.sentence_table(), embed)
    return finder
