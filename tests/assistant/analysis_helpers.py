"""Shared by the ``test_analysis_*`` modules: one knowledge base (``tests.shipped``) and analyzer per test session."""

from __future__ import annotations

from functools import lru_cache

from assistant.analysis import QueryAnalyzer
from assistant.hits import SearchHit
from assistant.knowledge import KnowledgeBase
from assistant.models import Message, QueryAnalysis
from tests.shipped import shipped_knowledge as knowledge


@lru_cache(maxsize=1)
def analyzer() -> QueryAnalyzer:
    built = QueryAnalyzer(knowledge())
    built.warm_up()
    return built


def ask(*turns: str) -> QueryAnalysis:
    """Analyse a conversation of user turns (assistant turns in between do not matter)."""
    messages: list[Message] = []
    for turn in turns:
        if messages:
            messages.append(Message(role="assistant", content="…"))
        messages.append(Message(role="user", content=turn))
    return analyzer().analyze(messages)


def converse(*turns: str) -> QueryAnalysis:
    """Analyse a conversation whose assistant replies matter: ``turns`` alternate user, assistant, user, …"""
    roles = ("user", "assistant")
    return analyzer().analyze([Message(role=roles[n % 2], content=turn) for n, turn in enumerate(turns)])


def hits(kb: KnowledgeBase, ids: list[str], score: float = 0.9) -> list[SearchHit]:
    """Search hits for the given chunk ids, best first."""
    return [
        SearchHit(
            id=i,
            label=kb.chunks[i].meta["label"],
            title=None,
            source=str(kb.chunks[i].meta["source"]),
            text=kb.chunks[i].content,
            score=score / (n + 1),
        )
        for n, i in enumerate(ids)
    ]
