"""Understanding one question: analysis -> retrieval lists -> candidate subjects -> features -> scores.

The same path serves answering and training (the training rows are exactly what the service sees). One query
embedding per question: the dense list and the intent model read the same vector.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.models import EntityRef, Message, QueryAnalysis
from assistant.places.outside import OTHER_LAENDER
from assistant.retrieval import Retrieval
from assistant.understand.candidates import Candidate, gather
from assistant.understand.cards import CardIndex
from assistant.understand.features import candidate_matrix, question_vector
from assistant.understand.lexical import Terms, doc_terms
from assistant.understand.model import DecisionModel
from assistant.understand.subjects import SubjectCatalog
from corpora.base import SourceKind
from corpora.ids import is_of
from indexing.nlp.normalize import fold


def is_foreign_norm(entity: EntityRef) -> bool:
    """A cited article or § of another law ("Artikel 17 der DSGVO"): no § of the EGovG LSA is meant."""
    return entity.kind == "norm" and not entity.id.startswith("egovg-lsa")


#: Another Land's law named by its name ("EGovG Bayern", "E-Government-Gesetz des Landes Brandenburg") or its
#: adjective ("das brandenburgische E-Government-Gesetz"; the stems are those adjectives, "sächsisch" from
#: "Sachsen"): the EGovG LSA is not what is asked. The Bund's EGovG is not among them: § 2 EGovG LSA says which of
#: its rules apply in the Land.
_LAENDER = "|".join(sorted({fold(name).split("-")[0] for name in OTHER_LAENDER} | {"nrw"}))
_ADJECTIVES = (
    "brandenburg|bayer|baden-wuerttemberg|berlin|brem|hamburg|hess|mecklenburg|niedersaechs|nordrhein-westf"
    "|rheinland-pfael|saarl|schleswig-holstein|thuering|saechs"
)
_OTHER_LAW = re.compile(
    rf"\b(?:{_ADJECTIVES})\w*\s+(?:\w+\s+)?(?:e-government-gesetz|egovg|landesgesetz|gesetz|verordnung)"
    rf"|\b(?:e-government-gesetz|egovg)\w*\s+(?:des\s+landes\s+|von\s+|in\s+|aus\s+)?(?:{_LAENDER})\b(?!-anhalt)"
)


def names_other_law(text: str) -> bool:
    """The question asks about another Land's law, not the EGovG LSA."""
    return bool(_OTHER_LAW.search(fold(text)))


#: The sentences of a message: a sentence end before a capital or "§" ("… nach § 8. Was regelt § 8?"), which
#: neither ``citations.sentences`` (a number before a period reads as an ordinal) nor the story split of
#: ``multipart`` (it splits after "Abs.") tells apart.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ§])")


def cited_norms(analysis: QueryAnalysis) -> list[EntityRef]:
    """§§ of the EGovG LSA the question cites explicitly (a citation, not a § found by its title); with several,
    those the question sentence cites come first ("§ 9 Abs. 1 spricht von § 8. Was regelt § 8?" asks § 8)."""
    cited = [
        e for e in analysis.of_kind("norm") if is_of(e.id, SourceKind.EGOVG_LSA) and e.score >= CITED_SCORE
    ]
    if len({e.id for e in cited}) < 2:
        return cited
    pieces = _SENTENCE.split(analysis.text.strip())
    asked = next((p for p in reversed(pieces) if "?" in p), pieces[-1])

    def in_question(entity: EntityRef) -> bool:  # "§ 1" is not cited by "§ 17"
        return (
            bool(entity.matched) and re.search(rf"{re.escape(entity.matched)}(?![\da-z])", asked) is not None
        )

    return sorted(cited, key=lambda e: not in_question(e))


#: The analyser scores a citation at least this; a § found through its title scores less.
CITED_SCORE = 0.85
#: The intent model's classes that the answer contract spells differently.
CONTRACT_INTENT = {"life_event": "service"}


