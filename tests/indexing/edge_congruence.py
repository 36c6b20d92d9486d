"""Shared by the Edge congruence tests: mirror an Edge index into qdrant-client's local mode and compare."""

from __future__ import annotations

from typing import Any

from haystack import Document

from indexing.edge.document_store import EdgeDocumentStore

QUESTIONS = [
    "Wo melde ich meinen Wohnsitz an?",
    "Wer ist für die Bezahlplattform zuständig?",
    "Personalausweis beantragen",
    "Was regelt § 9 EGovG LSA?",
    "elektronische Akte in der Landesverwaltung",
    "Gewerbe anmelden Kosten",
    "Welches Ministerium ist für Digitalisierung verantwortlich?",
    "Nutzerkonto Bund ID",
    "Barrierefreiheit von Webseiten der Behörden",
    "Führerschein umtauschen",
]

FILTERS: dict[str, dict[str, Any] | None] = {
    "none": None,
    "source==fim": {"field": "meta.source", "operator": "==", "value": "fim"},
    "ministry==MID": {"field": "meta.ministry", "operator": "==", "value": "MID"},
    "and": {
        "operator": "AND",
        "conditions": [
            {"field": "meta.source", "operator": "==", "value": "organizations"},
            {"field": "meta.ministry", "operator": "==", "value": "MID"},
        ],
    },
    "in": {"field": "meta.source", "operator": "in", "value": ["egovg-lsa", "pages"]},
    "or": {
        "operator": "OR",
        "conditions": [
            {"field": "meta.ministry", "operator": "==", "value": "MI"},
            {"field": "meta.source", "operator": "==", "value": "egovg-lsa"},
        ],
    },
    "not": {
        "operator": "NOT",
        "conditions": [{"field": "meta.source", "operator": "==", "value": "fim"}],
    },
    "!=": {"field": "meta.source", "operator": "!=", "value": "organizations"},
}


def local_mirror(edge: EdgeDocumentStore, dimension: int) -> Any:
    """A qdrant-client local-mode store (``:memory:``) holding exactly the Edge store's documents."""
    from haystack_integrations.document_stores.qdrant import QdrantDocumentStore

    local = QdrantDocumentStore(
        location=":memory:",
        index="lsa",
        embedding_dim=dimension,
        use_sparse_embeddings=True,
        sparse_idf=True,
        similarity="cosine",
        recreate_index=True,
        write_batch_size=256,
    )
    local.write_documents(edge.filter_documents(), policy="overwrite")
    return local


def assert_same_ranking(edge: list[Document], local: list[Document], tol: float = 1e-4) -> None:
    """Same scores rank by rank and the same ids, up to the order of (near) ties.

    Ids are compared per score group; the last group may be cut off by ``top_k`` differently on either side,
    so only its size is compared.
    """
    assert len(edge) == len(local)
    for a, b in zip(edge, local, strict=True):
        assert abs(a.score - b.score) <= tol * max(1.0, abs(b.score)), (a.score, b.score)
    groups: list[tuple[set[str], set[str]]] = []
    last = None
    for a, b in zip(edge, local, strict=True):
        if last is None or abs(b.score - last) > tol * max(1.0, abs(b.score)):
            groups.append((set(), set()))
        groups[-1][0].add(a.id)
        groups[-1][1].add(b.id)
        last = b.score
    for ours, theirs in groups[:-1]:
        assert ours == theirs
    if groups and len(edge) < 10:  # fewer hits than asked for: nothing was cut off
        assert groups[-1][0] == groups[-1][1]


def has_ties(docs: list[Document], tol: float = 1e-4) -> bool:
    """True when two neighbours score (nearly) the same: their order is the engine's choice."""
    return any(
        abs(a.score - b.score) <= tol * max(1.0, abs(a.score)) for a, b in zip(docs, docs[1:], strict=False)
    )


def rrf(*ranked: list[Document], k: int = 2, limit: int = 10) -> list[Document]:
    """Qdrant's reciprocal rank fusion (``1 / (rank + k)``, rank from 0 … as 1 / (pos + k - 1) from 1)."""
    scores: dict[str, float] = {}
    first: dict[str, Document] = {}
    for docs in ranked:
        for pos, doc in enumerate(docs, start=1):
            scores[doc.id] = scores.get(doc.id, 0.0) + 1.0 / (pos + k - 1.0)
            first.setdefault(doc.id, doc)
    order = sorted(scores, key=lambda i: -scores[i])[:limit]
    return [Document(id=i, content=first[i].content, score=scores[i]) for i in order]
