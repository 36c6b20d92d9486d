"""Hybrid retrieval on an Edge shard: dense and sparse prefetch fused by RRF inside the engine."""

from __future__ import annotations

from typing import Any

from haystack import Document, component
from haystack.dataclasses import SparseEmbedding

from indexing.edge._retriever_base import EdgeRetrieverBase


@component
class EdgeHybridRetriever(EdgeRetrieverBase):
    """The counterpart of ``QdrantHybridRetriever``: same prefetch depth, same RRF constant, filters on both
    prefetches, so a server and an Edge shard holding the same points return the same ranking."""

    @component.output_types(documents=list[Document])
    def run(
        self,
        query_embedding: list[float],
        query_sparse_embedding: SparseEmbedding,
        filters: dict[str, Any] | None = None,
        top_k: int | None = None,
        return_embedding: bool | None = None,
        score_threshold: float | None = None,
    ) -> dict[str, list[Document]]:
        options = self._options(filters, top_k, return_embedding, score_threshold)
        documents = self._document_store._query_hybrid(  # noqa: SLF001
            query_embedding, query_sparse_embedding, **options
        )
        return {"documents": documents}
