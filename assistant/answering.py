"""The assistant: question analysis -> direct look-ups + hybrid retrieval -> composed answer with citations.

One object per process (CLI, API lifespan): :meth:`Assistant.warm_up` loads the knowledge base, the
analyzer and the search pipeline once; :meth:`Assistant.answer` is then stateless (the conversation
travels in ``messages``).
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from assistant.compose import AnswerComposer
from assistant.compose_catalogue import CATALOGUE_PREFIX, entry_of_hit
from assistant.compose_legal import norm_chunk_ids, parse_norm
from assistant.compose_service import MODULES, guess_aspect
from assistant.knowledge import KnowledgeBase, load_knowledge
from assistant.models import Answer, AnswerTrace, EntityRef, Message, QueryAnalysis
from assistant.responsibility import ResponsibilityResolver
from assistant.retrieval import Searcher
from lsa_assistant.errors import IndexMismatchError
from lsa_assistant.settings import Settings

#: hits requested from the index; the evaluation reads recall@5 / MRR from ``trace.retrieved_ids``
SEARCH_K = 10
_NO_SEARCH = ("smalltalk", "out_of_scope")
#: RRF score of a catalogue entry ranked first by both the dense and the sparse retriever (0.5 + 0.5).
FALLBACK_MIN_SCORE = 0.9


class Assistant:
    """Answers a conversation's last question from the indexed sources."""

    def __init__(
        self, settings: Settings, *, knowledge: KnowledgeBase | None = None, searcher: Searcher | None = None
    ) -> None:
        self.settings = settings
        self.knowledge = knowledge
        self.searcher = searcher
        self.analyzer: Any = None
        self.composer: AnswerComposer | None = None

    def warm_up(self) -> None:
        """Load everything a question needs, once (idempotent)."""
        if self.knowledge is None:
            self.knowledge = load_knowledge(self.settings)
        if self.searcher is None:
            self.searcher = Searcher(self.settings)
        self.searcher.warm_up()
        check_corpus_matches_index(self.knowledge, getattr(self.searcher, "info", None))
        if self.analyzer is None:
            from assistant.analysis import QueryAnalyzer  # imported late: heavy (spaCy) and optional in tests

            cache_dir = self.settings.cache_dir if self.settings.startup_cache else None
            self.analyzer = QueryAnalyzer(self.knowledge, cache_dir=cache_dir)
            self.analyzer.warm_up()
        if self.composer is None:
            self.composer = AnswerComposer(self.knowledge)

    def answer(self, messages: list[Message]) -> tuple[Answer, AnswerTrace]:
        self.warm_up()
        assert self.analyzer is not None
        started = time.perf_counter()
        analysis: QueryAnalysis = self.analyzer.analyze(messages)
        trace = AnswerTrace(analysis=analysis)
        trace.seconds["analysis"] = time.perf_counter() - started
        answer = self.answer_analysis(analysis, trace)
        trace.seconds["total"] = time.perf_counter() - started
        return answer, trace

    def answer_analysis(self, analysis: QueryAnalysis, trace: AnswerTrace | None = None) -> Answer:
        """Everything after the analysis (used directly by tests and the evaluation's ablations)."""
        if self.knowledge is None or self.composer is None:
            self.knowledge = self.knowledge or load_knowledge(self.settings)
            self.composer = AnswerComposer(self.knowledge)
        trace = trace or AnswerTrace(analysis=analysis)
        trace.analysis = analysis
        started = time.perf_counter()
        if analysis.intent == "out_of_scope" and not analysis.injection and self.searcher is not None:
            analysis = self.catalogue_fallback(analysis)
            trace.analysis = analysis
        direct = direct_ids(self.knowledge, analysis)
        hits: list[dict[str, Any]] = []
        embedding = 0.0
        if analysis.intent not in _NO_SEARCH and self.searcher is not None:
            result = self.searcher.search(analysis.resolved_text or analysis.text, k=SEARCH_K)
            hits = result["hits"]
            embedding = float(result.get("seconds", {}).get("embedding", 0.0))
        trace.direct_ids = direct
        trace.retrieved_ids = direct + [str(h["id"]) for h in hits if str(h["id"]) not in direct]
        trace.extra["scores"] = {str(h["id"]): float(h["score"]) for h in hits}
        if embedding:  # the query embedding is its own stage; retrieval is the rest (look-ups, search)
            trace.seconds["embedding"] = embedding
        trace.seconds["retrieval"] = time.perf_counter() - started - embedding
        started = time.perf_counter()
        answer, dropped = self.composer.compose(analysis, hits)
        # A catalogue entry the question names (entity linking, like a curated service) counts as a direct
        # look-up once the answer is built on it.
        named = [c.document_id for c in answer.citations if c.document_id.startswith(CATALOGUE_PREFIX)]
        if named and named[0] not in direct and analysis.catalogue:
            trace.direct_ids = direct + named[:1]
            trace.retrieved_ids = trace.direct_ids + [i for i in trace.retrieved_ids if i not in named[:1]]
        trace.dropped_claims += dropped
        trace.seconds["composition"] = time.perf_counter() - started
        return answer

    def catalogue_fallback(self, analysis: QueryAnalysis) -> QueryAnalysis:
        """An out-of-scope question may still name a catalogue service in words no lexicon knows ("Wie trete
        ich aus der Kirche aus?"). It becomes a service question about that entry only when a search of the
        catalogue alone puts one entry first in *both* retrievers (RRF score of at least
        :data:`FALLBACK_MIN_SCORE`) and the entry shares a topic word with the question; off-topic questions
        ("Welche Aktien soll ich kaufen?") reach only one of the two."""
        assert self.searcher is not None and self.knowledge is not None
        question = analysis.resolved_text or analysis.text
        hits = self.searcher.search(question, k=3, source="leika")["hits"]
        if (
            not hits
            or float(hits[0]["score"]) < FALLBACK_MIN_SCORE
            or not AnswerComposer.strong(question, hits)
        ):
            return analysis
        entry = entry_of_hit(self.knowledge, str(hits[0]["id"]))
        if entry is None:
            return analysis
        found = EntityRef("service", entry.key, entry.name, float(hits[0]["score"]), "")
        return replace(analysis, intent="service", aspect="allgemein", catalogue=[found])

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()


