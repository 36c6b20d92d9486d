"""Hybrid retrieval (dense e5 + sparse German BM25, fused by RRF inside Qdrant), built once and reused."""

from __future__ import annotations

import time
from typing import Any, Literal

from haystack import Pipeline

from lsa_assistant.settings import Settings

SOURCES = ("egovg-lsa", "fim", "organizations", "pages", "leika")


Mode = Literal["hybrid", "dense", "sparse"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "sparse")


def build_query_pipeline(
    settings: Settings, store: Any, model_path: str, top_k: int = 10, mode: Mode = "hybrid"
) -> Pipeline:
    """The retrieval pipeline: question -> query embedding(s) -> Qdrant retriever.

    ``hybrid`` (the default) embeds the question once densely (e5, ``query:`` prefix) and once
    sparsely (German BM25 terms) and lets Qdrant fuse both result lists by RRF; ``dense`` and
    ``sparse`` run one side only, so the evaluation can show what each part contributes. Every mode
    embeds the question at most once per side.

    :param settings: accepted for symmetry with the other builders (the store already carries its settings).
    :param store: an open ``QdrantDocumentStore`` (dense + sparse vectors).
    :param model_path: the resolved sentence-transformers directory of the index's model.
    """
    from haystack_integrations.components.embedders.sentence_transformers import (
        SentenceTransformersTextEmbedder,
    )
    from haystack_integrations.components.retrievers.qdrant import (
        QdrantEmbeddingRetriever,
        QdrantHybridRetriever,
        QdrantSparseEmbeddingRetriever,
    )

    from indexing.components.sparse_embedder import GermanSparseTextEmbedder

    if mode not in MODES:
        raise ValueError(f"unknown retrieval mode {mode!r}; expected one of {MODES}")
    pipe = Pipeline()
    if mode in ("hybrid", "dense"):
        pipe.add_component(
            "dense",
            SentenceTransformersTextEmbedder(
                model=model_path,
                prefix="query: ",
                normalize_embeddings=True,
                progress_bar=False,
                local_files_only=True,
            ),
        )
    if mode in ("hybrid", "sparse"):
        pipe.add_component("sparse", GermanSparseTextEmbedder())
    if mode == "hybrid":
        pipe.add_component("retriever", QdrantHybridRetriever(document_store=store, top_k=top_k))
        pipe.connect("dense.embedding", "retriever.query_embedding")
        pipe.connect("sparse.sparse_embedding", "retriever.query_sparse_embedding")
    elif mode == "dense":
        pipe.add_component("retriever", QdrantEmbeddingRetriever(document_store=store, top_k=top_k))
        pipe.connect("dense.embedding", "retriever.query_embedding")
    else:
        pipe.add_component("retriever", QdrantSparseEmbeddingRetriever(document_store=store, top_k=top_k))
        pipe.connect("sparse.sparse_embedding", "retriever.query_sparse_embedding")
    return pipe


def build_search_pipeline(settings: Settings, store: Any, model_path: str, top_k: int = 10) -> Pipeline:
    """The hybrid query pipeline (kept for existing callers; see :func:`build_query_pipeline`)."""
    return build_query_pipeline(settings, store, model_path, top_k=top_k, mode="hybrid")


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
        self._pipe: Pipeline | None = None  # the hybrid pipeline, built in warm_up
        self._pipes: dict[str, Pipeline] = {}  # per mode; dense/sparse built on first use
        self._model_path = ""
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
        self._model_path = str(spec.path)
        self._pipe = build_query_pipeline(self.settings, store, self._model_path)
        self._pipe.warm_up()
        self._pipes["hybrid"] = self._pipe

    def pipeline(self, mode: Mode = "hybrid") -> Pipeline:
        """The warmed pipeline of a retrieval mode (dense and sparse ones are built when first asked for)."""
        self.warm_up()
        if mode not in self._pipes:
            pipe = build_query_pipeline(self.settings, self.store, self._model_path, mode=mode)
            pipe.warm_up()
            self._pipes[mode] = pipe
        return self._pipes[mode]

    def search(
        self,
        query: str,
        k: int = 10,
        source: str | None = None,
        ministry: str | None = None,
        mode: Mode = "hybrid",
    ) -> dict[str, Any]:
        """Top-``k`` chunks for ``query``; ``mode``: hybrid (RRF), dense-only or sparse-only retrieval."""
        pipe = self.pipeline(mode)
        started = time.perf_counter()
        inputs: dict[str, Any] = {"retriever": {"top_k": k, "filters": make_filters(source, ministry)}}
        if mode in ("hybrid", "dense"):
            inputs["dense"] = {"text": query}
        if mode in ("hybrid", "sparse"):
            inputs["sparse"] = {"text": query}
        out = pipe.run(inputs)
        hits = [
            {
                "id": doc.meta.get("id"),
                "label": doc.meta.get("label"),
                "title": doc.meta.get("title"),
                "source": doc.meta.get("source"),
                "url": doc.meta.get("url"),
                "text": doc.content,
                "score": float(doc.score or 0.0),
                "meta": {
                    key: value
                    for key, value in doc.meta.items()
                    if key not in {"label", "title", "source", "url", "embed_context", "fingerprint"}
                },
            }
            for doc in out["retriever"]["documents"]
        ]
        return {"query": query, "hits": hits, "took_ms": (time.perf_counter() - started) * 1000}

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()


def search_index(
    settings: Settings,
    query: str,
    k: int = 10,
    source: str | None = None,
    ministry: str | None = None,
    mode: Mode = "hybrid",
) -> dict[str, Any]:
    """One-shot search (CLI); services keep a :class:`Searcher` instead."""
    searcher = Searcher(settings)
    try:
        return searcher.search(query, k=k, source=source, ministry=ministry, mode=mode)
    finally:
        searcher.close()
