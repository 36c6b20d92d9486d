"""Dense scores against every card of the small subject kinds, so none of them is missed by the 40-deep lists.

A Lebenslage, a ministry area or an OZG role competes in the dense list with thousands of service and
catalogue chunks; a question in everyday words ("Ich ziehe nächsten Monat um") may rank its Lebenslage below
the top 40. The few hundred chunks of these kinds are held in memory (their vectors as indexed, read once from
the store) and scored exactly against every question: each kind's best subjects become candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corpora.ids import SubjectRef, subject_of

#: Sources whose chunks are all small-kind cards (organisation records, Lebenslagen and OZG-Leistungen, the law).
CARD_SOURCES = ("organizations", "ozg", "egovg-lsa", "pages")
#: Subject kinds whose best subjects always become candidates (OZG-Leistungen are many: only via the lists).
SMALL_KINDS = frozenset(
    {
        "lebenslage",
        "ministry",
        "area",
        "ozg_role",
        "agency",
        "authority_type",
        "topic",
        "norm",
        "principle",
        "page",
    }
)
PER_KIND = 2


@dataclass
class CardIndex:
    """Normalised card vectors and the subject of each."""

    subjects: list[SubjectRef] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))

    @classmethod
    def from_store(cls, store: Any) -> CardIndex:
        """Read the cards of :data:`SMALL_KINDS` with their vectors (one scroll at start-up)."""
        filters = {"field": "meta.source", "operator": "in", "value": list(CARD_SOURCES)}
        subjects: list[SubjectRef] = []
        vectors: list[list[float]] = []
        for doc in store.filter_documents(filters):
            ref = subject_of(str(doc.meta.get("id") or ""))
            if ref is None or ref.kind not in SMALL_KINDS or doc.embedding is None:
                continue
            subjects.append(ref)
            vectors.append(doc.embedding)
        if not vectors:
            return cls()
        matrix = np.asarray(vectors, dtype=np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        return cls(subjects, matrix)

    def best(self, embedding: list[float] | np.ndarray) -> dict[SubjectRef, float]:
        """Each subject's best cosine with the query (over its chunks)."""
        if not self.subjects:
            return {}
        query = np.asarray(embedding, dtype=np.float32)
        scores = self.matrix @ (query / max(float(np.linalg.norm(query)), 1e-12))
        out: dict[SubjectRef, float] = {}
        for ref, score in zip(self.subjects, scores.tolist(), strict=True):
            if score > out.get(ref, -1.0):
                out[ref] = score
        return out

    def top_per_kind(
        self, scores: dict[SubjectRef, float], k: int = PER_KIND
    ) -> dict[SubjectRef, tuple[int, float]]:
        """(rank within its kind, score) of each kind's ``k`` best subjects."""
        by_kind: dict[str, list[tuple[float, SubjectRef]]] = {}
        for ref, score in scores.items():
            by_kind.setdefault(ref.kind, []).append((score, ref))
        out: dict[SubjectRef, tuple[int, float]] = {}
        for ranked in by_kind.values():
            ranked.sort(key=lambda item: (-item[0], item[1]))
            for rank, (score, ref) in enumerate(ranked[:k]):
                out[ref] = (rank, score)
        return out
