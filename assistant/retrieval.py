"""Hybrid retrieval (dense e5 + sparse German BM25, fused by RRF as Qdrant fuses), built once and reused."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal

from haystack import Pipeline

from assistant.hits import SearchHit, SearchResult, to_hit
from indexing.nlp.caches import use_nlp_caches
from indexing.store import Retrievers, retrievers_for
from lsa_assistant.settings import Settings

Mode = Literal["hybrid", "dense", "sparse"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "sparse")


def build_query_pipeline(
    settings: Settings,
    store: Any,
    model_path: str,
    top_k: int = 10,
    mode: Mode = "hybrid",
    retrievers: Retrievers | None = None,
) -> Pipeline:
    """The retrieval pipeline: question -> query embedding(s) -> Qdrant retriever.

    ``hybrid`` (the default) embeds the question once densely (e5, ``query:`` prefix) and once
    sparsely (German BM25 terms) and lets Qdrant fuse both result lists by RRF; ``dense`` and
    ``sparse`` run one side only, so the evaluation can show what each part contributes. Every mode
    embeds the question at most once per side.

    :param settings: query cache size and torch threads of the query embedder.
    :param store: an open ``EdgeDocumentStore`` or ``QdrantDocumentStore`` (dense + sparse vectors).
    :param model_path: the resolved sentence-transformers directory of the index's model.
    :param retrievers: the retriever classes of the store's engine (``StoreBackend.retrievers()``); by default
        the store package picks them for ``store``.
    """
    from indexing.components.query_embedder import FastQueryEmbedder
    from indexing.components.sparse_embedder import GermanSparseTextEmbedder

    if mode not in MODES:
        raise ValueError(f"unknown retrieval mode {mode!r}; expected one of {MODES}")
    use_nlp_caches(settings.model_cache_dir)  # cached n-grams and lemma tries for the German pipeline
    pipe = Pipeline()
    if mode in ("hybrid", "dense"):
        pipe.add_component(
            "dense",
            FastQueryEmbedder(
                model=model_path,
                prefix="query: ",
                normalize_embeddings=True,
                cache_size=settings.query_cache_size,
                threads=settings.embedding_threads,
                backend=settings.query_embedding_backend,
            ),
        )
    if mode in ("hybrid", "sparse"):
        pipe.add_component("sparse", GermanSparseTextEmbedder())
    hybrid_cls, dense_cls, sparse_cls = retrievers or retrievers_for(store)
    if mode == "hybrid":
        pipe.add_component("retriever", hybrid_cls(document_store=store, top_k=top_k))
        pipe.connect("dense.embedding", "retriever.query_embedding")
        pipe.connect("sparse.sparse_embedding", "retriever.query_sparse_embedding")
    elif mode == "dense":
        pipe.add_component("retriever", dense_cls(document_store=store, top_k=top_k))
        pipe.connect("dense.embedding", "retriever.query_embedding")
    else:
        pipe.add_component("retriever", sparse_cls(document_store=store, top_k=top_k))
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


#: Depth of the dense and the sparse list the candidate stage reads.
LIST_DEPTH = 40
#: Prefetch depth of the engine's hybrid query (qdrant-haystack and the Edge store: Qdrant's default limit).
PREFETCH = 10
#: Qdrant's RRF constant.
RRF_K = 2
#: Places asked for beyond a list's depth, so that a group of equal scores at the cut is usually seen whole at once.
TIE_MARGIN = 10
#: Deepest a list is asked for to see a group of equal scores at its cut whole.
MAX_TIE_DEPTH = 1000


@dataclass
class Retrieval:
    """What one question retrieved: both ranked lists, the fused hits and the dense query embedding."""

    query: str
    embedding: list[float]
    dense: list[Any]  # haystack Documents, best first, ``score`` = cosine
    sparse: list[Any]  # haystack Documents, best first, ``score`` = BM25 dot product
    hits: list[SearchHit]
    seconds: dict[str, float] = field(default_factory=dict)


def rank_key(doc: Any) -> tuple[float, str]:
    """Best score first; equal scores by chunk id (the document id for a chunk without one)."""
    return (-(doc.score or 0.0), doc.meta.get("id") or doc.id)


def ranked(retriever: Any, depth: int, **inputs: Any) -> list[Any]:
    """The top ``depth`` of a retriever's list in an order that depends on the data alone: by score, equal scores
    by chunk id.

    Why: an engine returns equal scores in the order of its internal storage, which differs between two builds of
    the same corpus and between a new shard and the same shard reopened. BM25 lists hold whole groups of chunks
    matching the same words with the same score, so without this the same question on the same corpus could rank,
    and even choose, different chunks (and a decision model trained in the index job would differ from one trained
    by the service). The list is asked for deeper until the group of equal scores at the cut is complete.
    """
    limit = depth + TIE_MARGIN
    while True:
        documents = retriever.run(top_k=limit, **inputs)["documents"]
        complete = len(documents) < limit or documents[-1].score != documents[depth - 1].score
        if complete or limit >= MAX_TIE_DEPTH:
            return sorted(documents, key=rank_key)[:depth]
        limit = min(2 * limit, MAX_TIE_DEPTH)


def fuse_rrf(dense: list[Any], sparse: list[Any]) -> list[tuple[Any, float]]:
    """Reciprocal rank fusion as Qdrant computes it (``1 / (k + rank)``, rank from 0), ties by sparse rank, id."""
    scores: dict[str, float] = {}
    docs: dict[str, Any] = {}
    for ranked in (sparse, dense):
        for rank, doc in enumerate(ranked):
            scores[doc.id] = scores.get(doc.id, 0.0) + 1.0 / (RRF_K + rank)
            docs.setdefault(doc.id, doc)
    sparse_rank = {doc.id: rank for rank, doc in enumerate(sparse)}
    order = sorted(
        scores, key=lambda i: (-scores[i], sparse_rank.get(i, len(sparse)), docs[i].meta.get("id") or i)
    )
    return [(docs[i], scores[i]) for i in order]


class Searcher:
    """Opens the active index once, checks it matches the configured model, and answers searches."""

    def __init__(self, settings: Settings, backend: Any = None) -> None:
        self.settings = settings
        self._backend: Any = backend
        self._pipe: Pipeline | None = None  # the hybrid pipeline, built in warm_up
        self._pipes: dict[str, Pipeline] = {}  # per mode; dense/sparse built on first use
        self._sparse_retriever: Any = None  # the two ranked lists every search and retrieval reads
        self._dense_retriever: Any = None
        self._model_path = ""
        self._retrievers: Retrievers | None = None
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
        self._retrievers = self._backend.retrievers()
        self._pipe = build_query_pipeline(self.settings, store, self._model_path, retrievers=self._retrievers)
        self._pipe.warm_up()
        self._pipes["hybrid"] = self._pipe
        self._sparse_retriever = self._retrievers.sparse(document_store=store)
        preload = getattr(store, "preload_documents", None)  # the Edge store's search cache (indexing.edge)
        if callable(preload):
            preload()
        self._dense_retriever = self._retrievers.dense(document_store=store)

    def pipeline(self, mode: Mode = "hybrid") -> Pipeline:
        """The warmed pipeline of a retrieval mode (dense and sparse ones are built when first asked for)."""
        self.warm_up()
        if mode not in self._pipes:
            pipe = build_query_pipeline(
                self.settings, self.store, self._model_path, mode=mode, retrievers=self._retrievers
            )
            pipe.warm_up()
            self._pipes[mode] = pipe
        return self._pipes[mode]

    def prefetch(self, query: str) -> None:
        """Start the dense embedding of ``query`` in the background, where the embedder can (a question's analysis
        runs meanwhile); a later :meth:`search` or :meth:`retrieve` of the same text waits for it."""
        start = getattr(self.pipeline("hybrid").get_component("dense"), "prefetch", None)
        if callable(start) and query.strip():
            start(query)

    def embed_texts(self, texts: list[str], prefix: str = "passage: ") -> Any:
        """Normalised dense embeddings of ``texts`` with the index's model (an array, one row per text)."""
        return self.pipeline("hybrid").get_component("dense").embed_texts(texts, prefix=prefix)

    def search(
        self,
        query: str,
        k: int = 10,
        source: str | None = None,
        ministry: str | None = None,
        mode: Mode = "hybrid",
    ) -> SearchResult:
        """Top-``k`` chunks for ``query``; ``mode``: hybrid (RRF), dense-only or sparse-only retrieval.

        Hybrid fuses the two :func:`ranked` lists here as the engine's hybrid query would (RRF over the first
        :data:`PREFETCH` of each, k = 2), ties by sparse rank, then id: the engine's own fusion reads its lists in
        storage order where scores are equal, so two builds of one corpus could rank differently."""
        pipe = self.pipeline(mode)
        started = time.perf_counter()
        # the components are called directly (not ``pipe.run``): no per-call graph walk, and the embedding and
        # retrieval stages get their own timings (``seconds``, read by the answer trace and /metrics)
        filters = make_filters(source, ministry)
        depth = PREFETCH if mode == "hybrid" else k
        if mode == "hybrid":
            self.prefetch(query)  # the sparse list is fetched while the dense embedding runs
        sparse = (
            ranked(
                self._sparse_retriever,
                depth,
                query_sparse_embedding=pipe.get_component("sparse").run(text=query)["sparse_embedding"],
                filters=filters,
            )
            if mode != "dense"
            else []
        )
        embedding = pipe.get_component("dense").run(text=query)["embedding"] if mode != "sparse" else None
        embedded = time.perf_counter()
        dense = (
            ranked(self._dense_retriever, depth, query_embedding=embedding, filters=filters)
            if embedding is not None
            else []
        )
        if mode == "hybrid":
            hits = [to_hit(doc, score) for doc, score in fuse_rrf(dense, sparse)[:k]]
        else:
            hits = [to_hit(doc) for doc in (dense if mode == "dense" else sparse)]
        finished = time.perf_counter()
        return SearchResult(
            query=query,
            hits=hits,
            took_ms=(time.perf_counter() - started) * 1000,
            seconds={"embedding": embedded - started, "retrieval": finished - embedded},
        )

    def retrieve(self, query: str, k: int = 10, depth: int = LIST_DEPTH) -> Retrieval:
        """Dense and sparse lists (``depth`` each, :func:`ranked`) for the candidate stage, and the hybrid top ``k``
        fused from their first :data:`PREFETCH` as :meth:`search` fuses, so answers rank as searches do."""
        pipe = self.pipeline("hybrid")
        started = time.perf_counter()
        self.prefetch(query)  # the sparse list is fetched while the dense embedding runs
        sparse_embedding = pipe.get_component("sparse").run(text=query)["sparse_embedding"]
        sparse = ranked(self._sparse_retriever, depth, query_sparse_embedding=sparse_embedding)
        embedding = pipe.get_component("dense").run(text=query)["embedding"]
        embedded = time.perf_counter()
        dense = ranked(self._dense_retriever, depth, query_embedding=embedding)
        fused = fuse_rrf(dense[:PREFETCH], sparse[:PREFETCH])[:k]
        finished = time.perf_counter()
        return Retrieval(
            query=query,
            embedding=list(embedding),
            dense=dense,
            sparse=sparse,
            hits=[to_hit(doc, score) for doc, score in fused],
            seconds={"embedding": embedded - started, "retrieval": finished - embedded},
        )

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
) -> SearchResult:
    """One-shot search (CLI); services keep a :class:`Searcher` instead."""
    searcher = Searcher(settings)
    try:
        return searcher.search(query, k=k, source=source, ministry=ministry, mode=mode)
    finally:
        searcher.close()
