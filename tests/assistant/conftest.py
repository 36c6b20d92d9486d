"""Fixtures of the assistant tests (the shared real-model index lives in tests/conftest.py)."""

from __future__ import annotations

import pytest

from assistant.analysis import QueryAnalyzer
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