def check_corpus_matches_index(knowledge: KnowledgeBase, info: Any) -> None:
    """Citations are verified against the corpus loaded here; it must be the corpus the index was built from.

    :raises IndexMismatchError: the corpora changed since the last ``lsa-assistant index``.
    """
    indexed = str(getattr(info, "corpus_version", "") or "")
    if indexed and indexed != knowledge.corpus_version:
        raise IndexMismatchError(
            f"the corpora changed since indexing (index {indexed}, corpora {knowledge.corpus_version}); "
            "run 'lsa-assistant index'"
        )


def direct_ids(knowledge: KnowledgeBase, analysis: QueryAnalysis) -> list[str]:
    """Chunks the question names directly (norm, service module, organisation record), before any search."""
    resolver = ResponsibilityResolver(knowledge)
    found: list[str] = []
    for entity in analysis.entities:
        ids: list[str] = []
        if entity.kind == "norm" and (parsed := parse_norm(entity.id)):
            ids = norm_chunk_ids(knowledge, *parsed)
        elif entity.kind == "service" and (service := knowledge.service(entity.id)):
            if analysis.aspect == "zustaendigkeit" or analysis.intent == "responsibility":
                ids = [
                    f"fim/{service.key}/karte",
                    *knowledge.service_chunk_ids(service, "zustaendige-stelle"),
                ]
                if (relation := resolver.relation_for_service(service)) is not None:
                    ids.append(f"org/relation/{relation.id}")
            else:
                aspect: str = analysis.aspect
                if aspect == "allgemein":  # the composer guesses the module the same way
                    aspect = guess_aspect(knowledge, service, analysis.resolved_text or analysis.text)
                module = MODULES.get(aspect, MODULES["allgemein"])[0]
                ids = knowledge.service_chunk_ids(service, module) + [f"fim/{service.key}/karte"]
        elif entity.kind == "authority_type":
            ids = [f"org/authority/{entity.id.removeprefix('org/').removeprefix('authority/')}"]
        elif entity.kind in ("ozg_role", "topic", "area", "ministry"):
            chunk = resolver.chunk_id(f"org/{entity.id.removeprefix('org/')}")
            ids = [chunk] if chunk else []
        found += [i for i in ids if i in knowledge.chunks and i not in found]
    return found
