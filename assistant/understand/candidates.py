"""The candidate set of a question: every subject retrieval or the lexicon brings up, with its evidence.

Retrieval contributes the subjects of the chunks in the dense and the sparse list (best rank and score per
subject in each); the lexicon contributes the entities the analyser linked (services, organisations, norms,
catalogue entries) with their match scores; a follow-up contributes the previous turn's subject. Nothing is
decided here: the scorer (:mod:`assistant.understand.scorer`) weighs the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.models import EntityRef, QueryAnalysis
from assistant.retrieval import Retrieval
from corpora.ids import SubjectRef, org_path, subject_of

#: Entity kinds of the analyser and the subject kind they name.
ENTITY_KINDS = {
    "service": "service",
    "ministry": "ministry",
    "area": "area",
    "ozg_role": "ozg_role",
    "topic": "topic",
    "authority_type": "authority_type",
    "norm": "norm",
}
#: How many candidates the scorer sees at most (best retrieval ranks first).
MAX_CANDIDATES = 30


@dataclass
class ListEvidence:
    """A subject's best position in one ranked list (``rank`` None: not in the list)."""

    rank: int | None = None
    score: float = 0.0
    chunks: int = 0  # how many of its chunks are in the list


@dataclass
class Candidate:
    subject: SubjectRef
    dense: ListEvidence = field(default_factory=ListEvidence)
    sparse: ListEvidence = field(default_factory=ListEvidence)
    #: the analyser's best match score for this subject (0 when not linked) and whether a phrase was complete
    lexicon: float = 0.0
    lexicon_matched: str = ""
    #: rank within its kind and cosine against the in-memory card vectors (small kinds only, see ``cards``)
    card: ListEvidence = field(default_factory=ListEvidence)
    catalogue_link: float = 0.0
    cited: bool = False  # a § the question cites ("§ 9 Abs. 1")
    carried: bool = False  # the previous turn's subject (a follow-up)
    previous_kind: bool = False  # of the same kind as a subject the previous turn named
    #: Lebenslagen the subject belongs to (a service placed in one of their OZG-Leistungen, or the Lebenslage)
    lebenslagen: frozenset[str] = frozenset()
    #: chunk ids of this subject among the retrieved ones, best first (what the composer may cite)
    chunk_ids: list[str] = field(default_factory=list)
    probability: float = 0.0
    features: dict[str, float] = field(default_factory=dict)

    @property
    def best_rank(self) -> int:
        ranks = [r for r in (self.dense.rank, self.sparse.rank) if r is not None]
        return min(ranks) if ranks else 10_000


def entity_subject(entity: EntityRef) -> SubjectRef | None:
    """The subject an analyser entity names (a § with Absatz names its §)."""
    kind = ENTITY_KINDS.get(entity.kind)
    if kind is None:
        return None
    ident = org_path(entity.id)
    if kind == "norm":
        parts = ident.split("/")
        if not parts[0] == "egovg-lsa" or len(parts) < 2:
            return None
        ident = "/".join(parts[:2])
    if kind == "authority_type":
        ident = ident.removeprefix("authority/")
    return SubjectRef(kind, ident)


def gather(
    retrieval: Retrieval | None,
    analysis: QueryAnalysis,
    known: Any = None,
    cards: dict[SubjectRef, float] | None = None,
    card_top: dict[SubjectRef, tuple[int, float]] | None = None,
) -> list[Candidate]:
    """All candidates of one question, best retrieval rank first.

    :param known: a mapping of known subjects (``SubjectCatalog.subjects``); subjects outside it are dropped
        (e.g. a § the question cites that the indexed law does not contain).
    :param cards: cosine of the question with each small-kind subject (``CardIndex.best``).
    :param card_top: each small kind's best subjects with their rank in the kind: always candidates.
    """
    found: dict[SubjectRef, Candidate] = {}

    def get(ref: SubjectRef) -> Candidate | None:
        if known is not None and ref not in known:
            return None
        if ref not in found:
            found[ref] = Candidate(ref)
        return found[ref]

    if retrieval is not None:
        for name, ranked in (("dense", retrieval.dense), ("sparse", retrieval.sparse)):
            for rank, doc in enumerate(ranked):
                ref = subject_of(str(doc.meta.get("id") or ""))
                if ref is None or (candidate := get(ref)) is None:
                    continue
                evidence: ListEvidence = getattr(candidate, name)
                evidence.chunks += 1
                if evidence.rank is None:
                    evidence.rank, evidence.score = rank, float(doc.score or 0.0)
                chunk_id = str(doc.meta["id"])
                if chunk_id not in candidate.chunk_ids:
                    candidate.chunk_ids.append(chunk_id)
    for entity in analysis.entities:
        ref = entity_subject(entity)
        if ref is None or (candidate := get(ref)) is None:
            continue
        if entity.kind == "norm" and entity.score >= 0.85:
            candidate.cited = True
        if entity.score > candidate.lexicon:
            candidate.lexicon, candidate.lexicon_matched = entity.score, entity.matched
    for entity in [*analysis.ambiguous, *analysis.catalogue]:
        kind = "service" if entity in analysis.ambiguous else "catalogue"
        ref = SubjectRef(kind, entity.id)
        if (candidate := get(ref)) is None and kind == "catalogue":
            candidate = get(SubjectRef("service", entity.id))
        if candidate is None:
            continue
        if kind == "catalogue":
            candidate.catalogue_link = max(candidate.catalogue_link, entity.score)
        elif entity.score > candidate.lexicon:
            candidate.lexicon, candidate.lexicon_matched = entity.score, entity.matched
    for ref, (rank, score) in (card_top or {}).items():
        if (candidate := get(ref)) is not None:
            candidate.card = ListEvidence(rank=rank, score=score, chunks=1)
    for ref, candidate in found.items():
        if candidate.card.rank is None and cards and ref in cards:
            candidate.card.score = cards[ref]
    for entity in analysis.carried:  # the follow-up inherits the previous turn's subject
        if (ref := entity_subject(entity)) is not None and (candidate := get(ref)) is not None:
            candidate.carried = True
    earlier = {ref.kind for e in analysis.previous_entities if (ref := entity_subject(e)) is not None}
    for candidate in found.values():
        candidate.previous_kind = candidate.subject.kind in earlier
    ordered = sorted(found.values(), key=lambda c: (c.best_rank, -c.lexicon, c.subject))
    strong = [
        c for c in ordered if c.lexicon or c.cited or c.carried or c.catalogue_link or c.card.rank is not None
    ]
    rest = [c for c in ordered if c not in strong]
    return (strong + rest)[: max(MAX_CANDIDATES, len(strong))]