@dataclass
class Understanding:
    analysis: QueryAnalysis
    retrieval: Retrieval | None
    candidates: list[Candidate]
    terms: Terms
    vector: np.ndarray | None = None
    intents: dict[str, float] = field(default_factory=dict)
    aspects: dict[str, float] = field(default_factory=dict)
    matrix: np.ndarray | None = None
    #: Seconds of the understanding's own stages: ``candidates`` (cards, evidence, question terms; retrieval has
    #: its own timings in ``retrieval.seconds``) and ``scoring`` (features and the decision model).
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def intent(self) -> str:
        return max(self.intents, key=self.intents.__getitem__) if self.intents else self.analysis.intent

    @property
    def aspect(self) -> str:
        return max(self.aspects, key=self.aspects.__getitem__) if self.aspects else self.analysis.aspect


class Understander:
    """Builds :class:`Understanding` s; scores them when a :class:`DecisionModel` is loaded."""

    def __init__(
        self,
        analyzer: Any,
        searcher: Any,
        catalog: SubjectCatalog,
        model: DecisionModel | None = None,
        cards: CardIndex | None = None,
    ) -> None:
        self.analyzer = analyzer
        self.searcher = searcher
        self.catalog = catalog
        self.model = model
        store = getattr(searcher, "store", None)
        self.cards = (
            cards
            if cards is not None
            else (CardIndex.from_store(store) if store is not None else CardIndex())
        )

    def observe(self, messages: list[Message], analysis: QueryAnalysis | None = None) -> Understanding:
        """Analysis, retrieval and the candidate set of the last user message (no model needed)."""
        analysis = analysis or self.analyzer.analyze(messages)
        question = analysis.resolved_text or analysis.text
        retrieval = (
            self.searcher.retrieve(question) if self.searcher is not None and question.strip() else None
        )
        cards = self.cards.best(retrieval.embedding) if retrieval is not None else {}
        candidates = gather(
            retrieval,
            analysis,
            known=self.catalog.subjects,
            cards=cards,
            card_top=self.cards.top_per_kind(cards),
        )
        for candidate in candidates:
            info = self.catalog.get(candidate.subject)
            candidate.lebenslagen = info.lebenslagen if info is not None else frozenset()
        doc = analysis.doc if analysis.doc is not None and analysis.doc.text == question else None
        if doc is None and question.strip():
            doc = self.analyzer.nlp(question)  # a follow-up's resolved question: analysed here
        terms = doc_terms(doc) if doc is not None else Terms(frozenset())
        understanding = Understanding(analysis, retrieval, candidates, terms)
        if retrieval is not None and analysis.cues is not None:
            understanding.vector = question_vector(retrieval.embedding, analysis.cues)
        return understanding

    def featurize(self, understanding: Understanding, intents: dict[str, float]) -> np.ndarray:
        understanding.intents = intents
        understanding.matrix = candidate_matrix(
            understanding.candidates, understanding.terms, self.catalog, intents
        )
        return understanding.matrix

    def understand(self, messages: list[Message], analysis: QueryAnalysis | None = None) -> Understanding:
        """Observe, then score every candidate with the model (best first)."""
        started = time.perf_counter()
        u = self.observe(messages, analysis)
        observed = time.perf_counter()
        retrieval_seconds = sum(u.retrieval.seconds.values()) if u.retrieval is not None else 0.0
        u.seconds["candidates"] = max(0.0, observed - started - retrieval_seconds)
        if self.model is None or u.vector is None:
            return u
        self.featurize(u, self.model.intent_probabilities(u.vector))
        u.aspects = self.model.aspect_probabilities(u.vector)
        assert u.matrix is not None
        for candidate, p in zip(u.candidates, self.model.relevance(u.matrix), strict=True):
            candidate.probability = float(p)
        u.candidates.sort(key=lambda c: -c.probability)
        u.seconds["scoring"] = time.perf_counter() - observed
        return u
