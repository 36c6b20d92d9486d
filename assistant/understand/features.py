"""Feature vectors: one per (question, candidate subject) for the scorer, one per question for the intent model.

The candidate features are retrieval evidence (ranks and scores in the dense and the sparse list, relative to the
best of the question), lexical evidence (whole-lemma and compound-part coverage between question and subject
names, the analyser's match score), the subject's kind and the question's predicted intent. The question features
are the e5 query embedding plus the cue families of the analyser (question form, not domain words).
"""

from __future__ import annotations

from typing import get_args

import numpy as np

from assistant.analysis.intent import Cues
from assistant.models import Aspect
from assistant.understand.candidates import Candidate
from assistant.understand.lexical import Terms, coverage
from assistant.understand.subjects import SubjectCatalog
from corpora.ids import SUBJECT_KINDS

INTENTS = ("responsibility", "legal", "service", "definition", "out_of_scope", "life_event")
#: What the intent model's aspect classifier can answer: the answer contract's aspects.
ASPECTS: tuple[str, ...] = get_args(Aspect)
#: Rank within its kind given to a subject that is not among the kind's best cards.
CARD_ABSENT = 10
#: Rank given to a subject that is not in a list (the lists are 40 deep).
ABSENT_RANK = 50
CUE_NAMES = ("smalltalk", "strong_responsibility", "weak_responsibility", "legal", "definition", "domain")

CANDIDATE_FEATURES: tuple[str, ...] = (
    "dense_rank",
    "dense_absent",
    "dense_score",
    "dense_gap",
    "dense_chunks",
    "sparse_rank",
    "sparse_absent",
    "sparse_rel",
    "sparse_chunks",
    "rrf",
    "card_rank",
    "card_score",
    "lexicon",
    "catalogue_link",
    "cited",
    "carried",
    "previous_kind",
    "intent_fit",
    "q_whole",
    "q_part",
    "s_whole",
    "s_part",
    "rare_whole",
    "q_narrower",
    "q_sibling",
    "covered",
    "top_dense",
    "top_sparse",
    "n_question_terms",
    "foreign_law",
    "lexical",
    "lexical_rank",
    "lexical_margin",
    "dense_margin",
    "sparse_margin",
    *(f"kind_{k}" for k in SUBJECT_KINDS),
    *(f"intent_{i}" for i in INTENTS),
)


#: Which intents an answer about a subject of a kind can have (the contract's intents; life events are service).
KIND_INTENTS: dict[str, tuple[str, ...]] = {
    "service": ("service", "responsibility", "definition"),
    "catalogue": ("service", "responsibility"),
    "lebenslage": ("life_event",),
    "ozg_leistung": ("service", "life_event"),
    "norm": ("legal", "definition"),
    "page": ("definition",),
    "principle": ("definition", "responsibility"),
}
ORG_INTENTS = ("responsibility", "definition")


def intent_fit(kind: str, intent_probabilities: dict[str, float]) -> float:
    """The probability mass of the intents an answer about this kind of subject can have."""
    return sum(intent_probabilities.get(i, 0.0) for i in KIND_INTENTS.get(kind, ORG_INTENTS))


def question_vector(embedding: list[float] | np.ndarray, cues: Cues) -> np.ndarray:
    """The intent model's input: the normalised query embedding and the cue flags (with the aspect cue)."""
    flags = [float(getattr(cues, name)) for name in CUE_NAMES]
    flags += [float(cues.aspect == a) for a in ASPECTS]
    return np.concatenate([np.asarray(embedding, dtype=np.float32), np.asarray(flags, dtype=np.float32)])


def candidate_matrix(
    candidates: list[Candidate],
    question: Terms,
    catalog: SubjectCatalog,
    intent_probabilities: dict[str, float],
    question_flags: dict[str, float] | None = None,
) -> np.ndarray:
    """One row of :data:`CANDIDATE_FEATURES` per candidate (also stored on ``candidate.features``)."""
    if not candidates:
        return np.zeros((0, len(CANDIDATE_FEATURES)), dtype=np.float32)
    top_dense = max((c.dense.score for c in candidates if c.dense.rank is not None), default=0.0)
    top_sparse = max((c.sparse.score for c in candidates if c.sparse.rank is not None), default=0.0)
    for c in candidates:
        info = catalog.get(c.subject)
        terms = info.terms if info is not None else Terms(frozenset())
        cover = coverage(question, terms, catalog.weights)
        d_rank = c.dense.rank if c.dense.rank is not None else ABSENT_RANK
        s_rank = c.sparse.rank if c.sparse.rank is not None else ABSENT_RANK
        values = {
            "dense_rank": float(min(d_rank, ABSENT_RANK)),
            "dense_absent": float(c.dense.rank is None),
            "dense_score": c.dense.score,
            "dense_gap": (top_dense - c.dense.score) if c.dense.rank is not None else 1.0,
            "dense_chunks": float(c.dense.chunks),
            "sparse_rank": float(min(s_rank, ABSENT_RANK)),
            "sparse_absent": float(c.sparse.rank is None),
            "sparse_rel": c.sparse.score / top_sparse if top_sparse > 0 else 0.0,
            "sparse_chunks": float(c.sparse.chunks),
            "rrf": 1.0 / (2 + d_rank) + 1.0 / (2 + s_rank),
            "card_rank": float(c.card.rank) if c.card.rank is not None else float(CARD_ABSENT),
            "card_score": c.card.score,
            "lexicon": c.lexicon,
            "catalogue_link": c.catalogue_link,
            "cited": float(c.cited),
            "carried": float(c.carried),
            "previous_kind": float(c.previous_kind),
            "intent_fit": intent_fit(c.subject.kind, intent_probabilities),
            **cover,
            "covered": float(info.covered) if info is not None else 0.0,
            "top_dense": top_dense,
            "top_sparse": top_sparse,
            "n_question_terms": float(len(question.whole)),
            "foreign_law": (question_flags or {}).get("foreign_law", 0.0),
            **{f"kind_{k}": float(c.subject.kind == k) for k in SUBJECT_KINDS},
            **{f"intent_{i}": intent_probabilities.get(i, 0.0) for i in INTENTS},
        }
        c.features = values
    _relative(candidates)
    return np.asarray(
        [[c.features[name] for name in CANDIDATE_FEATURES] for c in candidates], dtype=np.float32
    )


def _relative(candidates: list[Candidate]) -> None:
    """How each candidate compares with the best *other* candidate of the same question (a pointwise scorer
    otherwise cannot tell "good" from "best")."""
    lexical = [
        c.features["q_whole"] + c.features["s_whole"] + 0.5 * c.features["lexicon"] for c in candidates
    ]
    dense = [c.features["dense_score"] if not c.features["dense_absent"] else 0.0 for c in candidates]
    sparse = [c.features["sparse_rel"] for c in candidates]
    order = sorted(range(len(candidates)), key=lambda i: -lexical[i])
    rank = {i: r for r, i in enumerate(order)}
    for i, c in enumerate(candidates):
        c.features["lexical"] = lexical[i]
        c.features["lexical_rank"] = float(min(rank[i], 20))
        c.features["lexical_margin"] = lexical[i] - _best_other(lexical, i)
        c.features["dense_margin"] = dense[i] - _best_other(dense, i)
        c.features["sparse_margin"] = sparse[i] - _best_other(sparse, i)


def _best_other(values: list[float], index: int) -> float:
    others = [v for j, v in enumerate(values) if j != index]
    return max(others) if others else 0.0
