"""The assistant: understand (analysis -> candidate subjects -> calibrated decision) -> compose -> ``Answer``.

One object per process (CLI, API lifespan): :meth:`Assistant.warm_up` loads the knowledge base, the analyser,
the search pipeline, the subject catalogue and the decision model of the open index build once;
:meth:`Assistant.answer` is then stateless (the conversation travels in ``messages``).
"""

from __future__ import annotations

import gc
import logging
import time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.compose.dispatch import AnswerComposer
from assistant.knowledge import KnowledgeBase, load_knowledge
from assistant.models import Answer, AnswerTrace, Message, QueryAnalysis
from assistant.retrieval import Searcher
from lsa_assistant.errors import IndexMismatchError
from lsa_assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.compose.detail_selector import DetailSelector
    from corpora.corpus import Corpus

log = logging.getLogger(__name__)

#: hits the composer sees; the evaluation reads recall@5 / MRR from ``trace.retrieved_ids``
SEARCH_K = 10


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
        self.understander: Any = None
        self.decisions: Any = None

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
        if self.understander is None:
            self._warm_understanding()
            # the knowledge base, lexicons and models are hundreds of thousands of long-lived objects: leave them
            # out of the cyclic garbage collector, whose full passes over them stalled single answers for a second
            gc.collect()
            gc.freeze()

    def _warm_understanding(self) -> None:
        """The subject catalogue and the decision model of the open index build (trained now if missing)."""
        from assistant.compose.front import DecisionComposer
        from assistant.understand.model import single_thread_sklearn
        from assistant.understand.store import load_model, model_dir, save_model
        from assistant.understand.subjects import load_subject_catalog
        from assistant.understand.training import train_decision_model, training_fingerprint
        from assistant.understand.understander import Understander

        assert self.knowledge is not None and self.composer is not None
        single_thread_sklearn()
        cache_dir = self.settings.cache_dir if self.settings.startup_cache else None
        catalog = load_subject_catalog(self.knowledge, self.analyzer.nlp, cache_dir)
        understander = Understander(self.analyzer, self.searcher, catalog)
        build_id = str(getattr(getattr(self.searcher, "info", None), "build_id", "") or "")
        directory = model_dir(self.settings.data_dir, build_id) if build_id else None
        seed, limit = self.settings.decision_seed, self.settings.decision_training_limit
        blind = self.settings.decision_blind_training
        stamp = training_fingerprint(seed, limit, blind)
        model = load_model(directory, stamp) if directory is not None else None
        if model is None:
            log.info("training the decision model for index build %s", build_id or "(unknown)")
            jobs = self.settings.decision_training_jobs
            model = train_decision_model(self.knowledge, understander, seed, limit, jobs, blind)
            if directory is not None:
                save_model(model, directory)
        understander.model = model
        self.understander = understander
        self._attach_sentence_vectors(directory)
        self.decisions = DecisionComposer(self.composer, catalog)

    def _attach_sentence_vectors(self, directory: Path | None) -> None:
        """The service sentences' vectors for finding a detail by meaning (embedded once per index build)."""
        from assistant.compose.sentence_vectors import SentenceVectors

        assert self.composer is not None
        embed = getattr(self.searcher, "embed_texts", None)
        if embed is None:  # a stand-in searcher without a model (tests)
            return
        details = self.composer.details
        model = f"{self.settings.embedding_model}/{self.settings.embedding_precision}"
        details.vectors = SentenceVectors.build(details.sentence_table(), embed, directory, model=model)
        details.selector = self._detail_selector(directory, details.vectors.stamp)

    def _detail_selector(self, directory: Path | None, vectors_stamp: str) -> DetailSelector | None:
        """The detail selector for these sentence vectors: stored beside them, or trained now (seconds)."""
        from assistant.compose.detail_training import load_or_train_selector

        assert self.composer is not None and self.searcher is not None
        searcher = self.searcher

        def question_of(messages: list[Message]) -> str:
            analysis = self.analyzer.analyze(messages)
            return analysis.resolved_text or analysis.text

        def embed_queries(texts: list[str]) -> Any:
            return searcher.embed_texts(texts, prefix="query: ")

        return load_or_train_selector(
            directory, vectors_stamp, self.composer.details, question_of, embed_queries
        )

    def answer(self, messages: list[Message], place: str | None = None) -> tuple[Answer, AnswerTrace]:
        """Understand the last question, then compose the answer; a message that asks several questions gets
        one answer part each (:mod:`assistant.parts`).

        :param place: the ARS of the place the client keeps (the chat's place chip), ``""`` when the user removed
            it (places of earlier turns are then ignored), None: the newest place the user turns name.
        """
        from assistant.coordination import coordinated_parts
        from assistant.multipart import merge_answers, split_enumeration, split_question
        from assistant.parts import PartsAnswerer
        from assistant.places.conversation import place_context

        self.warm_up()
        assert self.knowledge is not None and self.analyzer is not None
        started = time.perf_counter()
        context, messages = place_context(self.knowledge.places, messages, place)
        asks = messages[-1].content if messages and messages[-1].role == "user" else ""
        enumerated = split_enumeration(asks) if asks else []
        parts = split_question(asks) if asks and len(enumerated) < 2 else []
        several = PartsAnswerer(self.analyzer, self._answer_one, context)
        if len(enumerated) >= 2:  # each item in the shared frame, on its own
            answered = several.enumeration(messages, enumerated)
        elif len(parts) >= 2:
            answered = several.questions(messages, parts)
        else:
            analysed = time.perf_counter()
            # the question's dense embedding runs while it is analysed (the text retrieval usually gets)
            prefetch = getattr(self.searcher, "prefetch", None)
            if callable(prefetch):
                prefetch(asks)
            analysis = self.analyzer.analyze(messages)
            analysis_seconds = time.perf_counter() - analysed
            subjects = coordinated_parts(asks, [*analysis.entities, *analysis.catalogue]) if parts else []
            if len(subjects) < 2:
                answer, trace = self._answer_one(messages, context, analysis)
                trace.seconds["analysis"] = analysis_seconds
                trace.seconds["total"] = time.perf_counter() - started
                return answer, trace
            answered = several.subjects(messages, subjects)
        trace = answered[0][1]
        trace.retrieved_ids = list(dict.fromkeys(i for _, t in answered for i in t.retrieved_ids))
        trace.extra["parts"] = [t.extra.get("decision") for _, t in answered]
        trace.seconds["total"] = time.perf_counter() - started
        return merge_answers([a for a, _ in answered]), trace

    def _answer_one(
        self, messages: list[Message], place: Any = None, analysis: QueryAnalysis | None = None
    ) -> tuple[Answer, AnswerTrace]:
        from assistant.compose.life_event import asks_everything, is_life_event
        from assistant.understand.decision import decide
        from assistant.understand.prefer import prefer_executing, prefer_life_event

        assert self.analyzer is not None and self.understander is not None
        started = time.perf_counter()
        analysis = analysis if analysis is not None else self.analyzer.analyze(messages)
        trace = AnswerTrace(analysis=analysis)
        trace.seconds["analysis"] = time.perf_counter() - started
        understanding = self.understander.understand(messages, analysis)
        decided = time.perf_counter()
        retrieval = understanding.retrieval
        if retrieval is not None:
            trace.seconds["embedding"] = retrieval.seconds.get("embedding", 0.0)
            trace.seconds["retrieval"] = retrieval.seconds.get("retrieval", 0.0)
        trace.seconds.update(understanding.seconds)
        decision = decide(understanding, self.understander.catalog)
        if asks_everything(analysis.text):  # several services of one Lebenslage: the situation itself
            decision = prefer_life_event(decision, understanding, partial(is_life_event, self.knowledge))
        if place is not None and getattr(place, "place", None) is not None:
            decision = prefer_executing(decision, understanding)  # a named place asks for the office there
        trace.seconds["decision"] = time.perf_counter() - decided
        composed = time.perf_counter()
        answer, dropped = self.decisions.compose(decision, understanding, place)
        trace.seconds["composition"] = time.perf_counter() - composed
        trace.dropped_claims += dropped
        hits = retrieval.hits if retrieval is not None else []
        retrieved = [h.id for h in hits]
        # the chunks the answer rests on come first (like direct look-ups), then the search hits
        trace.direct_ids = [c.document_id for c in answer.citations if c.document_id not in retrieved][:3]
        trace.retrieved_ids = list(
            dict.fromkeys([*(c.document_id for c in answer.citations[:3]), *retrieved])
        )
        trace.extra["scores"] = {h.id: h.score for h in hits}
        trace.extra["decision"] = {
            "outcome": decision.outcome,
            "probability": round(decision.probability, 3),
            "candidates": [(c.subject.key, round(c.probability, 3)) for c in understanding.candidates[:5]],
            "intents": {k: round(v, 3) for k, v in understanding.intents.items()},
        }
        trace.seconds["total"] = time.perf_counter() - started
        return answer, trace

    def close(self) -> None:
        if self.searcher is not None:
            self.searcher.close()


def prepare_answering(settings: Settings, corpus: Corpus | None = None) -> None:
    """Derive now what the first question would otherwise wait for (start-up caches, the decision model of the
    active index build); run after indexing, so a service starting on the new index is ready at once.

    :param corpus: the corpus the index job loaded; the knowledge base is made from it instead of reading it again.
    """
    assistant = Assistant(
        settings, knowledge=load_knowledge(settings, corpus) if corpus is not None else None
    )
    try:
        assistant.warm_up()
    finally:
        assistant.close()


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
