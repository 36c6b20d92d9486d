"""Hybrid retrieval (dense e5 + sparse German BM25, fused by RRF inside Qdrant), built once and reused."""

from __future__ import annotations

import time
from typing import Any

from haystack import Pipeline

from lsa_assistant.settings import Settings

SOURCES = ("egovg-lsa", "fim", "organizations", "pages")


def build_search_pipeline(settings: Settings, store: Any, model_path: str, top_k: int = 10) -> Pipeline:
    """question -> (dense query embedding, sparse query terms) -> QdrantHybridRetriever."""
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersTextEmbedder,
    )
    from haystack_integrations.components.retrievers.qdrant import QdrantHybridRetriever

    from indexing.components.sparse_embedder import GermanSparseTextEmbedder

    pipe = Pipeline()
    pipe.add_component(
        "dense",
        SentenceTransformersTextEmbedder(
            model=model_path, prefix="query: ", normalize_embeddings=True, progress_bar=False, local_files_only=True
        ),
    )
    pipe.add_component("sparse", GermanSparseTextEmbedder())
    pipe.add_component("retriever", QdrantHybridRetriever(document_store=store, top_k=top_k))
    pipe.connect("dense.embedding", "retriever.query_embedding")
    pipe.connect("sparse.sparse_embedding", "retriever.query_sparse_embedding")
    return pipe


def make_filters(source: str | None = None, ministry: str | None = None) -> dict[str, Any] | None:
    """Haystack filter syntax for the optional ``source`` / ``ministry`` restrictions."""
    conditions = []
    if source:
        conditions.append({"field": "meta.source", "operator": "==", "value": source})
    if ministry:
        conditions.append({"field": "meta.ministry", "operator": "==", "value": ministry})
    if not conditions:
        return None
    return {"operator": "AND", "conditions": conditions}


class Searcher:
    """Opens the active index once, checks it matches the configured model, and answers searches."""

    def __init__(self, settings: Settings, backend: Any = None) -> None:
        self.settings = settings
        self._backend: Any = backend
        self._pipe: Pipeline | None = None
        self.info: Any = None
        self.store: Any = None

    def warm_up(self) -> None:
        if self._pipe is not None:
            return
        from indexing.models.resolve import resolve_embedding_model
        from indexing.store import open_backend

        spec = resolve_embedding_model(self.settings)
        self._backend = self._backend or open_backend(self.settings)
        store, info = self._backend.open_active()
        info.check_compatible(spec.model_id, spec.dimension)
        self.info = info
        self.store = store
        self._pipe = build_search_pipeline(self.settings, store, str(spec.path))
        self._pipe.warm_up()

    def search(self, query: str, k: int = 10, source: str | None = None,
               ministry: str | None = None) -> dict[str, Any]:
        self.warm_up()
        assert self._pipe is not None
        started = time.perf_counter()
        out = self._pipe.run(
            {"dense": {"text": query}, "sparse": {"text": query},
             "retriever": {"top_k": k, "filters": make_filters(source, ministry)}}
        )
        hits = [
            {
                "id": doc.meta.get("id"),
                "label": doc.meta.get("label"),
                "title": doc.meta.get("title"),
                "source": doc.meta.get("source"),
                "url": doc.meta.get("url"),
                "text": doc.content,
                "score": float(doc.score or 0.0),
                "meta": {key: value for key, value in doc.meta.items()
                         if key not in {"label", "title", "source", "url", "embed_context", "fingerprint"}},
            }
            for doc in out["retriever"]["documents"]
        ]
        return {"query": query, "hits": hits, "took_ms": (time.perf_counter() - started) * 1000}

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()


def search_index(settings: Settings, query: str, k: int = 10, source: str | None = None,
                 ministry: str | None = None) -> dict[str, Any]:
    """One-shot search (CLI); services keep a :class:`Searcher` instead."""
    searcher = Searcher(settings)
    try:
        return searcher.search(query, k=k, source=source, ministry=ministry)
    finally:
        searcher.close()
